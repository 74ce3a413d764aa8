package io.multilens.model.llama;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import io.multilens.api.model.GenerationOptions;
import io.multilens.api.model.LanguageModel;
import io.multilens.api.model.LayerProbe;
import io.multilens.api.neurons.Intervention;
import io.multilens.api.neurons.NeuronGroup;
import io.multilens.api.neurons.NeuronSet;
import io.multilens.api.neurons.Structure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Calls free everything they create: the arrays under the model's manager stay the weights alone. */
class MemoryTest {

    private static final NeuronSet SOME = NeuronSet.of(Map.of(new NeuronGroup(1, Structure.FFN), new int[] {1, 2},
            new NeuronGroup(2, Structure.Q), new int[] {4}));

    @Test
    void everyEntryPointLeavesNoArraysBehind() {
        int[][] docs = Fixtures.documents(Fixtures.QWEN2);
        try (LanguageModel model = Fixtures.load(Fixtures.QWEN2)) {
            int weights = model.manager().getManagedArrays().size();
            try (NDManager scope = NDManager.newBaseManager()) {
                model.logits(scope, docs, Intervention.off(SOME));
                model.trace(scope, docs, Intervention.off(SOME), new LayerProbe() { });
                model.trace(scope, docs, Intervention.off(SOME), new Recorder());
            }
            model.tokenLogProbs(docs, Intervention.off(SOME));
            model.generateIds(docs, new GenerationOptions(5, List.of(), false), Intervention.off(SOME));
            model.generateIds(docs, new GenerationOptions(5, List.of(), false).withCache(false), Intervention.off(SOME));
            assertEquals(weights, model.manager().getManagedArrays().size());
        }
    }

    /**
     * A 64-token document makes any per-call leak large: one leaked activation [1,64,64] would be
     * 160 MB over 10,000 calls. Memory is measured after a GC because per-call input buffers
     * are Java direct buffers that are released only when collected.
     */
    @Test
    void tenThousandCallsDoNotGrowMemory() throws Exception {
        int[] doc = Fixtures.documents(Fixtures.LLAMA)[1];
        int[][] docs = {IntStream.range(0, 64).map(i -> doc[i % doc.length]).toArray()};
        try (LanguageModel model = Fixtures.load(Fixtures.LLAMA)) {
            int weights = model.manager().getManagedArrays().size();
            for (int i = 0; i < 1_000; i++) {
                model.tokenLogProbs(docs, Intervention.off(SOME));
            }
            long warm = residentKbAfterGc();
            for (int i = 0; i < 10_000; i++) {
                model.tokenLogProbs(docs, Intervention.off(SOME));
            }
            long grown = residentKbAfterGc() - warm;
            assertEquals(weights, model.manager().getManagedArrays().size());
            assertTrue(grown < 100 * 1024, "resident memory grew by " + grown + " kB over 10,000 calls");
        }
    }

    private static long residentKbAfterGc() throws Exception {
        System.gc();
        Thread.sleep(300); // direct buffers are freed by the cleaner thread after the collection
        return residentKb();
    }

    private static long residentKb() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        throw new IllegalStateException("no VmRSS");
    }
}
