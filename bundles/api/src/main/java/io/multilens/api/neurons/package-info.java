/**
 * Neuron addresses ({@code layers.{i}.attn.{q,k,v,o}}, {@code layers.{i}.mlp.ffn}), language neuron
 * sets, random controls, layer stages and the conditions that switch neurons off.
 *
 * <p>Versioned on its own (OSGi semantic versioning, checked by bnd-baseline). {@code @ProviderType}
 * interfaces are implemented by the side that provides a function (the runtime, a model backend):
 * adding a method is a minor change, and bnd gives their implementers an [x.y, x.y+1) import range.
 * {@code @ConsumerType} ones are entry points and callbacks a plugin implements ({@code Step},
 * {@code LayerProbe}, {@code ForwardPass}): any change to them is a major one.
 */
@Version("1.0.0")
package io.multilens.api.neurons;

import org.osgi.annotation.versioning.Version;
