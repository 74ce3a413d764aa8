package io.multilens.plnd.step;

import static io.multilens.plnd.step.PlndOptions.*;

import io.multilens.api.neurons.Structure;
import io.multilens.api.plugin.Options;
import io.multilens.api.status.StepFailure;
import io.multilens.plnd.score.ScoreMode;
import io.multilens.plnd.select.ActivityRule;
import io.multilens.plnd.select.ActivityRules;
import io.multilens.plnd.select.Overlap;
import io.multilens.plnd.select.Selection;
import io.multilens.plnd.select.Specificity;
import io.multilens.plnd.select.TopN;
import io.multilens.plnd.score.QkKernel;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** The step's options checked and turned into typed values; every error names its option. */
record PlndSettings(String model, String device, List<String> languages, String corpus, long skipDocuments,
                    int maxDocuments, int maxTokens, boolean sample, long seed, int batchSize, int sortBatches, ScoreMode mode,
                    ActivityRules rules, Selection selection, Set<Structure> structures, int qkChunk,
                    boolean saveScores, boolean releaseKvIndex, QkKernel qkKernel) {

    static PlndSettings from(Options o) {
        List<String> languages = o.strings(LANGUAGES);
        if (languages.isEmpty() || languages.stream().distinct().count() != languages.size()) {
            throw new StepFailure("option 'languages' must list distinct language codes, got " + languages);
        }
        String corpus = o.string(CORPUS);
        if (!corpus.contains("{lang}")) {
            throw new StepFailure("option 'corpus' must contain {lang}, got '" + corpus + "'");
        }
        return new PlndSettings(
                o.string(MODEL),
                o.string(DEVICE),
                List.copyOf(languages),
                corpus,
                atLeast(o, SKIP_DOCUMENTS, 0),
                (int) atLeast(o, MAX_DOCUMENTS, 1),
                (int) atLeast(o, MAX_TOKENS, 1),
                o.bool(SAMPLE),
                o.longValue(SEED),
                (int) atLeast(o, BATCH_SIZE, 1),
                o.bool(SAVE_SCORES) ? 1 : (int) atLeast(o, SORT_BATCHES, 1),
                parse(MODE, () -> ScoreMode.fromKey(o.string(MODE))),
                new ActivityRules(
                        parse(ATTENTION_RULE, () -> ActivityRule.of(o.string(ATTENTION_RULE), o.doubleValue(ATTENTION_VALUE))),
                        parse(QK_RULE, () -> ActivityRule.of(o.has(QK_RULE) ? o.string(QK_RULE) : o.string(ATTENTION_RULE),
                                o.has(QK_VALUE) ? o.doubleValue(QK_VALUE) : o.doubleValue(ATTENTION_VALUE))),
                        parse(FFN_RULE, () -> ActivityRule.of(o.string(FFN_RULE), o.doubleValue(FFN_VALUE)))),
                selection(o, languages),
                structures(o),
                (int) atLeast(o, QK_CHUNK, 1),
                o.bool(SAVE_SCORES),
                releaseKvIndex(o),
                parse(QK_KERNEL, () -> QkKernel.fromKey(o.string(QK_KERNEL))));
    }

    private static boolean releaseKvIndex(Options o) {
        boolean release = "release-index".equals(o.string(KV_INDEX_RULE));
        if (release && !"release-code".equals(o.string(MODE))) {
            throw new StepFailure("option 'kv_index_rule': release-index applies to mode release-code (whose k/v scores"
                    + " are per query head), not to mode " + o.string(MODE) + "; remove it or set mode: release-code");
        }
        return release;
    }

    /** The selection options (shared with plnd.merge) as a {@link Selection}. */
    static Selection selection(Options o, List<String> languages) {
        return new Selection(
                parse(MIN_DOCUMENT_FRACTION, () -> new Specificity(o.doubleValue(MIN_DOCUMENT_FRACTION))),
                overlap(o, languages),
                (int) atLeast(o, MAX_LANGUAGES, 1),
                parse(TOP_N, () -> new TopN(o.intValue(TOP_N))));
    }

    private static Overlap overlap(Options o, List<String> languages) {
        Overlap overlap = parse(OVERLAP, () -> Overlap.fromKey(o.string(OVERLAP)));
        if (overlap == Overlap.ENGLISH && !languages.contains(Overlap.ENGLISH_CODE)) {
            throw new StepFailure("option 'overlap: english' needs 'en' in 'languages', got " + languages);
        }
        return overlap;
    }

    private static Set<Structure> structures(Options o) {
        Set<Structure> out = EnumSet.noneOf(Structure.class);
        List<String> unknown = new ArrayList<>();
        for (String s : o.strings(STRUCTURES)) {
            switch (s) {
                case "q" -> out.add(Structure.Q);
                case "k" -> out.add(Structure.K);
                case "v" -> out.add(Structure.V);
                case "o" -> out.add(Structure.O);
                case "ffn" -> out.add(Structure.FFN);
                default -> unknown.add(s);
            }
        }
        if (!unknown.isEmpty() || out.isEmpty()) {
            throw new StepFailure("option 'structures' takes some of q, k, v, o, ffn; got " + o.strings(STRUCTURES));
        }
        return out;
    }

    private static long atLeast(Options o, String name, long min) {
        long v = o.longValue(name);
        if (v < min) {
            throw new StepFailure("option '" + name + "' must be >= " + min + ", got " + v);
        }
        return v;
    }

    private static <T> T parse(String name, java.util.function.Supplier<T> parser) {
        try {
            return parser.get();
        } catch (IllegalArgumentException e) {
            throw new StepFailure("option '" + name + "': " + e.getMessage());
        }
    }
}
