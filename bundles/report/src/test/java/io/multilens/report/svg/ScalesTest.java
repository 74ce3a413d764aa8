package io.multilens.report.svg;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class ScalesTest {

    @Test
    void divergingScaleIsWhiteAtZeroAndSymmetric() {
        ColorScale s = ColorScale.diverging(0.02);
        assertEquals("#f7f7f7", s.color(0));
        assertEquals("#67001f", s.color(0.02), "largest increase: darkest red");
        assertEquals("#053061", s.color(-0.02), "largest decrease: darkest blue");
        assertEquals("#67001f", s.color(5), "clipped beyond the extent");
    }

    @Test
    void textContrastsWithItsCell() {
        assertEquals("#ffffff", ColorScale.textOn("#08306b"));
        assertEquals("#111111", ColorScale.textOn("#f7fbff"));
    }

    @Test
    void axisTicksAreRound() {
        Axis a = Axis.of(0, 43, 4, 100, 0);
        assertEquals(List.of(0.0, 20.0, 40.0, 60.0), a.ticks(), "step 20: 10 would give more than 4 ticks");
        assertEquals(100.0, a.pixel(0));
        assertEquals(0.0, a.pixel(60));
    }

    @Test
    void numbersAreFormattedForPeople() {
        assertEquals("+1.72%", Fmt.signedPercent(0.01724, 2));
        assertEquals("-0.033%", Fmt.signedPercent(-0.00033, 3));
        assertEquals("3.572", Fmt.sig(3.57243, 4));
        assertEquals("0.00931", Fmt.sig(0.0093120, 3));
        assertEquals("2 min 9 s", Fmt.duration(129.4));
        assertEquals("12.5", Fmt.coord(12.5));
    }
}
