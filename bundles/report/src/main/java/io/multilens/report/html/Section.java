package io.multilens.report.html;

import java.util.List;

/**
 * A part of the report about one step (or the whole run): an introduction, figures, and tables
 * that have no figure (e.g. provenance).
 *
 * @param intro HTML-escaped when rendered; plain text
 */
public record Section(String id, String title, String intro, List<Figure> figures, List<Table> tables) {

    public Section {
        figures = List.copyOf(figures);
        tables = List.copyOf(tables);
    }

    public boolean isEmpty() {
        return figures.isEmpty() && tables.isEmpty();
    }
}
