package io.multilens.plnd.output;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.multilens.api.neurons.NeuronGroup;
import io.multilens.api.neurons.Structure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScoreRecorderTest {

    @TempDir
    Path dir;

    @Test
    void writesSafetensorsOfDocumentsByNeurons() throws Exception {
        Path file = dir.resolve("en.safetensors");
        NeuronGroup ffn = new NeuronGroup(1, Structure.FFN);
        NeuronGroup q = new NeuronGroup(0, Structure.Q);
        try (ScoreRecorder r = new ScoreRecorder(dir)) {
            // two batches; groups arrive out of order
            r.accept(ffn, new float[][] {{1, 2, 3}, {4, 5, 6}});
            r.accept(q, new float[][] {{0.5f, -1}, {2, 3}});
            r.accept(ffn, new float[][] {{7, 8, 9}});
            r.accept(q, new float[][] {{1e-7f, 1e7f}});
            r.write(file, Map.of("language", "en"));
        }
        SafetensorsFile st = SafetensorsFile.read(file);
        assertEquals(0, st.headerLength() % 8, "header padded to 8 bytes");
        assertEquals("en", st.metadata().get("language"));
        assertEquals(List.of("layers.0.attn.q", "layers.1.mlp.ffn"), st.names());
        assertArrayEquals(new long[] {3, 2}, st.shape("layers.0.attn.q"));
        assertArrayEquals(new float[] {0.5f, -1, 2, 3, 1e-7f, 1e7f}, st.floats("layers.0.attn.q"));
        assertArrayEquals(new long[] {3, 3}, st.shape("layers.1.mlp.ffn"));
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, st.floats("layers.1.mlp.ffn"));
        try (var files = Files.list(dir)) {
            List<Path> left = files.toList();
            assertEquals(List.of(file), left, "spool folder removed");
        }
        assertEquals(8 + st.headerLength() + 4 * (6 + 9), Files.size(file), "header, then exactly the data");
    }
}
