package io.multilens.eval.tasks.metrics;

import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.tartarus.snowball.SnowballStemmer;
import org.tartarus.snowball.ext.ArabicStemmer;
import org.tartarus.snowball.ext.DanishStemmer;
import org.tartarus.snowball.ext.DutchStemmer;
import org.tartarus.snowball.ext.EnglishStemmer;
import org.tartarus.snowball.ext.FinnishStemmer;
import org.tartarus.snowball.ext.FrenchStemmer;
import org.tartarus.snowball.ext.GermanStemmer;
import org.tartarus.snowball.ext.HungarianStemmer;
import org.tartarus.snowball.ext.ItalianStemmer;
import org.tartarus.snowball.ext.NorwegianStemmer;
import org.tartarus.snowball.ext.PortugueseStemmer;
import org.tartarus.snowball.ext.RomanianStemmer;
import org.tartarus.snowball.ext.RussianStemmer;
import org.tartarus.snowball.ext.SpanishStemmer;
import org.tartarus.snowball.ext.SwedishStemmer;

/**
 * The stemmers XL-Sum's ROUGE uses where it stems: Snowball for its fifteen Snowball languages
 * (from Lucene's copy of the Snowball project), Ramanathan and Rao's for Hindi. XL-Sum also stems
 * Bengali and Turkish with Python-only stemmers, which are not reproduced (those languages are not
 * stemmed here), and it leaves NLTK's stop words unstemmed, which Snowball alone does not.
 *
 * <p>Lucene's Snowball generation is not NLTK's {@code SnowballStemmer}, which XL-Sum calls.
 * Measured on every distinct word of the PUD sentences: Arabic stems differ for 17% of the words
 * (1,118 of 6,678; NLTK's Arabic stemmer is its own algorithm), a handful differ in it, pt, ru and
 * fr, none in en, es and de. So Arabic ROUGE here is not comparable with XL-Sum's published Arabic
 * numbers; the stemmer's name in metrics.json says so.
 */
final class XlsumStemmers {

    private static final Map<String, Supplier<SnowballStemmer>> SNOWBALL = Map.ofEntries(
            Map.entry("ar", ArabicStemmer::new), Map.entry("da", DanishStemmer::new), Map.entry("nl", DutchStemmer::new),
            Map.entry("en", EnglishStemmer::new), Map.entry("fi", FinnishStemmer::new), Map.entry("fr", FrenchStemmer::new),
            Map.entry("de", GermanStemmer::new), Map.entry("hu", HungarianStemmer::new), Map.entry("it", ItalianStemmer::new),
            Map.entry("no", NorwegianStemmer::new), Map.entry("nb", NorwegianStemmer::new),
            Map.entry("pt", PortugueseStemmer::new), Map.entry("ro", RomanianStemmer::new),
            Map.entry("ru", RussianStemmer::new), Map.entry("es", SpanishStemmer::new), Map.entry("sv", SwedishStemmer::new));

    /** A named stemmer: the name goes into metrics.json. */
    record Stemmer(String name, UnaryOperator<String> stem) {
    }

    private XlsumStemmers() {
    }

    /** For an ISO 639-1 code (the part before '-' or '_'); empty where XL-Sum does not stem or we cannot. */
    static Optional<Stemmer> forLanguage(String language) {
        Supplier<SnowballStemmer> snowball = SNOWBALL.get(language);
        if (snowball != null) {
            // Snowball stemmers keep state between calls: one per call, they are cheap
            String name = "snowball-" + snowball.get().getClass().getSimpleName().replace("Stemmer", "")
                    .toLowerCase(java.util.Locale.ROOT);
            if (language.equals("ar")) {
                name += " (Lucene's, not NLTK's: 17% of Arabic words stem differently; not comparable with XL-Sum's Arabic ROUGE)";
            }
            return Optional.of(new Stemmer(name, word -> {
                        SnowballStemmer s = snowball.get();
                        s.setCurrent(word);
                        s.stem();
                        return s.getCurrent();
                    }));
        }
        if (language.equals("hi")) {
            return Optional.of(new Stemmer("ramanathan-rao-hindi", HindiStemmer::stem));
        }
        return Optional.empty();
    }
}
