package io.multilens.launch;

import org.osgi.annotation.versioning.ProviderType;

/** The workflow engine as the launcher sees it: an OSGi service the workflow bundle registers. */
@ProviderType
public interface Engine {

    /** Carries out one request; the process exit code (0 done, 1 a step failed, 2 the request was invalid). */
    int execute(EngineRequest request);
}
