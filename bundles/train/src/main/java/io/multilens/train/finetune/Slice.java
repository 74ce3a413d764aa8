package io.multilens.train.finetune;

/** The rows (axis 0) or columns (axis 1) of one weight that a fine-tuning trains. */
record Slice(String tensor, int axis, int[] indices) {
}
