package io.multilens.plnd.tally;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDManager;
import io.multilens.api.model.LanguageModel;
import io.multilens.api.neurons.Intervention;
import io.multilens.api.neurons.NeuronSet;
import io.multilens.plnd.Fixtures;
import io.multilens.plnd.score.NeuronSpace;
import io.multilens.plnd.score.ScoreMode;
import io.multilens.plnd.score.ScoringProbe;
import io.multilens.plnd.score.WeightStats;
import io.multilens.plnd.select.ActivityRule;
import io.multilens.plnd.select.ActivityRules;
import io.multilens.plnd.select.Overlap;
import io.multilens.plnd.select.Selection;
import io.multilens.plnd.select.Specificity;
import io.multilens.plnd.select.TopN;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Tallies of two shards of a corpus, merged, equal the tally of one pass over the whole corpus. */
class ShardMergeTest {

    private static final ActivityRules RULES =
            new ActivityRules(new ActivityRule.TopFraction(0.25), new ActivityRule.TopK(20));

    @Test
    void mergedShardsEqualOnePass() throws Exception {
        try (LanguageModel model = Fixtures.load(Fixtures.dir(Fixtures.LLAMA))) {
            int[][] docs = Fixtures.documents(Fixtures.expected(Fixtures.LLAMA));
            LanguageTally whole = new LanguageTally("xx");
            LanguageTally first = new LanguageTally("xx");
            LanguageTally second = new LanguageTally("xx");
            for (int d = 0; d < docs.length; d++) {
                score(model, docs[d], whole);
                score(model, docs[d], d % 2 == 0 ? first : second);
            }
            first.merge(second);
            assertEquals(whole.documents(), first.documents());
            assertEquals(whole.tokens(), first.tokens());
            assertEquals(whole.groups().keySet(), first.groups().keySet());
            whole.groups().forEach((g, t) -> {
                GroupTally m = first.groups().get(g);
                assertEquals(t.documents(), m.documents(), g + " documents");
                for (int i = 0; i < t.size(); i++) {
                    assertEquals(t.active(i), m.active(i), g + " active " + i);
                    assertEquals(t.importanceSum(i), m.importanceSum(i), 1e-12 * Math.abs(t.importanceSum(i)), g + " sum " + i);
                }
            });
            Selection selection = new Selection(new Specificity(0.5), Overlap.NONE, 1, new TopN(3));
            NeuronSet fromWhole = selection.select(Map.of("xx", whole)).selected().get("xx");
            assertEquals(fromWhole, selection.select(Map.of("xx", first)).selected().get("xx"));
            assertEquals(true, fromWhole.size() > 0, "the shards select something");
        }
    }

    @Test
    void refusesToMergeDifferentLanguagesOrSizes() {
        assertThrows(IllegalArgumentException.class, () -> new LanguageTally("en").merge(new LanguageTally("zh")));
        assertThrows(IllegalArgumentException.class, () -> new GroupTally(3).merge(new GroupTally(4)));
    }

    private static void score(LanguageModel model, int[] doc, LanguageTally tally) {
        ScoringProbe probe = new ScoringProbe(
                ScoreMode.PAPER.scorer(new WeightStats(model.config(), model::weights), 8),
                ScoreMode.PAPER.structures(),
                new NeuronSpace(model.config(), new TallyingSink(tally, RULES)));
        try (NDManager scope = model.manager().newSubManager()) {
            model.trace(scope, new int[][] {doc}, Intervention.NONE, probe);
        }
        tally.addDocuments(1, doc.length);
    }
}
