package io.multilens.kit;

import java.util.List;

/** Where generated text hits its first stop string. */
public final class StopStrings {

    private StopStrings() {
    }

    /** The earliest index of any stop string in {@code text}, or -1. */
    public static int firstIndex(String text, List<String> stops) {
        int first = -1;
        for (String s : stops) {
            int i = text.indexOf(s);
            if (i >= 0 && (first < 0 || i < first)) {
                first = i;
            }
        }
        return first;
    }

    /** {@code text} up to (without) its first stop string. */
    public static String cut(String text, List<String> stops) {
        int i = firstIndex(text, stops);
        return i < 0 ? text : text.substring(0, i);
    }
}
