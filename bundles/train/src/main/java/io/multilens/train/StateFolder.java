package io.multilens.train;

import ai.djl.ndarray.NDArray;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.multilens.api.data.Safetensors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * The resumable state of a training-like step in its state folder: {@code current/} holds what
 * the last save wrote plus {@code state.json} (the step reached and a hash of the options), and
 * is valid only for the same options. A save fills a fresh folder and swaps it in whole.
 */
public final class StateFolder {

    private final Path dir;
    private final String fingerprint;

    public StateFolder(Path stateDir, Map<String, Object> options) throws IOException {
        this.dir = stateDir.resolve("current");
        this.fingerprint = sha256(new ObjectMapper().writeValueAsBytes(new TreeMap<>(options)));
    }

    /** The saved state's folder. */
    public Path current() {
        return dir;
    }

    public boolean resumable() throws IOException {
        Path meta = dir.resolve("state.json");
        return Files.isRegularFile(meta)
                && fingerprint.equals(new ObjectMapper().readTree(meta.toFile()).path("options_sha256").asText());
    }

    /** The step the saved state reached. */
    public long step() throws IOException {
        return new ObjectMapper().readTree(dir.resolve("state.json").toFile()).path("step").asLong();
    }

    /** A new empty folder to write a state into, then {@link #commit}. */
    public Path begin() throws IOException {
        Files.createDirectories(dir.getParent());
        return Files.createTempDirectory(dir.getParent(), "saving-");
    }

    /** Marks the filled folder as the state of {@code step} and puts it in place of the current one. */
    public void commit(Path filled, long step) throws IOException {
        Files.writeString(filled.resolve("state.json"), new ObjectMapper().writeValueAsString(
                new java.util.TreeMap<>(Map.of("step", step, "options_sha256", fingerprint))));
        io.multilens.api.data.Folders.replace(filled, dir);
    }

    /** An array as a safetensors tensor, for saving optimiser moments. */
    public static Safetensors.Tensor tensor(NDArray a) {
        return new Safetensors.Tensor(a.toFloatArray(), a.getShape().getShape());
    }

    private static String sha256(byte[] bytes) {
        return io.multilens.api.data.Sha256.hex(bytes);
    }
}
