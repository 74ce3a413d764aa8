package io.multilens.report.html;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The report as one self-contained HTML file: styles and the tooltip script are inlined from
 * this bundle's resources, figures are inline SVG, nothing is fetched (the empty icon link keeps
 * browsers from asking for {@code favicon.ico}).
 */
public final class Page {

    /** What the header says about the run. */
    public record Header(String title, List<String> facts) {
    }

    /** Tables longer than this are folded (still in the page, searchable, copyable once opened). */
    static final int FOLD_ROWS = 24;

    private Page() {
    }

    /** @param absent what the run lacks, e.g. "training curves (no train step)", listed under the contents */
    public static String render(Header header, List<Section> sections, List<String> absent, List<String> problems) {
        StringBuilder s = new StringBuilder(64 * 1024);
        s.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>").append(Html.text(header.title())).append("</title>\n")
                .append("<link rel=\"icon\" href=\"data:,\">\n")
                .append("<style>\n").append(resource("report.css")).append("</style>\n</head>\n<body>\n");
        s.append("<header>\n<h1>").append(Html.text(header.title())).append("</h1>\n");
        for (String fact : header.facts()) {
            s.append("<p class=\"meta\">").append(Html.text(fact)).append("</p>\n");
        }
        s.append("</header>\n");
        contents(s, sections, absent);
        s.append("<main>\n");
        int[] figureNumber = {0};
        for (Section section : sections) {
            section(s, section, figureNumber);
        }
        if (!problems.isEmpty()) {
            s.append("<section id=\"problems\"><h2>Not shown because of problems</h2>\n<ul class=\"problems\">\n");
            for (String p : problems) {
                s.append("<li>").append(Html.text(p)).append("</li>\n");
            }
            s.append("</ul></section>\n");
        }
        s.append("</main>\n<footer>Made by multilens' report plugin from the step folders' manifest.json and outputs. ")
                .append("Figures are also saved as SVG under figures/. Hover a bar, cell or point for its value.</footer>\n")
                .append("<div id=\"tip\" role=\"tooltip\" hidden></div>\n<script>\n").append(resource("report.js"))
                .append("</script>\n</body>\n</html>\n");
        return s.toString();
    }

    private static void contents(StringBuilder s, List<Section> sections, List<String> absent) {
        s.append("<nav class=\"toc\" aria-label=\"contents\">\n<h2>Contents</h2>\n<ol>\n");
        for (Section sec : sections) {
            s.append("<li><a href=\"#").append(Html.attr(sec.id())).append("\">").append(Html.text(sec.title())).append("</a>");
            if (!sec.figures().isEmpty()) {
                s.append("<ol>");
                for (Figure f : sec.figures()) {
                    s.append("<li><a href=\"#").append(Html.attr(f.id())).append("\">").append(Html.text(f.title())).append("</a></li>");
                }
                s.append("</ol>");
            }
            s.append("</li>\n");
        }
        s.append("</ol>\n");
        if (!absent.isEmpty()) {
            s.append("<p class=\"absent\">Not in this run: ").append(Html.text(String.join("; ", absent))).append(".</p>\n");
        }
        s.append("</nav>\n");
    }

    private static void section(StringBuilder s, Section sec, int[] figureNumber) {
        s.append("<section id=\"").append(Html.attr(sec.id())).append("\">\n<h2>").append(Html.text(sec.title())).append("</h2>\n");
        if (sec.intro() != null && !sec.intro().isEmpty()) {
            s.append("<p>").append(Html.text(sec.intro())).append("</p>\n");
        }
        for (Figure f : sec.figures()) {
            figureNumber[0]++;
            s.append("<figure id=\"").append(Html.attr(f.id())).append("\">\n<figcaption><span class=\"fignum\">Figure ")
                    .append(figureNumber[0]).append(". ").append(Html.text(f.title())).append(".</span> ")
                    .append(Html.text(f.caption())).append(" <a href=\"figures/").append(Html.attr(f.fileName()))
                    .append("\">SVG</a></figcaption>\n<div class=\"svg-wrap\">\n").append(f.svg().render()).append("</div>\n");
            for (Table t : f.tables()) {
                numbers(s, t);
            }
            s.append("</figure>\n");
        }
        for (Table t : sec.tables()) {
            if (t.rowCount() <= FOLD_ROWS) {
                s.append(t.render());
            } else {
                s.append("<details class=\"numbers\"><summary>").append(Html.text(t.caption())).append(" (")
                        .append(t.rowCount()).append(" rows)</summary>\n").append(t.render()).append("</details>\n");
            }
        }
        s.append("</section>\n");
    }

    /** A figure's numbers: open when short, folded (still in the page, searchable) when long. */
    private static void numbers(StringBuilder s, Table t) {
        s.append("<details class=\"numbers\"").append(t.rowCount() <= FOLD_ROWS ? " open" : "").append("><summary>Numbers")
                .append("</summary>\n").append(t.render()).append("</details>\n");
    }

    private static String resource(String name) {
        try (InputStream in = Page.class.getResourceAsStream("/io/multilens/report/" + name)) {
            if (in == null) {
                throw new IllegalStateException("resource " + name + " missing from the report bundle");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
