package io.multilens.plnd.step;

import io.multilens.api.neurons.Structure;
import io.multilens.plnd.select.ReleaseKvRows;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a tally depends on — the model (its config.json), the importance mode, the activity rules
 * and the scored structures — written into every tally file, so plnd.merge only adds shards that
 * counted the same thing.
 */
final class TallyDescription {

    /** Keys that must agree between shards; "layers" and "structures" also shape the stats. */
    static final Set<String> MUST_AGREE = Set.of("model_config_sha256", "mode", "attention_rule", "qk_rule", "ffn_rule", "structures",
            "layers", "kv_index_rule");

    private TallyDescription() {
    }

    /** {@code kvRows}: how k/v tallies map to rows; "sum" when they are rows, "release-index:G" when G query heads share one. */
    static Map<String, String> of(Path modelDir, PlndSettings s, Set<Structure> structures, int layers, ReleaseKvRows kvRows)
            throws IOException {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("model_config_sha256", io.multilens.api.data.Sha256.hex(modelDir.resolve("config.json")));
        d.put("mode", s.mode().key());
        d.put("attention_rule", s.rules().attention().toString());
        d.put("qk_rule", s.rules().qk().toString());
        d.put("ffn_rule", s.rules().ffn().toString());
        TreeSet<String> names = new TreeSet<>();
        structures.forEach(st -> names.add(st.key()));
        d.put("structures", String.join(",", names));
        d.put("layers", Integer.toString(layers));
        d.put("kv_index_rule", s.releaseKvIndex() ? "release-index:" + kvRows.groups() : "sum");
        return d;
    }

    /** The row mapping a tally file's description names (files without the key predate the option: "sum"). */
    static ReleaseKvRows kvRows(Map<String, String> description) {
        String rule = description.get("kv_index_rule");
        return rule != null && rule.startsWith("release-index:")
                ? new ReleaseKvRows(Integer.parseInt(rule.substring("release-index:".length())))
                : new ReleaseKvRows(1);
    }
}
