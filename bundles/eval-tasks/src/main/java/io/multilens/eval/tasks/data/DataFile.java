package io.multilens.eval.tasks.data;

import io.multilens.api.data.LineCorpus;
import io.multilens.api.status.StepFailure;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/** Reading a task's per-language data file, with the same messages for every loader. */
public final class DataFile {

    private DataFile() {
    }

    /** The file of one language: {@code {lang}} in the {@code data} option replaced. */
    public static Path of(Path pattern, String language) {
        return LineCorpus.file(pattern, language);
    }

    /** All lines of a UTF-8 file (a leading byte-order mark dropped). */
    public static List<String> lines(Path file, String option) {
        return List.of(text(file, option).split("\r?\n", -1));
    }

    /** The whole UTF-8 file (a leading byte-order mark dropped). */
    public static String text(Path file, String option) {
        try {
            String s = Files.readString(file, StandardCharsets.UTF_8);
            return s.startsWith("\uFEFF") ? s.substring(1) : s;
        } catch (NoSuchFileException e) {
            throw new StepFailure(file + ": file not found; check the option '" + option + "' ({lang} is replaced by each language)");
        } catch (CharacterCodingException e) {
            throw new StepFailure(file + ": not UTF-8 text; convert it to UTF-8");
        } catch (IOException e) {
            throw new StepFailure(file + ": cannot read (" + e.getMessage() + ")");
        }
    }
}
