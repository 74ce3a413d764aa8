package io.multilens.steer;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How the identified languages of one target's continuations split: in the target language,
 * the prompt's, undecided; each share with its Wilson score 95% interval (a binomial proportion
 * over a handful of prompts: a bare share would hide that 3 of 20 and 5 of 20 are not different).
 */
record Shares(int prompts, int changed, int target, int targetUnsteered, int promptLanguage, int undecided) {

    /** z for a two-sided 95% interval. */
    private static final double Z = 1.959963984540054;

    /** Counts over the prompts: {@code identified}/{@code identifiedUnsteered} are the identifier's verdicts ("" undecided). */
    static Shares count(String targetLanguage, String promptLanguage, List<String> unsteered, List<String> steered,
                        List<String> identified, List<String> identifiedUnsteered) {
        int changed = 0;
        int isTarget = 0;
        int wasTarget = 0;
        int isPrompt = 0;
        int undecided = 0;
        for (int p = 0; p < steered.size(); p++) {
            changed += steered.get(p).equals(unsteered.get(p)) ? 0 : 1;
            String lang = identified.get(p);
            isTarget += lang.equals(targetLanguage) ? 1 : 0;
            isPrompt += lang.equals(promptLanguage) ? 1 : 0;
            undecided += lang.isEmpty() ? 1 : 0;
            wasTarget += identifiedUnsteered.get(p).equals(targetLanguage) ? 1 : 0;
        }
        return new Shares(steered.size(), changed, isTarget, wasTarget, isPrompt, undecided);
    }

    /** The Wilson score 95% interval of {@code k} successes in {@code n} trials: [low, high]. */
    static double[] wilson(int k, int n) {
        if (n == 0) {
            return new double[] {Double.NaN, Double.NaN};
        }
        double p = k / (double) n;
        double z2 = Z * Z;
        double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
        double half = Z * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n)) / (1 + z2 / n);
        return new double[] {Math.max(0, centre - half), Math.min(1, centre + half)};
    }

    /** steering.json's share fields: each share and its {@code _ci95} interval. */
    Map<String, Object> json() {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("changed_prompts", changed);
        e.put("prompts", prompts);
        share(e, "share_target", target);
        share(e, "share_target_unsteered", targetUnsteered);
        share(e, "share_prompt_language", promptLanguage);
        share(e, "share_undecided", undecided);
        return e;
    }

    private void share(Map<String, Object> e, String name, int k) {
        e.put(name, k / (double) prompts);
        double[] ci = wilson(k, prompts);
        e.put(name + "_ci95", List.of(ci[0], ci[1]));
    }
}
