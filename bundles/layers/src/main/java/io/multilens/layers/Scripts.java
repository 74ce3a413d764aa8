package io.multilens.layers;

import java.lang.Character.UnicodeScript;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Which Unicode scripts each language writes, and the script of a piece of text. A language not
 * listed here has no script: the {@code script} classifier then never claims a token for it.
 */
final class Scripts {

    private static final Map<String, Set<UnicodeScript>> BY_LANGUAGE = new HashMap<>();

    static {
        for (String latin : new String[] {"en", "fr", "de", "es", "it", "pt", "nl", "sw", "vi", "id", "tr", "pl", "cs",
                "ro", "ca", "eu", "yo", "ha", "ig", "ms", "tl", "fi", "sv", "da", "no", "et", "lt", "lv", "hu"}) {
            BY_LANGUAGE.put(latin, EnumSet.of(UnicodeScript.LATIN));
        }
        for (String cyrillic : new String[] {"ru", "uk", "bg", "sr", "mk", "be", "kk"}) {
            BY_LANGUAGE.put(cyrillic, EnumSet.of(UnicodeScript.CYRILLIC));
        }
        for (String arabic : new String[] {"ar", "fa", "ur"}) {
            BY_LANGUAGE.put(arabic, EnumSet.of(UnicodeScript.ARABIC));
        }
        BY_LANGUAGE.put("zh", EnumSet.of(UnicodeScript.HAN));
        BY_LANGUAGE.put("ja", EnumSet.of(UnicodeScript.HAN, UnicodeScript.HIRAGANA, UnicodeScript.KATAKANA));
        BY_LANGUAGE.put("ko", EnumSet.of(UnicodeScript.HANGUL));
        BY_LANGUAGE.put("th", EnumSet.of(UnicodeScript.THAI));
        BY_LANGUAGE.put("hi", EnumSet.of(UnicodeScript.DEVANAGARI));
        BY_LANGUAGE.put("mr", EnumSet.of(UnicodeScript.DEVANAGARI));
        BY_LANGUAGE.put("bn", EnumSet.of(UnicodeScript.BENGALI));
        BY_LANGUAGE.put("te", EnumSet.of(UnicodeScript.TELUGU));
        BY_LANGUAGE.put("ta", EnumSet.of(UnicodeScript.TAMIL));
        BY_LANGUAGE.put("el", EnumSet.of(UnicodeScript.GREEK));
        BY_LANGUAGE.put("he", EnumSet.of(UnicodeScript.HEBREW));
        BY_LANGUAGE.put("ka", EnumSet.of(UnicodeScript.GEORGIAN));
        BY_LANGUAGE.put("am", EnumSet.of(UnicodeScript.ETHIOPIC));
    }

    private Scripts() {
    }

    /** The scripts a language is written in; empty when unknown. */
    static Set<UnicodeScript> of(String language) {
        return BY_LANGUAGE.getOrDefault(language, Set.of());
    }

    /**
     * The script most of the text's letters are in (ties: the first letter's); null when the text
     * has no letter (punctuation, digits, spaces, replacement characters).
     */
    static UnicodeScript dominant(String text) {
        Map<UnicodeScript, Integer> counts = new HashMap<>();
        UnicodeScript first = null;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (!Character.isLetter(cp)) {
                continue;
            }
            UnicodeScript s = UnicodeScript.of(cp);
            if (s == UnicodeScript.COMMON || s == UnicodeScript.INHERITED || s == UnicodeScript.UNKNOWN) {
                continue;
            }
            first = first == null ? s : first;
            counts.merge(s, 1, Integer::sum);
        }
        if (first == null) {
            return null;
        }
        UnicodeScript best = first;
        for (Map.Entry<UnicodeScript, Integer> e : counts.entrySet()) {
            if (e.getValue() > counts.get(best)) {
                best = e.getKey();
            }
        }
        return best;
    }

    /**
     * For byte-level vocabularies: every proper prefix of the UTF-8 encoding of a letter in one of
     * {@code wanted}, mapped to the scripts whose letters start with it. A token that is such a
     * prefix (the first bytes of a character the model has not finished) is that script's only
     * when exactly one wanted script starts with those bytes.
     */
    static Map<String, Set<UnicodeScript>> utf8Prefixes(Set<UnicodeScript> wanted) {
        return utf8Prefixes(wanted, java.util.stream.IntStream.rangeClosed(0x80, Character.MAX_CODE_POINT)
                .filter(cp -> cp < Character.MIN_SURROGATE || cp > Character.MAX_SURROGATE));
    }

    /**
     * As {@link #utf8Prefixes(Set)}, over the letters of {@code universe} only: given the characters
     * the analysed text really uses, a lead byte such as 0xE0 is Thai's alone, although Unicode also
     * starts rarely used Arabic letters with it.
     */
    static Map<String, Set<UnicodeScript>> utf8Prefixes(Set<UnicodeScript> wanted, java.util.stream.IntStream universe) {
        Map<String, Set<UnicodeScript>> out = new HashMap<>();
        for (int cp : (Iterable<Integer>) universe.filter(c -> c >= 0x80).distinct().boxed()::iterator) {
            if (!Character.isLetter(cp)) {
                continue;
            }
            UnicodeScript s = UnicodeScript.of(cp);
            if (!wanted.contains(s)) {
                continue;
            }
            byte[] bytes = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
            for (int n = 1; n < bytes.length; n++) {
                out.computeIfAbsent(hex(bytes, n), k -> EnumSet.noneOf(UnicodeScript.class)).add(s);
            }
        }
        return out;
    }

    static String hex(byte[] bytes, int n) {
        StringBuilder b = new StringBuilder(2 * n);
        for (int i = 0; i < n; i++) {
            b.append(String.format("%02x", bytes[i] & 0xff));
        }
        return b.toString();
    }
}
