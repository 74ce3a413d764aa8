/**
 * Building blocks for {@link io.multilens.api.model.ModelBackend} bundles, so that a new
 * architecture is its forward pass and little else: the safetensors codec (memory-mapped, any
 * size, F32/F16/BF16 widened in Java), sharded checkpoint folders, the Hugging Face tokenizer with
 * its BOS rule, token batches, neuron masks, attention masks, the KV cache, greedy generation and
 * checkpoint saving. Both bundled backends (Llama family, BLOOM) are built from these.
 *
 * <p>Versioned on its own (OSGi semantic versioning, checked by bnd-baseline). {@code @ProviderType}
 * interfaces are implemented by the side that provides a function (the runtime, a model backend):
 * adding a method is a minor change, and bnd gives their implementers an [x.y, x.y+1) import range.
 * {@code @ConsumerType} ones are entry points and callbacks a plugin implements ({@code Step},
 * {@code LayerProbe}, {@code ForwardPass}): any change to them is a major one.
 */
@Version("1.0.0")
package io.multilens.api.backend;

import org.osgi.annotation.versioning.Version;
