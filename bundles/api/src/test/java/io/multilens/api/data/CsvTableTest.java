package io.multilens.api.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class CsvTableTest {

    @Test
    void quotesWhatNeedsItAndWritesNumbersTheSameInEveryLocale() throws Exception {
        Locale before = Locale.getDefault();
        Locale.setDefault(Locale.GERMANY);   // a decimal comma must not leak into the file
        try {
            String text = new CsvTable(List.of("condition", "en", "zh"))
                    .row(List.of("baseline", 1.25, 2.5))
                    .row(List.of("zh, ffn \"only\"", -0.03125, Double.NaN))
                    .text();
            assertEquals("condition,en,zh\nbaseline,1.25,2.5\n\"zh, ffn \"\"only\"\"\",-0.03125,\n", text);
        } finally {
            Locale.setDefault(before);
        }
        assertThrows(IllegalArgumentException.class, () -> new CsvTable(List.of("a", "b")).row(List.of(1)));
        assertEquals("v\n0.050000\n\n", new CsvTable(List.of("v")).row(List.of(CsvTable.fixed(0.05000000000000004, 6)))
                .row(List.of(CsvTable.fixed(Double.NaN, 6))).text());
    }
}
