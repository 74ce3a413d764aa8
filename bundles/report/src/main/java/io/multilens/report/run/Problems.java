package io.multilens.report.run;

import java.util.ArrayList;
import java.util.List;

/**
 * What could not be shown and why (an unreadable file, an unexpected shape). The report lists
 * these instead of failing: one bad file must not cost the reader every other figure.
 */
public final class Problems {

    private final List<String> lines = new ArrayList<>();

    public void add(String line) {
        lines.add(line);
    }

    public List<String> lines() {
        return List.copyOf(lines);
    }
}
