package io.multilens.api.data;

import io.multilens.api.status.StepFailure;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Names that become file or folder names (language codes, step ids, condition and template
 * names): letters, digits, '-', '_' and '.', not starting with '.', at most 64 characters. A
 * language code like {@code ../../x/model} can then never write outside the results folder.
 */
public final class SafeName {

    public static final Pattern PATTERN = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.\\-]{0,63}");

    private SafeName() {
    }

    public static boolean isSafe(String name) {
        return name != null && PATTERN.matcher(name).matches() && !name.contains("..");
    }

    /** The name, or a failure saying which kind of name it is and what is allowed. */
    public static String require(String kind, String name) {
        if (!isSafe(name)) {
            throw new StepFailure(kind + " '" + name + "' cannot be used as a file name: use letters, digits, '-', '_'"
                    + " or '.' (not first, no '..'), at most 64 characters");
        }
        return name;
    }

    /** {@code dir.resolve(name)} after checking the name, and that the result stays inside {@code dir}. */
    public static Path inside(Path dir, String kind, String name) {
        Path p = dir.resolve(require(kind, name)).normalize();
        if (!p.startsWith(dir.normalize())) {
            throw new StepFailure(kind + " '" + name + "' would leave " + dir);
        }
        return p;
    }
}
