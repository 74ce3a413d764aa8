package io.multilens.plnd.step;

import io.multilens.api.plugin.OptionSpec;
import io.multilens.api.plugin.OptionType;
import java.util.List;

/** The options the plnd step declares, with their defaults and the text users see. */
final class PlndOptions {

    static final String MODEL = "model";
    static final String DEVICE = "device";
    static final String LANGUAGES = "languages";
    static final String CORPUS = "corpus";
    static final String SKIP_DOCUMENTS = "skip_documents";
    static final String MAX_DOCUMENTS = "max_documents";
    static final String MAX_TOKENS = "max_tokens";
    static final String SAMPLE = "sample";
    static final String SEED = "seed";
    static final String BATCH_SIZE = "batch_size";
    static final String SORT_BATCHES = "sort_batches";
    static final String MODE = "mode";
    static final String ATTENTION_RULE = "attention_rule";
    static final String ATTENTION_VALUE = "attention_value";
    static final String QK_RULE = "qk_rule";
    static final String QK_VALUE = "qk_value";
    static final String FFN_RULE = "ffn_rule";
    static final String FFN_VALUE = "ffn_value";
    static final String MIN_DOCUMENT_FRACTION = "min_document_fraction";
    static final String OVERLAP = "overlap";
    static final String MAX_LANGUAGES = "max_languages";
    static final String TOP_N = "top_n";
    static final String STRUCTURES = "structures";
    static final String QK_CHUNK = "qk_chunk";
    static final String SAVE_SCORES = "save_scores";
    static final String QK_KERNEL = "qk_kernel";
    static final String KV_INDEX_RULE = "kv_index_rule";

    private static final String[] RULES = {"top_k", "top_fraction", "threshold"};

    private PlndOptions() {
    }

    static List<OptionSpec> specs() {
        List<OptionSpec> all = new java.util.ArrayList<>(scoring());
        all.addAll(all.size() - 3, selection());   // selection options before structures, qk_chunk, save_scores
        return all;
    }

    /** How neurons are selected from tallies: shared by plnd and plnd.merge. */
    static List<OptionSpec> selection() {
        return List.of(
                OptionSpec.optional(MIN_DOCUMENT_FRACTION, OptionType.NUMBER, 1.0,
                        "a neuron is specific to a language when active in at least this fraction of its documents").withRange(0.0, 1.0),
                OptionSpec.choice(OVERLAP, "all-languages",
                        "removal of shared neurons: those specific to every language, those shared with en,"
                                + " those specific to more than max_languages languages, or none",
                        "all-languages", "english", "max-languages", "none"),
                OptionSpec.optional(MAX_LANGUAGES, OptionType.INTEGER, 1,
                        "M for 'overlap: max-languages': keep neurons specific to at most M languages").withRange(1.0, null),
                OptionSpec.optional(TOP_N, OptionType.INTEGER, 0,
                        "keep at most this many neurons per language, layer and structure, those of highest"
                                + " mean importance (0: no limit)").withRange(0.0, null));
    }

    private static List<OptionSpec> scoring() {
        return List.of(
                OptionSpec.required(MODEL, OptionType.PATH, "Hugging Face checkpoint folder to analyse"),
                OptionSpec.optional(DEVICE, OptionType.STRING, "cpu", "cpu or cuda:N"),
                io.multilens.api.plugin.DtypeOption.spec(),
                OptionSpec.required(LANGUAGES, OptionType.LIST,
                        "language codes, e.g. [en, zh, fr]; each fills {lang} in 'corpus'"),
                OptionSpec.required(CORPUS, OptionType.PATH,
                        "corpus file per language, a path pattern with {lang} (e.g. data/{lang}.txt), one document"
                                + " per line; blank lines are skipped; relative to the workflow file"),
                OptionSpec.optional(SKIP_DOCUMENTS, OptionType.INTEGER, 0,
                        "documents to skip at the start of each corpus (e.g. those another shard scores)").withRange(0.0, null),
                OptionSpec.optional(MAX_DOCUMENTS, OptionType.INTEGER, 100, "documents to score per language").withRange(0.0, null),
                OptionSpec.optional(MAX_TOKENS, OptionType.INTEGER, 256,
                        "tokens per document (special tokens included); longer documents are cut").withRange(2.0, null),
                OptionSpec.optional(SAMPLE, OptionType.BOOLEAN, false,
                        "draw max_documents documents uniformly at random (seeded) instead of the first ones"),
                OptionSpec.optional(SEED, OptionType.INTEGER, 0, "random seed for 'sample: true'"),
                OptionSpec.optional(BATCH_SIZE, OptionType.INTEGER, 4, "documents per forward pass").withRange(1.0, null),
                OptionSpec.optional(SORT_BATCHES, OptionType.INTEGER, 8,
                        "documents are sorted by length within runs of this many batches, so that a batch pads little"
                                + " (the q/k scores cost the square of the padded length); 1: document order; shards cut"
                                + " at these runs, so a sharded run scores the very batches one run does; save_scores keeps"
                                + " document order").withRange(1.0, null),
                OptionSpec.choice(MODE, "paper",
                        "importance definition: 'paper' (norm of the output change when a neuron is zeroed) or"
                                + " 'release-code' (the authors' released code; does not score o)",
                        "paper", "release-code"),
                OptionSpec.choice(ATTENTION_RULE, "top_fraction",
                        "when a q/k/v/o neuron counts as active in a document: the top_k or top_fraction most"
                                + " important of its layer and structure, or importance above a threshold",
                        RULES),
                OptionSpec.optional(ATTENTION_VALUE, OptionType.NUMBER, 0.01,
                        "k, fraction or threshold for 'attention_rule'"),
                new OptionSpec(QK_RULE, OptionType.STRING, null, "the rule for q and k neurons, whose importances are"
                        + " changes of attention probabilities, not of an output (a threshold means something else);"
                        + " unset: attention_rule", List.of(RULES), false),
                OptionSpec.optional(QK_VALUE, OptionType.NUMBER, null, "k, fraction or threshold for 'qk_rule';"
                        + " unset: attention_value"),
                OptionSpec.choice(FFN_RULE, "top_fraction", "like attention_rule, for FFN neurons", RULES),
                OptionSpec.optional(FFN_VALUE, OptionType.NUMBER, 0.01, "k, fraction or threshold for 'ffn_rule'"),
                OptionSpec.optional(STRUCTURES, OptionType.LIST, List.of("q", "k", "v", "ffn"),
                        "which neurons to score, among q, k, v, o, ffn; the paper and the authors' code never score o"
                                + " (for multi-head models its importance equals v's, so each context dimension would count twice)"),
                OptionSpec.optional(QK_CHUNK, OptionType.INTEGER, 16,
                        "head dimensions scored together for q and k by PyTorch operations (the vector kernel takes whole heads); memory grows as"
                                + " ~5 * 4 bytes * batch * heads * qk_chunk * tokens * max(32, tokens/8) (query rows go in blocks)").withRange(1.0, null),
                OptionSpec.choice(KV_INDEX_RULE, "sum",
                        "mode release-code on grouped-query models, whose k/v scores come per query head: 'sum' ranks"
                                + " each k_proj/v_proj row by the sum over the query heads sharing it; 'release-index' ranks"
                                + " the num_heads*head_dim query-head entries and maps entry i to row i // (num_heads /"
                                + " num_kv_heads), as the authors' code does (reproduces their index bug: right head, wrong"
                                + " dimension)", "sum", "release-index"),
                OptionSpec.choice(QK_KERNEL, "auto",
                        "how q and k scores are computed, the same values to float rounding: 'auto' runs a fused loop per"
                                + " attention row on the JDK's vector API (bin/multilens starts the JVM with it) on a CPU with AVX2"
                                + " where the model allows (no score soft cap such as Gemma-2's; rotary or plain q/k paths,"
                                + " per-head norms), PyTorch operations elsewhere (GPUs, very long documents);"
                                + " 'torch' always PyTorch operations (on a CPU about twice as slow); provenance.qk_sweeps"
                                + " counts the sweeps each ran", "auto", "torch"),
                OptionSpec.optional(SAVE_SCORES, OptionType.BOOLEAN, false,
                        "also write scores/<lang>.safetensors: per group, float32 [documents, neurons] raw importances"
                                + " (release-code k/v rows: the sum over the query heads that share the row; with kv_index_rule"
                                + " release-index, the num_heads*head_dim query-head entries)"));
    }
}
