package io.multilens.report.sections;

import com.fasterxml.jackson.databind.JsonNode;
import io.multilens.report.html.Table.Cell;
import io.multilens.report.svg.Fmt;
import java.util.OptionalDouble;

/** Table cells for values read from step outputs. */
final class Cells {

    private Cells() {
    }

    /** A JSON scalar: numbers with 5 significant digits (integers whole), text as is, absent as empty. */
    static Cell of(JsonNode v) {
        if (v == null || v.isMissingNode() || v.isNull()) {
            return Cell.text("");
        }
        if (v.isIntegralNumber()) {
            return Cell.num(v.asText());
        }
        if (v.isNumber()) {
            return Cell.num(Fmt.sig(v.asDouble(), 5));
        }
        return Cell.text(v.isContainerNode() ? v.toString() : v.asText());
    }

    static Cell num(double v, int digits) {
        return Double.isFinite(v) ? Cell.num(Fmt.sig(v, digits)) : Cell.text("");
    }

    /** "3.5724 ± 0.0093", or the value alone when there is no standard error. */
    static Cell withStderr(OptionalDouble v, OptionalDouble se) {
        if (v.isEmpty()) {
            return Cell.text("");
        }
        return Cell.num(Fmt.sig(v.getAsDouble(), 5) + (se.isPresent() ? " ± " + Fmt.sig(se.getAsDouble(), 2) : ""));
    }
}
