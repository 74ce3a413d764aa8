package io.multilens.plnd.tally;

import io.multilens.api.neurons.NeuronGroup;
import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * All of one language's group tallies plus its document and token counts: what a host that
 * scored a shard of the corpus hands over, and what selection reads.
 */
public final class LanguageTally {

    private final String language;
    private final SortedMap<NeuronGroup, GroupTally> groups = new TreeMap<>();
    private long documents;
    private long tokens;

    public LanguageTally(String language) {
        this.language = language;
    }

    public String language() {
        return language;
    }

    /** The group's tally, created with {@code size} neurons on first use. */
    public GroupTally group(NeuronGroup group, int size) {
        GroupTally t = groups.computeIfAbsent(group, g -> new GroupTally(size));
        if (t.size() != size) {
            throw new IllegalArgumentException(group + ": tally has " + t.size() + " neurons, scores have " + size);
        }
        return t;
    }

    public SortedMap<NeuronGroup, GroupTally> groups() {
        return Collections.unmodifiableSortedMap(groups);
    }

    /** Puts a group tally read from a file (the group must be new). */
    public void put(NeuronGroup group, GroupTally tally) {
        if (groups.putIfAbsent(group, tally) != null) {
            throw new IllegalArgumentException(group + " is already tallied");
        }
    }

    /** Counts documents and their tokens (padding excluded). */
    public void addDocuments(long count, long tokenCount) {
        documents += count;
        tokens += tokenCount;
    }

    public long documents() {
        return documents;
    }

    public long tokens() {
        return tokens;
    }

    /** Adds another shard of the same language. */
    public void merge(LanguageTally other) {
        if (!language.equals(other.language)) {
            throw new IllegalArgumentException("cannot merge language '" + other.language + "' into '" + language + "'");
        }
        other.groups.forEach((g, t) -> group(g, t.size()).merge(t));
        documents += other.documents;
        tokens += other.tokens;
    }
}
