package io.multilens.model.llama;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.multilens.api.model.LanguageModel;
import io.multilens.api.neurons.NeuronSet;
import io.multilens.kit.SharedPrefix;
import io.multilens.testkit.SharedPrefixCheck;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Rows that switch nothing off below a layer share the blocks under it: one call over every
 * document under conditions starting at layers 0, L/2 and L-1 equals each row alone, and runs
 * fewer blocks than one pass over all rows.
 */
class SharedPrefixTest {

    @ParameterizedTest
    @ValueSource(strings = {Fixtures.LLAMA, Fixtures.QWEN3, Fixtures.PHI3})
    void rowsSharingTheirPrefixEqualEachRowAlone(String fixture) {
        try (LanguageModel model = Fixtures.load(fixture)) {
            SharedPrefixCheck.assertRowsEqualAlone(model, Fixtures.documents(fixture));
        }
    }

    /** Held values, held gates and residual shifts vary by row too: one call equals each row alone. */
    @ParameterizedTest
    @ValueSource(strings = {Fixtures.LLAMA, Fixtures.QWEN3, Fixtures.PHI3})
    void rowsUnderMixedChangesEqualEachRowAlone(String fixture) {
        try (LanguageModel model = Fixtures.load(fixture)) {
            io.multilens.testkit.MixedChangesCheck.assertRowsEqualAlone(model, Fixtures.documents(fixture));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {Fixtures.LLAMA})
    void theSharedPassRunsFewerBlocks(String fixture) {
        try (LanguageModel model = Fixtures.load(fixture)) {
            int[][] docs = Fixtures.documents(fixture);
            List<NeuronSet> sets = SharedPrefixCheck.conditions(model.config());
            int[][] rows = SharedPrefixCheck.rows(docs, sets.size());
            List<NeuronSet> off = new ArrayList<>();
            for (int r = 0; r < rows.length; r++) {
                off.add(sets.get(r % sets.size()));
            }
            int layers = model.config().numLayers();                       // 4: conditions from layers 0, 2 and 3
            // each document through all 4 blocks, then its layer-0 row 4 blocks, its layer-2 row 2, its layer-3 row 1
            assertEquals((long) docs.length * (4 + 4 + 2 + 1), SharedPrefix.blockRows(rows, off, layers));
            assertEquals(4, layers);
        }
    }
}
