package io.multilens.runtime;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * FileInstall's messages for the user of {@code watch}: one line each (the message and the root
 * cause's first line, never a stack trace), and each distinct line once, however often FileInstall
 * retries a bundle that cannot resolve. FileInstall logs through java.util.logging; the lines go on
 * to SLF4J (logger {@code watch}), where DJL's and the framework's ({@link FelixSlf4jLog}) go.
 */
final class OneLineLog extends Handler {

    /** The java.util.logging logger FileInstall writes to with {@code felix.fileinstall.log.default=jul}. */
    static final String FILEINSTALL_LOGGER = "fileinstall";

    private final Consumer<String> out;
    private final Set<String> said = ConcurrentHashMap.newKeySet();

    OneLineLog(Consumer<String> out) {
        this.out = out;
    }

    /** Lines to SLF4J's {@code watch} logger at warning level. */
    static Consumer<String> slf4j() {
        org.slf4j.Logger watch = org.slf4j.LoggerFactory.getLogger("watch");
        return watch::warn;
    }

    /**
     * Configures FileInstall's logger. Returns it: the caller must keep it, since java.util.logging
     * holds loggers weakly and FileInstall looks it up anew on every message, so a collected
     * logger would come back unconfigured (stack traces on every scan again).
     */
    static Logger install(Consumer<String> out) {
        Logger logger = Logger.getLogger(FILEINSTALL_LOGGER);
        logger.setUseParentHandlers(false);
        for (Handler h : logger.getHandlers()) {
            logger.removeHandler(h);
        }
        logger.addHandler(new OneLineLog(out));
        return logger;
    }

    @Override
    public void publish(LogRecord record) {
        if (record.getLevel().intValue() < Level.WARNING.intValue()) {
            return;
        }
        String line = record.getMessage() + (record.getThrown() == null ? "" : ": " + root(record.getThrown()));
        if (said.add(line)) {
            out.accept(line);
        }
    }

    static String root(Throwable t) {
        Throwable r = t;
        while (r.getCause() != null && r.getCause() != r) {
            r = r.getCause();
        }
        String m = r.getMessage() == null ? r.getClass().getSimpleName() : r.getMessage();
        return m.lines().findFirst().orElse(m);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        flush();
    }
}
