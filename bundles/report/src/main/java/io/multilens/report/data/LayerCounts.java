package io.multilens.report.data;

import com.fasterxml.jackson.databind.JsonNode;
import io.multilens.api.neurons.LanguageNeurons;
import io.multilens.api.neurons.NeuronGroup;
import io.multilens.api.neurons.NeuronSet;
import io.multilens.api.neurons.Structure;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Language-specific neurons per language, layer and structure: the numbers of the paper's
 * Figure 3. {@code counts.get(lang)[layer]} maps each structure to its count.
 */
public record LayerCounts(List<String> languages, int layers, Map<String, List<Map<Structure, Integer>>> counts) {

    public LayerCounts {
        languages = List.copyOf(languages);
        counts = Map.copyOf(counts);
    }

    public int count(String language, int layer, Structure structure) {
        List<Map<Structure, Integer>> perLayer = counts.get(language);
        if (perLayer == null || layer >= perLayer.size()) {
            return 0;
        }
        return perLayer.get(layer).getOrDefault(structure, 0);
    }

    /** q + k + v + o of one layer. */
    public int attention(String language, int layer) {
        int n = 0;
        for (Structure s : Structure.values()) {
            if (s.isAttention()) {
                n += count(language, layer, s);
            }
        }
        return n;
    }

    public int ffn(String language, int layer) {
        return count(language, layer, Structure.FFN);
    }

    public int total(String language) {
        int n = 0;
        for (int l = 0; l < layers; l++) {
            n += attention(language, l) + ffn(language, l);
        }
        return n;
    }

    /** The largest attention or FFN count of any language and layer: the shared y-axis' top. */
    public int max() {
        int m = 0;
        for (String lang : languages) {
            for (int l = 0; l < layers; l++) {
                m = Math.max(m, Math.max(attention(lang, l), ffn(lang, l)));
            }
        }
        return m;
    }

    /**
     * From a PLND {@code stats.json}: {@code languages.<lang>.per_layer} is a list, one object per
     * layer, of structure key ({@code attn.q} ... {@code mlp.ffn}) to count.
     *
     * @throws IllegalArgumentException when the file does not have that shape
     */
    public static LayerCounts fromStats(JsonNode stats) {
        JsonNode langs = stats.path("languages");
        if (!langs.isObject() || langs.isEmpty()) {
            throw new IllegalArgumentException("no \"languages\" object");
        }
        List<String> languages = new ArrayList<>();
        Map<String, List<Map<Structure, Integer>>> counts = new LinkedHashMap<>();
        int layers = 0;
        for (var it = langs.fields(); it.hasNext(); ) {
            var e = it.next();
            JsonNode perLayer = e.getValue().path("per_layer");
            if (!perLayer.isArray()) {
                throw new IllegalArgumentException("languages." + e.getKey() + " has no \"per_layer\" list");
            }
            List<Map<Structure, Integer>> rows = new ArrayList<>();
            for (JsonNode layer : perLayer) {
                Map<Structure, Integer> row = new EnumMap<>(Structure.class);
                for (var f = layer.fields(); f.hasNext(); ) {
                    var c = f.next();
                    row.put(Structure.fromKey(c.getKey()), c.getValue().asInt());
                }
                rows.add(row);
            }
            languages.add(e.getKey());
            counts.put(e.getKey(), rows);
            layers = Math.max(layers, rows.size());
        }
        return new LayerCounts(languages, layers, counts);
    }

    /**
     * From any detector's {@code neurons.json}, for detectors that write no PLND statistics.
     *
     * @param layers the model's depth when known (a file lists only layers holding neurons), else 0
     */
    public static LayerCounts fromNeurons(LanguageNeurons neurons, int layers) {
        int depth = layers;
        for (NeuronSet set : neurons.byLanguage().values()) {
            for (NeuronGroup g : set.groups()) {
                depth = Math.max(depth, g.layer() + 1);
            }
        }
        Map<String, List<Map<Structure, Integer>>> counts = new LinkedHashMap<>();
        for (Map.Entry<String, NeuronSet> e : neurons.byLanguage().entrySet()) {
            List<Map<Structure, Integer>> rows = new ArrayList<>();
            for (int l = 0; l < depth; l++) {
                rows.add(new EnumMap<>(Structure.class));
            }
            for (NeuronGroup g : e.getValue().groups()) {
                rows.get(g.layer()).put(g.structure(), e.getValue().count(g));
            }
            counts.put(e.getKey(), rows);
        }
        return new LayerCounts(new ArrayList<>(neurons.byLanguage().keySet()), depth, counts);
    }
}
