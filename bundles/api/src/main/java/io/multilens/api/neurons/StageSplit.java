package io.multilens.api.neurons;

import io.multilens.api.status.StepFailure;

/**
 * Which layers belong to which stage: understanding = the first {@code understanding} layers,
 * generation = the last {@code generation}, task-solving = the rest. The defaults, 8 and 4 of 32
 * layers, come from the authors' README (the paper gives no split); given as fractions (0.25,
 * 0.125) the same split scales to other depths.
 */
public record StageSplit(int layers, int understanding, int generation) {

    public StageSplit {
        if (understanding < 0 || generation < 0 || understanding + generation > layers) {
            throw new StepFailure("stages: " + understanding + " understanding + " + generation
                    + " generation layers do not fit in " + layers + " layers; lower n_understanding or n_generation");
        }
    }

    /**
     * @param nUnderstanding a layer count (≥ 1, whole) or a fraction of the layers (&lt; 1)
     * @param nGeneration    likewise
     */
    public static StageSplit of(int layers, double nUnderstanding, double nGeneration) {
        return new StageSplit(layers, count(layers, nUnderstanding, "n_understanding"), count(layers, nGeneration, "n_generation"));
    }

    private static int count(int layers, double n, String option) {
        if (n < 0) {
            throw new StepFailure("option '" + option + "' must be >= 0, got " + n);
        }
        if (n < 1) {
            return (int) Math.round(n * layers);
        }
        if (n != Math.rint(n)) {
            throw new StepFailure("option '" + option + "' is a layer count (whole number) or a fraction below 1, got " + n);
        }
        return (int) n;
    }

    public Stage stageOf(int layer) {
        if (layer < 0 || layer >= layers) {
            throw new IllegalArgumentException("layer " + layer + " outside 0.." + (layers - 1));
        }
        if (layer < understanding) {
            return Stage.UNDERSTANDING;
        }
        return layer >= layers - generation ? Stage.GENERATION : Stage.TASK_SOLVING;
    }
}
