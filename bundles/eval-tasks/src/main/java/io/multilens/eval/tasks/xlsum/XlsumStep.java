package io.multilens.eval.tasks.xlsum;

import io.multilens.api.model.GenerationOptions;
import io.multilens.api.model.LanguageModel;
import io.multilens.api.plugin.BundleVersion;
import io.multilens.api.plugin.PluginInfo;
import io.multilens.api.plugin.PluginKind;
import io.multilens.api.plugin.Step;
import io.multilens.api.plugin.StepContext;
import io.multilens.eval.tasks.data.Example;
import io.multilens.eval.tasks.data.XlsumLoader;
import io.multilens.eval.tasks.metrics.Rouge;
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
import java.util.function.Function;
import org.osgi.service.component.annotations.Component;

/**
 * {@code uses: eval.xlsum} — abstractive summarisation of BBC articles (Hasan et al. 2021) by
 * generation, scored by ROUGE-1, ROUGE-2 and ROUGE-L F-measures on tokens that work for every
 * script (single characters for Chinese, Japanese and Thai).
 */
@Component(service = Step.class)
public final class XlsumStep implements Step {

    static final List<String> METRICS = List.of("rouge1", "rouge2", "rougeL", "rougeLsum");
    static final FieldRules RULES = new FieldRules(Set.of("text"), Set.of("summary"));

    static final PluginInfo INFO = new PluginInfo("eval.xlsum", BundleVersion.release(XlsumStep.class), PluginKind.EVALUATOR,
            "XL-Sum summarisation by generation: ROUGE-1/2/L F, with neuron sets deactivated",
            TaskOptions.all(
                    TaskOptions.common("xlsum", "XL-Sum JSON Lines per language ({\"id\",\"url\",\"title\",\"summary\",\"text\"})"),
                    List.of(TaskOptions.maxNewTokens(128)),
                    TaskOptions.fewshotPool(),
                    TaskOptions.conditions()),
            TaskOptions.inputs(),
            TaskOptions.outputs("per condition and language: rouge1, rouge2, rougeL, rougeLsum (± stderr; multilens's script-aware"
                            + " tokens, no stemming); averages over languages"));

    @Override
    public PluginInfo info() {
        return INFO;
    }

    @Override
    public void run(StepContext context) throws Exception {
        TaskRun run = new TaskRun(context, "xlsum");
        int maxNew = run.nonNegative("max_new_tokens");
        TemplateSource source = run.template();
        TemplateFile templates = TemplateFile.parse(source, Set.of());
        LanguageModel model = run.model();
        ContextWindow window = run.window(model);
        Map<String, LanguageData<Example>> data = new LinkedHashMap<>();
        Map<String, GenerationOptions> generation = new LinkedHashMap<>();
        for (String lang : run.languages()) {
            Path file = run.data(lang);
            List<Example> all = XlsumLoader.read(file);
            PromptTemplate t = templates.resolve(lang, null);
            data.put(lang, Prompts.prepare(file, run.limited(all), all.size(), Function.identity(), t, RULES,
                    FewshotPool.of(run, lang, all, XlsumLoader::read), model.tokenizer(), window, item -> maxNew));
            generation.put(lang, new GenerationOptions(maxNew, t.stop(), true));
        }
        Results results = EvaluationLoop.run(context, METRICS, data, run.conditions(),
                lang -> new GenerationScorer<>(model, generation.get(lang), XlsumStep::judge),
                run.options().intValue("batch_size"));
        run.finish(results, data, source);
    }

    /** The output, trimmed, is the summary. */
    static Judgement judge(Example article, String output) {
        String summary = output.strip();
        String gold = article.field("summary");
        Rouge.Scores r = Rouge.score(summary, gold);
        Map<String, Double> scores = new LinkedHashMap<>();
        scores.put("rouge1", r.rouge1());
        scores.put("rouge2", r.rouge2());
        scores.put("rougeL", r.rougeL());
        scores.put("rougeLsum", r.rougeLsum());
        return new Judgement(summary, gold, scores);
    }
}
