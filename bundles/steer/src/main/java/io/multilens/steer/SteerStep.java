package io.multilens.steer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.multilens.api.data.LineCorpus;
import io.multilens.api.model.ContentTokens;
import io.multilens.api.model.GenerationOptions;
import io.multilens.api.model.LanguageModel;
import io.multilens.api.neurons.Intervention;
import io.multilens.api.neurons.LanguageNeurons;
import io.multilens.api.plugin.BundleVersion;
import io.multilens.api.plugin.OptionSpec;
import io.multilens.api.plugin.OptionType;
import io.multilens.api.plugin.Options;
import io.multilens.api.plugin.PluginInfo;
import io.multilens.api.plugin.PluginKind;
import io.multilens.api.plugin.PortSpec;
import io.multilens.api.status.Progress;
import io.multilens.api.plugin.Step;
import io.multilens.api.plugin.StepContext;
import io.multilens.api.status.StepFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.osgi.service.component.annotations.Component;

/**
 * {@code uses: steer} — instead of switching a language's FFN neurons off, steer generation from
 * prompts in another language towards it: its neurons (LAPE's recipe, or held at their mean; see
 * {@link NeuronSteering}) or a DiffMean residual vector ({@link DiffMean}); then judge with a
 * language identifier how many continuations are in the target language, and how fluent they stay
 * (their NLL under the unsteered model).
 */
@Component(service = Step.class)
public final class SteerStep implements Step {

    static final PluginInfo INFO = new PluginInfo("steer", BundleVersion.release(SteerStep.class), PluginKind.ABLATION,
            "Steer generation from other-language prompts towards a language (its FFN neurons, LAPE's recipe or held"
                    + " at their mean, or a DiffMean residual vector); share of"
                    + " continuations in the target language (Lingua) and their fluency",
            List.of(
                    OptionSpec.required("model", OptionType.PATH, "Hugging Face checkpoint folder"),
                    OptionSpec.optional("device", OptionType.STRING, "cpu", "cpu or cuda:N"),
                    io.multilens.api.plugin.DtypeOption.spec(),
                    OptionSpec.optional("languages", OptionType.LIST, List.of(),
                            "target languages (default: every language of the neuron file but the prompt language)"),
                    OptionSpec.required("corpus", OptionType.PATH, "text per language, one document per line; {lang} is replaced"),
                    OptionSpec.optional("mean_skip_documents", OptionType.INTEGER, 800L, "target text for the mean activations: first line").withRange(0.0, null),
                    OptionSpec.optional("mean_max_documents", OptionType.INTEGER, 100L, "target text for the mean activations: lines").withRange(0.0, null),
                    OptionSpec.choice("method", "neurons", "neurons: the neuron file's FFN units steered as 'mode' says;"
                            + " diffmean: the residual stream at each of 'layers' shifted by"
                            + " strength x (mean residual on the target's text - mean on the prompt language's), at every"
                            + " position (vectors.safetensors keeps the differences)", "neurons", "diffmean"),
                    OptionSpec.choice("mode", "lape", "method: neurons: lape (LAPE's recipe: the prompt language's FFN units"
                            + " switched off and the target's activations act(gate) held at multiplier x their mean on the"
                            + " target's text, still multiplied by up(x) per token); set-mean (the target's units, act(gate) *"
                            + " up, held at multiplier x their mean: up(x)'s per-token value is discarded and the prompt"
                            + " language's units stay on)", "lape", "set-mean"),
                    OptionSpec.optional("multiplier", OptionType.NUMBER, 1.0, "each steered unit is set to this multiple of its"
                            + " mean (of act(gate) for mode lape, of the unit's value for set-mean)"),
                    OptionSpec.optional("strength", OptionType.LIST, List.of(4.0), "diffmean: the multiples of the difference"
                            + " vector added; each is a condition"),
                    OptionSpec.optional("layers", OptionType.LIST, List.of(), "neurons: only these layers' neurons (empty: all);"
                            + " diffmean: the residual depths to steer at, each a condition (0: the embeddings, l: the output"
                            + " of block l - 1, as 'layers' counts them)"),
                    OptionSpec.optional("prompt_language", OptionType.STRING, "en", "the language of the prompts"),
                    OptionSpec.optional("prompt_skip_documents", OptionType.INTEGER, 900L, "prompt lines: first").withRange(0.0, null),
                    OptionSpec.optional("prompt_max_documents", OptionType.INTEGER, 20L, "prompt lines: how many").withRange(0.0, null),
                    OptionSpec.optional("prompt_tokens", OptionType.INTEGER, 16L, "each prompt is the first tokens of its line").withRange(1.0, null),
                    OptionSpec.optional("max_new_tokens", OptionType.INTEGER, 32L, "tokens generated per prompt (greedy)").withRange(1.0, null),
                    OptionSpec.optional("conditions_per_pass", OptionType.INTEGER, 0L,
                            "conditions generated together, each row of the batch (a prompt under a condition) with its own"
                                    + " change: decoding reads every weight once per step for all of them; 0: all at once (the"
                                    + " KV cache then holds conditions x prompts rows)").withRange(0.0, null),
                    OptionSpec.choice("relevance", "chrf-parallel", "chrf-parallel: each continuation's chrF against the"
                            + " target-language line parallel to its prompt (the corpus is parallel, line N one sentence in"
                            + " every language), and the harmonic mean of control and relevance (CLaS-Bench); none: skip",
                            "chrf-parallel", "none"),
                    OptionSpec.optional("min_relative_distance", OptionType.NUMBER, 0.0,
                            "the language identifier's margin (Lingua's minimum relative distance): 0 always decides among"
                                    + " the experiment's languages; higher leaves unclear texts undecided").withRange(0.0, 0.99),
                    OptionSpec.optional("allow_noop_conditions", OptionType.BOOLEAN, false,
                            "record a target whose steering changes no continuation as a warning instead of failing")),
            List.of(PortSpec.input("neurons", false, "neurons.json of a detector (plnd, lape); its FFN units are steered"
                    + " (method: neurons)")),
            List.of(PortSpec.output("steering", "steering.json", "per condition: share identified as the target, fluency, effect"),
                    PortSpec.output("generations", "generations.jsonl", "every prompt's continuation, unsteered and steered"),
                    // written by method: diffmean only
                    new PortSpec("vectors", "method: diffmean: the difference vectors, key layers.{l}.{target}, float32"
                            + " [hidden]", "vectors.safetensors", false)));

    @Override
    public PluginInfo info() {
        return INFO;
    }

    /** One steered generation: its name in steering.json, its target language, what it changes, and how much. */
    record Steering(String name, String target, Intervention change, int size, Map<String, Object> describe) {
    }

    @Override
    public void run(StepContext context) throws Exception {
        Options o = context.options();
        boolean diffmean = o.string("method").equals("diffmean");
        Path source = context.input("neurons").orElse(null);
        if (source == null && !diffmean) {
            throw new StepFailure("steer: method: neurons steers the units of a neuron file; give the 'neurons' input"
                    + " (neurons: ${steps.ID.neurons}) or use method: diffmean");
        }
        LanguageNeurons found = source == null ? null : LanguageNeurons.read(source);
        String promptLanguage = o.string("prompt_language");
        List<String> targets = targets(o, found, source, promptLanguage);
        Set<Integer> layers = layers(o);
        if (!Double.isFinite(o.doubleValue("multiplier"))) {
            throw new StepFailure("option 'multiplier' is " + o.doubleValue("multiplier") + "; give a finite number (e.g. 2)");
        }
        LanguageModel model = context.models().get(o.path("model"), o.string("device"), io.multilens.api.plugin.DtypeOption.of(o));
        ContentTokens contentTokens = new ContentTokens(model.config());
        Path corpus = o.path("corpus");
        int[][] prompts = prompts(model, corpus, promptLanguage, o);
        List<String> notes = new ArrayList<>();
        List<Steering> conditions = diffmean
                ? DiffMean.conditions(context, model, corpus, targets, promptLanguage, layers, strengths(o), contentTokens)
                : NeuronSteering.conditions(model, corpus, targets, found, source, promptLanguage, layers, o, contentTokens,
                        notes);
        GenerationOptions generation = new GenerationOptions(o.intValue("max_new_tokens"), List.of(), true);
        int[][] baselineIds = model.generateIds(prompts, generation, Intervention.NONE);
        List<String> baseline = decode(model, baselineIds);
        List<String> identifiable = new ArrayList<>(targets);
        identifiable.add(promptLanguage);
        Map<String, Object> byCondition = new LinkedHashMap<>();
        Map<String, List<String>> references = new java.util.HashMap<>();
        List<Map<String, Object>> rows = new ArrayList<>();
        List<String> noOps = new ArrayList<>();
        try (LanguageId id = new LanguageId(identifiable, o.doubleValue("min_relative_distance"));
             Progress progress = context.progress("steer", conditions.size())) {
            double baselineNll = meanNll(model, prompts, baselineIds);
            List<String> identifiedBaseline = baseline.stream().map(id::identify).toList();
            context.log().accept("  steer: generating " + conditions.size() + " conditions x " + prompts.length + " prompts, "
                    + (o.intValue("conditions_per_pass") == 0 ? "all" : o.intValue("conditions_per_pass")) + " conditions a batch");
            List<int[][]> generated = generate(model, prompts, generation, conditions, o.intValue("conditions_per_pass"), baselineIds);
            for (int ci = 0; ci < conditions.size(); ci++) {
                Steering c = conditions.get(ci);
                String target = c.target();
                int[][] steeredIds = generated.get(ci);
                List<String> steered = decode(model, steeredIds);
                List<String> identified = steered.stream().map(id::identify).toList();
                Shares shares = Shares.count(target, promptLanguage, baseline, steered, identified, identifiedBaseline);
                for (int p = 0; p < prompts.length; p++) {
                    rows.add(new java.util.TreeMap<>(Map.of("condition", c.name(), "target", target,
                            "prompt", model.tokenizer().decode(prompts[p]), "unsteered", baseline.get(p),
                            "steered", steered.get(p), "identified", identified.get(p))));
                }
                if (c.change().isNone()) {
                    noOps.add("'" + c.name() + "' has " + ("neurons".equals(c.describe().get("method"))
                            ? "no FFN neuron to steer" : "a zero difference vector"));
                } else if (shares.changed() == 0) {
                    noOps.add("steering '" + c.name() + "' changed no continuation");
                }
                Map<String, Object> e = new LinkedHashMap<>(c.describe());
                e.put("fired", c.change().isNone() ? 0 : c.size() * positions(prompts, steeredIds));
                e.putAll(shares.json());
                if (!references.containsKey(target)) {
                    references.put(target, Relevance.references(o, corpus, target, prompts.length, notes));
                }
                Relevance.put(e, shares.target() / (double) prompts.length, steered, baseline, references.get(target));
                e.put("nll_per_token", finite(meanNll(model, prompts, steeredIds)));
                e.put("nll_per_token_unsteered", finite(baselineNll));
                byCondition.put(c.name(), e);
                context.log().accept(String.format("  steer %s: %d/%d continuations changed, %.0f%% identified as %s"
                        + " (unsteered %.0f%%)", c.name(), shares.changed(), prompts.length,
                        100.0 * shares.target() / prompts.length, target, 100.0 * shares.targetUnsteered() / prompts.length));
                progress.advance(1);
            }
        }
        List<String> warnings = warnings(o, noOps, source);
        warnings.addAll(notes);
        write(context, source, promptLanguage, identifiable, byCondition, rows, warnings);
    }

    private static List<Double> strengths(Options o) {
        List<Double> out = new ArrayList<>();
        for (String s : o.strings("strength")) {
            double v;
            try {
                v = Double.parseDouble(s.trim());
            } catch (NumberFormatException e) {
                throw new StepFailure("option 'strength': '" + s + "' is not a number");
            }
            if (!Double.isFinite(v)) {
                throw new StepFailure("option 'strength': " + s + " is not finite; give numbers such as [2, 4, 8]");
            }
            out.add(v);
        }
        if (out.isEmpty()) {
            throw new StepFailure("option 'strength' is empty; give the multiples of the difference vector, e.g. [4]");
        }
        return out;
    }

    /** The target languages: the option's, or every language of the neuron file; never the prompt's own. */
    private static List<String> targets(Options o, LanguageNeurons found, Path source, String promptLanguage) {
        if (o.strings("languages").isEmpty() && found == null) {
            throw new StepFailure("steer: method: diffmean needs 'languages', the target languages");
        }
        List<String> targets = new ArrayList<>(o.strings("languages").isEmpty() ? found.byLanguage().keySet() : o.strings("languages"));
        targets.removeIf(l -> l.equals(promptLanguage) || l.contains("."));
        if (targets.isEmpty()) {
            throw new StepFailure((source == null ? "steer" : source.toString()) + ": no target language besides the prompt"
                    + " language '" + promptLanguage + "'");
        }
        return targets;
    }

    private static Set<Integer> layers(Options o) {
        Set<Integer> layers = new HashSet<>();
        for (String l : o.strings("layers")) {
            try {
                layers.add(Integer.parseInt(l.trim()));
            } catch (NumberFormatException e) {
                throw new StepFailure("option 'layers': '" + l + "' is not a layer number");
            }
        }
        return layers;
    }

    /** The prompt language's lines, each cut to its first {@code prompt_tokens} tokens. */
    private static int[][] prompts(LanguageModel model, Path corpus, String promptLanguage, Options o) throws java.io.IOException {
        List<String> promptLines = LineCorpus.read(LineCorpus.file(corpus, promptLanguage), o.intValue("prompt_skip_documents"),
                o.intValue("prompt_max_documents"), null);
        int[][] prompts = promptLines.stream().map(l -> model.tokenizer().encode(l, o.intValue("prompt_tokens")))
                .filter(p -> p.length > 0).toArray(int[][]::new);
        if (prompts.length == 0) {
            throw new StepFailure(LineCorpus.file(corpus, promptLanguage) + ": no prompt in lines " + o.intValue("prompt_skip_documents")
                    + "+; give prompt_skip_documents and prompt_max_documents that select text");
        }
        return prompts;
    }

    /** Each position the forward passes ran: prompt and continuation. */
    private static long positions(int[][] prompts, int[][] continuations) {
        long positions = 0;
        for (int p = 0; p < prompts.length; p++) {
            positions += prompts[p].length + continuations[p].length;
        }
        return positions;
    }

    /** A target whose steering changed nothing fails the step unless the workflow allows it; then it is a warning. */
    private static List<String> warnings(Options o, List<String> noOps, Path source) {
        List<String> warnings = new ArrayList<>();
        if (!noOps.isEmpty()) {
            if (!o.bool("allow_noop_conditions")) {
                throw new StepFailure("steer: " + String.join("; ", noOps) + (source == null ? "" : " (sets from " + source + ")")
                        + "; such a condition"
                        + " measures nothing — raise the multiplier or strength, check the detector, or set allow_noop_conditions: true");
            }
            noOps.forEach(n -> warnings.add("condition " + n));
        }
        return warnings;
    }

    private static void write(StepContext context, Path source, String promptLanguage, List<String> identifiable,
                              Map<String, Object> byTarget, List<Map<String, Object>> rows, List<String> warnings)
            throws java.io.IOException {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("format", "multilens.steering/1");
        root.put("prompt_language", promptLanguage);
        root.put("languages", byTarget);
        root.put("method", context.options().string("method"));
        if (context.options().string("method").equals("neurons")) {
            root.put("mode", context.options().string("mode"));
        }
        root.put("config", new java.util.TreeMap<>(Map.of("options", context.options().asMap(),
                "neurons", source == null ? "" : source.toString(), "warnings", warnings,
                "language_identifier", "Lingua 1.2.2 over " + identifiable, "multilens_version", BundleVersion.of(SteerStep.class))));
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        json.writeValue(context.outputDir().resolve("steering.json").toFile(), root);
        StringBuilder lines = new StringBuilder();
        for (Map<String, Object> r : rows) {
            lines.append(new ObjectMapper().writeValueAsString(r)).append('\n');
        }
        Files.writeString(context.outputDir().resolve("generations.jsonl"), lines.toString());
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    private static List<String> decode(LanguageModel model, int[][] ids) {
        List<String> out = new ArrayList<>();
        for (int[] c : ids) {
            out.add(model.tokenizer().decode(c));
        }
        return out;
    }

    /**
     * Every condition's continuations, {@code perPass} conditions a batch (0: all): row (c, p) is
     * prompt p under condition c's change, so greedy decoding reads the weights once per step for
     * all of them; a condition that changes nothing gets the unsteered continuations.
     */
    static List<int[][]> generate(LanguageModel model, int[][] prompts, GenerationOptions generation, List<Steering> conditions,
                                  int perPass, int[][] unsteered) {
        List<int[][]> out = new ArrayList<>(java.util.Collections.nCopies(conditions.size(), unsteered));
        List<Integer> steered = new ArrayList<>();
        for (int c = 0; c < conditions.size(); c++) {
            if (!conditions.get(c).change().isNone()) {
                steered.add(c);
            }
        }
        int step = perPass <= 0 ? Math.max(1, steered.size()) : perPass;
        for (int start = 0; start < steered.size(); start += step) {
            List<Integer> group = steered.subList(start, Math.min(steered.size(), start + step));
            int[][] rows = new int[group.size() * prompts.length][];
            List<Intervention> perRow = new ArrayList<>();
            for (int c : group) {
                for (int[] prompt : prompts) {
                    rows[perRow.size()] = prompt;
                    perRow.add(conditions.get(c).change());
                }
            }
            int[][] ids = model.generateIds(rows, generation, perRow);
            for (int g = 0; g < group.size(); g++) {
                out.set(group.get(g), java.util.Arrays.copyOfRange(ids, g * prompts.length, (g + 1) * prompts.length));
            }
        }
        return out;
    }

    /** Mean NLL per continuation token under the unsteered model, scored on the generated ids themselves. */
    private static double meanNll(LanguageModel model, int[][] prompts, int[][] continuations) {
        double sum = 0;
        long n = 0;
        for (int p = 0; p < prompts.length; p++) {
            int[] cont = continuations[p];
            if (cont.length == 0) {
                continue;
            }
            int[] doc = java.util.Arrays.copyOf(prompts[p], prompts[p].length + cont.length);
            System.arraycopy(cont, 0, doc, prompts[p].length, cont.length);
            double[] lp = model.tokenLogProbs(new int[][] {doc}, Intervention.NONE)[0];   // lp[i] = log p(doc[i+1] | doc[..i])
            for (int t = prompts[p].length - 1; t < lp.length; t++) {
                sum -= lp[t];
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }
}
