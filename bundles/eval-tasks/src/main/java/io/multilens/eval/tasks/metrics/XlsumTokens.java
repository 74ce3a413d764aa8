package io.multilens.eval.tasks.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The tokens of XL-Sum's multilingual ROUGE (csebuetnlp/xl-sum, scored with {@code use_stemmer=True}
 * as its evaluation does): {@link XlsumText#clean}, then a dictionary word segmenter for Chinese,
 * Japanese, Thai and Burmese ({@link DictionaryWords}) or OpenNMT's aggressive split for every other
 * language, then the language's stemmer on words longer than three characters. ROUGE-Lsum's lines
 * are cleaned and stemmed but not segmented, as in XL-Sum.
 */
final class XlsumTokens implements RougeTokens {

    private static final Set<String> SEGMENTED = Set.of("zh", "ja", "th", "my");
    /** rouge-score stems only words longer than this. */
    private static final int MIN_STEMMED_LENGTH = 3;

    private final String language;
    private final DictionaryWords segmenter;
    private final Optional<XlsumStemmers.Stemmer> stemmer;

    private XlsumTokens(String language) {
        this.language = language;
        this.segmenter = SEGMENTED.contains(language) ? new DictionaryWords(language) : null;
        this.stemmer = XlsumStemmers.forLanguage(language);
    }

    /**
     * XL-Sum's folder names for the languages whose tokens differ from the fallback, and the
     * Snowball languages' English names, as ISO 639-1 codes.
     */
    private static final Map<String, String> NAMES = Map.ofEntries(
            Map.entry("chinese_simplified", "zh"), Map.entry("chinese_traditional", "zh"), Map.entry("chinese", "zh"),
            Map.entry("japanese", "ja"), Map.entry("thai", "th"), Map.entry("burmese", "my"), Map.entry("hindi", "hi"),
            Map.entry("arabic", "ar"), Map.entry("danish", "da"), Map.entry("dutch", "nl"), Map.entry("english", "en"),
            Map.entry("finnish", "fi"), Map.entry("french", "fr"), Map.entry("german", "de"), Map.entry("hungarian", "hu"),
            Map.entry("italian", "it"), Map.entry("norwegian", "no"), Map.entry("portuguese", "pt"),
            Map.entry("romanian", "ro"), Map.entry("russian", "ru"), Map.entry("spanish", "es"), Map.entry("swedish", "sv"),
            Map.entry("bengali", "bn"), Map.entry("turkish", "tr"),
            // XL-Sum's own aliases for three of its folders
            Map.entry("bangla", "bn"), Map.entry("turkce", "tr"), Map.entry("mundo", "es"));

    /**
     * For a language as a workflow names it: an XL-Sum folder name ({@code english},
     * {@code chinese_simplified}) or a code such as {@code en}, {@code zh-CN} or {@code pt_BR}, whose
     * primary subtag decides.
     */
    static XlsumTokens forLanguage(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return new XlsumTokens(NAMES.getOrDefault(lower, lower.split("[-_]")[0]));
    }

    @Override
    public List<String> words(String text) {
        String cleaned = XlsumText.clean(text);
        List<String> words = segmenter == null ? List.of() : segmenter.split(cleaned);
        if (words.isEmpty() && !cleaned.isEmpty()) {
            words = XlsumText.aggressiveSplit(cleaned);
        }
        return stemmed(words);
    }

    @Override
    public List<String> sentenceWords(String line) {
        String cleaned = XlsumText.clean(line);
        return stemmed(cleaned.isEmpty() ? List.of() : List.of(cleaned.split(" ")));
    }

    private List<String> stemmed(List<String> words) {
        if (stemmer.isEmpty()) {
            return words;
        }
        List<String> out = new ArrayList<>(words.size());
        for (String w : words) {
            out.add(w.codePointCount(0, w.length()) > MIN_STEMMED_LENGTH ? stemmer.get().stem().apply(w) : w);
        }
        return out;
    }

    @Override
    public String description() {
        return "xlsum (" + language + "): XL-Sum's multilingual ROUGE tokens; words: "
                + (segmenter == null ? "OpenNMT aggressive split" : "ICU dictionary segmentation (approximates XL-Sum's)")
                + "; stemmer: " + stemmer.map(XlsumStemmers.Stemmer::name).orElse("none");
    }
}
