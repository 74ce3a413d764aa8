package io.multilens.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.multilens.api.model.ByteTokenizerJson;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Token languages on the embedded model's byte-level vocabulary, for each script the corpora use. */
class TokenLanguagesTest {

    private static final List<String> LANGUAGES = List.of("en", "zh", "fr", "de", "es", "ru", "ja", "th", "ar", "sw");

    @TempDir
    Path tmp;

    private TokenLanguages script() throws Exception {
        Path file = tmp.resolve("tokenizer.json");
        ByteTokenizerJson.write(file);
        return new TokenLanguages(LANGUAGES, TokenText.read(file, ByteTokenizerJson.VOCAB_SIZE),
                ByteTokenizerJson.VOCAB_SIZE, TokenLanguages.Strategy.SCRIPT, null);
    }

    private static int byteToken(int b) {
        return ByteTokenizerJson.FIRST_BYTE + b;
    }

    private static int firstByte(String text) {
        return text.getBytes(StandardCharsets.UTF_8)[0] & 0xff;
    }

    private static long mask(String... languages) {
        long m = 0;
        for (String l : languages) {
            m |= 1L << LANGUAGES.indexOf(l);
        }
        return m;
    }

    @Test
    void bytesAreClassifiedByTheScriptsTheyCanStart() throws Exception {
        TokenLanguages t = script();
        assertEquals(mask("en", "fr", "de", "es", "sw"), t.mask(byteToken('a')), "an ASCII letter is Latin");
        assertEquals(mask("ru"), t.mask(byteToken(firstByte("Ж"))), "0xD0 starts only Cyrillic letters");
        assertEquals(mask("ar"), t.mask(byteToken(firstByte("ع"))), "0xD8 starts only Arabic letters");
        assertEquals(mask("zh", "ja"), t.mask(byteToken(firstByte("中"))), "0xE4 starts only Han");
        // 0xE0 starts Thai but also Arabic Extended-A, 0xE3 kana but also Han extension A: not one language set
        assertEquals(0, t.mask(byteToken(firstByte("ก"))));
        assertEquals(0, t.mask(byteToken(firstByte("の"))));
        assertEquals(0, t.mask(byteToken('7')), "digits are no language");
        assertEquals(0, t.mask(byteToken(' ')));
        assertEquals(0, t.mask(byteToken(0x96)), "a continuation byte alone starts nothing");
        assertEquals(0, t.mask(ByteTokenizerJson.BOS), "special tokens carry no text");
    }

    @Test
    void bytePrefixesAreResolvedAmongTheCharactersTheTextUses() throws Exception {
        Path file = tmp.resolve("tokenizer.json");
        ByteTokenizerJson.write(file);
        java.util.BitSet letters = new java.util.BitSet();
        String text = "กข سلام こんにちは 中文";
        text.codePoints().forEach(letters::set);
        TokenLanguages t = new TokenLanguages(LANGUAGES, TokenText.read(file, ByteTokenizerJson.VOCAB_SIZE),
                ByteTokenizerJson.VOCAB_SIZE, TokenLanguages.Strategy.SCRIPT, null, letters);
        assertEquals(mask("th"), t.mask(byteToken(firstByte("ก"))), "no Arabic letter of the text starts with 0xE0");
        assertEquals(mask("ja"), t.mask(byteToken(firstByte("の"))), "no Han character of the text starts with 0xE3");
        assertEquals(mask("zh", "ja"), t.mask(byteToken(firstByte("中"))));
    }

    @Test
    void classesFollowTheDocumentsLanguage() {
        int en = LANGUAGES.indexOf("en");
        int zh = LANGUAGES.indexOf("zh");
        int fr = LANGUAGES.indexOf("fr");
        assertEquals(LensClass.REFERENCE, LensClass.of(mask("en", "fr"), fr, en), "a shared script counts for the reference");
        assertEquals(LensClass.OWN, LensClass.of(mask("zh", "ja"), zh, en));
        assertEquals(LensClass.OTHER, LensClass.of(mask("ru"), zh, en));
        assertEquals(LensClass.NONE, LensClass.of(0, zh, en));
        assertEquals(LensClass.REFERENCE, LensClass.of(mask("en"), en, en), "the reference's own tokens are reference");
    }

    @Test
    void theLexiconTellsSameScriptLanguagesApart() throws Exception {
        Lexicon lex = Lexicon.fromCorpora(List.of(
                List.of("the cat and the dog", "the house", "the end"),
                List.of("le chat et le chien", "le maison", "le fin et le début")), 2);
        assertEquals(0, lex.languageOf("the"));
        assertEquals(1, lex.languageOf("le"));
        assertEquals(1, lex.languageOf("ET"), "case-insensitive");
        assertEquals(-1, lex.languageOf("cat"), "seen once: below min_count");
        assertEquals(List.of("l", "été", "arrivé", "中文"), Lexicon.words("L'été... arrivé! 中文 42"));
    }

    /** A word-start piece of a lexicon word counts for that word's language; a mid-word piece or a shared one does not. */
    @Test
    void subWordPiecesThatStartALexiconWordAreCredited() throws Exception {
        Lexicon lex = Lexicon.fromLists(List.of(List.of("development", "international"), List.of("développement", "internationale")));
        assertEquals(1L, lex.languagesStartingWith("develop"));
        assertEquals(2L, lex.languagesStartingWith("dévelop"));
        assertEquals(3L, lex.languagesStartingWith("internation"), "both languages' words start so");
        assertEquals(0L, lex.languagesStartingWith("de"), "too short to tell");
        Path file = tmp.resolve("pieces.json");
        java.nio.file.Files.writeString(file, "{\"pre_tokenizer\": {\"type\": \"ByteLevel\"}, \"model\": {\"vocab\":"
                + " {\"\\u0120develop\": 0, \"\\u0120d\\u00c3\\u00a9velop\": 1, \"elop\": 2, \"\\u0120internation\": 3}},"
                + " \"added_tokens\": []}");
        TokenLanguages t = new TokenLanguages(List.of("en", "fr"), TokenText.read(file, 4), 4, TokenLanguages.Strategy.LEXICON, lex);
        assertEquals(1L, t.mask(0), "' develop' starts an English word");
        assertEquals(2L, t.mask(1), "' dévelop' starts a French one");
        assertEquals(0L, t.mask(2), "'elop' starts no word: Latin script, two languages, none");
        assertEquals(0L, t.mask(3), "' internation' starts words of both");
    }

    @Test
    void gpt2StyleAndSentencePieceTokensDecodeToTheirBytes() throws Exception {
        Path file = tmp.resolve("tokenizer.json");
        java.nio.file.Files.writeString(file, "{\"pre_tokenizer\": {\"type\": \"ByteLevel\"}, \"model\": {\"vocab\":"
                + " {\"\\u0120the\": 0, \"\\u00e4\\u00b8\": 1, \"<0xD0>\": 2, \"hello\": 3}}, \"added_tokens\": []}");
        TokenText text = TokenText.read(file, 4);
        assertEquals(" the", text.decode(0).text());
        assertEquals("e4b8", Scripts.hex(text.decode(1).unfinished(), 2), "two of the three bytes of a Han character");
        assertEquals("d0", Scripts.hex(text.decode(2).unfinished(), 1));
        assertEquals("hello", text.decode(3).text());
    }

    @Test
    void unigramVocabulariesAndTokensThatStartMidCharacterAreRead() throws Exception {
        Path file = tmp.resolve("unigram.json");
        // SentencePiece Unigram: the id is the position; "<0xB8>" ends a character a previous token began
        java.nio.file.Files.writeString(file, "{\"decoder\": {\"type\": \"Sequence\", \"decoders\": [{\"type\": \"Replace\"}]},"
                + " \"model\": {\"type\": \"Unigram\", \"vocab\": [[\"<unk>\", 0], [\"\u2581the\", -1], [\"<0xE4>\", -2],"
                + " [\"\u4e2d\u6587\", -3]]}, \"added_tokens\": []}");
        TokenText text = TokenText.read(file, 4);
        assertEquals(" the", text.decode(1).text());
        assertEquals("e4", Scripts.hex(text.decode(2).unfinished(), 1));
        assertEquals("中文", text.decode(3).text());

        Path byteLevel = tmp.resolve("tokenizer.json");
        ByteTokenizerJson.write(byteLevel);
        TokenText bytes = TokenText.read(byteLevel, ByteTokenizerJson.VOCAB_SIZE);
        assertEquals("", bytes.decode(byteToken(0xB8)).text(), "a lone continuation byte is no text");
        assertEquals(0, bytes.decode(byteToken(0xB8)).unfinished().length);
    }
}
