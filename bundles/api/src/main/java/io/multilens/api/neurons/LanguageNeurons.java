package io.multilens.api.neurons;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.multilens.api.plugin.StepFailure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * A neuron set per language, with the provenance that made it: the content of
 * {@code neurons.json}, the format every detector writes and every ablation, evaluator and
 * fine-tuner reads.
 *
 * <pre>
 * { "format": "multilens.neurons/1",
 *   "languages": { "en": { "total": 12,
 *                          "counts":  { "layers.0.attn.q": 2, ... },
 *                          "neurons": { "layers.0.attn.q": [3, 17], ... },
 *                          "mean_importance": { "layers.0.attn.q": [0.41, 0.38], ... } } },
 *   "provenance": { ... free-form: model, corpus hashes, options, version ... } }
 * </pre>
 *
 * {@code mean_importance} is optional: for each group, the mean importance over the language's
 * documents of each neuron, aligned with {@code neurons}. Consumers that pick "the top N" of a
 * set use it, so the choice is never arbitrary.
 */
public record LanguageNeurons(Map<String, NeuronSet> byLanguage, Map<String, Map<NeuronGroup, double[]>> importance,
                              Map<String, Object> provenance) {

    public static final String FORMAT = "multilens.neurons/1";

    public LanguageNeurons {
        byLanguage = new LinkedHashMap<>(byLanguage);
        importance = new LinkedHashMap<>(importance);
        provenance = new LinkedHashMap<>(provenance);
    }

    public LanguageNeurons(Map<String, NeuronSet> byLanguage, Map<String, Object> provenance) {
        this(byLanguage, Map.of(), provenance);
    }

    /**
     * The mean importance of each neuron of {@code group} for {@code language}, aligned with
     * {@code byLanguage().get(language).indices(group)}; null when the file has none.
     */
    public double[] importance(String language, NeuronGroup group) {
        Map<NeuronGroup, double[]> l = importance.get(language);
        return l == null ? null : l.get(group);
    }

    /** The union of the given languages' sets (all languages when none is given). */
    public NeuronSet union(Iterable<String> languages) {
        NeuronSet all = NeuronSet.empty();
        for (String lang : languages) {
            NeuronSet s = byLanguage.get(lang);
            if (s == null) {
                throw new StepFailure("no neurons for language '" + lang + "'; the file has "
                        + byLanguage.keySet());
            }
            all = all.union(s);
        }
        return all;
    }

    public void write(Path file) throws IOException {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = json.createObjectNode();
        root.put("format", FORMAT);
        ObjectNode langs = root.putObject("languages");
        byLanguage.forEach((lang, set) -> {
            ObjectNode l = langs.putObject(lang);
            l.put("total", set.size());
            ObjectNode counts = l.putObject("counts");
            ObjectNode neurons = l.putObject("neurons");
            Map<NeuronGroup, double[]> scores = importance.getOrDefault(lang, Map.of());
            ObjectNode means = scores.isEmpty() ? null : l.putObject("mean_importance");
            for (NeuronGroup g : set.groups()) {
                counts.put(g.key(), set.count(g));
                ArrayNode arr = neurons.putArray(g.key());
                for (int i : set.indices(g)) {
                    arr.add(i);
                }
                double[] m = scores.get(g);
                if (means != null && m != null) {
                    if (m.length != set.count(g)) {
                        throw new IllegalArgumentException(lang + " " + g + ": " + m.length
                                + " importances for " + set.count(g) + " neurons");
                    }
                    ArrayNode ma = means.putArray(g.key());
                    for (double v : m) {
                        ma.add((float) v);
                    }
                }
            }
        });
        root.set("provenance", json.valueToTree(provenance));
        Files.writeString(file, json.writeValueAsString(root));
    }

    public static LanguageNeurons read(Path file) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new StepFailure(file + ": cannot read neuron file (" + e.getMessage()
                    + "); give the neurons.json written by a plnd or ablation step");
        }
        if (root == null || !FORMAT.equals(root.path("format").asText())) {
            throw new StepFailure(file + ": not a neuron file (expected \"format\": \"" + FORMAT
                    + "\"); give the neurons.json written by a plnd or ablation step");
        }
        Map<String, NeuronSet> byLanguage = new LinkedHashMap<>();
        Map<String, Map<NeuronGroup, double[]>> importance = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> langs = root.path("languages").fields();
        while (langs.hasNext()) {
            Map.Entry<String, JsonNode> lang = langs.next();
            Map<NeuronGroup, int[]> groups = new TreeMap<>();
            Iterator<Map.Entry<String, JsonNode>> it = lang.getValue().path("neurons").fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> g = it.next();
                String where = file + ": languages." + lang.getKey() + ".neurons." + g.getKey();
                NeuronGroup group;
                try {
                    group = NeuronGroup.parse(g.getKey());
                } catch (IllegalArgumentException e) {
                    throw new StepFailure(where + ": " + e.getMessage());
                }
                int[] idx = new int[g.getValue().size()];
                for (int i = 0; i < idx.length; i++) {
                    JsonNode v = g.getValue().get(i);
                    if (!v.canConvertToInt() || v.asInt() < 0) {
                        throw new StepFailure(where + "[" + i + "]: '" + v + "' is not a neuron index (an integer >= 0)");
                    }
                    idx[i] = v.asInt();
                }
                groups.put(group, idx);
            }
            NeuronSet set = NeuronSet.of(groups);
            byLanguage.put(lang.getKey(), set);
            JsonNode means = lang.getValue().path("mean_importance");
            if (means.isObject()) {
                Map<NeuronGroup, double[]> scores = new TreeMap<>();
                for (NeuronGroup g : set.groups()) {
                    JsonNode m = means.path(g.key());
                    int[] written = groups.get(g);
                    if (m.size() != written.length) {
                        throw new StepFailure(file + ": languages." + lang.getKey() + ".mean_importance." + g.key()
                                + " has " + m.size() + " values for " + written.length + " neurons");
                    }
                    // align with the sorted indices, whatever order the file lists them in
                    Map<Integer, Double> byIndex = new java.util.HashMap<>();
                    for (int i = 0; i < written.length; i++) {
                        byIndex.put(written[i], m.get(i).asDouble());
                    }
                    scores.put(g, java.util.Arrays.stream(set.indices(g)).mapToDouble(byIndex::get).toArray());
                }
                importance.put(lang.getKey(), scores);
            }
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> provenance = root.has("provenance")
                ? new ObjectMapper().convertValue(root.get("provenance"), Map.class)
                : Map.of();
        return new LanguageNeurons(byLanguage, importance, provenance);
    }
}
