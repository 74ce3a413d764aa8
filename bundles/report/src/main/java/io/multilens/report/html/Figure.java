package io.multilens.report.html;

import io.multilens.report.svg.Svg;
import java.util.List;

/**
 * One figure of the report: its SVG (inline in the page and saved as {@code figures/<id>.svg})
 * with a caption, and the tables that hold its numbers.
 *
 * @param id the element id, {@code fig-...}; also the SVG file's name
 */
public record Figure(String id, String title, String caption, Svg svg, List<Table> tables) {

    public Figure {
        tables = List.copyOf(tables);
    }

    public String fileName() {
        return id + ".svg";
    }
}
