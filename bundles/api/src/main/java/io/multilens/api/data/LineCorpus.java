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
 * when sampling, {@code seed}. Blank lines are not documents.
 */
public final class LineCorpus {

    private LineCorpus() {
    }

    /** The file of one language: {@code {lang}} in the pattern replaced. */
    public static Path file(Path pattern, String language) {
        return Path.of(pattern.toString().replace("{lang}", SafeName.require("language code", language)));
    }

    /** How many documents (non-blank lines) the file holds; 0 when it does not exist. */
    public static long count(Path file) {
        try (java.util.stream.Stream<String> lines = Files.lines(file, StandardCharsets.UTF_8)) {
            return lines.filter(l -> !l.isBlank()).count();
        } catch (IOException | java.io.UncheckedIOException e) {
            return 0;
        }
    }

    /**
     * Documents {@code skip .. skip+max-1} in file order, or, with {@code sampleSeed} set, a
     * uniform sample of {@code max} documents from all after the first {@code skip} (kept in file
     * order). {@code max <= 0} means all.
     */
    public static List<String> read(Path file, int skip, int max, Long sampleSeed) {
        List<String> docs = new ArrayList<>();
        List<Integer> positions = new ArrayList<>();
        Random random = sampleSeed == null ? null : new Random(sampleSeed);
        long seen = 0;
        int index = 0;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line; (line = in.readLine()) != null; ) {
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
