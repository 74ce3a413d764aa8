package io.multilens.eval.tasks.metrics;

import java.math.BigDecimal;
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
    private static final Pattern WHOLE = Pattern.compile("\\s*" + NUMBER + "\\s*");

    private NumberAnswer() {
    }

    /** The value of the last number in {@code output}, if there is one. */
    public static Optional<BigDecimal> last(String output) {
        Matcher m = PATTERN.matcher(NumberText.ascii(output));
        BigDecimal last = null;
        while (m.find()) {
            last = value(m);
        }
        return Optional.ofNullable(last);
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
