package io.multilens.eval.tasks.xlsum;

import io.multilens.api.model.GenerationOptions;
import io.multilens.api.model.LanguageModel;
import io.multilens.api.plugin.BundleVersion;
import io.multilens.api.plugin.OptionSpec;
import io.multilens.api.plugin.PluginInfo;
import io.multilens.api.plugin.PluginKind;
import io.multilens.api.plugin.Step;
import io.multilens.api.plugin.StepContext;
import io.multilens.eval.tasks.data.Example;
import io.multilens.eval.tasks.data.XlsumLoader;
import io.multilens.eval.tasks.metrics.Rouge;
import io.multilens.eval.tasks.metrics.RougeTokens;
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
 * generation, scored by ROUGE-1, ROUGE-2, ROUGE-L and ROUGE-Lsum F-measures, on multilens's
 * script-aware tokens (single characters for Chinese, Japanese and Thai) or on XL-Sum's
 * multilingual ROUGE tokens ({@code rouge_tokens: xlsum}).
 */
@Component(service = Step.class)
public final class XlsumStep implements Step {

    static final List<String> METRICS = List.of("rouge1", "rouge2", "rougeL", "rougeLsum");
    static final FieldRules RULES = new FieldRules(Set.of("text"), Set.of("summary"));

    static final PluginInfo INFO = new PluginInfo("eval.xlsum", BundleVersion.release(XlsumStep.class), PluginKind.EVALUATOR,
            "XL-Sum summarisation by generation: ROUGE-1/2/L F, with neuron sets deactivated",
            TaskOptions.all(
                    TaskOptions.common("xlsum", "XL-Sum JSON Lines per language ({\"id\",\"url\",\"title\",\"summary\",\"text\"})"),
                    List.of(TaskOptions.maxNewTokens(128), OptionSpec.choice("rouge_tokens", "script",
                            "script: multilens's tokens (one per character of Chinese, Japanese, Thai, Lao, Khmer, Burmese;"
                                    + " no stemming); xlsum: XL-Sum's multilingual ROUGE (word segmentation, Snowball or"
                                    + " Hindi stemming; ICU dictionaries stand in for jieba, MeCab and newmm)",
                            "script", "xlsum")),
                    TaskOptions.fewshotPool(),
                    TaskOptions.conditions()),
            TaskOptions.inputs(),
            TaskOptions.outputs("per condition and language: rouge1, rouge2, rougeL, rougeLsum (± stderr) on the tokens"
                            + " config.rouge_tokens_by_language describes; averages over languages"));

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
        Map<String, RougeTokens> tokens = new LinkedHashMap<>();
        for (String lang : run.languages()) {
            Path file = run.data(lang);
            List<Example> all = XlsumLoader.read(file);
            PromptTemplate t = templates.resolve(lang, null);
            data.put(lang, Prompts.prepare(file, run.limited(all), all.size(), Function.identity(), t, RULES,
                    FewshotPool.of(run, lang, all, XlsumLoader::read), model.tokenizer(), window, item -> maxNew));
            generation.put(lang, new GenerationOptions(maxNew, t.stop(), true));
            tokens.put(lang, RougeTokens.named(run.options().string("rouge_tokens"), lang));
        }
        Map<String, String> described = new LinkedHashMap<>();
        tokens.forEach((lang, t) -> described.put(lang, t.description()));
        run.record("rouge_tokens_by_language", described);
        Results results = EvaluationLoop.run(context, METRICS, data, run.conditions(),
                lang -> new GenerationScorer<>(model, generation.get(lang), (item, output) -> judge(item, output, tokens.get(lang))),
                run.options().intValue("batch_size"));
        run.finish(results, data, source);
    }

    /** The output, trimmed, is the summary. */
    static Judgement judge(Example article, String output, RougeTokens tokens) {
        String summary = output.strip();
        String gold = article.field("summary");
        Rouge.Scores r = Rouge.score(summary, gold, tokens);
        Map<String, Double> scores = new LinkedHashMap<>();
        scores.put("rouge1", r.rouge1());
        scores.put("rouge2", r.rouge2());
        scores.put("rougeL", r.rougeL());
        scores.put("rougeLsum", r.rougeLsum());
        return new Judgement(summary, gold, scores);
    }
}
