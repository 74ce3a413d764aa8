package io.multilens.plnd.select;

import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Which neurons of one group count as active in one document, from that document's importance
 * scores. Rank rules break ties by the lower index, so results never depend on sort stability.
 */
public sealed interface ActivityRule {

    boolean[] active(float[] scores);

    /** The k most important neurons of the group (all when the group has fewer). */
    record TopK(int k) implements ActivityRule {
        public TopK {
            if (k < 1) {
                throw new IllegalArgumentException("top_k needs a count >= 1, got " + k);
            }
        }

        @Override
        public boolean[] active(float[] scores) {
            return topCount(scores, Math.min(k, scores.length));
        }
    }

    /** The ceil(fraction * n) most important neurons of the group. */
    record TopFraction(double fraction) implements ActivityRule {
        public TopFraction {
            if (!(fraction > 0 && fraction <= 1)) {
                throw new IllegalArgumentException("top_fraction needs a value in (0, 1], got " + fraction);
            }
        }

        @Override
        public boolean[] active(float[] scores) {
            // the epsilon keeps e.g. 0.07 * 100 = 7.000000000000001 from becoming 8
            int k = (int) Math.ceil(fraction * scores.length - 1e-9);
            return topCount(scores, Math.min(k, scores.length));
        }
    }

    /** Every neuron whose importance reaches an absolute value ({@code >=}, as the paper writes it). */
    record Threshold(double value) implements ActivityRule {
        @Override
        public boolean[] active(float[] scores) {
            boolean[] out = new boolean[scores.length];
            for (int i = 0; i < scores.length; i++) {
                out[i] = scores[i] >= value;
            }
            return out;
        }
    }

    /** Builds a rule from its option name ({@code top_k}, {@code top_fraction}, {@code threshold}) and value. */
    static ActivityRule of(String name, double value) {
        return switch (name) {
            case "top_k" -> {
                if (value != Math.rint(value)) {
                    throw new IllegalArgumentException("top_k needs a whole number, got " + value);
                }
                yield new TopK((int) value);
            }
            case "top_fraction" -> new TopFraction(value);
            case "threshold" -> new Threshold(value);
            default -> throw new IllegalArgumentException("unknown activity rule '" + name
                    + "': expected top_k, top_fraction or threshold");
        };
    }

    private static boolean[] topCount(float[] scores, int k) {
        Comparator<Integer> byScore = Comparator.<Integer>comparingDouble(i -> scores[i]).reversed();
        boolean[] out = new boolean[scores.length];
        IntStream.range(0, scores.length).boxed()
                .sorted(byScore.thenComparingInt(i -> i))
                .limit(k)
                .forEach(i -> out[i] = true);
        return out;
    }
}
