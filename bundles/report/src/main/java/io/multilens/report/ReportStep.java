package io.multilens.report;

import io.multilens.api.plugin.BundleVersion;
import io.multilens.api.plugin.OptionSpec;
import io.multilens.api.plugin.OptionType;
import io.multilens.api.plugin.PluginInfo;
import io.multilens.api.plugin.PluginKind;
import io.multilens.api.plugin.PortSpec;
import io.multilens.api.plugin.Step;
import io.multilens.api.plugin.StepContext;
import java.nio.file.Path;
import java.util.List;
import org.osgi.service.component.annotations.Component;

/**
 * {@code uses: report} — the last step of a workflow: one self-contained HTML page with the
 * run's figures and tables, each figure also saved as SVG.
 */
@Component(service = Step.class)
public final class ReportStep implements Step {

    static final PluginInfo INFO = new PluginInfo("report", BundleVersion.release(ReportStep.class), PluginKind.REPORT,
            "One offline HTML page (and SVG files) with the run's neurons, overlap, ablation matrix, results, training curves and provenance",
            List.of(OptionSpec.optional("run_dir", OptionType.PATH, null,
                    "results folder to report on; default: this run's OUT folder (the folder this step's own output goes into)")),
            List.of(),
            List.of(PortSpec.output("report", ReportWriter.HTML, "the report page, self-contained"),
                    PortSpec.output("figures", ReportWriter.FIGURES, "each figure as an SVG file")));

    @Override
    public PluginInfo info() {
        return INFO;
    }

    @Override
    public void run(StepContext context) throws Exception {
        // the engine runs a step in a temporary folder created inside OUT (OUT/.<id>.tmp-*), so
        // its parent is the run's OUT folder
        Path runDir = context.options().has("run_dir") ? context.options().path("run_dir")
                : context.outputDir().toAbsolutePath().getParent();
        ReportWriter.Written w = ReportWriter.write(runDir, context.outputDir());
        context.log().accept("  report: " + w.figures().size() + " figures from " + runDir);
        for (String p : w.problems()) {
            context.log().accept("  report: not shown: " + p);
        }
    }
}
