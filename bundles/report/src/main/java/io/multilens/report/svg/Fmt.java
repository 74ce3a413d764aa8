package io.multilens.report.svg;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;

/** Number formatting for figures and tables; always Locale.ROOT so a report reads the same everywhere. */
public final class Fmt {

    private Fmt() {
    }

    /** An SVG coordinate: two decimals at most, no trailing zeros (keeps the markup small). */
    public static String coord(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e9) {
            return Long.toString((long) v);
        }
        return BigDecimal.valueOf(Math.round(v * 100) / 100.0).stripTrailingZeros().toPlainString();
    }

    /** {@code digits} significant digits, plain notation unless the number is tiny or huge. */
    public static String sig(double v, int digits) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return String.valueOf(v);
        }
        if (v == 0) {
            return "0";
        }
        double a = Math.abs(v);
        if (a < 1e-4 || a >= 1e9) {
            return String.format(Locale.ROOT, "%." + (digits - 1) + "e", v);
        }
        BigDecimal d = new BigDecimal(v).round(new MathContext(digits));
        String s = d.toPlainString();
        return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
    }

    /** A fraction as a signed percentage, e.g. 0.01725 -> "+1.72%". */
    public static String signedPercent(double v, int decimals) {
        return String.format(Locale.ROOT, "%+." + decimals + "f%%", v * 100);
    }

    /** Seconds as a short duration: "0.05 s", "2 min 9 s", "1 h 3 min". */
    public static String duration(double seconds) {
        if (seconds < 60) {
            return sig(seconds, seconds < 1 ? 2 : 3) + " s";
        }
        long s = Math.round(seconds);
        if (s < 3600) {
            return (s / 60) + " min " + (s % 60) + " s";
        }
        return (s / 3600) + " h " + (s % 3600 / 60) + " min";
    }
}
