package io.multilens.report.svg;

import io.multilens.report.data.ResultsTable;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * One metric of a results table: per language a group of bars, one per condition side by side
 * (plain next to ablated, before next to after), each with ±1 standard error. Marks:
 * {@code rect.bar} per condition and language that has a value, {@code line.errorbar} per bar
 * that has a standard error.
 */
public final class ErrorBarChart {

    static final double HEIGHT = 250;
    static final double LEFT = 56;
    static final double TOP = 44;
    static final double BOTTOM = 30;
    /** Narrower, the axis labels and the legend crowd the bars. */
    static final double MIN_WIDTH = 280;

    private ErrorBarChart() {
    }

    public static Svg render(ResultsTable table, String metric) {
        List<String> langs = table.languages();
        List<String> conds = table.conditions();
        double barW = Math.max(6, Math.min(22, 520.0 / Math.max(1, langs.size() * conds.size())));
        double groupW = conds.size() * barW + 16;
        List<Legend.Entry> entries = new ArrayList<>();
        for (int c = 0; c < conds.size(); c++) {
            entries.add(new Legend.Entry(conds.get(c), Palette.category(c)));
        }
        double width = Math.max(Math.max(LEFT + langs.size() * groupW + 20, LEFT + Legend.width(entries) + 10), MIN_WIDTH);
        Svg svg = new Svg(width, HEIGHT, metric + " per language and condition, with standard errors");
        Legend.draw(svg, LEFT, 18, entries);

        double lo = 0;
        double hi = 0;
        for (String c : conds) {
            for (String l : langs) {
                OptionalDouble v = table.value(c, l, metric);
                if (v.isPresent()) {
                    double se = table.stderr(c, l, metric).orElse(0);
                    lo = Math.min(lo, v.getAsDouble() - se);
                    hi = Math.max(hi, v.getAsDouble() + se);
                }
            }
        }
        double plotB = HEIGHT - BOTTOM;
        Axis y = Axis.of(lo, hi, 5, plotB, TOP);
        y.drawVertical(svg, LEFT - 6, LEFT, width - 10);
        svg.text(14, TOP - 10, metric, Attrs.of("font-size", 11, "fill", Svg.MUTED));
        for (int li = 0; li < langs.size(); li++) {
            String lang = langs.get(li);
            double gx = LEFT + li * groupW + 8;
            for (int ci = 0; ci < conds.size(); ci++) {
                String cond = conds.get(ci);
                OptionalDouble v = table.value(cond, lang, metric);
                if (v.isEmpty()) {
                    continue;
                }
                double x = gx + ci * barW;
                double top = y.pixel(Math.max(0, v.getAsDouble()));
                double base = y.pixel(Math.min(0, v.getAsDouble()));
                OptionalDouble se = table.stderr(cond, lang, metric);
                String tip = lang + ", " + cond + ": " + metric + " " + Fmt.sig(v.getAsDouble(), 4)
                        + (se.isPresent() ? " ± " + Fmt.sig(se.getAsDouble(), 2) : "");
                svg.add("rect", Attrs.of("class", "bar", "x", x + 1, "y", top, "width", barW - 2, "height", base - top,
                        "fill", Palette.category(ci)).data("lang", lang).data("condition", cond).data("value", v.getAsDouble()), tip);
                if (se.isPresent()) {
                    double cx = x + barW / 2;
                    double y1 = y.pixel(v.getAsDouble() - se.getAsDouble());
                    double y2 = y.pixel(v.getAsDouble() + se.getAsDouble());
                    svg.add("line", Attrs.of("class", "errorbar", "x1", cx, "x2", cx, "y1", y1, "y2", y2, "stroke", Svg.INK, "stroke-width", 1.2), tip);
                    for (double yy : new double[] {y1, y2}) {
                        svg.add("line", Attrs.of("x1", cx - 3, "x2", cx + 3, "y1", yy, "y2", yy, "stroke", Svg.INK, "stroke-width", 1.2));
                    }
                }
            }
            svg.label(gx + conds.size() * barW / 2, plotB + 14, lang, 11, "middle", Svg.INK);
        }
        svg.add("line", Attrs.of("x1", LEFT, "x2", width - 10, "y1", y.pixel(0), "y2", y.pixel(0), "stroke", Svg.INK, "stroke-width", 1));
        return svg;
    }
}
