/**
 * The backend kit: building blocks for {@link io.multilens.api.model.ModelBackend} bundles, so
 * that a new architecture is its forward pass and little else. Sharded checkpoint folders and the
 * shared load sequence (dtype and device checks, the memory estimate, parallel loading), weights
 * kept in 16 bits and widened a layer at a time, the Hugging Face tokenizer with its BOS rule,
 * token batches, neuron masks, attention masks, the KV cache, rotary tables, norms, the LM head,
 * greedy generation, {@code DecoderModel} and checkpoint saving. A bundle of its own: plugins see
 * only the API; every bundled backend (Llama family, BLOOM, Gemma) is built from these.
 *
 * <p>Versioned on its own (OSGi semantic versioning, checked by bnd-baseline). {@code @ProviderType}
 * interfaces are implemented by the side that provides a function (the runtime, a model backend):
 * adding a method is a minor change, and bnd gives their implementers an [x.y, x.y+1) import range.
 * {@code @ConsumerType} ones are entry points and callbacks a plugin implements ({@code Step},
 * {@code LayerProbe}, {@code ForwardPass}): any change to them is a major one. 2.0.0:
 * {@code ForwardPass} runs a {@link io.multilens.kit.LayerRange} (shared prefixes), a method every
 * backend implements.
 */
@Version("2.0.0")
package io.multilens.kit;

import org.osgi.annotation.versioning.Version;
