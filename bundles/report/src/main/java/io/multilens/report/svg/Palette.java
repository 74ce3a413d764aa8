package io.multilens.report.svg;

/**
 * Categorical colours: Okabe & Ito's palette, distinguishable with every common colour-vision
 * deficiency (yellow is left out: it vanishes on white). Past seven categories colours repeat,
 * so charts with many series also label them directly.
 */
public final class Palette {

    public static final String BLUE = "#0072B2";
    public static final String ORANGE = "#E69F00";

    private static final String[] CATEGORICAL = {BLUE, ORANGE, "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000"};

    /** Attention and FFN neurons in every figure. */
    public static final String ATTENTION = BLUE;
    public static final String FFN = ORANGE;

    private Palette() {
    }

    public static String category(int i) {
        return CATEGORICAL[Math.floorMod(i, CATEGORICAL.length)];
    }

    /** A dash pattern that tells apart series whose colour repeats (null for the first round). */
    public static String dash(int i) {
        return switch (Math.floorMod(i / CATEGORICAL.length, 3)) {
            case 0 -> null;
            case 1 -> "6 3";
            default -> "2 3";
        };
    }
}
