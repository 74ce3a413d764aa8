package io.multilens.api.data;

import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A results table as CSV, written by Jackson's CSV writer: cells with commas, quotes or line
 * breaks are quoted (condition names come from users' neuron files), numbers are written with a
 * dot whatever the host's locale, and a missing number is an empty cell.
 */
public final class CsvTable {

    private final List<String> header;
    private final List<List<Object>> rows = new ArrayList<>();

    public CsvTable(List<String> header) {
        this.header = List.copyOf(header);
    }

    /** One row, as many cells as the header; a non-finite double becomes an empty cell. */
    public CsvTable row(List<?> cells) {
        if (cells.size() != header.size()) {
            throw new IllegalArgumentException(cells.size() + " cells for " + header.size() + " columns");
        }
        List<Object> r = new ArrayList<>();
        for (Object c : cells) {
            r.add(c instanceof Double d && !Double.isFinite(d) ? "" : c);
        }
        rows.add(r);
        return this;
    }

    /** A number with a fixed count of decimals (a non-finite one as an empty cell), locale-free. */
    public static Object fixed(double v, int places) {
        return Double.isFinite(v)
                ? java.math.BigDecimal.valueOf(v).setScale(places, java.math.RoundingMode.HALF_EVEN).toPlainString() : "";
    }

    public String text() throws IOException {
        CsvSchema.Builder schema = CsvSchema.builder().setUseHeader(true);
        header.forEach(schema::addColumn);
        return new CsvMapper().writer(schema.build()).writeValueAsString(rowsAsLists());
    }

    /** Writes the table to {@code file}. */
    public void write(Path file) throws IOException {
        java.nio.file.Files.writeString(file, text());
    }

    private List<List<Object>> rowsAsLists() {
        return rows;
    }
}
