package io.multilens.eval.tasks.xcsqa;

import io.multilens.api.model.LanguageModel;
import io.multilens.api.model.TextTokenizer;
import io.multilens.api.plugin.BundleVersion;
import io.multilens.api.plugin.OptionSpec;
import io.multilens.api.plugin.PluginInfo;
import io.multilens.api.plugin.PluginKind;
import io.multilens.api.plugin.Step;
import io.multilens.api.plugin.StepContext;
import io.multilens.api.status.StepFailure;
import io.multilens.eval.tasks.data.ChoiceQuestion;
import io.multilens.eval.tasks.data.Example;
import io.multilens.eval.tasks.data.XcsqaLoader;
import io.multilens.eval.tasks.prompt.ContextWindow;
import io.multilens.eval.tasks.run.EvaluationLoop;
import io.multilens.eval.tasks.run.FewshotPool;
import io.multilens.eval.tasks.run.LanguageData;
import io.multilens.eval.tasks.run.Prompts;
import io.multilens.eval.tasks.run.Results;
import io.multilens.eval.tasks.run.TaskOptions;
import io.multilens.eval.tasks.run.TaskRun;
import io.multilens.eval.tasks.template.FieldRules;
import io.multilens.eval.tasks.template.PromptTemplate;
import io.multilens.eval.tasks.template.TemplateCheck;
import io.multilens.eval.tasks.template.TemplateFile;
import io.multilens.eval.tasks.template.TemplateSource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.osgi.service.component.annotations.Component;

/**
 * {@code uses: eval.xcsqa} — commonsense multiple choice in 16 languages (X-CSR, Lin et al.
 * 2021): each option scored by the log-likelihood of its continuation after the prompt, the
 * most likely one is the model's answer; metric accuracy.
 */
@Component(service = Step.class)
public final class XcsqaStep implements Step {

    static final FieldRules RULES = new FieldRules(Set.of("question"), Set.of("answer", "answer_label"));

    static final PluginInfo INFO = new PluginInfo("eval.xcsqa", BundleVersion.release(XcsqaStep.class), PluginKind.EVALUATOR,
            "X-CSQA multiple choice by option log-likelihood: accuracy, with neuron sets deactivated",
            TaskOptions.all(
                    TaskOptions.common("xcsqa", "X-CSQA dev.jsonl per language ({lang}/dev.jsonl)"),
                    List.of(OptionSpec.choice("normalize", "none", "none: an option's summed log-probability;"
                            + " length: its mean per token (longer options are not penalised)", "none", "length")),
                    TaskOptions.fewshotPool(),
                    TaskOptions.conditions()),
            TaskOptions.inputs(),
            TaskOptions.outputs("per condition and language: acc and acc_norm (± stderr); averages over languages"));

    @Override
    public PluginInfo info() {
        return INFO;
    }

    @Override
    public void run(StepContext context) throws Exception {
        TaskRun run = new TaskRun(context, "xcsqa");
        TemplateSource source = run.template();
        TemplateFile templates = TemplateFile.parse(source, Set.of());
        LanguageModel model = run.model();
        ContextWindow window = run.window(model);
        Map<String, LanguageData<TokenizedChoices>> data = new LinkedHashMap<>();
        for (String lang : run.languages()) {
            Path file = run.data(lang);
            List<ChoiceQuestion> all = XcsqaLoader.read(file);
            PromptTemplate t = templates.resolve(lang, null);
            if (t.choice() == null) {
                throw new StepFailure(t.file() + ": no 'choice' for language '" + lang + "'; it is the continuation"
                        + " scored for each option, e.g. choice: \"{text}\"");
            }
            if (!all.isEmpty()) {
                TemplateCheck.checkChoice(t.choice(), all.get(0).options().get(0));
            }
            List<TokenizedChoices> items = tokenize(run.limited(all), t, model.tokenizer());
            List<Example> examples = all.stream().map(ChoiceQuestion::example).toList();
            data.put(lang, Prompts.prepare(file, items, all.size(), c -> c.question().example(), t, RULES,
                    FewshotPool.of(run, lang, examples, f -> XcsqaLoader.read(f).stream().map(ChoiceQuestion::example).toList()),
                    model.tokenizer(), window, TokenizedChoices::longest));
        }
        boolean perToken = run.options().string("normalize").equals("length");
        Results results = EvaluationLoop.run(context, List.of(ChoiceScorer.METRIC, ChoiceScorer.METRIC_NORM), data,
                run.conditions(), lang -> new ChoiceScorer(model, perToken), run.options().intValue("batch_size"));
        run.finish(results, data, source);
    }

    private static List<TokenizedChoices> tokenize(List<ChoiceQuestion> questions, PromptTemplate t, TextTokenizer tok) {
        List<TokenizedChoices> out = new ArrayList<>();
        for (ChoiceQuestion q : questions) {
            int[][] options = new int[q.options().size()][];
            String[] texts = new String[options.length];
            String[] choices = new String[options.length];
            for (int i = 0; i < options.length; i++) {
                Example option = q.options().get(i);
                choices[i] = t.choice().render(option);
                texts[i] = t.targetDelimiter() + choices[i];
                options[i] = tok.encodePlain(texts[i]);
                if (options[i].length == 0) {
                    throw new StepFailure(option.where() + ": the option renders to no tokens; it cannot be scored");
                }
            }
            out.add(new TokenizedChoices(q, texts, choices, options));
        }
        return out;
    }
}
