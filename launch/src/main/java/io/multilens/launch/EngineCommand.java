package io.multilens.launch;

import java.util.Locale;

/** What a request asks the engine to do: the {@code multilens} commands the engine carries out. */
public enum EngineCommand {
    RUN, VALIDATE, PLUGINS, REPORT;

    /** The command named on the command line ({@code run}, {@code validate}, ...). */
    public static EngineCommand of(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }

    /** The command-line name. */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
