package io.multilens.runtime;

import org.apache.felix.framework.Logger;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;
import org.slf4j.LoggerFactory;

/**
 * The framework's own messages through SLF4J, the path DJL and FileInstall's (via {@link OneLineLog})
 * take too: one backend (slf4j-simple on the launcher class path, set up by bin/multilens) decides
 * levels and format. A stack trace goes only to the debug level; the console gets the message
 * and its root cause in one line.
 */
final class FelixSlf4jLog extends Logger {

    private final org.slf4j.Logger log = LoggerFactory.getLogger("felix");

    @Override
    protected void doLog(Bundle bundle, ServiceReference sr, int level, String msg, Throwable throwable) {
        String line = (bundle == null ? "" : bundle.getSymbolicName() + ": ") + msg
                + (throwable == null ? "" : ": " + OneLineLog.root(throwable));
        switch (level) {
            case LOG_ERROR -> log.error(line);
            case LOG_WARNING -> log.warn(line);
            case LOG_INFO -> log.info(line);
            default -> log.debug(line);
        }
        if (throwable != null) {
            log.debug(msg, throwable);
        }
    }
}
