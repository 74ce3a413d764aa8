package io.multilens.eval.tasks.metrics;

/**
 * Rewrites the characters that write numbers in other scripts into ASCII, one character for one,
 * so a single grammar finds numbers in every language: every Unicode decimal digit (Bengali ৪,
 * Thai ๔, Devanagari ४, full-width ４, …) becomes its ASCII digit, and the minus signs and
 * separators that have full-width or typographic forms become {@code -}, {@code ,} and {@code .}.
 */
final class NumberText {

    private NumberText() {
    }

    static String ascii(String text) {
        StringBuilder s = new StringBuilder(text.length());
        text.codePoints().forEach(cp -> s.append(map(cp)));
        return s.toString();
    }

    private static char map(int cp) {
        if (Character.isDigit(cp)) {
            return (char) ('0' + Character.digit(cp, 10));
        }
        return switch (cp) {
            // minus sign, full-width hyphen-minus, small hyphen-minus
            case 0x2212, 0xFF0D, 0xFE63 -> '-';
            // full-width comma, Arabic thousands separator
            case 0xFF0C, 0x066C -> ',';
            // full-width full stop, Arabic decimal separator
            case 0xFF0E, 0x066B -> '.';
            // no-break, narrow no-break and thin spaces: thousands separators in French, Russian, …
            case 0x00A0, 0x202F, 0x2009 -> ' ';
            default -> Character.isBmpCodePoint(cp) ? (char) cp : '\uFFFD';
        };
    }
}
