package io.multilens.corpus;

import com.ibm.icu.lang.UScript;
import java.util.List;

/** How much of a text is in Latin script: a check that a romanisation did its work. */
final class Scripts {

    private Scripts() {
    }

    /** Letters in Latin script over all letters of the documents; 0 when they hold no letter. */
    static double latinLetterShare(List<String> documents) {
        long letters = 0;
        long latin = 0;
        for (String d : documents) {
            for (int i = 0; i < d.length(); ) {
                int cp = d.codePointAt(i);
                i += Character.charCount(cp);
                if (Character.isLetter(cp)) {
                    letters++;
                    latin += UScript.getScript(cp) == UScript.LATIN ? 1 : 0;
                }
            }
        }
        return letters == 0 ? 0 : (double) latin / letters;
    }
}
