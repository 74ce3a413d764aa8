package io.multilens.report.data;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The paper's three layer stages: understanding (the first layers), task-solving, generation
 * (the last layers). The split comes from the ablation step that used it when there is one, else
 * the proportions of the authors' README (8 and 4 of 32 layers; the paper gives no split), rounded as
 * the ablate plugin rounds them.
 *
 * @param source where the split comes from, for the figure's caption
 */
public record StageBands(int layers, int understanding, int generation, String source) {

    public static final double UNDERSTANDING_FRACTION = 0.25;
    public static final double GENERATION_FRACTION = 0.125;

    /** One stage's layers {@code [from, to)}. */
    public record Band(String name, int from, int to) {
    }

    public static StageBands defaults(int layers) {
        int u = (int) Math.round(UNDERSTANDING_FRACTION * layers);
        int g = (int) Math.round(GENERATION_FRACTION * layers);
        if (u + g > layers) {
            g = Math.max(0, layers - u);
        }
        return new StageBands(layers, u, g, "the split of the authors' README, 8 and 4 of 32 layers: first 25% and last 12.5%");
    }

    /** From {@code provenance.stages} of an ablate step's neurons.json ({@code layers, understanding, generation}). */
    public static Optional<StageBands> fromProvenance(JsonNode stages, String source) {
        if (!stages.path("layers").canConvertToInt() || !stages.path("understanding").canConvertToInt()
                || !stages.path("generation").canConvertToInt()) {
            return Optional.empty();
        }
        int layers = stages.path("layers").asInt();
        int u = stages.path("understanding").asInt();
        int g = stages.path("generation").asInt();
        if (layers <= 0 || u < 0 || g < 0 || u + g > layers) {
            return Optional.empty();
        }
        return Optional.of(new StageBands(layers, u, g, source));
    }

    /** The non-empty stages in layer order. */
    public List<Band> bands() {
        List<Band> out = new ArrayList<>();
        if (understanding > 0) {
            out.add(new Band("understanding", 0, understanding));
        }
        if (layers - generation > understanding) {
            out.add(new Band("task-solving", understanding, layers - generation));
        }
        if (generation > 0) {
            out.add(new Band("generation", layers - generation, layers));
        }
        return out;
    }
}
