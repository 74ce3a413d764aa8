package io.multilens.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.multilens.api.model.LanguageModel;
import io.multilens.api.model.LayerProbe;
import io.multilens.api.neurons.Intervention;
import io.multilens.api.status.StepFailure;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The latent-language lens of Wendler et al. (2024): word-translation prompts
 * ({@code Français: "fleur" - 中文: "}, after {@code shots} solved examples), and at the last
 * position, layer by layer, the probability the logit lens gives the target word's first token and
 * the English word's first token. The paper's framework predicts English on top in the middle
 * layers and the target at the end. Words whose two first tokens coincide are left out (the
 * measurement could not tell them apart), as Wendler et al. do.
 */
final class TranslationLens {

    /** Each language's name in itself, as the prompts write it. */
    static final Map<String, String> NAMES = Map.of("en", "English", "zh", "中文", "fr", "Français", "de", "Deutsch",
            "es", "Español", "ru", "Русский", "ja", "日本語", "th", "ไทย", "ar", "العربية", "sw", "Kiswahili");

    /** One target language: the words measured and, per depth, the mean probability of each first token. */
    record Result(String target, int words, int skipped, double[] target1, double[] english1) {
    }

    private TranslationLens() {
    }

    /** The word table: a header of language codes, then one word per language per row (tab-separated). */
    static Map<String, List<String>> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).toList();
        } catch (IOException e) {
            throw new StepFailure(file + ": cannot read the word list (" + e.getMessage() + ")");
        }
        if (lines.size() < 3) {
            throw new StepFailure(file + ": a header of language codes and at least two rows of words are needed");
        }
        String[] header = lines.get(0).split("\t");
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String code : header) {
            out.put(code.trim(), new ArrayList<>());
        }
        for (int i = 1; i < lines.size(); i++) {
            String[] cells = lines.get(i).split("\t");
            if (cells.length != header.length) {
                throw new StepFailure(file + ":" + (i + 1) + ": " + cells.length + " words where the header names "
                        + header.length + " languages (tab-separated)");
            }
            for (int c = 0; c < cells.length; c++) {
                out.get(header[c].trim()).add(cells[c].trim());
            }
        }
        return out;
    }

    /** The prompt for word {@code i}: {@code shots} solved examples (the next words, cyclically), then the question. */
    static String prompt(Map<String, List<String>> words, String source, String target, int i, int shots) {
        List<String> src = words.get(source);
        List<String> tgt = words.get(target);
        String s = NAMES.getOrDefault(source, source);
        String t = NAMES.getOrDefault(target, target);
        StringBuilder p = new StringBuilder();
        if (shots >= src.size()) {
            throw new StepFailure(shots + " solved examples need at least " + (shots + 1) + " words, or a question's own"
                    + " answer would be among them; the word list has " + src.size() + " (lower 'shots')");
        }
        for (int k = 1; k <= shots; k++) {
            int j = (i + k) % src.size();
            p.append(s).append(": \"").append(src.get(j)).append("\" - ").append(t).append(": \"").append(tgt.get(j)).append("\"\n");
        }
        return p.append(s).append(": \"").append(src.get(i)).append("\" - ").append(t).append(": \"").toString();
    }

    static Result measure(LanguageModel model, Map<String, List<String>> words, String source, String target, int shots,
                          boolean finalNorm, int batchSize) {
        int depths = model.config().numLayers() + 1;
        List<int[]> prompts = new ArrayList<>();
        List<int[]> pair = new ArrayList<>();   // per kept word: {target first token, English first token}
        int skipped = 0;
        for (int i = 0; i < words.get(source).size(); i++) {
            String question = prompt(words, source, target, i, shots);
            int[] ids = model.tokenizer().encode(question);
            int t = firstTokenAfter(model, question, ids, words.get(target).get(i));
            int e = firstTokenAfter(model, question, ids, words.get("en").get(i));
            if (t < 0 || e < 0 || t == e) {
                skipped++;
                continue;
            }
            prompts.add(ids);
            pair.add(new int[] {t, e});
        }
        double[] target1 = new double[depths];
        double[] english1 = new double[depths];
        for (int start = 0; start < prompts.size(); start += batchSize) {
            int end = Math.min(prompts.size(), start + batchSize);
            int[][] batch = prompts.subList(start, end).toArray(new int[0][]);
            List<int[]> ids = pair.subList(start, end);
            try (NDManager scope = model.manager().newSubManager()) {
                model.trace(scope, batch, Intervention.NONE, new LayerProbe() {
                    @Override
                    public void residual(int depth, NDArray hidden, NDArray valid) {
                        float[] p = lastPositionProbabilities(model, scope, hidden, valid, finalNorm, ids);
                        for (int r = 0; r < ids.size(); r++) {
                            target1[depth] += p[2 * r];
                            english1[depth] += p[2 * r + 1];
                        }
                    }
                });
            }
        }
        for (int d = 0; d < depths; d++) {
            target1[d] /= Math.max(1, prompts.size());
            english1[d] /= Math.max(1, prompts.size());
        }
        return new Result(target, prompts.size(), skipped, target1, english1);
    }

    /**
     * The first token of {@code word} as the model would write it after the prompt: the first id
     * where the prompt followed by the word tokenizes differently from the prompt alone (a word
     * tokenized on its own may start with a space mark, or merge differently, than after the
     * quote); -1 when the word adds nothing.
     */
    static int firstTokenAfter(LanguageModel model, String question, int[] questionIds, String word) {
        int[] with = model.tokenizer().encode(question + word);
        int k = 0;
        while (k < questionIds.length && k < with.length && questionIds[k] == with[k]) {
            k++;
        }
        return k < with.length ? with[k] : -1;
    }

    /** Per row, the lens probabilities of its two ids at the row's last real position: [B * 2]. */
    private static float[] lastPositionProbabilities(LanguageModel model, NDManager scope, NDArray hidden, NDArray valid,
                                                     boolean finalNorm, List<int[]> ids) {
        int b = Math.toIntExact(hidden.getShape().get(0));
        int t = Math.toIntExact(hidden.getShape().get(1));
        int h = Math.toIntExact(hidden.getShape().get(2));
        float[] v = valid.toType(ai.djl.ndarray.types.DataType.FLOAT32, false).toFloatArray();   // [B*T]
        float[] x = hidden.toType(ai.djl.ndarray.types.DataType.FLOAT32, false).toFloatArray();  // [B*T*H]
        float[] last = new float[b * h];
        for (int r = 0; r < b; r++) {
            int pos = 0;
            for (int i = 0; i < t; i++) {
                pos = v[r * t + i] > 0 ? i : pos;
            }
            System.arraycopy(x, (r * t + pos) * h, last, r * h, h);
        }
        float[] out = new float[2 * b];
        try (NDManager s = scope.newSubManager()) {
            NDArray rows = s.create(last, new Shape(b, 1, h)).toType(hidden.getDataType(), false);   // [B,1,H]
            NDArray logits = model.lens(s, rows, finalNorm);               // [B,1,V]
            float[] probs = logits.softmax(2).toFloatArray();              // [B*V]
            int vocab = probs.length / b;
            for (int r = 0; r < b; r++) {
                out[2 * r] = probs[r * vocab + ids.get(r)[0]];
                out[2 * r + 1] = probs[r * vocab + ids.get(r)[1]];
            }
        }
        return out;
    }
}
