package io.multilens.kit;

import com.fasterxml.jackson.databind.JsonNode;
import io.multilens.api.status.StepFailure;
import java.nio.file.Path;

/**
 * RoPE inverse frequencies {@code 1 / theta^(2i/hd)}, in double, with the {@code rope_scaling}
 * variants of config.json that change them for every position (linear, llama3). Scalings that
 * depend on the sequence length are refused rather than silently ignored.
 */
public final class RopeFrequencies {

    private RopeFrequencies() {
    }

    /**
     * The scaling description: transformers v5's {@code rope_parameters} (theta and type in one
     * object) or the older {@code rope_scaling}; null for plain RoPE.
     */
    public static JsonNode scaling(Path configFile, JsonNode config) {
        JsonNode params = config.path("rope_parameters");
        if (params.isObject()) {
            if (!params.has("rope_type") && !params.has("rope_theta") && params.size() > 0) {
                throw new StepFailure(configFile + ": rope_parameters " + params.fieldNames().next()
                        + "...: per-layer-type RoPE parameters are not supported by this backend");
            }
            return params;
        }
        JsonNode old = config.path("rope_scaling");
        return old.isObject() ? old : null;
    }

    public static double[] of(Path configFile, JsonNode scaling, int headDim, double theta) {
        double[] inv = new double[headDim / 2];
        for (int i = 0; i < inv.length; i++) {
            inv[i] = 1.0 / Math.pow(theta, 2.0 * i / headDim);
        }
        if (scaling == null || scaling.isNull() || scaling.isMissingNode()) {
            return inv;
        }
        String type = scaling.path("rope_type").asText(scaling.path("type").asText("default"));
        return switch (type) {
            case "default" -> inv;
            case "linear" -> linear(inv, factor(configFile, scaling));
            case "llama3" -> llama3(inv, factor(configFile, scaling), positive(configFile, scaling, "low_freq_factor"),
                    positive(configFile, scaling, "high_freq_factor"),
                    positive(configFile, scaling, "original_max_position_embeddings"));
            default -> throw new StepFailure(configFile + ": RoPE type '" + type
                    + "' is not supported (supported: default, linear, llama3)");
        };
    }

    private static double factor(Path configFile, JsonNode scaling) {
        double f = scaling.path("factor").asDouble(0);
        if (f <= 0) {
            throw new StepFailure(configFile + ": rope_scaling.factor must be a positive number, got "
                    + scaling.get("factor"));
        }
        return f;
    }

    /** A required positive number of a scaling (transformers fails without it too: no default is guessed). */
    private static double positive(Path configFile, JsonNode scaling, String key) {
        JsonNode v = scaling.get(key);
        if (v == null || !v.isNumber() || v.asDouble() <= 0) {
            throw new StepFailure(configFile + ": llama3 RoPE scaling needs a positive '" + key + "', got " + v
                    + "; copy it from the model's original config.json");
        }
        return v.asDouble();
    }

    /** Position interpolation: every frequency divided by the factor. */
    static double[] linear(double[] inv, double factor) {
        double[] out = new double[inv.length];
        for (int i = 0; i < inv.length; i++) {
            out[i] = inv[i] / factor;
        }
        return out;
    }

    /**
     * Llama 3.1's scaling (as in transformers' {@code _compute_llama3_parameters}): wavelengths
     * shorter than {@code original/high} keep their frequency, longer than {@code original/low}
     * are divided by the factor, and those between are interpolated.
     */
    public static double[] llama3(double[] inv, double factor, double low, double high, double original) {
        double lowFreqWavelen = original / low;
        double highFreqWavelen = original / high;
        double[] out = new double[inv.length];
        for (int i = 0; i < inv.length; i++) {
            double wavelen = 2 * Math.PI / inv[i];
            if (wavelen < highFreqWavelen) {
                out[i] = inv[i];
            } else if (wavelen > lowFreqWavelen) {
                out[i] = inv[i] / factor;
            } else {
                double smooth = (original / wavelen - low) / (high - low);
                out[i] = (1 - smooth) * inv[i] / factor + smooth * inv[i];
            }
        }
        return out;
    }
}
