/**
 * Building blocks for {@link io.multilens.api.model.ModelBackend} bundles, so that a new
 * architecture is its forward pass and little else: the safetensors codec (memory-mapped, any
 * size, F32/F16/BF16 widened in Java), sharded checkpoint folders, the Hugging Face tokenizer with
 * its BOS rule, token batches, neuron masks, attention masks, the KV cache, greedy generation and
 * checkpoint saving. Both bundled backends (Llama family, BLOOM) are built from these.
 */
package io.multilens.api.backend;
