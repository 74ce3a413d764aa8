package io.multilens.eval.tasks.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NumberAnswerTest {

    private static String last(String output) {
        Optional<BigDecimal> v = NumberAnswer.last(output);
        assertTrue(v.isPresent(), "no number found in: " + output);
        return NumberAnswer.format(v.get());
    }

    @Test
    void thousandsSeparatorsAreReadWhenUnambiguous() {
        assertEquals("1234", last("The answer is 1,234."));
        assertEquals("1234", last("La réponse est 1 234."));
        assertEquals("1234", last("La réponse est 1\u202F234 €."));      // narrow no-break space
        assertEquals("1234567", last("Die Antwort lautet 1.234.567."));
        assertEquals("1234.5", last("It costs $1,234.5 in total"));
        assertEquals("1234567.8", last("1.234.567,8"));
        // one dot group is the decimal English writes
        assertEquals("1.234", last("1.234"));
    }

    @Test
    void decimalsAreValuesWhateverTheirScale() {
        assertEquals("12.5", last("She paid 12.50"));
        assertEquals("12.5", last("Sie zahlte 12,50 Euro."));
        assertTrue(NumberAnswer.same(new BigDecimal("12.50"), new BigDecimal("12.5")));
        assertTrue(NumberAnswer.same(NumberAnswer.last("18.0 dollars").get(), new BigDecimal("18")));
        assertEquals("0.125", last("0,125"));
    }

    @Test
    void minusSignsButNotHyphensOrOperators() {
        assertEquals("-5", last("-5"));
        assertEquals("-5", last("The answer is \u22125."));                // U+2212 MINUS SIGN
        assertEquals("-5", last("答案是-5。"));                             // no space after Chinese
        assertEquals("23", last("58 - 23"));                                // an operator, not a sign
        assertEquals("19", last("COVID-19"));                               // a hyphen
    }

    @Test
    void everyUnicodeDecimalDigitIsADigit() {
        assertEquals("34", last("３４"));                                   // full-width
        assertEquals("42", last("৪২"));                                     // Bengali
        assertEquals("12", last("คำตอบคือ ๑๒"));                            // Thai
        assertEquals("42", last("उत्तर ४२ है"));                            // Devanagari
        assertEquals("1234", last("答案是１，２３４。"));                     // full-width digits and comma
    }

    @Test
    void theLastOfSeveralNumbersIsTheAnswer() {
        assertEquals("11", last("Roger started with 5 balls. 2 cans of 3 is 6. 5 + 6 = 11. The answer is 11."));
        assertEquals("2", last("He had 3 apples, bought 4, so 7 in total, and 2 are left"));
        assertFalse(NumberAnswer.last("no number here").isPresent());
    }

    @Test
    void goldAnswersMustBeOneNumber() {
        assertEquals(new BigDecimal("5600"), NumberAnswer.exact("5,600").get());
        assertEquals(new BigDecimal("70000"), NumberAnswer.exact(" 70000 ").get());
        assertFalse(NumberAnswer.exact("5,600 apples").isPresent());
        assertFalse(NumberAnswer.exact("").isPresent());
    }

    @Test
    void aSingleThreeDigitGroupIsReadAsTheLanguageWritesNumbers() {
        // dots group thousands in German and Spanish: 276.000 is 276000, 5,6 a decimal
        assertEquals(List.of(new BigDecimal("276000")), NumberAnswer.readings("Die Antwort ist 276.000.", "de"));
        assertEquals(List.of(new BigDecimal("5600")), NumberAnswer.readings("La respuesta es 5.600", "es"));
        assertEquals(List.of(new BigDecimal("5600"), new BigDecimal("5.600")), NumberAnswer.readings("5,600", "de"));
        // commas group them in English, Chinese, Thai, Swahili, Bengali, Telugu
        assertEquals(List.of(new BigDecimal("5600")), NumberAnswer.readings("The answer is 5,600.", "en"));
        assertEquals(List.of(new BigDecimal("5.600")), NumberAnswer.readings("5.600", "zh"));
        // French and Russian group with spaces and mark decimals with commas; a dot group is written both ways
        assertEquals(List.of(new BigDecimal("114200")), NumberAnswer.readings("Ответ: 114 200.", "ru"));
        assertEquals(List.of(new BigDecimal("5600"), new BigDecimal("5.600")), NumberAnswer.readings("5,600", "fr"));
        assertEquals(List.of(new BigDecimal("5.6")), NumberAnswer.readings("5,6", "fr"));
        assertEquals(List.of(new BigDecimal("5600"), new BigDecimal("5.600")), NumberAnswer.readings("5.600", "fr"));
        // several groups are never ambiguous; signs apply to every reading
        assertEquals(List.of(new BigDecimal("1234567")), NumberAnswer.readings("1.234.567", "en"));
        assertEquals(List.of(new BigDecimal("-5600"), new BigDecimal("-5.600")), NumberAnswer.readings("-5.600", "ru"));
        assertEquals(List.of(), NumberAnswer.readings("keine Zahl", "de"));
    }

    /**
     * MGSM's golds are written English-style in every language (de/es/fr/ru: 2,125, 114,200,
     * 276,000, 5,600): an answer written as the gold is written is right in every language.
     */
    @Test
    void mgsmsOwnEnglishStyleGoldsAreRightInEveryLanguage() throws java.io.IOException {
        java.nio.file.Path mgsm = java.nio.file.Path.of(System.getProperty("multilens.repo")).resolve("data/mgsm");
        int lone = 0;
        for (String lang : List.of("de", "es", "fr", "ru")) {
            for (String line : java.nio.file.Files.readAllLines(mgsm.resolve("mgsm_" + lang + ".tsv"))) {
                String gold = line.substring(line.lastIndexOf('\t') + 1).trim();
                if (!gold.matches("\\d{1,3},\\d{3}")) {
                    continue;
                }
                lone++;
                BigDecimal value = NumberAnswer.exact(gold).orElseThrow();
                assertTrue(NumberAnswer.readings("= " + gold + ".", lang).stream().anyMatch(r -> NumberAnswer.same(r, value)),
                        lang + ": the answer '" + gold + "' written as its gold is must count");
            }
        }
        assertEquals(16, lone, "four golds with one comma group in each of de, es, fr, ru");
    }
}
