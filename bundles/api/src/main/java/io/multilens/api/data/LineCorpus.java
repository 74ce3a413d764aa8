package io.multilens.api.data;

import io.multilens.api.status.StepFailure;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Per-language text with one document per line, read the same way by every plugin: the
 * workflow's {@code corpus: path/{lang}.txt}, {@code skip_documents}, {@code max_documents} and,
 * when sampling, {@code seed}. Blank lines are not documents. A line longer than
 * {@link #MAX_LINE_CHARS} is cut there (no document keeps more once tokenized and cut to a few
 * thousand tokens, and an endless line must not fill the heap); only regular files are read (a
 * FIFO or a device would block or never end).
 */
public final class LineCorpus {

    /** Characters kept of one line: far more than any max_tokens cut keeps. */
    public static final int MAX_LINE_CHARS = 1 << 20;

    private LineCorpus() {
    }

    /** The file of one language: {@code {lang}} in the pattern replaced. */
    public static Path file(Path pattern, String language) {
        return Path.of(pattern.toString().replace("{lang}", SafeName.require("language code", language)));
    }

    /** How many documents (non-blank lines) the file holds; 0 when it does not exist. */
    public static long count(Path file) {
        if (!Files.exists(file)) {
            return 0;
        }
        requireRegular(file);
        long n = 0;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line; (line = boundedLine(in)) != null; ) {
                n += line.isBlank() ? 0 : 1;
            }
        } catch (IOException e) {
            return 0;
        }
        return n;
    }

    /** A FIFO, a device or a folder named as a corpus is refused by name, before it can block or run forever. */
    static void requireRegular(Path file) {
        if (Files.exists(file) && !Files.isRegularFile(file)) {
            String kind = Files.isDirectory(file) ? "a folder" : "not a regular file (a FIFO, a device or a socket)";
            throw new StepFailure(file + ": " + kind + "; a corpus is a text file with one document per line");
        }
    }

    /**
     * The next line, at most {@link #MAX_LINE_CHARS} of it (the rest up to the line's end is
     * skipped unread into memory); null at the end of the file.
     */
    static String boundedLine(BufferedReader in) throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        boolean any = false;
        while ((c = in.read()) != -1) {
            any = true;
            if (c == '\n') {
                break;
            }
            if (c == '\r') {
                in.mark(1);
                if (in.read() != '\n') {
                    in.reset();
                }
                break;
            }
            if (line.length() < MAX_LINE_CHARS) {
                line.append((char) c);
            }
        }
        return any ? line.toString() : null;
    }

    /**
     * Documents {@code skip .. skip+max-1} in file order, or, with {@code sampleSeed} set, a
     * uniform sample of {@code max} documents from all after the first {@code skip} (kept in file
     * order). {@code max <= 0} means all.
     */
    public static List<String> read(Path file, int skip, int max, Long sampleSeed) {
        requireRegular(file);
        List<String> docs = new ArrayList<>();
        List<Integer> positions = new ArrayList<>();
        Random random = sampleSeed == null ? null : new Random(sampleSeed);
        long seen = 0;
        int index = 0;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line; (line = boundedLine(in)) != null; ) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new StepFailure(file + ": reading stopped by the user");
                }
                if (line.isBlank() || index++ < skip) {
                    continue;
                }
                if (random == null || max <= 0 || docs.size() < max) {
                    if (random == null && max > 0 && docs.size() >= max) {
                        break;
                    }
                    docs.add(line);
                    positions.add(index);
                    seen++;
                    continue;
                }
                // reservoir sampling keeps memory at max documents, whatever the file's size
                seen++;
                long j = (long) (random.nextDouble() * seen);
                if (j < max) {
                    docs.set((int) j, line);
                    positions.set((int) j, index);
                }
            }
        } catch (NoSuchFileException e) {
            throw new StepFailure(file + ": corpus file not found; check 'corpus' (one document per line, {lang} is"
                    + " replaced by each language)");
        } catch (CharacterCodingException e) {
            throw new StepFailure(file + ": not UTF-8 text; convert the corpus to UTF-8");
        } catch (IOException e) {
            throw new StepFailure(file + ": cannot read corpus (" + e.getMessage() + ")");
        }
        if (random != null) {
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < docs.size(); i++) {
                order.add(i);
            }
            order.sort((a, b) -> Integer.compare(positions.get(a), positions.get(b)));
            List<String> inFileOrder = new ArrayList<>();
            order.forEach(i -> inFileOrder.add(docs.get(i)));
            docs.clear();
            docs.addAll(inFileOrder);
        }
        if (docs.isEmpty()) {
            throw new StepFailure(file + ": no documents after skipping " + skip + "; lower skip_documents or use a longer file");
        }
        return docs;
    }
}
