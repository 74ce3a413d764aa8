package io.multilens.report.svg;

import io.multilens.report.html.Html;
import java.util.LinkedHashMap;
import java.util.Map;

/** The attributes of one SVG element, in the order given; numbers are written as coordinates. */
public final class Attrs {

    private final Map<String, String> values = new LinkedHashMap<>();

    /** Pairs of name and value; a null value leaves the attribute out. */
    public static Attrs of(Object... pairs) {
        Attrs a = new Attrs();
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            a.set(String.valueOf(pairs[i]), pairs[i + 1]);
        }
        return a;
    }

    public Attrs set(String name, Object value) {
        if (value != null) {
            values.put(name, value instanceof Number n ? Fmt.coord(n.doubleValue()) : String.valueOf(value));
        }
        return this;
    }

    /** A {@code data-*} attribute, so tests and scripts can find a mark by what it shows. */
    public Attrs data(String name, Object value) {
        return set("data-" + name, value instanceof Double d ? Fmt.sig(d, 6) : value);
    }

    String render() {
        StringBuilder s = new StringBuilder();
        values.forEach((k, v) -> s.append(' ').append(k).append("=\"").append(Html.attr(v)).append('"'));
        return s.toString();
    }
}
