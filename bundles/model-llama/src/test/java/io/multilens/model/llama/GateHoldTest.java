package io.multilens.model.llama;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import io.multilens.api.model.LanguageModel;
import io.multilens.api.model.LayerProbe;
import io.multilens.api.model.MlpTrace;
import io.multilens.api.neurons.Intervention;
import io.multilens.api.neurons.NeuronGroup;
import io.multilens.api.neurons.NeuronSet;
import io.multilens.api.neurons.NeuronValues;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * LAPE's steering hook: a held gate replaces act(gate) before {@code * up}, so the unit's value is
 * the held value times up(x) at every token (not a constant); units switched off are zero, except
 * one that is also held, which keeps its gate; every other unit is act(gate) * up as computed.
 */
class GateHoldTest {

    @ParameterizedTest
    @ValueSource(strings = {Fixtures.LLAMA, Fixtures.QWEN3, Fixtures.PHI3})
    void aHeldGateIsMultipliedByUpAtEveryToken(String fixture) {
        try (LanguageModel model = Fixtures.load(fixture); NDManager scope = model.manager().newSubManager()) {
            int[] doc = Fixtures.documents(fixture)[0];
            int layer = 1;
            int units = model.config().intermediateSize();
            NeuronGroup ffn = NeuronGroup.parse("layers." + layer + ".mlp.ffn");
            int[] held = {2, 5};
            float[] values = {0.75f, -1.5f};
            // unit 5 is both off and held: it is steered; unit 7 is only off
            Intervention change = new Intervention(NeuronSet.of(Map.of(ffn, new int[] {5, 7})), NeuronValues.empty(), Map.of(),
                    NeuronValues.of(Map.of(ffn, new NeuronValues.Entry(held, values))));
            Map<String, float[]> plain = mlp(model, scope, doc, layer, Intervention.NONE);
            Map<String, float[]> steered = mlp(model, scope, doc, layer, change);
            float[] up = steered.get("up");
            float[] act = steered.get("act");
            for (int t = 0; t < doc.length; t++) {
                for (int u = 0; u < units; u++) {
                    int i = t * units + u;
                    double expected = u == 2 ? values[0] * up[i] : u == 5 ? values[1] * up[i] : u == 7 ? 0
                            : steered.get("activated")[i] * up[i];
                    assertEquals(expected, act[i], 1e-5 * Math.max(1, Math.abs(expected)), "token " + t + " unit " + u);
                }
                assertEquals(values[0], steered.get("activated")[t * units + 2], 0f, "the trace shows the held gate");
            }
            float[] plainAct = plain.get("act");
            for (int i = 0; i < plainAct.length; i++) {
                assertEquals(plain.get("up")[i], up[i], 0f, "this layer's input is unchanged, and so is up(x)");
                int u = i % units;
                if (u != 2 && u != 5 && u != 7) {
                    assertEquals(plainAct[i], act[i], 0f, "untouched unit " + u);
                }
            }
            double spread = Math.abs(act[2] - act[units + 2]);
            assertTrue(spread > 1e-6, "the held unit's value follows up(x) from token to token, unlike a held value");
        }
    }

    /** Layer {@code layer}'s MLP tensors for one document, flattened [T*I]. */
    private static Map<String, float[]> mlp(LanguageModel model, NDManager scope, int[] doc, int layer, Intervention change) {
        Map<String, float[]> out = new HashMap<>();
        model.trace(scope, new int[][] {doc}, change, new LayerProbe() {
            @Override
            public void mlp(int l, MlpTrace trace) {
                if (l == layer) {
                    out.put("up", trace.up().toFloatArray());
                    out.put("activated", trace.activated().toFloatArray());
                    out.put("act", trace.act().toFloatArray());
                }
            }
        });
        return out;
    }
}
