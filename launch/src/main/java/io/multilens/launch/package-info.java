/**
 * The launcher's requests to the workflow engine. The launcher (outside the framework) and the
 * workflow bundle (inside it) see one copy of these classes: this jar is on the launcher's class
 * path and the system bundle exports the package (see the runtime's {@code SystemPackages}).
 */
@Version("1.0.0")
package io.multilens.launch;

import org.osgi.annotation.versioning.Version;
