package io.multilens.layers;

/**
 * What language a decoded token is, from the point of view of a document in language L: the
 * reference language (English by default), L itself, another listed language, or none. A token
 * several listed languages share (a Latin-script token under {@code script}) counts for the
 * reference when the reference is among them; for the reference language's own documents its
 * tokens are {@code reference}, never {@code own}.
 */
enum LensClass {
    REFERENCE, OWN, OTHER, NONE;

    static LensClass of(long mask, int own, int reference) {
        if (mask == 0) {
            return NONE;
        }
        if ((mask & (1L << reference)) != 0) {
            return REFERENCE;
        }
        if ((mask & (1L << own)) != 0) {
            return OWN;
        }
        return OTHER;
    }

    String key() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
