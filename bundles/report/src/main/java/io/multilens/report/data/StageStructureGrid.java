package io.multilens.report.data;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;

/**
 * The paper's stage x structure ablation, read from an evaluator's {@code english_vs_others}
 * (relative NLL change on English and mean over the other languages) for the conditions an
 * {@code ablate} step with {@code stage_structure_grid} writes: {@code <stage>.<structure>} and
 * {@code <stage>.<structure>.random}. Cells without their condition are NaN.
 *
 * @param values [stage][structure][0: Δen, 1: Δnon-en, 2: random Δen, 3: random Δnon-en]
 */
public record StageStructureGrid(double[][][] values) {

    public static final List<String> STAGES = List.of("understanding", "task_solving", "generation");
    public static final List<String> STRUCTURES = List.of("attention", "ffn", "both");

    public static Optional<StageStructureGrid> from(JsonNode englishVsOthers) {
        double[][][] v = new double[STAGES.size()][STRUCTURES.size()][4];
        boolean any = false;
        for (int s = 0; s < STAGES.size(); s++) {
            for (int t = 0; t < STRUCTURES.size(); t++) {
                String name = STAGES.get(s) + "." + STRUCTURES.get(t);
                JsonNode cell = englishVsOthers.path(name);
                JsonNode random = englishVsOthers.path(name + ".random");
                v[s][t][0] = number(cell.path("delta_en"));
                v[s][t][1] = number(cell.path("delta_non_en"));
                v[s][t][2] = number(random.path("delta_en"));
                v[s][t][3] = number(random.path("delta_non_en"));
                any |= !Double.isNaN(v[s][t][0]);
            }
        }
        return any ? Optional.of(new StageStructureGrid(v)) : Optional.empty();
    }

    private static double number(JsonNode n) {
        return n.isNumber() ? n.asDouble() : Double.NaN;
    }
}
