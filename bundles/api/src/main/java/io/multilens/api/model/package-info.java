/**
 * The model contract: {@link io.multilens.api.model.ModelProvider} hands steps a {@link
 * io.multilens.api.model.LanguageModel} that a {@link io.multilens.api.model.ModelBackend} bundle
 * built from a checkpoint; {@link io.multilens.api.model.LayerProbe}s see one layer's activations at a
 * time.
 *
 * <p>Versioned on its own (OSGi semantic versioning, checked by bnd-baseline). {@code @ProviderType}
 * interfaces are implemented by the side that provides a function (the runtime, a model backend):
 * adding a method is a minor change, and bnd gives their implementers an [x.y, x.y+1) import range.
 * {@code @ConsumerType} ones are entry points and callbacks a plugin implements ({@code Step},
 * {@code LayerProbe}, {@code ForwardPass}): any change to them is a major one.
 */
@Version("1.0.0")
package io.multilens.api.model;

import org.osgi.annotation.versioning.Version;
