package io.multilens.api.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * How many bytes a model load may still take on the host. Backends estimate what a checkpoint
 * needs before allocating anything and refuse, with the numbers, a model that would get the
 * process killed by the kernel instead.
 */
@ConsumerType
@FunctionalInterface
public interface MemoryBudget {

    /** Bytes that can still be allocated; negative when unknown (then nothing is refused). */
    long availableBytes();

    /** A fixed budget (tests; users who share a host and want to cap multilens). */
    static MemoryBudget fixed(long bytes) {
        return () -> bytes;
    }

    /**
     * The host's: {@code MemAvailable} from /proc/meminfo, capped by the cgroup limit when the
     * process runs in a container; the system property {@code multilens.memory.available}
     * (bytes, or with a k/m/g suffix) overrides both.
     */
    static MemoryBudget system() {
        return () -> {
            String forced = System.getProperty("multilens.memory.available");
            if (forced != null && !forced.isBlank()) {
                return forcedBytes("multilens.memory.available", forced);
            }
            long available = meminfoAvailable();
            long cgroup = cgroupRemaining();
            if (available < 0) {
                return cgroup;
            }
            return cgroup < 0 ? available : Math.min(available, cgroup);
        };
    }

    private static long inactiveFile(Path stat) {
        try {
            for (String line : Files.readAllLines(stat)) {
                if (line.startsWith("inactive_file ") || line.startsWith("total_inactive_file ")) {
                    return Long.parseLong(line.substring(line.indexOf(' ') + 1).trim());
                }
            }
        } catch (IOException | RuntimeException e) {
            // no statistics: count all usage
        }
        return 0;
    }

    /** A size a user set with {@code -Dproperty=...}: positive, or a one-line failure naming the property. */
    static long forcedBytes(String property, String text) {
        long bytes;
        try {
            bytes = parseBytes(text);
        } catch (NumberFormatException e) {
            throw new io.multilens.api.status.StepFailure("-D" + property + "=" + text + " is not a size; give bytes or a"
                    + " number with k, m, g or t (e.g. 24g)");
        }
        if (bytes <= 0) {
            throw new io.multilens.api.status.StepFailure("-D" + property + "=" + text + " is not a positive size;"
                    + " give the memory multilens may use (e.g. 24g)");
        }
        return bytes;
    }

    /** {@code 12g}, {@code 12GB}, {@code 512m}, {@code 1048576}. */
    static long parseBytes(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.endsWith("ib")) {
            t = t.substring(0, t.length() - 2);
        } else if (t.endsWith("b") && t.length() > 1 && Character.isLetter(t.charAt(t.length() - 2))) {
            t = t.substring(0, t.length() - 1);
        }
        long unit = 1;
        char last = t.isEmpty() ? ' ' : t.charAt(t.length() - 1);
        if (last == 'k' || last == 'm' || last == 'g' || last == 't') {
            unit = switch (last) {
                case 'k' -> 1L << 10;
                case 'm' -> 1L << 20;
                case 'g' -> 1L << 30;
                default -> 1L << 40;
            };
            t = t.substring(0, t.length() - 1);
        }
        return (long) (Double.parseDouble(t) * unit);
    }

    /** {@code 13.5 GiB} */
    static String format(long bytes) {
        return String.format(Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30));
    }

    /** The host's physical memory (MemTotal), or -1 when unknown. */
    static long totalBytes() {
        return meminfo("MemTotal:");
    }

    private static long meminfoAvailable() {
        return meminfo("MemAvailable:");
    }

    private static long meminfo(String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith(key)) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: unknown
        }
        return -1;
    }

    private static long cgroupRemaining() {
        for (List<String> pair : List.of(
                List.of("/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory.current"),
                List.of("/sys/fs/cgroup/memory/memory.limit_in_bytes", "/sys/fs/cgroup/memory/memory.usage_in_bytes"))) {
            try {
                String limit = Files.readString(Path.of(pair.get(0))).trim();
                if (limit.equals("max")) {
                    return -1;
                }
                long max = Long.parseLong(limit);
                // the usage counts the page cache; its inactive part is reclaimed on demand, as the kernel does
                long used = Long.parseLong(Files.readString(Path.of(pair.get(1))).trim())
                        - inactiveFile(Path.of(pair.get(0)).resolveSibling("memory.stat"));
                // cgroup v1 reports "no limit" as a huge number
                return max > (1L << 60) ? -1 : Math.max(0, max - used);
            } catch (IOException | RuntimeException e) {
                // try the next layout
            }
        }
        return -1;
    }
}
