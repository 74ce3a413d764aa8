package io.multilens.report.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.multilens.api.neurons.LanguageNeurons;
import io.multilens.api.neurons.NeuronGroup;
import io.multilens.api.neurons.NeuronSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OverlapTest {

    @Test
    void statsJaccardGetsItsDiagonalAndOneSidedPairsMirrored() throws Exception {
        Overlap o = Overlap.fromStats(new ObjectMapper().readTree("""
                {"jaccard": {"en": {"fr": 0.25, "de": 0.5}, "fr": {"en": 0.25}}}"""), List.of("en", "fr", "de", "sw"));
        double[][] m = o.jaccard();
        assertEquals(1.0, m[0][0]);
        assertEquals(0.25, m[0][1]);
        assertEquals(0.5, m[2][0], "de-en is only given as en-de");
        assertTrue(Double.isNaN(m[1][2]), "fr-de is not in the file");
        assertEquals(1.0, m[3][3]);
    }

    @Test
    void computedFromNeuronSets() {
        NeuronGroup g = NeuronGroup.parse("layers.0.mlp.ffn");
        Map<String, NeuronSet> sets = new LinkedHashMap<>();
        sets.put("a", NeuronSet.of(Map.of(g, new int[] {1, 2, 3})));
        sets.put("b", NeuronSet.of(Map.of(g, new int[] {2, 3, 4})));
        sets.put("c", NeuronSet.of(Map.of(NeuronGroup.parse("layers.1.mlp.ffn"), new int[] {1})));
        Overlap o = Overlap.fromNeurons(new LanguageNeurons(sets, Map.of()));
        assertEquals(0.5, o.jaccard()[0][1], 1e-12, "|{2,3}| / |{1,2,3,4}|");
        assertEquals(0.0, o.jaccard()[0][2], "same index in another layer is another neuron");
        assertEquals(1.0, o.jaccard()[2][2]);
    }
}
