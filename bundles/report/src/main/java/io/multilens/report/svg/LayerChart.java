package io.multilens.report.svg;

import io.multilens.api.neurons.Structure;
import io.multilens.report.data.LayerCounts;
import io.multilens.report.data.StageBands;
import java.util.ArrayList;
import java.util.List;

/**
 * The paper's Figure 3: for each language a panel with, per layer, one bar of attention neurons
 * (q + k + v + o) and one of FFN neurons, over the understanding / task-solving / generation
 * stages shaded behind. Panels share one y-axis so languages compare at a glance.
 * Marks: {@code rect.bar} (layers × 2 × languages, zero counts included as empty bars).
 */
public final class LayerChart {

    static final double PANEL_W = 520;
    static final double PANEL_H = 196;
    static final double LEFT = 46;
    static final double RIGHT = 12;
    static final double TOP = 40;
    static final double BOTTOM = 30;
    static final double LEGEND_H = 34;

    private static final String[] STAGE_FILL = {"#e9e9e9", "#f8f8f8", "#e9e9e9"};

    private LayerChart() {
    }

    public static Svg render(LayerCounts counts, StageBands stages) {
        int n = counts.languages().size();
        int cols = n == 1 ? 1 : 2;
        int rows = (n + cols - 1) / cols;
        Svg svg = new Svg(cols * PANEL_W, LEGEND_H + rows * PANEL_H,
                "Language-specific neurons per layer, attention and FFN, for " + String.join(", ", counts.languages()));
        Legend.draw(svg, LEFT, 20, List.of(
                new Legend.Entry("attention (q+k+v+o)", Palette.ATTENTION),
                new Legend.Entry("FFN", Palette.FFN),
                new Legend.Entry("understanding / generation layers", STAGE_FILL[0])));
        for (int i = 0; i < n; i++) {
            double ox = (i % cols) * PANEL_W;
            double oy = LEGEND_H + (i / cols) * PANEL_H;
            panel(svg, counts, stages, counts.languages().get(i), ox, oy);
        }
        return svg;
    }

    private static void panel(Svg svg, LayerCounts counts, StageBands stages, String lang, double ox, double oy) {
        double plotL = ox + LEFT;
        double plotR = ox + PANEL_W - RIGHT;
        double plotT = oy + TOP;
        double plotB = oy + PANEL_H - BOTTOM;
        // the same value range in every panel, so bar heights compare across languages
        Axis y = Axis.of(0, Math.max(1, counts.max()), 4, plotB, plotT);
        int layers = counts.layers();
        double gw = (plotR - plotL) / Math.max(1, layers);
        svg.open("g", Attrs.of("class", "panel").data("lang", lang));
        svg.text(plotL, oy + 16, lang, Attrs.of("font-size", 14, "font-weight", 600, "fill", Svg.INK));
        svg.label(plotL + Legend.textWidth(lang, 14) + 8, oy + 16, counts.total(lang) + " neurons", 11, "start", Svg.MUTED);

        int bandIndex = 0;
        for (StageBands.Band band : stages.bands()) {
            double x0 = plotL + band.from() * gw;
            double w = (band.to() - band.from()) * gw;
            String fill = band.name().equals("task-solving") ? STAGE_FILL[1] : STAGE_FILL[bandIndex % 2 == 0 ? 0 : 2];
            svg.add("rect", Attrs.of("class", "stage", "x", x0, "y", plotT - 12, "width", w, "height", plotB - plotT + 12,
                    "fill", fill).data("stage", band.name()),
                    band.name() + " stage: layers " + band.from() + "–" + (band.to() - 1));
            String text = Legend.textWidth(band.name(), 10) <= w - 4 ? band.name() : band.name().substring(0, 1).toUpperCase();
            svg.label(x0 + w / 2, plotT - 3, text, 10, "middle", Svg.MUTED);
            bandIndex++;
        }
        y.drawVertical(svg, plotL - 5, plotL, plotR);

        double bw = gw * 0.38;
        for (int l = 0; l < layers; l++) {
            double gx = plotL + l * gw;
            bar(svg, lang, l, "attention", counts.attention(lang, l), gx + gw * 0.1, bw, y, Palette.ATTENTION, breakdown(counts, lang, l));
            bar(svg, lang, l, "ffn", counts.ffn(lang, l), gx + gw * 0.1 + bw + gw * 0.04, bw, y, Palette.FFN, "");
        }
        svg.add("line", Attrs.of("x1", plotL, "x2", plotR, "y1", plotB, "y2", plotB, "stroke", Svg.INK, "stroke-width", 1));
        int every = Math.max(1, (int) Math.ceil(layers / 16.0));
        for (int l = 0; l < layers; l += every) {
            svg.label(plotL + (l + 0.5) * gw, plotB + 13, Integer.toString(l), 10, "middle", Svg.MUTED);
        }
        svg.label(plotR, plotB + 26, "layer", 10, "end", Svg.MUTED);
        svg.close("g");
    }

    private static void bar(Svg svg, String lang, int layer, String structure, int value, double x, double w, Axis y,
                            String color, String detail) {
        double top = y.pixel(value);
        double base = y.pixel(0);
        svg.add("rect", Attrs.of("class", "bar", "x", x, "y", top, "width", w, "height", base - top, "fill", color)
                        .data("lang", lang).data("layer", layer).data("structure", structure).data("value", value),
                lang + ", layer " + layer + ", " + (structure.equals("ffn") ? "FFN" : "attention") + ": " + value + detail);
    }

    /** " (q 8, k 5, v 8, o 8)": the attention bar's parts, for its hover text. */
    private static String breakdown(LayerCounts counts, String lang, int layer) {
        List<String> parts = new ArrayList<>();
        for (Structure s : Structure.values()) {
            if (s.isAttention()) {
                parts.add(s.key().substring(s.key().indexOf('.') + 1) + " " + counts.count(lang, layer, s));
            }
        }
        return " (" + String.join(", ", parts) + ")";
    }
}
