package io.multilens.report.html;

import java.util.ArrayList;
import java.util.List;

/**
 * A real HTML table, so every number in the report can be selected and copied. Numeric cells are
 * right-aligned in tabular figures; a cell may carry a longer text (a full hash) on hover.
 */
public final class Table {

    /** One cell: its text, whether it is a number, and an optional hover text. */
    public record Cell(String text, boolean numeric, String title) {
        public static Cell text(String s) {
            return new Cell(s, false, null);
        }

        public static Cell num(String s) {
            return new Cell(s, true, null);
        }

        public static Cell code(String shown, String full) {
            return new Cell(shown, false, full);
        }
    }

    private final String caption;
    private final List<String> header;
    private final List<List<Cell>> rows = new ArrayList<>();

    public Table(String caption, List<String> header) {
        this.caption = caption;
        this.header = List.copyOf(header);
    }

    public Table row(List<Cell> cells) {
        rows.add(List.copyOf(cells));
        return this;
    }

    public String caption() {
        return caption == null ? "" : caption;
    }

    public int rowCount() {
        return rows.size();
    }

    public String render() {
        // the caption goes above the table, not in <caption>, which would be squeezed to the
        // width of a narrow table; aria-label keeps the table named for screen readers
        StringBuilder s = new StringBuilder("<div class=\"table-wrap\">");
        if (caption != null && !caption.isEmpty()) {
            s.append("<div class=\"caption\">").append(Html.text(caption)).append("</div>");
        }
        s.append("<table class=\"data\"");
        if (caption != null && !caption.isEmpty()) {
            s.append(" aria-label=\"").append(Html.attr(caption)).append('"');
        }
        s.append(">\n");
        s.append("<thead><tr>");
        for (String h : header) {
            s.append("<th scope=\"col\">").append(Html.text(h)).append("</th>");
        }
        s.append("</tr></thead>\n<tbody>\n");
        for (List<Cell> row : rows) {
            s.append("<tr>");
            for (int i = 0; i < row.size(); i++) {
                Cell c = row.get(i);
                String tag = i == 0 ? "th scope=\"row\"" : "td";
                s.append('<').append(tag);
                if (c.numeric()) {
                    s.append(" class=\"num\"");
                }
                if (c.title() != null) {
                    s.append(" title=\"").append(Html.attr(c.title())).append('"');
                }
                s.append('>').append(Html.text(c.text())).append("</").append(i == 0 ? "th" : "td").append('>');
            }
            s.append("</tr>\n");
        }
        return s.append("</tbody></table></div>\n").toString();
    }
}
