package io.multilens.plnd.tally;

import io.multilens.api.data.Safetensors;
import io.multilens.api.neurons.NeuronGroup;
import io.multilens.api.status.StepFailure;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A language's tally on disk ({@code tallies/<lang>.safetensors}): per group, the documents in
 * which each neuron was active and the sum of its importances, as float64 so that shards scored on
 * several hosts add up to exactly what one host would have counted. The metadata says what was
 * scored how (model, mode, activity rules, structures), so that only comparable shards merge.
 */
public final class TallyFile {

    public static final String FORMAT = "multilens.plnd-tally/1";

    /** The tally and the metadata it was written with. */
    public record Contents(LanguageTally tally, Map<String, String> metadata) {
    }

    private TallyFile() {
    }

    /** @param describe what the scores depend on: model, mode, rules, structures, layers */
    public static void write(Path file, LanguageTally tally, Map<String, String> describe) throws IOException {
        Map<String, Safetensors.Doubles> tensors = new LinkedHashMap<>();
        tally.groups().forEach((g, t) -> {
            double[] active = new double[t.size()];
            double[] sums = new double[t.size()];
            for (int i = 0; i < t.size(); i++) {
                active[i] = t.active(i);                     // exact in a double up to 2^53 documents
                sums[i] = t.importanceSum(i);
            }
            tensors.put(g.key() + ".active", new Safetensors.Doubles(active, new long[] {t.size()}));
            tensors.put(g.key() + ".importance_sum", new Safetensors.Doubles(sums, new long[] {t.size()}));
        });
        Map<String, String> meta = new LinkedHashMap<>(describe);
        meta.put("format", FORMAT);
        meta.put("language", tally.language());
        meta.put("documents", Long.toString(tally.documents()));
        meta.put("tokens", Long.toString(tally.tokens()));
        Safetensors.write(file, tensors, meta);
    }

    public static Contents read(Path file) {
        try {
            Map<String, String> meta = Safetensors.metadata(file);
            if (!FORMAT.equals(meta.get("format"))) {
                throw new StepFailure(file + ": not a PLND tally (expected format " + FORMAT + "); give the 'tallies' folder of a plnd step");
            }
            LanguageTally tally = new LanguageTally(meta.get("language"));
            long documents = Long.parseLong(meta.get("documents"));
            Map<String, Safetensors.Doubles> tensors = Safetensors.readDoubles(file);
            for (Map.Entry<String, Safetensors.Doubles> e : tensors.entrySet()) {
                if (!e.getKey().endsWith(".active")) {
                    continue;
                }
                String key = e.getKey().substring(0, e.getKey().length() - ".active".length());
                Safetensors.Doubles sums = tensors.get(key + ".importance_sum");
                if (sums == null) {
                    throw new StepFailure(file + ": " + key + " has activity counts but no importance sums; the file is damaged");
                }
                double[] a = e.getValue().data();
                long[] active = new long[a.length];
                for (int i = 0; i < a.length; i++) {
                    active[i] = (long) a[i];
                }
                tally.put(NeuronGroup.parse(key), GroupTally.of(documents, active, sums.data()));
            }
            tally.addDocuments(documents, Long.parseLong(meta.get("tokens")));
            return new Contents(tally, meta);
        } catch (IOException | RuntimeException e) {
            if (e instanceof StepFailure f) {
                throw f;
            }
            throw new StepFailure(file + ": cannot read the tally (" + e.getMessage() + ")");
        }
    }
}
