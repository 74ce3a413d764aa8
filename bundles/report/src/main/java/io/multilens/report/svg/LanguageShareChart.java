package io.multilens.report.svg;

import io.multilens.report.data.LayerLanguages;
import io.multilens.report.data.StageBands;
import java.util.List;

/**
 * Which language each layer decodes to: per language a panel of stacked bars, one per depth
 * (embeddings, then each block), split into the reference language's, the language's own, other
 * languages' and no language's share of the top-1 logit-lens tokens, over the understanding /
 * task-solving / generation stages shaded behind the blocks. Marks: {@code rect.share} (depths ×
 * classes × languages).
 */
public final class LanguageShareChart {

    static final double PANEL_W = 520;
    static final double PANEL_H = 190;
    static final double LEFT = 46;
    static final double RIGHT = 12;
    static final double TOP = 40;
    static final double BOTTOM = 30;
    static final double LEGEND_H = 34;
    static final String[] COLORS = {Palette.BLUE, Palette.ORANGE, "#009E73", "#d9d9d9"};
    private static final String STAGE_FILL = "#efefef";

    private LanguageShareChart() {
    }

    public static Svg render(LayerLanguages data, StageBands stages) {
        List<String> langs = List.copyOf(data.languages().keySet());
        int cols = langs.size() == 1 ? 1 : 2;
        int rows = (langs.size() + cols - 1) / cols;
        Svg svg = new Svg(cols * PANEL_W, LEGEND_H + rows * PANEL_H,
                "Logit-lens language of the top-1 token per layer, for " + String.join(", ", langs));
        Legend.draw(svg, LEFT, 20, List.of(
                new Legend.Entry("reference (" + data.reference() + ")", COLORS[0]),
                new Legend.Entry("own language", COLORS[1]),
                new Legend.Entry("another listed language", COLORS[2]),
                new Legend.Entry("none", COLORS[3])));
        for (int i = 0; i < langs.size(); i++) {
            panel(svg, langs.get(i), data.languages().get(langs.get(i)), stages, (i % cols) * PANEL_W,
                    LEGEND_H + (i / cols) * PANEL_H);
        }
        return svg;
    }

    private static void panel(Svg svg, String lang, List<LayerLanguages.Depth> depths, StageBands stages, double ox, double oy) {
        double plotL = ox + LEFT;
        double plotR = ox + PANEL_W - RIGHT;
        double plotT = oy + TOP;
        double plotB = oy + PANEL_H - BOTTOM;
        Axis y = Axis.of(0, 1, 4, plotB, plotT);
        double gw = (plotR - plotL) / Math.max(1, depths.size());
        svg.open("g", Attrs.of("class", "panel").data("lang", lang));
        svg.text(plotL, oy + 16, lang, Attrs.of("font-size", 14, "font-weight", 600, "fill", Svg.INK));
        for (StageBands.Band band : stages.bands()) {
            if (band.name().equals("task-solving")) {
                continue; // shade the outer stages only, as the neuron chart does
            }
            // block b is depth b + 1
            double x0 = plotL + (band.from() + 1) * gw;
            double w = (band.to() - band.from()) * gw;
            svg.add("rect", Attrs.of("class", "stage", "x", x0, "y", plotT - 12, "width", w, "height", plotB - plotT + 12,
                    "fill", STAGE_FILL).data("stage", band.name()), band.name() + " stage: blocks " + band.from() + "–" + (band.to() - 1));
            String text = Legend.textWidth(band.name(), 10) <= w - 4 ? band.name() : band.name().substring(0, 1).toUpperCase();
            svg.label(x0 + w / 2, plotT - 3, text, 10, "middle", Svg.MUTED);
        }
        y.drawVertical(svg, plotL - 5, plotL, plotR);
        for (int d = 0; d < depths.size(); d++) {
            LayerLanguages.Depth depth = depths.get(d);
            double x = plotL + d * gw + gw * 0.15;
            double base = 0;
            for (int c = 0; c < depth.shares().length; c++) {
                double share = depth.shares()[c];
                double top = y.pixel(base + share);
                svg.add("rect", Attrs.of("class", "share", "x", x, "y", top, "width", gw * 0.7, "height", y.pixel(base) - top,
                                "fill", COLORS[c]).data("lang", lang).data("layer", depth.layer())
                                .data("class", LayerLanguages.CLASSES.get(c)).data("value", share),
                        lang + ", " + (d == 0 ? "embeddings" : "after block " + (d - 1)) + ": "
                                + LayerLanguages.CLASSES.get(c) + " " + Fmt.sig(100 * share, 3) + "%");
                base += share;
            }
        }
        svg.add("line", Attrs.of("x1", plotL, "x2", plotR, "y1", plotB, "y2", plotB, "stroke", Svg.INK, "stroke-width", 1));
        int every = Math.max(1, (int) Math.ceil(depths.size() / 16.0));
        for (int d = 0; d < depths.size(); d += every) {
            svg.label(plotL + (d + 0.5) * gw, plotB + 13, d == 0 ? "emb" : Integer.toString(d), 10, "middle", Svg.MUTED);
        }
        svg.label(plotR, plotB + 26, "layer (0: embeddings)", 10, "end", Svg.MUTED);
        svg.close("g");
    }
}
