package io.multilens.plnd.tally;

/**
 * One group's running totals for one language: per neuron, the number of documents in which it
 * was active and the sum of its importance, plus the number of documents seen. Fixed size,
 * whatever the number of documents; totals from separate shards add up exactly (counts) or up to
 * double rounding (sums).
 */
public final class GroupTally {

    private final long[] active;
    private final double[] importance;
    private long documents;

    public GroupTally(int size) {
        active = new long[size];
        importance = new double[size];
    }

    public int size() {
        return active.length;
    }

    /** Adds one document's scores and activity. */
    public void add(float[] scores, boolean[] isActive) {
        if (scores.length != active.length || isActive.length != active.length) {
            throw new IllegalArgumentException("expected " + active.length + " neurons, got " + scores.length
                    + " scores and " + isActive.length + " activity flags");
        }
        for (int i = 0; i < active.length; i++) {
            importance[i] += scores[i];
            if (isActive[i]) {
                active[i]++;
            }
        }
        documents++;
    }

    public void merge(GroupTally other) {
        if (other.size() != size()) {
            throw new IllegalArgumentException("cannot merge a tally of " + other.size() + " neurons into one of " + size());
        }
        for (int i = 0; i < active.length; i++) {
            active[i] += other.active[i];
            importance[i] += other.importance[i];
        }
        documents += other.documents;
    }

    /** A tally with the given totals (read back from a tally file). */
    public static GroupTally of(long documents, long[] active, double[] importance) {
        if (active.length != importance.length) {
            throw new IllegalArgumentException(active.length + " activity counts for " + importance.length + " importance sums");
        }
        GroupTally t = new GroupTally(active.length);
        System.arraycopy(active, 0, t.active, 0, active.length);
        System.arraycopy(importance, 0, t.importance, 0, importance.length);
        t.documents = documents;
        return t;
    }

    public long documents() {
        return documents;
    }

    /** Documents in which neuron i was active. */
    public long active(int i) {
        return active[i];
    }

    public double importanceSum(int i) {
        return importance[i];
    }

    /** Mean importance of neuron i over the documents (0 before any). */
    public double meanImportance(int i) {
        return documents == 0 ? 0 : importance[i] / documents;
    }
}
