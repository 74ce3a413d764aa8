package io.multilens.api.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.multilens.api.status.StepFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LineCorpusTest {

    @TempDir
    Path dir;

    private Path corpus(int n) throws Exception {
        Path f = dir.resolve("en.txt");
        Files.writeString(f, IntStream.range(0, n).mapToObj(i -> "doc " + i).collect(Collectors.joining("\n\n")) + "\n");
        return f;
    }

    @Test
    void skipAndMaxInFileOrderIgnoringBlankLines() throws Exception {
        Path f = corpus(10);
        assertEquals(List.of("doc 3", "doc 4"), LineCorpus.read(f, 3, 2, null));
        assertEquals(10, LineCorpus.read(f, 0, 0, null).size());
        assertEquals(Path.of("/c/zh.txt"), LineCorpus.file(Path.of("/c/{lang}.txt"), "zh"));
    }

    @Test
    void sampleIsSeededUniqueAndInFileOrder() throws Exception {
        Path f = corpus(200);
        List<String> a = LineCorpus.read(f, 100, 10, 5L);
        assertEquals(a, LineCorpus.read(f, 100, 10, 5L));
        assertNotEquals(a, LineCorpus.read(f, 100, 10, 6L));
        assertEquals(10, a.stream().distinct().count());
        List<Integer> numbers = a.stream().map(s -> Integer.parseInt(s.substring(4))).toList();
        assertTrue(numbers.stream().allMatch(n -> n >= 100), numbers.toString());
        assertEquals(numbers.stream().sorted().toList(), numbers);
    }

    @Test
    void missingOrExhaustedFilesAreClearErrors() throws Exception {
        assertTrue(assertThrows(StepFailure.class, () -> LineCorpus.read(dir.resolve("xx.txt"), 0, 5, null))
                .getMessage().contains("corpus file not found"));
        Path f = corpus(3);
        assertTrue(assertThrows(StepFailure.class, () -> LineCorpus.read(f, 3, 5, null)).getMessage().contains("no documents"));
    }

    /** A FIFO, a device or a folder is refused by name; reading one would block or never end. */
    @Test
    void onlyRegularFilesAreCorpora() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("folder"));
        assertTrue(assertThrows(StepFailure.class, () -> LineCorpus.read(folder, 0, 5, null)).getMessage()
                .equals(folder + ": a folder; a corpus is a text file with one document per line"));
        Path zero = Path.of("/dev/zero");
        if (Files.exists(zero)) {
            assertTrue(assertThrows(StepFailure.class, () -> LineCorpus.read(zero, 0, 5, null)).getMessage()
                    .contains("not a regular file (a FIFO, a device or a socket)"));
        }
        Path fifo = folder.resolve("fifo.txt");
        if (new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0) {
            assertTrue(assertThrows(StepFailure.class, () -> LineCorpus.read(fifo, 0, 5, null)).getMessage()
                    .contains("not a regular file"), "would block forever: nothing writes to it");
            assertTrue(assertThrows(StepFailure.class, () -> LineCorpus.count(fifo)).getMessage().contains("not a regular file"));
        }
    }

    /** An endless line is cut, not read whole into the heap. */
    @Test
    void aHugeLineIsCutWhereNoDocumentCouldUseMore() throws Exception {
        Path f = dir.resolve("long-line.txt");
        try (var out = Files.newBufferedWriter(f)) {
            out.write("short\r\n");
            for (int i = 0; i < 3 * LineCorpus.MAX_LINE_CHARS / 16; i++) {
                out.write("0123456789abcdef");
            }
            out.write("\nlast");
        }
        List<String> docs = LineCorpus.read(f, 0, 0, null);
        assertEquals(List.of(5, LineCorpus.MAX_LINE_CHARS, 4), docs.stream().map(String::length).toList());
        assertEquals(3, LineCorpus.count(f));
    }
}
