package io.multilens.eval.tasks.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.multilens.api.model.LanguageModel;
import io.multilens.api.neurons.Condition;
import io.multilens.api.plugin.Options;
import io.multilens.api.plugin.StepContext;
import io.multilens.api.status.StepFailure;
import io.multilens.eval.tasks.data.DataFile;
import io.multilens.eval.tasks.prompt.ContextWindow;
import io.multilens.eval.tasks.template.TemplateSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A task step's shared setting-up and finishing: model, conditions, template, results files. */
public final class TaskRun {

    private final StepContext context;
    private final Options options;
    private final String task;
    private final Map<String, Object> recorded = new LinkedHashMap<>();

    public TaskRun(StepContext context, String task) {
        this.context = context;
        this.options = context.options();
        this.task = task;
    }

    public Options options() {
        return options;
    }

    public LanguageModel model() {
        return context.models().get(options.path("model"), options.string("device"),
                io.multilens.api.plugin.DtypeOption.of(options));
    }

    public List<String> languages() {
        return options.strings("languages");
    }

    /** The baseline and each neuron set switched off, as every evaluator reads them. */
    public List<Condition> conditions() {
        return Condition.fromFile(context.input("deactivate").orElse(null),
                options.string("deactivate_mode"), options.bool("include_baseline"));
    }

    /** The data file of a language: the {@code data} option with {lang} replaced. */
    public Path data(String lang) {
        return DataFile.of(options.path("data"), lang);
    }

    /** The few-shot pool file of a language: the {@code fewshot_data} option with {lang} replaced. */
    public Path fewshotData(String lang) {
        return DataFile.of(options.path("fewshot_data"), lang);
    }

    public TemplateSource template() {
        return TemplateSource.of(options.has("template") ? options.path("template") : null, task);
    }

    public int limit() {
        return nonNegative("limit");
    }

    public int numFewshot() {
        return nonNegative("num_fewshot");
    }

    public int nonNegative(String option) {
        int v = options.intValue(option);
        if (v < 0) {
            throw new StepFailure("option '" + option + "' must be 0 or more, got " + v);
        }
        return v;
    }

    /** The first {@code limit} items (all when 0). */
    public <T> List<T> limited(List<T> all) {
        int limit = limit();
        return limit == 0 || limit >= all.size() ? all : all.subList(0, limit);
    }

    public ContextWindow window(LanguageModel model) {
        return new ContextWindow(model.config().maxPositions());
    }

    /** The version of the task definitions (prompts, answer extraction, metrics) lm-eval's layout records. */
    static final String TASK_VERSION = "multilens-2";

    /** Something a metric depends on besides the options (e.g. the tokens ROUGE used), for metrics.json's config. */
    public void record(String key, Object value) {
        recorded.put(key, value);
    }

    /** Writes metrics.json and template.yaml and prints the table. */
    public void finish(Results results, Map<String, ? extends LanguageData<?>> data, TemplateSource template)
            throws IOException {
        Path out = context.outputDir();
        Files.writeString(out.resolve("template.yaml"), template.text(), StandardCharsets.UTF_8);
        Map<String, Object> config = new LinkedHashMap<>(options.asMap());
        config.put("template_source", template.name());
        config.putAll(recorded);
        List<String> warnings = new java.util.ArrayList<>();
        Map<String, Object> interventions = interventions(results, warnings);
        config.put("warnings", warnings);
        TaskReport report = new TaskReport(task, languages(), results, data);
        Map<String, Object> metrics = report.metrics(config);
        metrics.put("interventions", interventions);
        Files.writeString(out.resolve("metrics.json"), new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .writeValueAsString(metrics));
        LmEvalResults.write(out, task, TASK_VERSION, results, data, config, options.intValue("num_fewshot"));
        data.forEach((lang, d) -> {
            if (d.truncated() > 0) {
                context.log().accept(task + " " + lang + ": " + d.truncated() + " of " + d.items().size()
                        + " prompts lost their start to fit the model's context");
            }
        });
        context.log().accept(report.table());
    }

    /**
     * Per condition, the most neurons it switched off in one language and the items whose raw output
     * differs from the baseline's. A condition that switches off nothing measures nothing: the step
     * fails unless allow_noop_conditions; identical outputs are only a warning (greedy answers can
     * survive a real change of the logits).
     */
    private Map<String, Object> interventions(Results results, List<String> warnings) {
        Map<String, Object> out = new LinkedHashMap<>();
        List<String> never = new java.util.ArrayList<>();
        boolean baseline = conditions().stream().anyMatch(c -> c.name().equals(Condition.BASELINE));
        for (Condition c : conditions()) {
            if (c.name().equals(Condition.BASELINE)) {
                continue;
            }
            long neurons = 0;
            long changed = 0;
            for (String lang : languages()) {
                neurons = Math.max(neurons, c.neurons().apply(lang).size());
                changed += baseline ? results.changedOutputs(Condition.BASELINE, c.name(), lang) : 0;
            }
            out.put(c.name(), new java.util.TreeMap<>(Map.of("neurons", neurons, "changed_outputs", changed)));
            if (neurons == 0) {
                never.add("'" + c.name() + "' switches off no neuron");
            } else if (baseline && changed == 0) {
                warnings.add("condition '" + c.name() + "' switches off " + neurons + " neurons but no item's output changed");
            }
        }
        if (!never.isEmpty()) {
            if (!options.bool("allow_noop_conditions")) {
                throw new StepFailure(task + ": " + String.join("; ", never) + "; such a condition"
                        + " measures nothing — check the detector's thresholds, or set allow_noop_conditions: true");
            }
            never.forEach(n -> warnings.add("condition " + n));
        }
        warnings.forEach(w -> context.log().accept(task + ": warning: " + w));
        return out;
    }
}
