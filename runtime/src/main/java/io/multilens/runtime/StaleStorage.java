package io.multilens.runtime;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Felix's bundle cache lives in a temporary folder per process; a killed process leaves its folder
 * behind. Each folder names its owner's pid, and the next start removes those whose owner is gone.
 */
final class StaleStorage {

    static final String PREFIX = "multilens-felix-";
    private static final String OWNER = "owner.pid";

    private StaleStorage() {
    }

    static void mark(Path storage) throws IOException {
        Files.writeString(storage.resolve(OWNER), ProcessHandle.current().pid() + " " + host());
    }

    /** The host name: a temporary folder shared between hosts must not lose another host's live caches. */
    static String host() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }

    static void removeLeftovers(Path tmp) {
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(tmp, PREFIX + "*")) {
            for (Path dir : dirs) {
                if (abandoned(dir)) {
                    // a library's recursive delete: the launcher cannot use the API bundle's Folders
                    org.apache.commons.io.file.PathUtils.deleteDirectory(dir);
                }
            }
        } catch (IOException | RuntimeException e) {
            // cleaning up is a courtesy: never a reason not to start
        }
    }

    /** Its owner's process no longer runs (a folder without an owner file is another version's: left alone). */
    static boolean abandoned(Path dir) {
        try {
            String[] owner = Files.readString(dir.resolve(OWNER)).trim().split(" ", 2);
            long pid = Long.parseLong(owner[0]);
            boolean here = owner.length < 2 || owner[1].equals(host());
            return here && pid != ProcessHandle.current().pid() && ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true);
        } catch (IOException | NumberFormatException e) {
            return false;
        }
    }
}
