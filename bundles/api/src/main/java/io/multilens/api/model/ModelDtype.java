package io.multilens.api.model;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The type a model's weights are kept in. Whatever the storage, every backend computes the
 * reductions that decide results (softmax, norms, losses, PLND importances) in float32 or wider.
 * {@code AUTO} takes the checkpoint's {@code torch_dtype}.
 */
public enum ModelDtype {
    FLOAT32(4), FLOAT16(2), BFLOAT16(2), AUTO(0);

    private final int bytes;

    ModelDtype(int bytes) {
        this.bytes = bytes;
    }

    /** The 16-bit format this type keeps weights in; FLOAT16 and BFLOAT16 only. */
    public io.multilens.api.data.HalfFormat halfFormat() {
        return switch (this) {
            case FLOAT16 -> io.multilens.api.data.HalfFormat.F16;
            case BFLOAT16 -> io.multilens.api.data.HalfFormat.BF16;
            default -> throw new IllegalArgumentException(this + " is not a 16-bit type");
        };
    }

    /** Bytes per stored element (0 for AUTO, which is resolved before loading). */
    public int bytes() {
        return bytes;
    }

    /** The lower-case name used in workflows and config.json ({@code float16}). */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static List<String> labels() {
        return Arrays.stream(values()).map(ModelDtype::label).toList();
    }

    /** Parses a workflow value or a config.json {@code torch_dtype} ({@code float16}, {@code bf16}, {@code half}, ...). */
    public static ModelDtype parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        return switch (t) {
            case "float32", "fp32", "f32", "float" -> FLOAT32;
            case "float16", "fp16", "f16", "half" -> FLOAT16;
            case "bfloat16", "bf16" -> BFLOAT16;
            case "auto" -> AUTO;
            default -> throw new IllegalArgumentException("dtype '" + text + "': expected one of " + labels());
        };
    }

    /** AUTO resolved against a checkpoint's {@code torch_dtype} (float32 when it names none or another type). */
    public ModelDtype resolve(String torchDtype) {
        if (this != AUTO) {
            return this;
        }
        try {
            ModelDtype named = parse(torchDtype);
            return named == AUTO ? FLOAT32 : named;
        } catch (IllegalArgumentException e) {
            return FLOAT32;
        }
    }
}
