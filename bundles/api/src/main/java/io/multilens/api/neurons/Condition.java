package io.multilens.api.neurons;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * One setting an evaluator measures: a name and, per evaluated language, the neurons switched off
 * (empty for the baseline). Every evaluator's {@code deactivate:} input and
 * {@code deactivate_mode} option mean the same through {@link #fromFile}.
 */
public record Condition(String name, Function<String, NeuronSet> neurons) {

    public static final String BASELINE = "baseline";

    /** The modes of {@code deactivate_mode}. */
    public static final List<String> MODES = List.of("each", "union", "matching");

    public static Condition baseline() {
        return new Condition(BASELINE, lang -> NeuronSet.empty());
    }

    /**
     * The conditions a neuron file gives: {@code each} set on its own (named as in the file),
     * the {@code union} of all sets, or for each language its {@code matching} set ("own").
     * The baseline comes first when asked for, and alone when there is no file.
     */
    public static List<Condition> fromFile(Path neuronsFile, String mode, boolean withBaseline) {
        List<Condition> out = new ArrayList<>();
        if (withBaseline || neuronsFile == null) {
            out.add(baseline());
        }
        if (neuronsFile == null) {
            return out;
        }
        LanguageNeurons file = LanguageNeurons.read(neuronsFile);
        Map<String, NeuronSet> sets = file.byLanguage();
        switch (mode) {
            case "each" -> sets.forEach((name, set) -> out.add(new Condition(name, lang -> set)));
            case "union" -> {
                NeuronSet all = file.union(sets.keySet());
                out.add(new Condition("union", lang -> all));
            }
            case "matching" -> out.add(new Condition("own", lang -> {
                NeuronSet s = sets.get(lang);
                if (s == null) {
                    throw new io.multilens.api.status.StepFailure(neuronsFile + ": deactivate_mode matching needs a set named '"
                            + lang + "'; the file has " + sets.keySet());
                }
                return s;
            }));
            default -> throw new io.multilens.api.status.StepFailure("deactivate_mode '" + mode + "': use one of " + MODES);
        }
        return out;
    }
}
