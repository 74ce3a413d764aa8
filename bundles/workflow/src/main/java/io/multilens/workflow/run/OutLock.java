package io.multilens.workflow.run;

import io.multilens.api.status.StepFailure;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * One run at a time per results folder: an operating-system lock on {@code OUT/.multilens.lock},
 * which holds the holder's pid, host and start time for the message a second run gets. The lock
 * dies with its process, so a lock file left by a killed run is stale and is simply taken over.
 * The file itself is never deleted (only emptied): deleting it would let a run that opened it just
 * before lock a file no longer in the folder while a third run locks a new one.
 */
final class OutLock implements AutoCloseable {

    static final String FILE = ".multilens.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private OutLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    static OutLock acquire(Path outDir) throws IOException {
        Path file = outDir.resolve(FILE);
        NoLinks.require(outDir, file);
        FileChannel channel;
        try {
            // never through a link: a link planted here would have its target truncated
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE,
                    java.nio.file.LinkOption.NOFOLLOW_LINKS);
        } catch (java.nio.file.FileSystemException e) {
            throw new StepFailure(file + ": cannot open the lock file (" + e.getReason() + "); it must be a plain file"
                    + " inside the results folder: remove it");
        }
        if (!Files.isRegularFile(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            channel.close();
            throw new StepFailure(file + " is not a plain file; remove it (multilens creates its own lock file)");
        }
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null; // this JVM holds it: another run of the same process
        }
        if (lock == null) {
            String holder = Files.readString(file, StandardCharsets.UTF_8).trim();
            channel.close();
            throw new StepFailure(outDir + " is in use by another multilens run (" + (holder.isEmpty() ? "unknown" : holder)
                    + "); wait for it to finish or choose another --out");
        }
        channel.truncate(0);
        channel.write(ByteBuffer.wrap(holder().getBytes(StandardCharsets.UTF_8)), 0);
        return new OutLock(channel, lock);
    }

    private static String holder() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "unknown host";
        }
        return "pid " + ProcessHandle.current().pid() + " on " + host + " since " + Instant.now() + " ("
                + ManagementFactory.getRuntimeMXBean().getName() + ")";
    }

    @Override
    public void close() throws IOException {
        try {
            channel.truncate(0);
        } finally {
            lock.release();
            channel.close();
        }
    }
}
