package io.multilens.report.svg;

import java.util.List;

/** A one-row legend of colour swatches and names; the swatches carry no class, so they are not counted as marks. */
public final class Legend {

    /** One entry: a filled swatch and its name. */
    public record Entry(String name, String color) {
    }

    private static final double SWATCH = 12;

    private Legend() {
    }

    /** Draws the entries from {@code (x, y)} rightwards. */
    public static void draw(Svg svg, double x, double y, List<Entry> entries) {
        double cx = x;
        for (Entry e : entries) {
            svg.add("rect", Attrs.of("x", cx, "y", y - 9, "width", SWATCH, "height", SWATCH, "fill", e.color()));
            svg.label(cx + SWATCH + 5, y + 1, e.name(), 11.5, "start", Svg.INK);
            cx += entryWidth(e);
        }
    }

    /** How wide {@link #draw} makes the entries. */
    public static double width(List<Entry> entries) {
        double w = 0;
        for (Entry e : entries) {
            w += entryWidth(e);
        }
        return w;
    }

    private static double entryWidth(Entry e) {
        return SWATCH + 5 + textWidth(e.name(), 11.5) + 18;
    }

    /** A rough width of {@code text} in the figure font: enough to lay labels out without overlaps. */
    public static double textWidth(String text, double size) {
        return text.length() * size * 0.58;
    }
}
