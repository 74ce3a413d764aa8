package io.multilens.plnd.output;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The provenance entry of a checkpoint folder: its path and hashes of config and weight headers. */
public final class ModelFingerprint {

    private ModelFingerprint() {
    }

    public static Map<String, Object> of(Path modelDir) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("path", modelDir.toAbsolutePath().normalize().toString());
        m.put("config_sha256", Hashes.sha256(modelDir.resolve("config.json")));
        Path index = modelDir.resolve("model.safetensors.index.json");
        if (Files.isRegularFile(index)) {
            m.put("weight_index_sha256", Hashes.sha256(index));
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (Path f : safetensors(modelDir)) {
            headers.put(f.getFileName().toString(), Hashes.safetensorsHeaderSha256(f));
        }
        m.put("safetensors_header_sha256", headers);
        return m;
    }

    private static List<Path> safetensors(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".safetensors")).sorted().toList();
        }
    }
}
