package io.multilens.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.multilens.api.model.LanguageModel;
import io.multilens.api.model.LoadOptions;
import io.multilens.api.model.ModelBackend;
import io.multilens.api.model.ModelDtype;
import io.multilens.api.model.ModelProvider;
import io.multilens.api.status.ProgressSink;
import io.multilens.api.status.StepFailure;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shared model cache: backend dispatch, content keys, the memory budget and models in use. */
class ModelCacheTest {

    @TempDir
    Path tmp;

    /** Loads stand-in models of 100 bytes and remembers which were closed. */
    private static final class FakeBackend implements ModelBackend {
        final List<Path> loads = new ArrayList<>();
        final Set<Object> closed = new HashSet<>();
        final List<Object> open = new ArrayList<>();
        /** Refuses to load while this many models are open (as a backend short of memory does). */
        int roomFor = Integer.MAX_VALUE;

        @Override
        public Set<String> architectures() {
            return Set.of("LlamaForCausalLM");
        }

        @Override
        public io.multilens.api.model.ModelConfig config(Path dir) {
            return io.multilens.api.model.ModelConfig.read(dir);
        }

        @Override
        public LanguageModel load(Path dir, LoadOptions options) {
            if (open.stream().filter(m -> !closed.contains(m)).count() >= roomFor) {
                throw new StepFailure(dir + ": the model needs more memory than is available");
            }
            loads.add(dir);
            Object[] self = new Object[1];
            LanguageModel model = (LanguageModel) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {LanguageModel.class}, (proxy, method, args) -> switch (method.getName()) {
                        case "memoryBytes" -> 100L;
                        case "directory" -> dir;
                        case "dtype" -> options.dtype();
                        case "close" -> closed.add(self[0]) ? null : null;
                        case "hashCode" -> System.identityHashCode(proxy);
                        case "equals" -> proxy == args[0];
                        case "toString" -> "model " + dir;
                        default -> throw new UnsupportedOperationException(method.getName());
                    });
            self[0] = model;
            open.add(model);
            return model;
        }
    }

    private Path checkpoint(String name, String architecture, String weights) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve(name));
        Files.writeString(dir.resolve("config.json"), "{\"architectures\": [\"" + architecture + "\"]}");
        Files.writeString(dir.resolve("model.safetensors"), weights);
        return dir;
    }

    @Test
    void anArchitectureNoBackendRunsIsNamedBeforeItsConfigIsRead() throws Exception {
        Path bloom = checkpoint("bloom", "BloomForCausalLM", "w");   // no hidden_size: not what the error is about
        ModelCache cache = new ModelCache(() -> List.of(new FakeBackend()), -1, line -> { });
        StepFailure f = assertThrows(StepFailure.class, () -> cache.get(bloom, "cpu", ModelDtype.FLOAT32));
        assertTrue(f.getMessage().contains("architecture BloomForCausalLM is not supported; installed backends: LlamaForCausalLM"),
                f.getMessage());
    }

    @Test
    void modelsAreKeyedByContentDeviceAndDtype() throws Exception {
        FakeBackend backend = new FakeBackend();
        ModelCache cache = new ModelCache(() -> List.of(backend), -1, line -> { });
        Path a = checkpoint("a", "LlamaForCausalLM", "weights-1");
        Path link = Files.createSymbolicLink(tmp.resolve("link"), a);
        LanguageModel first = cache.get(a, "cpu", ModelDtype.FLOAT32);
        assertSame(first, cache.get(link, "cpu", ModelDtype.FLOAT32));
        assertNotSame(first, cache.get(a, "cpu", ModelDtype.FLOAT16));
        Files.writeString(a.resolve("model.safetensors"), "weights-2");      // replaced in place
        assertNotSame(first, cache.get(a, "cpu", ModelDtype.FLOAT32));
        assertEquals(3, backend.loads.size());
    }

    @Test
    void beyondTheBudgetTheLeastRecentlyUsedIdleModelIsClosedNeverOneInUse() throws Exception {
        FakeBackend backend = new FakeBackend();
        List<String> log = new ArrayList<>();
        ModelCache cache = new ModelCache(() -> List.of(backend), 250, log::add);
        Path a = checkpoint("a", "LlamaForCausalLM", "A");
        Path b = checkpoint("b", "LlamaForCausalLM", "B");
        Path c = checkpoint("c", "LlamaForCausalLM", "C");
        ModelProvider.Hold ka = cache.acquire(a, "cpu", ModelDtype.FLOAT32, ProgressSink.NONE);
        ModelProvider.Hold kb = cache.acquire(b, "cpu", ModelDtype.FLOAT32, ProgressSink.NONE);
        LanguageModel ma = ka.model();
        LanguageModel mb = kb.model();
        kb.close();                                   // b idle, a still in use
        ModelProvider.Hold kc = cache.acquire(c, "cpu", ModelDtype.FLOAT32, ProgressSink.NONE);
        assertTrue(backend.closed.contains(mb), "b was idle and least recently used");
        assertFalse(backend.closed.contains(ma), "a is in use");
        assertEquals(2, cache.size());
        // everything in use: over budget, nothing closed
        ModelProvider.Hold kb2 = cache.acquire(b, "cpu", ModelDtype.FLOAT32, ProgressSink.NONE);
        assertEquals(3, cache.size());
        assertFalse(backend.closed.contains(ma));
        ka.close();                                   // now a can go
        assertTrue(backend.closed.contains(ma));
        assertEquals(2, cache.size());
        kc.close();
        kb2.close();
        assertTrue(log.stream().anyMatch(l -> l.contains("least recently used")), log.toString());
    }

    @Test
    void getHandsBackAnOpenModelEvenWhenItAloneExceedsTheBudget() throws Exception {
        FakeBackend backend = new FakeBackend();
        ModelCache cache = new ModelCache(() -> List.of(backend), 50, line -> { });
        LanguageModel m = cache.get(checkpoint("a", "LlamaForCausalLM", "A"), "cpu", ModelDtype.FLOAT32);
        assertFalse(backend.closed.contains(m), "a 100-byte model over a 50-byte budget is closed only by a later load");
        cache.get(checkpoint("b", "LlamaForCausalLM", "B"), "cpu", ModelDtype.FLOAT32);
        assertTrue(backend.closed.contains(m));
    }

    @Test
    void aLoadRefusedForMemoryClosesIdleModelsAndTriesAgainAndAutoSharesItsType() throws Exception {
        FakeBackend backend = new FakeBackend();
        backend.roomFor = 1;
        ModelCache cache = new ModelCache(() -> List.of(backend), -1, line -> { });
        Path a = checkpoint("a", "LlamaForCausalLM", "A");
        Path b = checkpoint("b", "LlamaForCausalLM", "B");
        LanguageModel ma = cache.get(a, "cpu", ModelDtype.FLOAT32);       // idle once returned
        LanguageModel mb = cache.get(b, "cpu", ModelDtype.FLOAT32);
        assertTrue(backend.closed.contains(ma), "the idle model made room");
        assertFalse(backend.closed.contains(mb));
        // while a step holds b, a new load that does not fit fails as the backend says
        ModelProvider.Hold held = cache.acquire(b, "cpu", ModelDtype.FLOAT32, ProgressSink.NONE);
        StepFailure f = assertThrows(StepFailure.class, () -> cache.get(a, "cpu", ModelDtype.FLOAT16));
        assertTrue(f.getMessage().contains("more memory"), f.getMessage());
        held.close();
        // auto is the checkpoint's torch_dtype (float32 when config.json names none): the same model
        assertSame(mb, cache.get(b, "cpu", ModelDtype.AUTO));
    }
}
