package io.multilens.api.neurons;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.multilens.api.status.StepFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NeuronSetTest {

    private static final NeuronGroup Q0 = NeuronGroup.parse("layers.0.attn.q");
    private static final NeuronGroup F1 = NeuronGroup.parse("layers.1.mlp.ffn");

    @Test
    void addressesRoundTrip() {
        assertEquals(new NeuronGroup(12, Structure.O), NeuronGroup.parse("layers.12.attn.o"));
        assertEquals("layers.3.mlp.ffn", new NeuronGroup(3, Structure.FFN).key());
        assertThrows(IllegalArgumentException.class, () -> NeuronGroup.parse("layers.1.attn.x"));
        assertThrows(IllegalArgumentException.class, () -> NeuronGroup.parse("model.layers.1.mlp.ffn"));
    }

    @Test
    void setAlgebraSortsAndDeduplicates() {
        NeuronSet a = NeuronSet.of(Map.of(Q0, new int[] {5, 1, 5, 3}, F1, new int[] {7}));
        NeuronSet b = NeuronSet.of(Map.of(Q0, new int[] {3, 9}));
        assertArrayEquals(new int[] {1, 3, 5}, a.indices(Q0));
        assertEquals(4, a.size());
        assertArrayEquals(new int[] {1, 3, 5, 9}, a.union(b).indices(Q0));
        assertArrayEquals(new int[] {1, 5}, a.minus(b).indices(Q0));
        assertArrayEquals(new int[] {3}, a.intersect(b).indices(Q0));
        assertEquals(1, a.intersect(b).groups().size());
        assertTrue(a.contains(F1, 7));
    }

    @Test
    void neuronFileRoundTripsWithImportances(@TempDir Path dir) throws Exception {
        NeuronSet en = NeuronSet.of(Map.of(Q0, new int[] {4, 2}, F1, new int[] {0}));
        Map<NeuronGroup, double[]> imp = new LinkedHashMap<>();
        imp.put(Q0, new double[] {0.25, 0.5});
        imp.put(F1, new double[] {1.5});
        NeuronSet shared = NeuronSet.of(Map.of(F1, new int[] {5}));
        LanguageNeurons file = new LanguageNeurons(Map.of("en", en), Map.of("en", imp), shared, Map.of("model", "m"));
        Path p = dir.resolve("neurons.json");
        file.write(p);
        LanguageNeurons back = LanguageNeurons.read(p);
        assertEquals(en, back.byLanguage().get("en"));
        assertArrayEquals(new double[] {0.25, 0.5}, back.importance("en", Q0));
        assertEquals("m", back.provenance().get("model"));
        assertEquals(shared, back.shared());
    }

    @Test
    void importancesFollowTheirIndicesWhenAFileListsThemUnsorted(@TempDir Path dir) throws Exception {
        Path p = dir.resolve("n.json");
        Files.writeString(p, """
                {"format": "multilens.neurons/1", "languages": {"zh": {
                  "neurons": {"layers.0.attn.q": [9, 2]},
                  "mean_importance": {"layers.0.attn.q": [0.9, 0.2]}}}}""");
        LanguageNeurons back = LanguageNeurons.read(p);
        assertArrayEquals(new int[] {2, 9}, back.byLanguage().get("zh").indices(Q0));
        assertArrayEquals(new double[] {0.2, 0.9}, back.importance("zh", Q0));
    }

    @Test
    void badNeuronFilesNameThePlace(@TempDir Path dir) throws Exception {
        Path p = dir.resolve("n.json");
        Files.writeString(p, "{\"format\": \"multilens.neurons/1\", \"languages\": {\"en\": {\"neurons\": {\"layers.0.attn.z\": [1]}}}}");
        StepFailure e = assertThrows(StepFailure.class, () -> LanguageNeurons.read(p));
        assertTrue(e.getMessage().contains("languages.en.neurons.layers.0.attn.z"), e.getMessage());
        Files.writeString(p, "{\"languages\": {}}");
        assertTrue(assertThrows(StepFailure.class, () -> LanguageNeurons.read(p)).getMessage().contains("not a neuron file"));
    }
}
