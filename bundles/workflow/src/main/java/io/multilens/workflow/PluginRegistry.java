package io.multilens.workflow;

import io.multilens.api.plugin.Step;
import io.multilens.api.status.StepFailure;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The installed steps by plugin name. Several bundles may offer the same name: the highest bundle
 * version serves it (then the higher service ranking, then the earlier arrival), the choice is
 * logged when it is contested, and removing a bundle falls back to the next. A workflow may pin a
 * version with {@code uses: NAME@SPEC}: SPEC is an OSGi range ({@code [0.2,0.3)}) or a version
 * prefix ({@code 0.2} matches 0.2.x; {@code 1} matches 1.x).
 */
public final class PluginRegistry {

    /** One offer of a plugin name. */
    public record Offer(Step step, String bundle, Version version, int ranking, long arrival) {
        String origin() {
            return bundle + " " + version;
        }
    }

    /** major.minor.micro and an optional qualifier, compared as OSGi compares bundle versions. */
    public record Version(int major, int minor, int micro, String qualifier) implements Comparable<Version> {

        public static Version parse(String text) {
            String[] parts = text.trim().split("\\.", 4);
            try {
                return new Version(parts.length > 0 && !parts[0].isEmpty() ? Integer.parseInt(parts[0]) : 0,
                        parts.length > 1 ? Integer.parseInt(parts[1]) : 0, parts.length > 2 ? Integer.parseInt(parts[2]) : 0,
                        parts.length > 3 ? parts[3] : "");
            } catch (NumberFormatException e) {
                throw new StepFailure("'" + text + "' is not a version (expected e.g. 0.2 or 1.0.3)");
            }
        }

        @Override
        public int compareTo(Version o) {
            return Comparator.comparingInt(Version::major).thenComparingInt(Version::minor).thenComparingInt(Version::micro)
                    .thenComparing(Version::qualifier).compare(this, o);
        }

        @Override
        public String toString() {
            return major + "." + minor + "." + micro + (qualifier.isEmpty() ? "" : "." + qualifier);
        }
    }

    private static final Comparator<Offer> BEST_FIRST = Comparator.comparing(Offer::version).reversed()
            .thenComparing(Comparator.comparingInt(Offer::ranking).reversed())
            .thenComparingLong(Offer::arrival);

    private final Map<String, List<Offer>> offers = new ConcurrentHashMap<>();
    private final Consumer<String> log;
    private long arrivals;

    public PluginRegistry(Consumer<String> log) {
        this.log = log;
    }

    public synchronized void add(Step step, String bundle, String version, int ranking) {
        String name = step.info().name();
        List<Offer> list = offers.computeIfAbsent(name, n -> new CopyOnWriteArrayList<>());
        list.add(new Offer(step, bundle, Version.parse(version), ranking, arrivals++));
        if (list.size() > 1) {
            log.accept("plugin '" + name + "' is offered by " + String.join(", ", list.stream().sorted(BEST_FIRST)
                    .map(Offer::origin).toList()) + "; using " + best(name, null).map(Offer::origin).orElse("none"));
        }
    }

    public synchronized void remove(Step step) {
        offers.values().forEach(list -> list.removeIf(o -> o.step() == step));
        offers.values().removeIf(List::isEmpty);
    }

    /** The step serving {@code uses} ({@code NAME} or {@code NAME@SPEC}). */
    public Optional<Step> find(String uses) {
        int at = uses.indexOf('@');
        return at < 0 ? best(uses, null).map(Offer::step) : best(uses.substring(0, at), uses.substring(at + 1)).map(Offer::step);
    }

    /** The bundle and version serving {@code uses}, or "". */
    public String origin(String uses) {
        int at = uses.indexOf('@');
        return (at < 0 ? best(uses, null) : best(uses.substring(0, at), uses.substring(at + 1))).map(Offer::origin).orElse("");
    }

    public Collection<String> names() {
        return List.copyOf(new TreeMap<>(offers).keySet());
    }

    /** Every offer of a name, best first. */
    public List<Offer> offers(String name) {
        List<Offer> list = new ArrayList<>(offers.getOrDefault(name, List.of()));
        list.sort(BEST_FIRST);
        return list;
    }

    private Optional<Offer> best(String name, String spec) {
        return offers(name).stream().filter(o -> spec == null || matches(o.version(), spec)).findFirst();
    }

    /** Whether a version satisfies a pin: an OSGi range or a version prefix. */
    static boolean matches(Version v, String spec) {
        String s = spec.trim();
        if (s.isEmpty()) {
            throw new StepFailure("version pin '@' names no version; write e.g. plnd@0.2 or plnd@[0.2,0.3)");
        }
        if (s.startsWith("[") || s.startsWith("(")) {
            if (s.length() < 2) {
                throw new StepFailure("version range '" + spec + "': expected e.g. [0.2,0.3)");
            }
            String[] ends = s.substring(1, s.length() - 1).split(",", 2);
            if (ends.length != 2 || !(s.endsWith("]") || s.endsWith(")"))) {
                throw new StepFailure("version range '" + spec + "': expected e.g. [0.2,0.3)");
            }
            int low = v.compareTo(Version.parse(ends[0]));
            int high = v.compareTo(Version.parse(ends[1]));
            return (s.startsWith("[") ? low >= 0 : low > 0) && (s.endsWith("]") ? high <= 0 : high < 0);
        }
        String[] parts = s.split("\\.");
        int[] have = {v.major(), v.minor(), v.micro()};
        for (int i = 0; i < parts.length && i < 3; i++) {
            int want;
            try {
                want = Integer.parseInt(parts[i]);
            } catch (NumberFormatException e) {
                throw new StepFailure("version pin '" + spec + "': expected numbers like 0.2 or 1.0.3, or a range like [0.2,0.3)");
            }
            if (want != have[i]) {
                return false;
            }
        }
        return parts.length <= 3 || v.qualifier().equals(parts[3]);
    }
}
