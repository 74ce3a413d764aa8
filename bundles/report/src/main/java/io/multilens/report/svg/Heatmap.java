package io.multilens.report.svg;

import java.util.List;
import java.util.function.DoubleFunction;

/**
 * A rows × columns grid of coloured cells with a colour key. Used for the languages' neuron
 * overlap and for the ablation matrix. Marks: {@code rect.cell}, one per row and column, each with
 * its value in a {@code <title>} and, when cells are large enough, as text on the cell.
 */
public final class Heatmap {

    /** What to draw; {@code outline} marks cells to frame (e.g. a language's own set on itself). */
    public record Spec(String label, String rowTitle, String columnTitle, List<String> rows, List<String> columns,
                       double[][] values, ColorScale scale, DoubleFunction<String> format, CellTest outline,
                       String outlineMeaning) {
    }

    @FunctionalInterface
    public interface CellTest {
        boolean test(int row, int column);
    }

    private static final double KEY_H = 52;
    private static final double KEY_W = 220;

    private Heatmap() {
    }

    public static Svg render(Spec spec) {
        int nr = spec.rows().size();
        int nc = spec.columns().size();
        double cell = Math.max(20, Math.min(58, 620.0 / Math.max(1, nc)));
        double cellH = Math.min(cell, 34);
        double left = 18 + Math.max(maxWidth(spec.rows(), 12), Legend.textWidth(spec.rowTitle() + " ↓", 11));
        double top = 34 + (cell < 40 ? maxWidth(spec.columns(), 12) * 0.7 : 0);
        double keyWidth = KEY_W + (spec.outlineMeaning() == null ? 0 : 42 + Legend.textWidth(spec.outlineMeaning(), 11));
        double width = Math.max(left + nc * cell, left + keyWidth) + 16;
        double height = top + nr * cellH + KEY_H + 8;
        Svg svg = new Svg(width, height, spec.label());
        svg.label(left + nc * cell / 2, 14, spec.columnTitle() + " →", 11, "middle", Svg.MUTED);
        for (int c = 0; c < nc; c++) {
            double x = left + (c + 0.5) * cell;
            if (cell < 40) {
                svg.text(x + 4, top - 6, spec.columns().get(c), Attrs.of("font-size", 12, "fill", Svg.INK,
                        "transform", "rotate(-45 " + Fmt.coord(x + 4) + " " + Fmt.coord(top - 6) + ")"));
            } else {
                svg.label(x, top - 8, spec.columns().get(c), 12, "middle", Svg.INK);
            }
        }
        svg.label(left - 8, top - 8, spec.rowTitle() + " ↓", 11, "end", Svg.MUTED);
        boolean showText = cell >= 34;
        for (int r = 0; r < nr; r++) {
            double y = top + r * cellH;
            svg.label(left - 8, y + cellH / 2 + 4, spec.rows().get(r), 12, "end", Svg.INK);
            for (int c = 0; c < nc; c++) {
                double v = spec.values()[r][c];
                double x = left + c * cell;
                String fill = Double.isFinite(v) ? spec.scale().color(v) : "#ffffff";
                String shown = Double.isFinite(v) ? spec.format().apply(v) : "n/a";
                svg.add("rect", Attrs.of("class", "cell", "x", x, "y", y, "width", cell, "height", cellH, "fill", fill,
                                "stroke", "#ffffff", "stroke-width", 1)
                                .data("row", spec.rows().get(r)).data("col", spec.columns().get(c)).data("value", Double.isFinite(v) ? v : null),
                        spec.rowTitle() + " " + spec.rows().get(r) + ", " + spec.columnTitle() + " " + spec.columns().get(c) + ": " + shown);
                if (showText) {
                    svg.text(x + cell / 2, y + cellH / 2 + 4, shown, Attrs.of("font-size", 10.5, "text-anchor", "middle",
                            "fill", ColorScale.textOn(fill), "pointer-events", "none"));
                }
            }
        }
        if (spec.outline() != null) {
            for (int r = 0; r < nr; r++) {
                for (int c = 0; c < nc; c++) {
                    if (spec.outline().test(r, c)) {
                        svg.add("rect", Attrs.of("class", "outline", "x", left + c * cell + 1.5, "y", top + r * cellH + 1.5,
                                "width", cell - 3, "height", cellH - 3, "fill", "none", "stroke", "#111111", "stroke-width", 2,
                                "pointer-events", "none"));
                    }
                }
            }
        }
        key(svg, spec, left, top + nr * cellH + 22);
        return svg;
    }

    /** The colour key: the scale in 40 steps with its ends and middle labelled. */
    private static void key(Svg svg, Spec spec, double x, double y) {
        double w = KEY_W;
        int steps = 40;
        ColorScale s = spec.scale();
        for (int i = 0; i < steps; i++) {
            double v = s.min() + (s.max() - s.min()) * (i + 0.5) / steps;
            svg.add("rect", Attrs.of("x", x + w * i / steps, "y", y, "width", w / steps + 0.5, "height", 10, "fill", s.color(v)));
        }
        svg.add("rect", Attrs.of("x", x, "y", y, "width", w, "height", 10, "fill", "none", "stroke", "#999999", "stroke-width", 0.5));
        svg.label(x, y + 23, spec.format().apply(s.min()), 10, "start", Svg.MUTED);
        svg.label(x + w / 2, y + 23, spec.format().apply((s.min() + s.max()) / 2), 10, "middle", Svg.MUTED);
        svg.label(x + w, y + 23, spec.format().apply(s.max()), 10, "end", Svg.MUTED);
        if (spec.outlineMeaning() != null) {
            svg.add("rect", Attrs.of("x", x + w + 24, "y", y - 1, "width", 12, "height", 12, "fill", "none", "stroke", "#111111", "stroke-width", 2));
            svg.label(x + w + 42, y + 9, spec.outlineMeaning(), 11, "start", Svg.INK);
        }
    }

    private static double maxWidth(List<String> labels, double size) {
        double m = 0;
        for (String l : labels) {
            m = Math.max(m, Legend.textWidth(l, size));
        }
        return m;
    }
}
