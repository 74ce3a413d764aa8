package io.multilens.kit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import io.multilens.api.model.ModelConfig;
import io.multilens.api.neurons.NeuronGroup;
import io.multilens.api.neurons.NeuronSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

/**
 * Rows that switch off nothing below layer L share blocks 0..L-1 with their document's unchanged
 * pass: a sweep of stage ablations ("generation layers only") over the same documents computes the
 * early blocks once per document, not once per condition. Each document's unchanged stream is
 * carried through every block (rows switching nothing off are that stream); a row joins, a copy
 * of its document's stream, at the first layer its set touches, and from there runs with its own
 * neurons off. Every block runs once per segment between two such layers on the documents plus
 * the rows joined so far (up to B + distinct documents rows), so results equal one pass over all
 * rows up to float rounding (which, under several threads, moves with the rows a product has).
 */
public final class SharedPrefix {

    /**
     * Sharing is used when it runs at most this share of one pass's blocks: segments cost gathers,
     * concatenations and smaller matrix products (the bench shape's stage sweep at 0.68 of the
     * blocks ran 1.31x faster, not 1.47x), and they change float rounding under several threads
     * (a row's NLL moves by ~1e-10 between a 1- and a 2-thread process), so a small saving is not
     * worth either.
     */
    static final double WORTH = 0.85;

    private SharedPrefix() {
    }

    /** The first layer a set touches; {@code layers} for an empty set. */
    static int firstLayer(NeuronSet set, int layers) {
        return set == null || set.isEmpty() ? layers : set.groups().stream().mapToInt(NeuronGroup::layer).min().orElse(layers);
    }

    /**
     * Blocks run, counted in rows x blocks, when rows share their prefixes: every distinct document
     * through all blocks, each row with a non-empty set from its first layer on. One pass costs
     * rows x layers.
     */
    public static long blockRows(int[][] documents, List<NeuronSet> off, int layers) {
        return blockRows(distinct(documents).size(), off, layers);
    }

    private static long blockRows(int distinct, List<NeuronSet> off, int layers) {
        long cost = (long) distinct * layers;
        for (NeuronSet set : off) {
            cost += layers - firstLayer(set, layers);
        }
        return cost;
    }

    /**
     * The residual stream after the last block, [B, T, H] in {@code m}, of each document under its
     * row's set, computed with shared prefixes; null when sharing would save less than 1 - {@link #WORTH}
     * of one pass's blocks (then the caller runs that pass).
     */
    public static NDArray forward(NDManager m, ForwardPass decoder, ModelConfig config, int[][] documents, List<NeuronSet> off) {
        int layers = config.numLayers();
        // a set addressing a layer the model lacks goes the plain way, whose masks name the mistake
        boolean outside = off.stream().anyMatch(s -> s != null && s.groups().stream().anyMatch(g -> g.layer() >= layers));
        List<int[]> unique = distinct(documents);
        if (outside || blockRows(unique.size(), off, layers) > WORTH * documents.length * layers) {
            return null;
        }
        int u = unique.size();
        int[] document = new int[documents.length];                  // row -> index into unique
        int[] first = new int[documents.length];
        TreeSet<Integer> joins = new TreeSet<>();
        for (int r = 0; r < documents.length; r++) {
            document[r] = indexOf(unique, documents[r]);
            first[r] = firstLayer(off.get(r), layers);
            if (first[r] < layers) {
                joins.add(first[r]);
            }
        }
        List<Integer> active = joining(first, 0);                    // rows with their own stream, in the order they joined
        NDArray clean = null;                                        // [U, T, H] the documents' unchanged streams
        NDArray own = null;                                          // [A, T, H] the joined rows' streams
        int depth = 0;
        List<NDArray> stale = new ArrayList<>();                     // the last segment's arrays
        joins.remove(0);                                             // those rows start from the embeddings with the rest
        joins.add(layers);
        for (int level : joins) {
            int[][] rows = new int[u + active.size()][];
            List<NeuronSet> sets = new ArrayList<>();
            for (int i = 0; i < u; i++) {
                rows[i] = unique.get(i);
                sets.add(NeuronSet.empty());
            }
            for (int a = 0; a < active.size(); a++) {
                rows[u + a] = documents[active.get(a)];
                sets.add(off.get(active.get(a)));
            }
            // after the first segment someone has joined, so own is there; the last segment's arrays are
            // freed once the next one's start is built (a pass then holds about two segments' streams)
            NDArray start = depth == 0 ? null : NDArrays.concat(new NDList(clean, own), 0);
            stale.forEach(NDArray::close);
            stale.clear();
            NDArray out = decoder.forward(m, TokenBatch.rightPadded(rows, config.vocabSize()), null,
                    NeuronMasks.perRow(m, sets, config), null, new LayerRange(depth, level, start)); // [U+A, T, H]
            clean = out.get("0:{}", u);                              // [U, T, H]
            own = active.isEmpty() ? null : out.get("{}:", u);       // [A, T, H]
            stale.add(out);
            stale.add(clean);
            if (own != null) {
                stale.add(own);
            }
            depth = level;
            if (level < layers) {
                List<Integer> joining = joining(first, level);
                NDArray index = m.create(joining.stream().mapToLong(r -> document[r]).toArray());
                NDArray copies = clean.get(index);                   // [J, T, H]
                stale.add(index);
                stale.add(copies);
                if (own != null) {
                    own = NDArrays.concat(new NDList(own, copies), 0);
                    stale.add(own);
                } else {
                    own = copies;
                }
                active.addAll(joining);
            }
        }
        long[] pick = new long[documents.length];                    // row -> its stream in [clean; own]
        for (int r = 0; r < documents.length; r++) {
            pick[r] = first[r] < layers ? u + active.indexOf(r) : document[r];
        }
        NDArray all = own == null ? clean : NDArrays.concat(new NDList(clean, own), 0); // [U+A, T, H]
        return all.get(m.create(pick));                              // [B, T, H]
    }

    /** The rows whose first layer is {@code level}, in row order. */
    private static List<Integer> joining(int[] first, int level) {
        List<Integer> out = new ArrayList<>();
        for (int r = 0; r < first.length; r++) {
            if (first[r] == level) {
                out.add(r);
            }
        }
        return out;
    }

    /** The distinct documents, in order of first appearance (the same array or equal token ids). */
    private static List<int[]> distinct(int[][] documents) {
        List<int[]> out = new ArrayList<>();
        for (int[] d : documents) {
            if (indexOf(out, d) < 0) {
                out.add(d);
            }
        }
        return out;
    }

    private static int indexOf(List<int[]> documents, int[] d) {
        for (int i = 0; i < documents.size(); i++) {
            if (documents.get(i) == d || Arrays.equals(documents.get(i), d)) {
                return i;
            }
        }
        return -1;
    }
}
