package io.multilens.report.data;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;

/**
 * The stage x structure ablation from an evaluator's metrics.json. Preferably as the authors ran
 * it ({@code paper_protocol_grid}: per cell, each non-English language L's own neurons there
 * switched off, the change on English and on L, mean over L); else the all-languages variant
 * ({@code english_vs_others} of the conditions {@code <stage>.<structure>} that an {@code ablate}
 * step with {@code grid_sets: union} writes: every language's neurons off together, the change on
 * English and the mean over the others). Cells without their condition are NaN.
 *
 * @param values   [stage][structure][0: Δen, 1: Δown (protocol) or Δnon-en (union), 2: random Δen, 3: random Δown or Δnon-en]
 * @param protocol true when read from the authors' protocol
 */
public record StageStructureGrid(double[][][] values, boolean protocol) {

    public static final List<String> STAGES = List.of("understanding", "task_solving", "generation");
    public static final List<String> STRUCTURES = List.of("attention", "ffn", "both");

    /** From a whole metrics.json: the protocol grid when there is one, else the union grid. */
    public static Optional<StageStructureGrid> fromMetrics(JsonNode metrics) {
        Optional<StageStructureGrid> protocol = read(metrics.path("paper_protocol_grid"), true);
        return protocol.isPresent() ? protocol : read(metrics.path("english_vs_others"), false);
    }

    private static Optional<StageStructureGrid> read(JsonNode node, boolean protocol) {
        double[][][] v = new double[STAGES.size()][STRUCTURES.size()][4];
        boolean any = false;
        for (int s = 0; s < STAGES.size(); s++) {
            for (int t = 0; t < STRUCTURES.size(); t++) {
                String name = STAGES.get(s) + "." + STRUCTURES.get(t);
                if (protocol) {
                    JsonNode mean = node.path(name).path("mean");
                    v[s][t][0] = number(mean.path("delta_en"));
                    v[s][t][1] = number(mean.path("delta_own"));
                    v[s][t][2] = number(mean.path("random_delta_en"));
                    v[s][t][3] = number(mean.path("random_delta_own"));
                } else {
                    JsonNode cell = node.path(name);
                    JsonNode random = node.path(name + ".random");
                    v[s][t][0] = number(cell.path("delta_en"));
                    v[s][t][1] = number(cell.path("delta_non_en"));
                    v[s][t][2] = number(random.path("delta_en"));
                    v[s][t][3] = number(random.path("delta_non_en"));
                }
                any |= !Double.isNaN(v[s][t][0]);
            }
        }
        return any ? Optional.of(new StageStructureGrid(v, protocol)) : Optional.empty();
    }

    /** The second quantity's label: the language's own change, or the mean over the others. */
    public String otherLabel() {
        return protocol ? "Δown" : "Δnon-en";
    }

    private static double number(JsonNode n) {
        return n.isNumber() ? n.asDouble() : Double.NaN;
    }
}
