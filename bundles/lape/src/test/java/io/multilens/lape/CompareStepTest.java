package io.multilens.lape;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.multilens.api.neurons.LanguageNeurons;
import io.multilens.api.neurons.NeuronGroup;
import io.multilens.api.neurons.NeuronSet;
import io.multilens.testkit.TestStepContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompareStepTest {

    @TempDir
    Path dir;

    @Test
    void jaccardPerLanguageAndLayerOverTheChosenStructures() throws Exception {
        NeuronGroup f0 = NeuronGroup.parse("layers.0.mlp.ffn");
        NeuronGroup f2 = NeuronGroup.parse("layers.2.mlp.ffn");
        NeuronGroup q1 = NeuronGroup.parse("layers.1.attn.q");
        Path a = dir.resolve("a.json");
        Path b = dir.resolve("b.json");
        new LanguageNeurons(Map.of("zh", NeuronSet.of(Map.of(f0, new int[] {1, 2, 3}, f2, new int[] {7}, q1, new int[] {4})),
                "en", NeuronSet.of(Map.of(f0, new int[] {9}))), Map.of()).write(a);
        new LanguageNeurons(Map.of("zh", NeuronSet.of(Map.of(f0, new int[] {2, 3, 5}))), Map.of()).write(b);
        Path out = Files.createDirectories(dir.resolve("out"));
        new CompareStep().run(new TestStepContext(CompareStep.INFO, Map.of("a_name", "plnd", "b_name", "lape"), out, dir, null)
                .input("a", a).input("b", b));
        JsonNode zh = new ObjectMapper().readTree(out.resolve("comparison.json").toFile()).path("languages").path("zh");
        // FFN only: a = {0:1,2,3; 2:7}, b = {0:2,3,5}: both 2, union 5 (q1 is not compared)
        assertEquals(4, zh.path("a").asInt());
        assertEquals(2, zh.path("both").asInt());
        assertEquals(0.4, zh.path("jaccard").asDouble(), 1e-12);
        assertEquals(0.5, zh.path("per_layer").path("0").path("jaccard").asDouble(), 1e-12, "2 of {1,2,3,5}");
        assertEquals(0.0, zh.path("per_layer").path("2").path("jaccard").asDouble(), 1e-12);
        assertEquals(1, new ObjectMapper().readTree(out.resolve("comparison.json").toFile()).path("languages").size(),
                "only languages both files have");
    }
}
