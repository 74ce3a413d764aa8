package ${package};

import io.multilens.api.data.CsvTable;
import io.multilens.api.data.LineCorpus;
import io.multilens.api.plugin.BundleVersion;
import io.multilens.api.plugin.OptionSpec;
import io.multilens.api.plugin.OptionType;
import io.multilens.api.plugin.Options;
import io.multilens.api.plugin.PluginInfo;
import io.multilens.api.plugin.PluginKind;
import io.multilens.api.plugin.PortSpec;
import io.multilens.api.plugin.Step;
import io.multilens.api.plugin.StepContext;
import java.util.List;
import org.osgi.service.component.annotations.Component;

/**
 * {@code uses: ${pluginName}} — documents and characters per language of a corpus, one document
 * per line. Replace the body of {@link #run} with your analysis; keep the shape.
 */
@Component(service = Step.class)
public final class CorpusStatsStep implements Step {

    static final PluginInfo INFO = new PluginInfo("${pluginName}", BundleVersion.release(CorpusStatsStep.class),
            PluginKind.UTILITY, "Counts documents and characters per language of a corpus",
            List.of(OptionSpec.required("languages", OptionType.LIST, "language codes"),
                    OptionSpec.required("corpus", OptionType.PATH, "one document per line; {lang} is replaced"),
                    OptionSpec.optional("max_documents", OptionType.INTEGER, 0L, "documents per language (0: all)")),
            List.of(),
            List.of(PortSpec.output("counts", "counts.csv", "language, documents, characters, mean characters per document")));

    @Override
    public PluginInfo info() {
        return INFO;
    }

    @Override
    public void run(StepContext context) throws Exception {
        Options options = context.options();
        CsvTable table = new CsvTable(List.of("language", "documents", "characters", "mean_characters"));
        for (String language : options.strings("languages")) {
            // a missing or non-UTF-8 file fails the step with one line naming it
            List<String> documents = LineCorpus.read(LineCorpus.file(options.path("corpus"), language),
                    0, options.intValue("max_documents"), null);
            long characters = documents.stream().mapToLong(d -> d.codePointCount(0, d.length())).sum();
            double mean = documents.isEmpty() ? Double.NaN : (double) characters / documents.size();
            table.row(List.of(language, documents.size(), characters, CsvTable.fixed(mean, 3)));
            context.log().accept("${pluginName}: " + language + ": " + documents.size() + " documents");
        }
        table.write(context.outputDir().resolve("counts.csv"));
    }
}
