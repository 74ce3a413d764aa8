package io.multilens.plnd.output;

import io.multilens.api.data.SafetensorsWriter;
import io.multilens.api.neurons.NeuronGroup;
import io.multilens.plnd.score.ScoreSink;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Keeps every document's raw scores, one spool file per group appended as documents arrive,
 * and finally turns them into one safetensors file of {@code [documents, neurons]} tensors.
 * Spooling to disk keeps memory independent of the corpus size.
 */
public final class ScoreRecorder implements ScoreSink, AutoCloseable {

    private final Path spoolDir;
    private final Map<NeuronGroup, Spool> spools = new TreeMap<>();

    private static final class Spool {
        final Path file;
        final OutputStream out;
        int neurons = -1;
        long rows;

        Spool(Path file) throws IOException {
            this.file = file;
            this.out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
        }
    }

    /** Spools into a fresh folder inside {@code parent}; removed by {@link #close()}. */
    public ScoreRecorder(Path parent) throws IOException {
        this.spoolDir = Files.createTempDirectory(parent, ".scores-");
    }

    @Override
    public void accept(NeuronGroup group, float[][] scores) {
        try {
            Spool s = spools.get(group);
            if (s == null) {
                s = new Spool(spoolDir.resolve(group.key() + ".f32"));
                spools.put(group, s);
            }
            for (float[] row : scores) {
                if (s.neurons < 0) {
                    s.neurons = row.length;
                } else if (s.neurons != row.length) {
                    throw new IllegalStateException(group + ": " + row.length + " scores, earlier rows had " + s.neurons);
                }
                ByteBuffer bytes = ByteBuffer.allocate(row.length * 4).order(ByteOrder.LITTLE_ENDIAN);
                bytes.asFloatBuffer().put(row);
                s.out.write(bytes.array());
                s.rows++;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot spool scores to " + spoolDir, e);
        }
    }

    /** Writes the safetensors file: one tensor per group, named by its key, in layer/structure order. */
    public void write(Path file, Map<String, String> metadata) throws IOException {
        List<SafetensorsWriter.Header> headers = new ArrayList<>();
        List<Path> data = new ArrayList<>();
        long rows = -1;
        for (Map.Entry<NeuronGroup, Spool> e : spools.entrySet()) {
            Spool s = e.getValue();
            s.out.flush();
            if (rows >= 0 && s.rows != rows) {
                throw new IllegalStateException(e.getKey() + " has " + s.rows + " documents, other groups " + rows);
            }
            rows = s.rows;
            headers.add(new SafetensorsWriter.Header(e.getKey().key(), "F32", new long[] {s.rows, s.neurons}));
            data.add(s.file);
        }
        SafetensorsWriter.write(file, headers, metadata, (i, out) -> {
            try (FileChannel in = FileChannel.open(data.get(i))) {
                long size = in.size();
                for (long done = 0; done < size; ) {
                    done += in.transferTo(done, size - done, out);
                }
            }
        });
    }

    @Override
    public void close() throws IOException {
        for (Spool s : spools.values()) {
            s.out.close();
        }
        try (Stream<Path> files = Files.walk(spoolDir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
