package io.multilens.workflow.run;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * {@code OUT/logs/run.log}: every line the run prints, timestamped, plus what the console keeps
 * short — each step's resolved options and the full stack trace of any failure. Appended to, so
 * a resumed run's history stays with the results. Lines are flushed as written: a run that dies
 * still leaves its log.
 */
final class RunLog implements AutoCloseable {

    static final String FILE = "logs/run.log";

    private final Path file;
    private final BufferedWriter out;
    /** Set after a write failed or the log was closed: the run goes on without its log. */
    private boolean broken;

    private RunLog(Path file, BufferedWriter out) {
        this.file = file;
        this.out = out;
    }

    static RunLog open(Path outDir) throws IOException {
        Path file = outDir.resolve(FILE);
        NoLinks.require(outDir, file);
        Files.createDirectories(file.getParent());
        return new RunLog(file, Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND, java.nio.file.LinkOption.NOFOLLOW_LINKS));
    }

    Path file() {
        return file;
    }

    /** A line of the log; a failing disk turns the log off (one warning on stderr) rather than the run. */
    synchronized void line(String text) {
        if (broken) {
            return;
        }
        try {
            for (String l : text.split("\\R", -1)) {
                out.write(Instant.now() + " " + l);
                out.newLine();
            }
            out.flush();
        } catch (IOException e) {
            broken = true;
            System.err.println("multilens: warning: " + file + ": cannot write the run log (" + e.getMessage()
                    + "); the run goes on without it");
        }
    }

    /** The failure's full stack trace, causes included. */
    void failure(String stepId, Throwable t) {
        StringWriter trace = new StringWriter();
        t.printStackTrace(new PrintWriter(trace));
        line("[" + stepId + "] stack trace:\n" + trace.toString().stripTrailing());
    }

    @Override
    public synchronized void close() throws IOException {
        broken = true;
        out.close();
    }
}
