package io.multilens.report.svg;

import java.util.ArrayList;
import java.util.List;

/** A linear value axis with "nice" ticks (1, 2, 2.5, 5 × 10^k), mapped onto a pixel range. */
public final class Axis {

    private final double lo;
    private final double hi;
    private final double step;
    private final double pixelLo;
    private final double pixelHi;

    private Axis(double lo, double hi, double step, double pixelLo, double pixelHi) {
        this.lo = lo;
        this.hi = hi;
        this.step = step;
        this.pixelLo = pixelLo;
        this.pixelHi = pixelHi;
    }

    /**
     * An axis covering {@code [min, max]}, widened to whole ticks; {@code pixelLo} is where
     * {@code lo} lands (the bottom of a vertical axis has the larger pixel value).
     */
    public static Axis of(double min, double max, int targetTicks, double pixelLo, double pixelHi) {
        return of(min, max, targetTicks, pixelLo, pixelHi, false);
    }

    /** An axis of whole numbers (e.g. optimiser steps): no tick falls between two of them. */
    public static Axis whole(double min, double max, int targetTicks, double pixelLo, double pixelHi) {
        return of(min, max, targetTicks, pixelLo, pixelHi, true);
    }

    private static Axis of(double min, double max, int targetTicks, double pixelLo, double pixelHi, boolean whole) {
        if (!(max > min)) {
            max = min + (min == 0 ? 1 : Math.abs(min) * 0.1);
        }
        double raw = (max - min) / Math.max(1, targetTicks);
        double mag = Math.pow(10, Math.floor(Math.log10(raw)));
        double step = mag;
        for (double m : new double[] {1, 2, 2.5, 5, 10}) {
            if (m * mag >= raw) {
                step = m * mag;
                break;
            }
        }
        if (whole) {
            step = Math.max(1, Math.ceil(step));
        }
        double lo = Math.floor(min / step + 1e-9) * step;
        double hi = Math.ceil(max / step - 1e-9) * step;
        return new Axis(lo, hi, step, pixelLo, pixelHi);
    }

    public double lo() {
        return lo;
    }

    public double hi() {
        return hi;
    }

    public double pixel(double value) {
        return pixelLo + (value - lo) / (hi - lo) * (pixelHi - pixelLo);
    }

    public List<Double> ticks() {
        List<Double> t = new ArrayList<>();
        for (int i = 0; lo + i * step <= hi + step * 1e-9; i++) {
            t.add(lo + i * step);
        }
        return t;
    }

    /** Horizontal grid lines and labels for a vertical axis whose labels end at {@code x}. */
    public void drawVertical(Svg svg, double x, double plotLeft, double plotRight) {
        for (double t : ticks()) {
            double y = pixel(t);
            svg.add("line", Attrs.of("x1", plotLeft, "x2", plotRight, "y1", y, "y2", y, "stroke", Svg.GRID, "stroke-width", 1));
            svg.label(x, y + 3.5, Fmt.sig(t, 4), 10, "end", Svg.MUTED);
        }
    }
}
