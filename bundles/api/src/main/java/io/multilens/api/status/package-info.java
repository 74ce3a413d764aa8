/**
 * What every part of a run reports to the user: a failure as one clear line
 * ({@link io.multilens.api.status.StepFailure}) and progress counters. The bottom of the API: it
 * depends on no other multilens package, so data, neurons, models and plugins can all use it.
 */
@Version("1.0.0")
package io.multilens.api.status;

import org.osgi.annotation.versioning.Version;
