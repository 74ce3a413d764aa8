package io.multilens.plnd.select;

import io.multilens.api.neurons.NeuronSet;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How neurons specific to several languages are removed, so that what remains says something
 * about one language rather than about language in general.
 */
public enum Overlap {
    /** Drop neurons specific to every processed language (needs two or more languages). */
    ALL_LANGUAGES("all-languages"),
    /** Drop, from every other language, the neurons also specific to {@code en}; en keeps its own. */
    ENGLISH("english"),
    /** Keep a neuron for a language only if it is specific to at most M languages. */
    MAX_LANGUAGES("max-languages"),
    /** Keep every specific neuron. */
    NONE("none");

    public static final String ENGLISH_CODE = "en";

    private final String key;

    Overlap(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }

    public static Overlap fromKey(String key) {
        for (Overlap o : values()) {
            if (o.key.equals(key)) {
                return o;
            }
        }
        throw new IllegalArgumentException("unknown overlap '" + key
                + "': expected all-languages, english, max-languages or none");
    }

    /**
     * The sets with shared neurons removed.
     *
     * @param maxLanguages M, used by {@link #MAX_LANGUAGES} only
     */
    public Map<String, NeuronSet> apply(Map<String, NeuronSet> specific, int maxLanguages) {
        Map<String, NeuronSet> out = new LinkedHashMap<>();
        switch (this) {
            case ALL_LANGUAGES -> {
                if (specific.size() < 2) {
                    // with one language "shared by every language" would be everything
                    out.putAll(specific);
                    break;
                }
                NeuronSet common = null;
                for (NeuronSet s : specific.values()) {
                    common = common == null ? s : common.intersect(s);
                }
                NeuronSet shared = common;
                specific.forEach((lang, s) -> out.put(lang, s.minus(shared)));
            }
            case ENGLISH -> {
                NeuronSet english = specific.get(ENGLISH_CODE);
                if (english == null) {
                    throw new IllegalArgumentException("overlap 'english' needs 'en' among the languages, got "
                            + specific.keySet());
                }
                specific.forEach((lang, s) -> out.put(lang, lang.equals(ENGLISH_CODE) ? s : s.minus(english)));
            }
            case MAX_LANGUAGES -> {
                if (maxLanguages < 1) {
                    throw new IllegalArgumentException("max_languages must be >= 1, got " + maxLanguages);
                }
                specific.forEach((lang, s) -> out.put(lang, s.filter((g, i) -> {
                    int n = 0;
                    for (NeuronSet other : specific.values()) {
                        if (other.contains(g, i)) {
                            n++;
                        }
                    }
                    return n <= maxLanguages;
                })));
            }
            case NONE -> out.putAll(specific);
        }
        return out;
    }
}
