package io.multilens.report.html;

/** Escaping for text and attribute values in HTML and SVG (which share these rules). */
public final class Html {

    private Html() {
    }

    public static String text(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    public static String attr(String s) {
        return text(s).replace("\"", "&quot;").replace("'", "&#39;");
    }

    /** A string usable inside an {@code id}: letters, digits, '-' and '_' (step ids may hold dots). */
    public static String id(String s) {
        return s.replaceAll("[^A-Za-z0-9_-]", "-");
    }
}
