package io.multilens.api.neurons;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.multilens.api.status.StepFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** neurons.json: the same content gives the same bytes; a language key never becomes a path outside OUT. */
class LanguageNeuronsFileTest {

    @Test
    void provenanceMapsAreWrittenInKeyOrderWhateverTheirIterationOrder(@TempDir Path tmp) throws Exception {
        // Map.of iterates in an order that changes from one JVM to the next
        Map<String, Object> provenance = Map.of("zeta", 1, "alpha", 2, "mid", Map.of("y", 1, "b", 2, "k", 3));
        NeuronSet set = NeuronSet.of(Map.of(NeuronGroup.parse("layers.0.mlp.ffn"), new int[] {1, 2}));
        Path file = tmp.resolve("neurons.json");
        new LanguageNeurons(Map.of("en", set), provenance).write(file);
        String text = Files.readString(file);
        assertTrue(text.indexOf("\"alpha\"") < text.indexOf("\"mid\"") && text.indexOf("\"mid\"") < text.indexOf("\"zeta\""), text);
        assertTrue(text.indexOf("\"b\"") < text.indexOf("\"k\"") && text.indexOf("\"k\"") < text.indexOf("\"y\""), text);
        Path again = tmp.resolve("again.json");
        new LanguageNeurons(Map.of("en", set), Map.of("mid", Map.of("k", 3, "y", 1, "b", 2), "zeta", 1, "alpha", 2)).write(again);
        assertEquals(text, Files.readString(again));
    }

    @Test
    void aLanguageKeyThatWouldLeaveTheResultsFolderIsRefused(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("neurons.json");
        Files.writeString(file, "{\"format\": \"multilens.neurons/1\", \"languages\": {\"../../x\": {\"total\": 1,"
                + " \"counts\": {\"layers.0.mlp.ffn\": 1}, \"neurons\": {\"layers.0.mlp.ffn\": [1]}}}}");
        StepFailure f = assertThrows(StepFailure.class, () -> LanguageNeurons.read(file));
        assertTrue(f.getMessage().contains("'../../x' cannot be used as a file name"), f.getMessage());
    }
}
