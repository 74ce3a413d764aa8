package io.multilens.plnd.select;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.multilens.api.neurons.NeuronGroup;
import io.multilens.api.neurons.NeuronSet;
import io.multilens.api.neurons.Structure;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReleaseKvRowsTest {

    private static final NeuronGroup Q = new NeuronGroup(0, Structure.Q);
    private static final NeuronGroup K = new NeuronGroup(0, Structure.K);
    private static final NeuronGroup V = new NeuronGroup(1, Structure.V);

    @Test
    void kAndVEntriesAreDividedByTheGroupSizeAndQIsNot() {
        // Mistral's shape, in small: 4 query heads per key/value head; entry 130 = head 1, dimension 2 of a 128-wide head
        NeuronSet queryHeads = NeuronSet.of(Map.of(Q, new int[] {5, 130}, K, new int[] {0, 1, 2, 3, 130, 4095},
                V, new int[] {7, 8}));
        NeuronSet rows = new ReleaseKvRows(4).rows(queryHeads);
        assertArrayEquals(new int[] {5, 130}, rows.indices(Q));
        // 0..3 share row 0; 130 -> 32 (key/value head 0, dimension 32, not 2); 4095 -> 1023
        assertArrayEquals(new int[] {0, 32, 1023}, rows.indices(K));
        assertArrayEquals(new int[] {1, 2}, rows.indices(V));
        assertEquals(queryHeads, new ReleaseKvRows(1).rows(queryHeads), "no grouping: unchanged");
    }

    @Test
    void aRowCarriesTheLargestValueOfItsEntries() {
        NeuronSet queryHeads = NeuronSet.of(Map.of(K, new int[] {0, 1, 5}));
        Map<NeuronGroup, double[]> values = new ReleaseKvRows(2).rowValues(queryHeads, Map.of(K, new double[] {0.5, 2.0, 1.0}));
        assertArrayEquals(new double[] {2.0, 1.0}, values.get(K));
    }
}
