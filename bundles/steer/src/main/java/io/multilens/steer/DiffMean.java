package io.multilens.steer;

import io.multilens.api.data.LineCorpus;
import io.multilens.api.data.Safetensors;
import io.multilens.api.model.ContentTokens;
import io.multilens.api.model.LanguageModel;
import io.multilens.api.neurons.Intervention;
import io.multilens.api.plugin.Options;
import io.multilens.api.plugin.StepContext;
import io.multilens.api.status.StepFailure;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * DiffMean steering (the bar CLaS-Bench 2026 sets for language control): v_l = the mean residual
 * stream at depth l on the target language's text minus the mean on the prompt language's, both
 * over every content token (BOS/EOS excluded) of the lines the mean activations read
 * ({@code mean_skip_documents}, {@code mean_max_documents}); strength x v_l is added at depth l,
 * at every position, while generating. Each target, depth and strength is one condition; the
 * vectors are saved to {@code vectors.safetensors} ({@code layers.{l}.{target}}, float32 [hidden]).
 */
final class DiffMean {

    private DiffMean() {
    }

    static List<SteerStep.Steering> conditions(StepContext context, LanguageModel model, Path corpus, List<String> targets,
                                               String promptLanguage, Set<Integer> depths, List<Double> strengths,
                                               ContentTokens contentTokens) throws IOException {
        Options o = context.options();
        int layers = model.config().numLayers();
        if (depths.isEmpty()) {
            throw new StepFailure("steer: method: diffmean needs 'layers', the residual depths to steer at (0.." + layers
                    + ", e.g. [" + layers / 2 + "])");
        }
        for (int d : depths) {
            if (d < 0 || d > layers) {
                throw new StepFailure("option 'layers': depth " + d + " is outside 0.." + layers + " (the model has " + layers
                        + " blocks; 0 is the embeddings)");
            }
        }
        Set<Integer> sorted = new TreeSet<>(depths);
        ResidualMeans prompt = means(model, corpus, promptLanguage, sorted, o, contentTokens);
        Map<String, Safetensors.Tensor> vectors = new LinkedHashMap<>();
        List<SteerStep.Steering> out = new ArrayList<>();
        for (String target : targets) {
            ResidualMeans means = means(model, corpus, target, sorted, o, contentTokens);
            for (int d : sorted) {
                float[] a = means.mean(d);
                float[] b = prompt.mean(d);
                float[] v = new float[a.length];
                for (int h = 0; h < v.length; h++) {
                    v[h] = a[h] - b[h];
                }
                vectors.put("layers." + d + "." + target, new Safetensors.Tensor(v.clone(), new long[] {v.length}));
                double length = norm(v);
                for (double strength : strengths) {
                    float[] scaled = new float[v.length];
                    for (int h = 0; h < v.length; h++) {
                        scaled[h] = (float) (strength * v[h]);
                    }
                    Map<String, Object> describe = new LinkedHashMap<>();
                    describe.put("method", "diffmean");
                    describe.put("target", target);
                    describe.put("layer", d);
                    describe.put("strength", strength);
                    describe.put("vector_norm", length);
                    out.add(new SteerStep.Steering(target + ".layers." + d + ".x" + number(strength), target,
                            length == 0 ? Intervention.NONE : Intervention.shift(d, scaled), 1, describe));
                }
            }
        }
        Safetensors.write(context.outputDir().resolve("vectors.safetensors"), vectors,
                new java.util.TreeMap<>(Map.of("format", "multilens.diffmean/1", "prompt_language", promptLanguage)));
        return out;
    }

    /** The mean residual at each depth over the content tokens of a language's mean lines. */
    private static ResidualMeans means(LanguageModel model, Path corpus, String lang, Set<Integer> depths, Options o,
                                       ContentTokens contentTokens) throws IOException {
        List<String> lines = LineCorpus.read(LineCorpus.file(corpus, lang), o.intValue("mean_skip_documents"),
                o.intValue("mean_max_documents"), null);
        ResidualMeans means = new ResidualMeans(depths, model.config().hiddenSize());
        means.read(model, lines, contentTokens);
        if (means.tokens() == 0) {
            throw new StepFailure(LineCorpus.file(corpus, lang) + ": no text in lines " + o.intValue("mean_skip_documents")
                    + "+ to take the mean residual over");
        }
        return means;
    }

    private static double norm(float[] v) {
        double s = 0;
        for (float x : v) {
            s += (double) x * x;
        }
        return Math.sqrt(s);
    }

    private static String number(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
    }
}
