package io.multilens.train.finetune;

import io.multilens.api.neurons.Stage;
import io.multilens.api.plugin.BundleVersion;
import io.multilens.api.plugin.OptionSpec;
import io.multilens.api.plugin.OptionType;
import io.multilens.api.plugin.PluginInfo;
import io.multilens.api.plugin.PluginKind;
import io.multilens.api.plugin.PortSpec;
import java.util.Arrays;
import java.util.List;

/** The schema of {@code finetune.neurons}. */
final class FineTuneOptions {

    private FineTuneOptions() {
    }

    static final PluginInfo INFO = new PluginInfo("finetune.neurons", BundleVersion.release(FineTuneOptions.class), PluginKind.FINETUNER,
            "Trains only a language's neurons (rows of q/k/v/up, columns of down), everything else frozen bit for bit",
            List.of(
                    OptionSpec.required("model", OptionType.PATH, "base checkpoint folder"),
                    OptionSpec.optional("device", OptionType.STRING, "cpu", "cpu or cuda:N"),
                    OptionSpec.choice(io.multilens.api.plugin.DtypeOption.NAME, "float32",
                            "fine-tuning keeps and updates float32 weights (a half-precision base is widened on load)",
                            "float32"),
                    OptionSpec.required("language", OptionType.STRING, "language of the training text ({lang} in corpus)"),
                    OptionSpec.optional("set", OptionType.STRING, "", "neuron set to train, as named in the neuron file; empty: the language"),
                    new OptionSpec("control", OptionType.STRING, "none", "none; random: as many random neurons per layer and matrix, from the 'random_exclude' pool; all: every neuron of the chosen stages and matrices (all their parameters: the all-parameter comparison, embeddings and norms frozen)",
                            List.of("none", "random", "all"), false),
                    new OptionSpec("random_exclude", OptionType.STRING, io.multilens.api.neurons.RandomControl.Pool.LANGUAGE.key(),
                            io.multilens.api.neurons.RandomControl.POOL_DESCRIPTION,
                            io.multilens.api.neurons.RandomControl.Pool.keys(), false),
                    OptionSpec.optional("matrices", OptionType.LIST, List.of("q", "k", "v", "up", "down"),
                            "parameters trained per neuron, among q, k, v (rows), o (columns), gate, up (rows), down (columns)"),
                    OptionSpec.optional("max_neurons_per_matrix", OptionType.INTEGER, 100L,
                            "at most this many neurons per layer and matrix (the authors used 100); 0: all").withRange(0.0, null),
                    new OptionSpec("max_neurons_by", OptionType.STRING, "importance", "which neurons max_neurons_per_matrix"
                            + " keeps: importance: highest mean importance; index: the lowest indices. The authors' code"
                            + " keeps islice(set, 100) of a Python set that has lost the ranking: an arbitrary 100 that"
                            + " cannot be reproduced (18-56 of 100 in common with the lowest indices on Mistral's sizes);"
                            + " index is a deterministic stand-in, not their selection", List.of("importance", "index"), false),
                    OptionSpec.optional("stages", OptionType.LIST, Arrays.stream(Stage.values()).map(Stage::key).toList(),
                            "layer stages whose neurons are trained: understanding, task_solving, generation"),
                    OptionSpec.optional("n_understanding", OptionType.NUMBER, 0.25, "understanding stage: first N layers or a fraction").withRange(0.0, null),
                    OptionSpec.optional("n_generation", OptionType.NUMBER, 0.125, "generation stage: last N layers or a fraction").withRange(0.0, null),
                    OptionSpec.required("corpus", OptionType.PATH, "training text per language, one document per line; {lang} is replaced"),
                    OptionSpec.optional("skip_documents", OptionType.INTEGER, 0L, "documents to skip at the start of the file").withRange(0.0, null),
                    OptionSpec.optional("max_documents", OptionType.INTEGER, 400L, "training documents").withRange(0.0, null),
                    OptionSpec.optional("max_tokens", OptionType.INTEGER, 256L, "tokens per document, the rest cut").withRange(2.0, null),
                    OptionSpec.optional("epochs", OptionType.INTEGER, 3L, "passes over the training documents").withRange(1.0, null),
                    OptionSpec.optional("batch_size", OptionType.INTEGER, 8L, "documents per forward pass").withRange(1.0, null),
                    OptionSpec.optional("grad_accumulation", OptionType.INTEGER, 1L, "forward passes per optimiser step").withRange(1.0, null),
                    OptionSpec.optional("learning_rate", OptionType.NUMBER, 1e-3, "peak learning rate").withRange(0.0, null),
                    new OptionSpec("schedule", OptionType.STRING, "cosine", "after warm-up: cosine decay to min_lr_ratio, or constant",
                            List.of("cosine", "constant"), false),
                    OptionSpec.optional("min_lr_ratio", OptionType.NUMBER, 0.1, "final learning rate as a fraction of the peak (cosine)").withRange(0.0, 1.0),
                    OptionSpec.optional("warmup_steps", OptionType.INTEGER, 10L, "linear warm-up steps").withRange(0.0, null),
                    OptionSpec.optional("weight_decay", OptionType.NUMBER, 0.0, "AdamW decoupled weight decay, on trained entries only").withRange(0.0, null),
                    OptionSpec.optional("beta1", OptionType.NUMBER, 0.9, "AdamW beta1").withRange(0.0, 1.0),
                    OptionSpec.optional("beta2", OptionType.NUMBER, 0.999, "AdamW beta2").withRange(0.0, 1.0),
                    OptionSpec.optional("grad_clip", OptionType.NUMBER, 1.0, "clip the gradient norm to this (0: off)").withRange(0.0, null),
                    new OptionSpec("clip_on", OptionType.STRING, "trained", "norm over the trained entries; over the full gradient of the tensors that hold them; or over every parameter's unmasked gradient, as the authors' code clips (all-parameters: gradients for the whole model, slower)",
                            List.of("trained", "full", "all-parameters"), false),
                    OptionSpec.optional("checkpoint_every", OptionType.INTEGER, 50L, "save a resumable state every N steps").withRange(0.0, null),
                    OptionSpec.optional("save_full", OptionType.BOOLEAN, false, "also write the whole tuned checkpoint to model/"),
                    OptionSpec.optional("seed", OptionType.INTEGER, 0L, "seed of document order and of the random control")),
            List.of(PortSpec.input("neurons", true, "neurons.json of a plnd or ablate step")),
            List.of(PortSpec.output("delta", "delta", "the changed rows/columns (delta.json + delta.safetensors); usable as 'model:'"),
                    PortSpec.output("report", "finetune.json", "what was trained, loss per step, optimiser memory, options"),
                    PortSpec.output("neurons", "neurons.json", "the neurons trained")));
}
