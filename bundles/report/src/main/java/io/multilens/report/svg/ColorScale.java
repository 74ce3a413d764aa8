package io.multilens.report.svg;

import java.util.Locale;

/**
 * A continuous colour scale through evenly spaced anchor colours, interpolated in sRGB. The
 * anchors are published colour-blind-safe palettes, so the interpolated ramps stay readable with
 * deuteranopia, protanopia and tritanopia.
 */
public final class ColorScale {

    /** ColorBrewer RdBu (11 classes), blue for negative, white at 0, red for positive. */
    public static final String[] RD_BU = {"#053061", "#2166ac", "#4393c3", "#92c5de", "#d1e5f0", "#f7f7f7",
        "#fddbc7", "#f4a582", "#d6604d", "#b2182b", "#67001f"};

    /** ColorBrewer Blues (9 classes): one hue from near-white (low) to dark blue (high). */
    public static final String[] BLUES = {"#f7fbff", "#deebf7", "#c6dbef", "#9ecae1", "#6baed6", "#4292c6",
        "#2171b5", "#08519c", "#08306b"};

    private final int[][] anchors;
    private final double min;
    private final double max;

    private ColorScale(String[] hex, double min, double max) {
        this.anchors = new int[hex.length][];
        for (int i = 0; i < hex.length; i++) {
            anchors[i] = rgb(hex[i]);
        }
        this.min = min;
        this.max = max;
    }

    /** A diverging scale centred on 0 that reaches its darkest colours at ±{@code extent}. */
    public static ColorScale diverging(double extent) {
        double e = extent > 0 ? extent : 1;
        return new ColorScale(RD_BU, -e, e);
    }

    public static ColorScale sequential(double min, double max) {
        return new ColorScale(BLUES, min, max > min ? max : min + 1);
    }

    public double min() {
        return min;
    }

    public double max() {
        return max;
    }

    public String color(double value) {
        double t = (Math.max(min, Math.min(max, value)) - min) / (max - min);
        double pos = t * (anchors.length - 1);
        int i = Math.min((int) Math.floor(pos), anchors.length - 2);
        double f = pos - i;
        int[] a = anchors[i];
        int[] b = anchors[i + 1];
        return String.format(Locale.ROOT, "#%02x%02x%02x", mix(a[0], b[0], f), mix(a[1], b[1], f), mix(a[2], b[2], f));
    }

    /** Black or white, whichever reads better on {@code background} (WCAG relative luminance). */
    public static String textOn(String background) {
        int[] c = rgb(background);
        double l = 0.2126 * lin(c[0]) + 0.7152 * lin(c[1]) + 0.0722 * lin(c[2]);
        return l > 0.179 ? "#111111" : "#ffffff";
    }

    private static double lin(int channel) {
        double s = channel / 255.0;
        return s <= 0.03928 ? s / 12.92 : Math.pow((s + 0.055) / 1.055, 2.4);
    }

    private static int mix(int a, int b, double f) {
        return (int) Math.round(a + (b - a) * f);
    }

    private static int[] rgb(String hex) {
        int v = Integer.parseInt(hex.substring(1), 16);
        return new int[] {v >> 16 & 0xff, v >> 8 & 0xff, v & 0xff};
    }
}
