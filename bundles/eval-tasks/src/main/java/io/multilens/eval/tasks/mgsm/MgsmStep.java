package io.multilens.eval.tasks.mgsm;

import io.multilens.api.model.GenerationOptions;
import io.multilens.api.model.LanguageModel;
import io.multilens.api.plugin.BundleVersion;
import io.multilens.api.plugin.OptionSpec;
import io.multilens.api.plugin.OptionType;
import io.multilens.api.plugin.PluginInfo;
import io.multilens.api.plugin.PluginKind;
import io.multilens.api.plugin.Step;
import io.multilens.api.plugin.StepContext;
import io.multilens.api.status.StepFailure;
import io.multilens.eval.tasks.data.Example;
import io.multilens.eval.tasks.data.MathProblem;
import io.multilens.eval.tasks.data.MgsmExemplars;
import io.multilens.eval.tasks.data.MgsmLoader;
import io.multilens.eval.tasks.metrics.NumberAnswer;
import io.multilens.eval.tasks.prompt.ContextWindow;
import io.multilens.eval.tasks.prompt.FewshotSampler;
import io.multilens.eval.tasks.run.EvaluationLoop;
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
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.osgi.service.component.annotations.Component;

/**
 * {@code uses: eval.mgsm} — grade-school maths in 11 languages (Shi et al. 2022): greedy
 * generation, zero- or few-shot, answering directly or with the native chain of thought of the
 * benchmark's exemplars; the last number of the output, read in any script, must equal the
 * answer.
 */
@Component(service = Step.class)
public final class MgsmStep implements Step {

    static final String METRIC = "exact_match";
    static final Set<String> STYLES = Set.of("direct", "cot");
    /** The prompt must show the question; the exemplars' answer fields only belong in targets. */
    static final FieldRules RULES = new FieldRules(Set.of("question"), Set.of("answer", "reasoning", "equation"));

    static final PluginInfo INFO = new PluginInfo("eval.mgsm", BundleVersion.release(MgsmStep.class), PluginKind.EVALUATOR,
            "MGSM maths word problems: exact match of the last number, with neuron sets deactivated",
            TaskOptions.all(
                    TaskOptions.common("mgsm", "MGSM problems, question<TAB>answer per line (mgsm_{lang}.tsv)"),
                    List.of(
                            OptionSpec.choice("prompt_style", "cot", "cot: exemplars show their native chain of thought;"
                                    + " direct: only the number", "direct", "cot"),
                            OptionSpec.optional("exemplars", OptionType.PATH, null,
                                    "mgsm_exemplars.json, the benchmark's 8 exemplars per language (needed when num_fewshot > 0)"),
                            TaskOptions.maxNewTokens(256)),
                    TaskOptions.conditions()),
            TaskOptions.inputs(),
            TaskOptions.outputs("per condition and language: exact_match (± stderr); averages over languages"));

    @Override
    public PluginInfo info() {
        return INFO;
    }

    @Override
    public void run(StepContext context) throws Exception {
        TaskRun run = new TaskRun(context, "mgsm");
        String style = run.options().string("prompt_style");
        int shots = run.numFewshot();
        int maxNew = run.nonNegative("max_new_tokens");
        TemplateSource source = run.template();
        TemplateFile templates = TemplateFile.parse(source, STYLES);
        LanguageModel model = run.model();
        ContextWindow window = run.window(model);
        Map<String, LanguageData<MathProblem>> data = new LinkedHashMap<>();
        Map<String, GenerationOptions> generation = new LinkedHashMap<>();
        for (String lang : run.languages()) {
            Path file = run.data(lang);
            List<MathProblem> all = MgsmLoader.read(file);
            List<Example> exemplars = exemplars(run, lang, shots);
            PromptTemplate t = templates.resolve(lang, style);
            data.put(lang, Prompts.prepare(file, run.limited(all), all.size(), MathProblem::example, t, RULES,
                    item -> exemplars, model.tokenizer(), window, item -> maxNew));
            generation.put(lang, new GenerationOptions(maxNew, t.stop(), true));
        }
        Results results = EvaluationLoop.run(context, List.of(METRIC), data, run.conditions(),
                lang -> new GenerationScorer<>(model, generation.get(lang), (item, out) -> judge(lang, item, out)),
                run.options().intValue("batch_size"));
        run.finish(results, data, source);
    }

    /** The benchmark's first {@code shots} exemplars of the language (lm-evaluation-harness: first_n). */
    private static List<Example> exemplars(TaskRun run, String lang, int shots) {
        if (shots == 0) {
            return List.of();
        }
        if (!run.options().has("exemplars")) {
            throw new StepFailure("num_fewshot is " + shots + ": set 'exemplars' to MGSM's mgsm_exemplars.json");
        }
        Path file = run.options().path("exemplars");
        List<Example> all = MgsmExemplars.read(file, lang);
        if (all.size() < shots) {
            throw new StepFailure(file + ": '" + lang + "' has " + all.size() + " exemplars, num_fewshot asks for " + shots);
        }
        return FewshotSampler.first(all, shots);
    }

    /** Exact match of the output's last number with the gold value: the last number as {@code lang} writes numbers; right when any reading the language allows equals the gold. */
    static Judgement judge(String lang, MathProblem problem, String output) {
        java.util.List<BigDecimal> readings = NumberAnswer.readings(output, lang);
        Optional<BigDecimal> answer = readings.stream().filter(r -> NumberAnswer.same(r, problem.answer())).findFirst()
                .or(() -> readings.stream().findFirst());
        boolean right = answer.isPresent() && NumberAnswer.same(answer.get(), problem.answer());
        return new Judgement(answer.map(NumberAnswer::format).orElse(null), NumberAnswer.format(problem.answer()),
                Map.of(METRIC, right ? 1.0 : 0.0));
    }
}
