package io.multilens.api.neurons;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.multilens.api.status.StepFailure;
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
 *   "shared": { "total": 3, "neurons": { "layers.2.mlp.ffn": [4, 9, 11] } },
 *   "provenance": { ... free-form: model, corpus hashes, options, version ... } }
 * </pre>
 *
 * {@code mean_importance} is optional: for each group, the mean importance over the language's
 * documents of each neuron, aligned with {@code neurons}. Consumers that pick "the top N" of a
 * set use it, so the choice is never arbitrary. {@code shared} (optional) holds the neurons a
 * detector found specific to some language but removed as shared by too many: random controls
 * avoid them, since they matter for several languages at once.
 */
public record LanguageNeurons(Map<String, NeuronSet> byLanguage, Map<String, Map<NeuronGroup, double[]>> importance,
                              NeuronSet shared, Map<String, Object> provenance) {

    public static final String FORMAT = "multilens.neurons/1";

    public LanguageNeurons {
        byLanguage = new LinkedHashMap<>(byLanguage);
        importance = new LinkedHashMap<>(importance);
        shared = shared == null ? NeuronSet.empty() : shared;
        provenance = new LinkedHashMap<>(provenance);
    }

    public LanguageNeurons(Map<String, NeuronSet> byLanguage, Map<String, Map<NeuronGroup, double[]>> importance,
                           Map<String, Object> provenance) {
        this(byLanguage, importance, NeuronSet.empty(), provenance);
    }

    public LanguageNeurons(Map<String, NeuronSet> byLanguage, Map<String, Object> provenance) {
        this(byLanguage, Map.of(), NeuronSet.empty(), provenance);
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
        // map entries by key: provenance may hold Map.of(...), whose order changes from one JVM to the next
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
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
        if (!shared.isEmpty()) {
            ObjectNode sh = root.putObject("shared");
            sh.put("total", shared.size());
            ObjectNode neurons = sh.putObject("neurons");
            for (NeuronGroup g : shared.groups()) {
                ArrayNode arr = neurons.putArray(g.key());
                for (int i : shared.indices(g)) {
                    arr.add(i);
                }
            }
        }
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
            Map<NeuronGroup, int[]> groups = groups(file, "languages." + lang.getKey(), lang.getValue().path("neurons"));
            NeuronSet set = NeuronSet.of(groups);
            byLanguage.put(io.multilens.api.data.SafeName.require(file + ": language", lang.getKey()), set);
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
        NeuronSet shared = NeuronSet.of(groups(file, "shared", root.path("shared").path("neurons")));
        @SuppressWarnings("unchecked")
        Map<String, Object> provenance = root.has("provenance")
                ? new ObjectMapper().convertValue(root.get("provenance"), Map.class)
                : Map.of();
        return new LanguageNeurons(byLanguage, importance, shared, provenance);
    }

    /** The group → indices map under {@code node}, each key and index checked; {@code where} names the place. */
    private static Map<NeuronGroup, int[]> groups(Path file, String where, JsonNode node) {
        Map<NeuronGroup, int[]> groups = new TreeMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = node.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> g = it.next();
            String at = file + ": " + where + ".neurons." + g.getKey();
            NeuronGroup group;
            try {
                group = NeuronGroup.parse(g.getKey());
            } catch (IllegalArgumentException e) {
                throw new StepFailure(at + ": " + e.getMessage());
            }
            int[] idx = new int[g.getValue().size()];
            for (int i = 0; i < idx.length; i++) {
                JsonNode v = g.getValue().get(i);
                if (!v.canConvertToInt() || v.asInt() < 0) {
                    throw new StepFailure(at + "[" + i + "]: '" + v + "' is not a neuron index (an integer >= 0)");
                }
                idx[i] = v.asInt();
            }
            groups.put(group, idx);
        }
        return groups;
    }
}
