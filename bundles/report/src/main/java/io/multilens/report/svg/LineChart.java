package io.multilens.report.svg;

import java.util.ArrayList;
import java.util.List;

/**
 * Series of (x, y) points as lines over a shared x-axis of whole numbers (optimiser steps), each labelled at its last point (colours
 * repeat past seven series; the labels and dash patterns keep them apart). Marks:
 * {@code polyline.series} per series (with {@code data-points}) and, when asked,
 * {@code circle.point} per point.
 */
public final class LineChart {

    public record Series(String name, double[] x, double[] y) {
    }

    static final double LEFT = 58;
    static final double RIGHT = 70;
    static final double TOP = 24;
    static final double BOTTOM = 36;

    private LineChart() {
    }

    public static Svg render(String label, String xTitle, String yTitle, List<Series> series, boolean points,
                             double width, double height) {
        double xmin = Double.POSITIVE_INFINITY;
        double xmax = Double.NEGATIVE_INFINITY;
        double ymin = Double.POSITIVE_INFINITY;
        double ymax = Double.NEGATIVE_INFINITY;
        for (Series s : series) {
            for (int i = 0; i < s.x().length; i++) {
                xmin = Math.min(xmin, s.x()[i]);
                xmax = Math.max(xmax, s.x()[i]);
                ymin = Math.min(ymin, s.y()[i]);
                ymax = Math.max(ymax, s.y()[i]);
            }
        }
        if (xmin == xmax) {
            xmin = Math.max(0, xmin - 1);
            xmax = xmax + 1;
        }
        Svg svg = new Svg(width, height, label);
        double plotB = height - BOTTOM;
        double plotR = width - RIGHT;
        Axis y = Axis.of(ymin, ymax, 5, plotB, TOP);
        Axis x = Axis.whole(xmin, xmax, 8, LEFT, plotR);
        y.drawVertical(svg, LEFT - 6, LEFT, plotR);
        for (double t : x.ticks()) {
            svg.label(x.pixel(t), plotB + 14, Fmt.sig(t, 6), 10, "middle", Svg.MUTED);
        }
        svg.add("line", Attrs.of("x1", LEFT, "x2", plotR, "y1", plotB, "y2", plotB, "stroke", Svg.INK, "stroke-width", 1));
        svg.label((LEFT + plotR) / 2, height - 6, xTitle, 11, "middle", Svg.MUTED);
        svg.text(14, TOP - 10, yTitle, Attrs.of("font-size", 11, "fill", Svg.MUTED));

        List<double[]> ends = new ArrayList<>();
        for (int si = 0; si < series.size(); si++) {
            Series s = series.get(si);
            String color = Palette.category(si);
            StringBuilder pts = new StringBuilder();
            for (int i = 0; i < s.x().length; i++) {
                pts.append(Fmt.coord(x.pixel(s.x()[i]))).append(',').append(Fmt.coord(y.pixel(s.y()[i]))).append(' ');
            }
            svg.add("polyline", Attrs.of("class", "series", "points", pts.toString().trim(), "fill", "none", "stroke", color,
                    "stroke-width", 2, "stroke-linejoin", "round", "stroke-dasharray", Palette.dash(si))
                    .data("series", s.name()).data("points", s.x().length), s.name());
            if (points) {
                for (int i = 0; i < s.x().length; i++) {
                    svg.add("circle", Attrs.of("class", "point", "cx", x.pixel(s.x()[i]), "cy", y.pixel(s.y()[i]), "r", 3.5,
                            "fill", color, "stroke", "#ffffff", "stroke-width", 1).data("series", s.name()).data("value", s.y()[i]),
                            s.name() + " at " + Fmt.sig(s.x()[i], 6) + ": " + Fmt.sig(s.y()[i], 4));
                }
            }
            int last = s.x().length - 1;
            if (last >= 0) {
                ends.add(new double[] {x.pixel(s.x()[last]), y.pixel(s.y()[last]), si});
            }
        }
        labelEnds(svg, series, ends);
        return svg;
    }

    /** Names at the series' last points, pushed apart vertically so they do not overlap. */
    private static void labelEnds(Svg svg, List<Series> series, List<double[]> ends) {
        if (series.size() < 2) {
            return;
        }
        ends.sort((a, b) -> Double.compare(a[1], b[1]));
        double prev = Double.NEGATIVE_INFINITY;
        for (double[] e : ends) {
            double ly = Math.max(e[1] + 4, prev + 12);
            int si = (int) e[2];
            svg.label(e[0] + 8, ly, series.get(si).name(), 11, "start", Palette.category(si));
            prev = ly;
        }
    }
}
