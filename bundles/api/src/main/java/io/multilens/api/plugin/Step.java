package io.multilens.api.plugin;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * The one interface the workflow engine calls. A plugin bundle registers its steps as OSGi
 * services of this type (through Declarative Services); the engine finds them by
 * {@link PluginInfo#name()}.
 *
 * <p>A step reads its options and input artifacts from the context and writes every output
 * below {@link StepContext#outputDir()}; the engine moves that folder into place only when the
 * step returns normally, so a failed or interrupted step never leaves half-written results.
 */
@ConsumerType
public interface Step {

    PluginInfo info();

    void run(StepContext context) throws Exception;
}
