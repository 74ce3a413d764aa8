package io.multilens.eval.tasks.xquad;

import io.multilens.api.model.GenerationOptions;
import io.multilens.api.model.LanguageModel;
import io.multilens.api.plugin.BundleVersion;
import io.multilens.api.plugin.OptionSpec;
import io.multilens.api.plugin.PluginInfo;
import io.multilens.api.plugin.PluginKind;
import io.multilens.api.plugin.Step;
import io.multilens.api.plugin.StepContext;
import io.multilens.eval.tasks.data.Example;
import io.multilens.eval.tasks.data.QaItem;
import io.multilens.eval.tasks.data.XquadLoader;
import io.multilens.eval.tasks.metrics.SquadScore;
import io.multilens.eval.tasks.prompt.ContextWindow;
import io.multilens.eval.tasks.run.EvaluationLoop;
import io.multilens.eval.tasks.run.FewshotPool;
import io.multilens.eval.tasks.run.GenerationScorer;
import io.multilens.eval.tasks.run.Judgement;
import io.multilens.eval.tasks.run.LanguageData;
import io.multilens.eval.tasks.run.Prompts;
import io.multilens.eval.tasks.run.Results;
import io.multilens.eval.tasks.run.TaskOptions;
import io.multilens.eval.tasks.run.TaskRun;
import io.multilens.eval.tasks.template.FieldRules;
import io.multilens.eval.tasks.template.PromptTemplate;
import io.multilens.eval.tasks.template.TemplateFile;
import io.multilens.eval.tasks.template.TemplateSource;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.osgi.service.component.annotations.Component;

/**
 * {@code uses: eval.xquad} — extractive question answering (Artetxe et al. 2020) by generation:
 * the model reads a paragraph and a question and writes the answer; scored by SQuAD v1.1's exact
 * match and token F1, with MLQA's multilingual punctuation and per-character Chinese, Japanese
 * and Thai tokens.
 */
@Component(service = Step.class)
public final class XquadStep implements Step {

    static final List<String> METRICS = List.of("exact_match", "f1");
    static final FieldRules RULES = new FieldRules(Set.of("context", "question"), Set.of("answer"));

    static final PluginInfo INFO = new PluginInfo("eval.xquad", BundleVersion.release(XquadStep.class), PluginKind.EVALUATOR,
            "XQuAD extractive QA by generation: SQuAD exact match and F1, with neuron sets deactivated",
            TaskOptions.all(
                    TaskOptions.common("xquad", "SQuAD v1.1 JSON per language (xquad.{lang}.json)"),
                    List.of(TaskOptions.maxNewTokens(32),
                            OptionSpec.choice("normalization", "squad-v1.1", "how answers are normalised and tokenised"
                                    + " for exact match and F1: squad-v1.1 = XQuAD's prescribed scorer (English articles and"
                                    + " ASCII punctuation removed, white-space tokens in every language), which published"
                                    + " XQuAD tables use; mlqa = MLQA's per-language script (each language's articles,"
                                    + " Unicode punctuation, Chinese by character)", "squad-v1.1", "mlqa")),
                    TaskOptions.fewshotPool(),
                    TaskOptions.conditions()),
            TaskOptions.inputs(),
            TaskOptions.outputs("per condition and language: exact_match and f1 (± stderr); averages over languages"));

    @Override
    public PluginInfo info() {
        return INFO;
    }

    @Override
    public void run(StepContext context) throws Exception {
        TaskRun run = new TaskRun(context, "xquad");
        int maxNew = run.nonNegative("max_new_tokens");
        TemplateSource source = run.template();
        TemplateFile templates = TemplateFile.parse(source, Set.of());
        LanguageModel model = run.model();
        SquadScore.Normalization normalization = SquadScore.Normalization.of(run.options().string("normalization"));
        ContextWindow window = run.window(model);
        Map<String, LanguageData<QaItem>> data = new LinkedHashMap<>();
        Map<String, GenerationOptions> generation = new LinkedHashMap<>();
        for (String lang : run.languages()) {
            Path file = run.data(lang);
            List<QaItem> all = XquadLoader.read(file);
            List<Example> examples = all.stream().map(QaItem::example).toList();
            PromptTemplate t = templates.resolve(lang, null);
            data.put(lang, Prompts.prepare(file, run.limited(all), all.size(), QaItem::example, t, RULES,
                    FewshotPool.of(run, lang, examples, f -> XquadLoader.read(f).stream().map(QaItem::example).toList()),
                    model.tokenizer(), window, item -> maxNew));
            generation.put(lang, new GenerationOptions(maxNew, t.stop(), true));
        }
        Results results = EvaluationLoop.run(context, METRICS, data, run.conditions(),
                lang -> new GenerationScorer<>(model, generation.get(lang), (item, out) -> judge(lang, item, out, normalization)),
                run.options().intValue("batch_size"));
        run.finish(results, data, source);
    }

    /** The output, trimmed, is the answer span; the best match over the gold answers counts, by the chosen official script. */
    static Judgement judge(String lang, QaItem item, String output, SquadScore.Normalization normalization) {
        String answer = output.strip();
        Map<String, Double> scores = new LinkedHashMap<>();
        scores.put("exact_match", SquadScore.maxExactMatch(answer, item.answers(), lang, normalization));
        scores.put("f1", SquadScore.maxF1(answer, item.answers(), lang, normalization));
        return new Judgement(answer, item.answers(), scores);
    }
}
