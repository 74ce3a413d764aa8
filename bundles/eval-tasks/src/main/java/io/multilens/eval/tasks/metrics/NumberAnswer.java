package io.multilens.eval.tasks.metrics;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * MGSM's answer: the last number in a model's output, as a value, so that {@code 1,234},
 * {@code 1 234}, {@code ১২৩৪} and {@code 1234.0} all equal the gold {@code 1234}.
 *
 * <p>Grouped thousands are read as one number only when the grouping is unambiguous: groups of
 * exactly three digits after commas ({@code 1,234}) or spaces ({@code 1 234}), or at least two
 * groups after dots ({@code 1.234.567}; a lone {@code 1.234} stays the decimal 1.234, as
 * English writes it). A fraction may follow ({@code 1,234.5}, {@code 1.234.567,8},
 * {@code 1 234,5}). An ungrouped number may have a decimal point or comma ({@code 12.50},
 * {@code 12,5}).
 *
 * <p>A number with a single group of three digits ({@code 5.600}, {@code 5,600}) is read as the
 * language writes numbers ({@link #readings}): where commas group thousands (en, zh, ja, th, sw,
 * bn, te, hi and by default) {@code 5,600} is 5600 and {@code 5.600} is 5.6; where dots do (de,
 * es, it, pt, id, tr, nl, el, da) {@code 5.600} is 5600; where spaces group and commas mark
 * decimals (fr, ru, pl, uk, cs, sv, fi, nb) {@code 5.600} is written both ways, so both 5600 and
 * 5.6 are accepted. In both of those, {@code 5,600} is also read both ways, grouped first:
 * MGSM's own golds are written English-style in every language ({@code 5,600}, {@code 276,000}
 * in the German, Spanish, French and Russian files), models answer that way, and lm-eval's
 * comma stripping reads them as thousands too.
 *
 * <p>A minus sign counts unless it follows a digit (an operator: {@code 58 - 23}) or a letter of
 * a script that spaces its words (a hyphen: {@code COVID-19}); after Chinese, Japanese or Thai
 * letters, which are not spaced from numbers, it is a sign ({@code 答案是-5}).
 */
public final class NumberAnswer {

    private static final String SPACED_LETTER = "[\\p{L}&&[^\\p{IsHan}\\p{IsHiragana}\\p{IsKatakana}\\p{IsThai}]]";
    private static final String SIGN = "(?<sign>(?<!\\p{N}\\s?)(?<!" + SPACED_LETTER + ")-)?";
    /** Never start inside a number: not right after a digit, nor after a digit and a separator. */
    private static final String START = "(?<!\\d)(?<!\\d[.,])";
    private static final String NUMBER = START + SIGN + "(?:"
            + "(?<comma>[1-9]\\d{0,2}(?:,\\d{3})+(?:\\.\\d+)?)(?!\\d)(?!,\\d)"
            + "|(?<dots>[1-9]\\d{0,2}(?:\\.\\d{3}){2,}(?:,\\d+)?)(?!\\d)(?!\\.\\d)"
            + "|(?<spaces>[1-9]\\d{0,2}(?: \\d{3})+(?:[.,]\\d+)?)(?!\\d)(?! \\d)"
            + "|(?<plain>\\d+(?:[.,]\\d+)?)"
            + ")";
    private static final Pattern PATTERN = Pattern.compile(NUMBER);
    /** One to three digits, one separator, exactly three digits: {@code 5.600}, {@code 276,000}. */
    private static final Pattern LONE_GROUP = Pattern.compile("[1-9]\\d{0,2}[.,]\\d{3}");
    private static final Pattern WHOLE = Pattern.compile("\\s*" + NUMBER + "\\s*");

    private NumberAnswer() {
    }

    /** How a language groups thousands, which decides what a single three-digit group means. */
    enum Grouping {
        COMMAS, DOTS, SPACES;

        static Grouping of(String language) {
            return switch (language) {
                case "de", "es", "it", "pt", "id", "tr", "nl", "el", "da" -> DOTS;
                case "fr", "ru", "pl", "uk", "cs", "sv", "fi", "nb" -> SPACES;
                default -> COMMAS;
            };
        }
    }

    /** The value of the last number in {@code output} as English writes numbers, if there is one. */
    public static Optional<BigDecimal> last(String output) {
        return readings(output, "en").stream().findFirst();
    }

    /**
     * The readings of the last number in {@code output} as {@code language} writes numbers: one,
     * or two where the language makes a single three-digit group ambiguous (first the grouped one).
     * Empty when the output has no number.
     */
    public static List<BigDecimal> readings(String output, String language) {
        Matcher m = PATTERN.matcher(NumberText.ascii(output));
        List<BigDecimal> last = List.of();
        while (m.find()) {
            last = readings(m, Grouping.of(language));
        }
        return last;
    }

    private static List<BigDecimal> readings(Matcher m, Grouping grouping) {
        String comma = m.group("comma");
        String plain = m.group("plain");
        boolean loneComma = comma != null && LONE_GROUP.matcher(comma).matches();
        boolean loneDot = plain != null && LONE_GROUP.matcher(plain).matches() && plain.indexOf('.') > 0;
        if (!loneComma && !loneDot) {
            return List.of(value(m));
        }
        String digits = loneComma ? comma : plain;
        BigDecimal grouped = signed(m, new BigDecimal(digits.replace(",", "").replace(".", "")));
        BigDecimal decimal = signed(m, new BigDecimal(digits.replace(',', '.')));
        return switch (grouping) {
            case COMMAS -> List.of(loneComma ? grouped : decimal);
            case DOTS -> loneDot ? List.of(grouped) : List.of(grouped, decimal);
            case SPACES -> List.of(grouped, decimal);
        };
    }

    private static BigDecimal signed(Matcher m, BigDecimal v) {
        return m.group("sign") != null ? v.negate() : v;
    }

    /** The value of a text that is one number and nothing else (a gold answer such as {@code 5,600}). */
    public static Optional<BigDecimal> exact(String text) {
        Matcher m = WHOLE.matcher(NumberText.ascii(text));
        return m.matches() ? Optional.of(value(m)) : Optional.empty();
    }

    /** Numeric equality regardless of scale: 12.50 equals 12.5, 18.0 equals 18. */
    public static boolean same(BigDecimal a, BigDecimal b) {
        return a != null && b != null && a.compareTo(b) == 0;
    }

    /** The plain decimal form without trailing zeros, as predictions files show it. */
    public static String format(BigDecimal v) {
        return v.signum() == 0 ? "0" : v.stripTrailingZeros().toPlainString();
    }

    private static BigDecimal value(Matcher m) {
        String plain;
        if (m.group("comma") != null) {
            plain = m.group("comma").replace(",", "");
        } else if (m.group("dots") != null) {
            plain = m.group("dots").replace(".", "").replace(',', '.');
        } else if (m.group("spaces") != null) {
            plain = m.group("spaces").replace(" ", "").replace(',', '.');
        } else {
            plain = m.group("plain").replace(',', '.');
        }
        BigDecimal value = new BigDecimal(plain);
        return m.group("sign") != null ? value.negate() : value;
    }
}
