package io.multilens.eval.tasks.run;

import io.multilens.api.neurons.Condition;
import io.multilens.api.plugin.OptionSpec;
import io.multilens.api.plugin.OptionType;
import io.multilens.api.plugin.PortSpec;
import java.util.ArrayList;
import java.util.List;

/** The options, input and outputs every task evaluator shares, named as in eval.perplexity. */
public final class TaskOptions {

    private TaskOptions() {
    }

    /** model, device, languages, data, template, limit, num_fewshot, batch_size. */
    public static List<OptionSpec> common(String task, String dataDescription) {
        List<OptionSpec> o = new ArrayList<>();
        o.add(OptionSpec.required("model", OptionType.PATH, "Hugging Face checkpoint folder"));
        o.add(OptionSpec.optional("device", OptionType.STRING, "cpu", "cpu or cuda:N"));
        o.add(io.multilens.api.plugin.DtypeOption.spec());
        o.add(OptionSpec.required("languages", OptionType.LIST, "languages to evaluate"));
        o.add(OptionSpec.required("data", OptionType.PATH, dataDescription + "; {lang} is replaced"));
        o.add(OptionSpec.optional("template", OptionType.PATH, null,
                "YAML prompt templates (default: the bundled templates/" + task + ".yaml)"));
        o.add(OptionSpec.optional("limit", OptionType.INTEGER, 0L, "the first N items of each language (0: all)").withRange(0.0, null));
        o.add(OptionSpec.optional("num_fewshot", OptionType.INTEGER, 0L, "exemplars before each item").withRange(0.0, null));
        o.add(OptionSpec.optional("batch_size", OptionType.INTEGER, 4L, "items per forward pass").withRange(1.0, null));
        return o;
    }

    public static OptionSpec maxNewTokens(long defaultValue) {
        return OptionSpec.optional("max_new_tokens", OptionType.INTEGER, defaultValue, "generated tokens at most per item").withRange(0.0, null);
    }

    /** For tasks that draw exemplars from a pool of items rather than a fixed exemplar set. */
    public static List<OptionSpec> fewshotPool() {
        return List.of(
                OptionSpec.optional("fewshot_data", OptionType.PATH, null, "file to draw few-shot exemplars from, {lang}"
                        + " replaced (default: the other items of 'data')"),
                OptionSpec.optional("seed", OptionType.INTEGER, 1234L, "seed of the few-shot exemplar draw"));
    }

    /** deactivate_mode, include_baseline and allow_noop_conditions, as eval.perplexity declares them, and conditions_per_pass. */
    public static List<OptionSpec> conditions() {
        return List.of(
                new OptionSpec("deactivate_mode", OptionType.STRING, "each",
                        "with a 'deactivate' input: each set on its own, their union, or per language its own set",
                        Condition.MODES, false),
                OptionSpec.optional("include_baseline", OptionType.BOOLEAN, true, "also evaluate with nothing deactivated"),
                OptionSpec.optional("allow_noop_conditions", OptionType.BOOLEAN, false,
                        "record a condition that switches off no neuron as a warning instead of failing the step"),
                OptionSpec.optional(EvaluationLoop.CONDITIONS_PER_PASS, OptionType.INTEGER, 0L,
                        "conditions that share a batch, each item once per condition with its own neurons off (0: all;"
                                + " 1: one condition at a time). Results are the same; rows per batch, and memory, are"
                                + " batch_size x this").withRange(0.0, null));
    }

    public static List<PortSpec> inputs() {
        return List.of(PortSpec.input("deactivate", false, "neurons.json of a plnd or ablate step"));
    }

    public static List<PortSpec> outputs(String metricsDescription) {
        return List.of(
                PortSpec.output("metrics", "metrics.json", metricsDescription),
                PortSpec.output("predictions", "predictions", "per condition and language, one JSON line per item:"
                        + " id, prompt, output, answer, gold, scores"),
                PortSpec.output("template", "template.yaml", "the exact prompt template file used"));
    }

    /** Concatenates option lists in order. */
    @SafeVarargs
    public static List<OptionSpec> all(List<OptionSpec>... parts) {
        List<OptionSpec> out = new ArrayList<>();
        for (List<OptionSpec> p : parts) {
            out.addAll(p);
        }
        return out;
    }
}
