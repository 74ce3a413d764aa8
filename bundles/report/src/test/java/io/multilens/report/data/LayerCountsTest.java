package io.multilens.report.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.multilens.api.neurons.LanguageNeurons;
import io.multilens.api.neurons.NeuronGroup;
import io.multilens.api.neurons.NeuronSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LayerCountsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void sumsAttentionStructuresPerLayerFromStats() throws Exception {
        LayerCounts c = LayerCounts.fromStats(JSON.readTree("""
                {"languages": {
                  "en": {"documents": 10, "per_layer": [
                     {"attn.q": 1, "attn.k": 2, "attn.v": 3, "attn.o": 4, "mlp.ffn": 5},
                     {"attn.q": 0, "attn.k": 0, "attn.v": 0, "attn.o": 0, "mlp.ffn": 7},
                     {"attn.q": 2, "attn.k": 0, "attn.v": 0, "attn.o": 1, "mlp.ffn": 0}]},
                  "zh": {"per_layer": [
                     {"attn.q": 9, "mlp.ffn": 1},
                     {"attn.o": 3, "mlp.ffn": 20},
                     {"mlp.ffn": 4}]}}}"""));
        assertEquals(List.of("en", "zh"), c.languages());
        assertEquals(3, c.layers());
        assertEquals(10, c.attention("en", 0));
        assertEquals(5, c.ffn("en", 0));
        assertEquals(0, c.attention("en", 1));
        assertEquals(7, c.ffn("en", 1));
        assertEquals(3, c.attention("en", 2));
        assertEquals(9, c.attention("zh", 0));
        assertEquals(3, c.attention("zh", 1));
        assertEquals(25, c.total("en"), "10 + 5, 0 + 7, 3 + 0");
        assertEquals(20, c.max());
    }

    @Test
    void statsWithoutPerLayerCountsAreRefused() throws Exception {
        assertThrows(IllegalArgumentException.class,
                () -> LayerCounts.fromStats(JSON.readTree("{\"languages\": {\"en\": {\"documents\": 3}}}")));
        assertThrows(IllegalArgumentException.class, () -> LayerCounts.fromStats(JSON.readTree("{}")));
    }

    @Test
    void countsFromANeuronFileKeepTheModelDepth() {
        Map<String, NeuronSet> sets = new LinkedHashMap<>();
        sets.put("en", NeuronSet.of(Map.of(NeuronGroup.parse("layers.1.attn.k"), new int[] {0, 3},
                NeuronGroup.parse("layers.1.attn.o"), new int[] {5}, NeuronGroup.parse("layers.2.mlp.ffn"), new int[] {1, 2, 9})));
        sets.put("sw", NeuronSet.of(Map.of(NeuronGroup.parse("layers.0.mlp.ffn"), new int[] {4})));
        LayerCounts c = LayerCounts.fromNeurons(new LanguageNeurons(sets, Map.of()), 6);
        assertEquals(6, c.layers(), "layers without neurons still get (empty) bars");
        assertEquals(3, c.attention("en", 1));
        assertEquals(3, c.ffn("en", 2));
        assertEquals(1, c.ffn("sw", 0));
        assertEquals(0, c.ffn("sw", 5));
        assertEquals(3, LayerCounts.fromNeurons(new LanguageNeurons(sets, Map.of()), 0).layers(), "depth from the deepest group");
    }
}
