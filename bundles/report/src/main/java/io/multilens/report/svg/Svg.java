package io.multilens.report.svg;

import io.multilens.report.html.Html;

/**
 * A hand-written SVG document. Styling is done with presentation attributes, not CSS, so the
 * same markup looks identical inline in {@code report.html} and as a standalone {@code .svg} file.
 * Every mark that shows a number carries a {@code <title>}: the value on hover, without scripts.
 */
public final class Svg {

    public static final String FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'DejaVu Sans', Arial, sans-serif";
    public static final String INK = "#222222";
    public static final String MUTED = "#666666";
    public static final String GRID = "#e3e3e3";

    private final double width;
    private final double height;
    private final String label;
    private final StringBuilder body = new StringBuilder();

    /** @param label what the figure shows, for screen readers */
    public Svg(double width, double height, String label) {
        this.width = width;
        this.height = height;
        this.label = label;
    }

    /** An empty element, e.g. {@code rect}, with a hover title when {@code title} is not null. */
    public Svg add(String tag, Attrs attrs, String title) {
        body.append('<').append(tag).append(attrs.render());
        if (title == null) {
            body.append("/>\n");
        } else {
            body.append("><title>").append(Html.text(title)).append("</title></").append(tag).append(">\n");
        }
        return this;
    }

    public Svg add(String tag, Attrs attrs) {
        return add(tag, attrs, null);
    }

    public Svg text(double x, double y, String text, Attrs attrs) {
        Attrs a = Attrs.of("x", x, "y", y);
        body.append("<text").append(a.render()).append(attrs.render()).append('>')
                .append(Html.text(text)).append("</text>\n");
        return this;
    }

    /** Plain text in the figure's font; {@code anchor} is start, middle or end. */
    public Svg label(double x, double y, String text, double size, String anchor, String fill) {
        return text(x, y, text, Attrs.of("font-size", size, "text-anchor", anchor, "fill", fill));
    }

    public Svg open(String tag, Attrs attrs) {
        body.append('<').append(tag).append(attrs.render()).append(">\n");
        return this;
    }

    public Svg close(String tag) {
        body.append("</").append(tag).append(">\n");
        return this;
    }

    /** The complete {@code <svg>} element; valid as a file and inline in HTML. */
    public String render() {
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + Fmt.coord(width) + " " + Fmt.coord(height)
                + "\" width=\"" + Fmt.coord(width) + "\" height=\"" + Fmt.coord(height) + "\" role=\"img\" aria-label=\""
                + Html.attr(label) + "\" font-family=\"" + Html.attr(FONT) + "\">\n"
                + "<rect x=\"0\" y=\"0\" width=\"" + Fmt.coord(width) + "\" height=\"" + Fmt.coord(height) + "\" fill=\"#ffffff\"/>\n"
                + body + "</svg>\n";
    }
}
