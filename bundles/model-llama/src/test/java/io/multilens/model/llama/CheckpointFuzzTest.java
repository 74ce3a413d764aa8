package io.multilens.model.llama;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.multilens.api.model.LanguageModel;
import io.multilens.api.model.LoadOptions;
import io.multilens.api.status.StepFailure;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mutated safetensors headers and length fields, for a bounded time: each load succeeds or fails
 * with a {@link StepFailure} naming the file; no other exception, no crash of the JVM.
 */
class CheckpointFuzzTest {

    private static final long SECONDS = 3;

    @Test
    void mutatedHeadersLoadOrFailClearly(@TempDir Path tmp) throws Exception {
        Path dir = Fixtures.copy(Fixtures.LLAMA, tmp.resolve("m"));
        Path file = dir.resolve("model.safetensors");
        byte[] original = Files.readAllBytes(file);
        int headerLength = (int) ByteBuffer.wrap(original).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
        String header = new String(original, 8, headerLength, StandardCharsets.UTF_8);
        Random random = new Random(5);
        long end = System.nanoTime() + SECONDS * 1_000_000_000L;
        int cases = 0;
        int loaded = 0;
        while (System.nanoTime() < end) {
            byte[] bytes = mutate(original, header, headerLength, random);
            Files.write(file, bytes);
            try (LanguageModel m = new LlamaBackend().load(dir, LoadOptions.of("cpu"))) {
                loaded++;
            } catch (StepFailure f) {
                assertTrue(f.getMessage() != null && !f.getMessage().isBlank(), "empty message");
            }
            cases++;
        }
        System.out.println("checkpoint fuzz: " + cases + " cases in " + SECONDS + " s, " + loaded + " still loaded");
        assertTrue(cases > 20, "only " + cases + " cases");
    }

    private static byte[] mutate(byte[] original, String header, int headerLength, Random random) {
        switch (random.nextInt(4)) {
            case 0 -> {
                // a random length field
                byte[] b = original.clone();
                ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putLong(0, random.nextLong() >> random.nextInt(64));
                return b;
            }
            case 1 -> {
                // truncated anywhere
                return java.util.Arrays.copyOf(original, random.nextInt(original.length));
            }
            default -> {
                // the header's text edited: digits, quotes and brackets changed
                StringBuilder h = new StringBuilder(header);
                for (int e = 0; e < 1 + random.nextInt(3); e++) {
                    int at = random.nextInt(h.length());
                    h.setCharAt(at, "0123456789[]{}\",:-F".charAt(random.nextInt(19)));
                }
                byte[] text = h.toString().getBytes(StandardCharsets.UTF_8);
                ByteBuffer b = ByteBuffer.allocate(8 + text.length + original.length - 8 - headerLength)
                        .order(ByteOrder.LITTLE_ENDIAN);
                b.putLong(text.length).put(text).put(original, 8 + headerLength, original.length - 8 - headerLength);
                return b.array();
            }
        }
    }
}
