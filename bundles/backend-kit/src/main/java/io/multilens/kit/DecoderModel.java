package io.multilens.kit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.multilens.api.model.GenerationOptions;
import io.multilens.api.model.LayerProbe;
import io.multilens.api.model.LayerWeights;
import io.multilens.api.model.ModelConfig;
import io.multilens.api.model.TextTokenizer;
import io.multilens.api.model.TrainableModel;
import io.multilens.api.neurons.Intervention;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What every decoder-only model does the same way once it has a {@link ForwardPass}: logits,
 * traces, token log-probabilities (also with a different neuron set per row), the training loss,
 * greedy generation with stop strings and EOS ids, saving, closing. A backend supplies the forward
 * pass and its weights. Weights live in {@link #manager()}; every call works in its own
 * sub-manager that is closed before the call returns, so repeated calls do not accumulate arrays.
 * Trainable: {@link #parameters()} are the arrays the forward pass reads.
 */
public abstract class DecoderModel implements TrainableModel {

    private final Path dir;
    private final ModelConfig config;
    private final ObjectNode configJson;
    private final NDManager manager;
    private final ForwardPass decoder;
    private final Generator generator;
    private HfTextTokenizer tokenizer;
    private volatile boolean closed;

    /** @param configJson config.json as read, written back by {@link #save} */
    protected DecoderModel(Path dir, ModelConfig config, ObjectNode configJson, NDManager manager, ForwardPass decoder) {
        this.dir = dir;
        this.config = config;
        this.configJson = configJson;
        this.manager = manager;
        this.decoder = decoder;
        this.generator = new Generator(decoder, config);
    }

    @Override
    public ModelConfig config() {
        return config;
    }

    @Override
    public Path directory() {
        return dir;
    }

    @Override
    public synchronized TextTokenizer tokenizer() {
        open();
        if (tokenizer == null) {
            tokenizer = HfTextTokenizer.open(dir, config.bosTokenId());
        }
        return tokenizer;
    }

    @Override
    public NDManager manager() {
        return manager;
    }

    /** One layer's projection weights in float32, as {@link #weights} hands them out (layer already checked). */
    protected abstract LayerWeights layerWeights(NDManager scope, int layer);

    @Override
    public LayerWeights weights(NDManager scope, int layer) {
        if (layer < 0 || layer >= config.numLayers()) {
            throw new IllegalArgumentException("layer " + layer + " outside 0.." + (config.numLayers() - 1));
        }
        open();
        return DjlContext.call(() -> layerWeights(scope, layer));
    }

    @Override
    public NDArray logits(NDManager scope, int[][] documents, Intervention change) {
        open();
        return DjlContext.call(() -> {
            try (NDManager call = manager.newSubManager()) {
                TokenBatch batch = TokenBatch.rightPadded(documents, config.vocabSize());
                NeuronMasks masks = NeuronMasks.of(call, change, config);
                NDArray x = decoder.forward(call, batch, null, masks, null);       // [B,T,H]
                NDArray logits = decoder.logits(call, x);                                 // [B,T,V]
                logits.attach(scope);
                return logits;
            }
        });
    }

    /** The final norm and LM head as {@link ForwardPass#logits}: results follow {@code hidden}'s manager. */
    @Override
    public NDArray lens(NDManager scope, NDArray hidden) {
        open();
        return DjlContext.call(() -> decoder.logits(scope, hidden));
    }

    /** With {@code finalNorm} false, the LM head alone ({@link ForwardPass#head}). */
    @Override
    public NDArray lens(NDManager scope, NDArray hidden, boolean finalNorm) {
        if (finalNorm) {
            return lens(scope, hidden);
        }
        open();
        return DjlContext.call(() -> decoder.head(scope, hidden));
    }

    /** The probe's arrays live in per-layer scopes of this call; {@code scope} receives nothing. */
    @Override
    public void trace(NDManager scope, int[][] documents, Intervention change, LayerProbe probe) {
        open();
        DjlContext.run(() -> {
            try (NDManager call = manager.newSubManager()) {
                TokenBatch batch = TokenBatch.rightPadded(documents, config.vocabSize());
                NeuronMasks masks = NeuronMasks.of(call, change, config);
                decoder.forward(call, batch, null, masks, probe);
            }
        });
    }

    @Override
    public double[][] tokenLogProbs(int[][] documents, Intervention change) {
        open();
        return DjlContext.call(() -> {
            try (NDManager call = manager.newSubManager()) {
                NextTokens next = NextTokens.of(TokenBatch.rightPadded(documents, config.vocabSize()));
                NDArray logProbs = nextTokenLogProbs(call, next, NeuronMasks.of(call, change, config));   // [B,T]
                return next.perDocument(logProbs.toFloatArray());
            }
        });
    }

    /** Each row under its own change, in one forward pass. */
    @Override
    public double[][] tokenLogProbs(int[][] documents, List<Intervention> perDocument) {
        open();
        requireOnePerRow(documents.length, perDocument);
        List<io.multilens.api.neurons.NeuronSet> off = offOnly(perDocument);
        return DjlContext.call(() -> {
            try (NDManager call = manager.newSubManager()) {
                NextTokens next = NextTokens.of(TokenBatch.rightPadded(documents, config.vocabSize()));
                // rows that switch nothing off below a layer share the blocks under it (null: not worth it)
                NDArray x = off == null ? null : SharedPrefix.forward(call, decoder, config, documents, off); // [B,T,H]
                if (x == null) {
                    x = decoder.forward(call, next.batch(), null, NeuronMasks.perRowChanges(call, perDocument, config), null);
                }
                NDArray logProbs = nextTokenLogProbs(call, next, x);              // [B,T]
                return next.perDocument(logProbs.toFloatArray());
            }
        });
    }

    /**
     * The mean of -tokenLogProbs, kept as an array so autograd sees it. The per-layer scopes close
     * only Java handles; the engine's graph keeps what backward needs.
     */
    @Override
    public NDArray loss(NDManager scope, int[][] documents, Intervention change) {
        open();
        return DjlContext.call(() -> {
            try (NDManager call = manager.newSubManager()) {
                NextTokens next = NextTokens.of(TokenBatch.rightPadded(documents, config.vocabSize()));
                if (next.count() == 0) {
                    throw new IllegalArgumentException("no document has a second token to predict");
                }
                NDArray logProbs = nextTokenLogProbs(call, next, NeuronMasks.of(call, change, config));   // [B,T]
                NDArray predicted = next.predictedArray(call);                     // [B,T]
                NDArray kept = logProbs.mul(predicted);                            // [B,T]
                NDArray total = kept.sum();                                        // []
                NDArray loss = total.div(-next.count());                           // []
                loss.attach(scope);
                return loss;
            }
        });
    }

    /** log p(token t+1 | tokens up to t) at every position: [B,T], in {@code call}. */
    private NDArray nextTokenLogProbs(NDManager call, NextTokens next, NeuronMasks masks) {
        return nextTokenLogProbs(call, next, decoder.forward(call, next.batch(), null, masks, null));
    }

    /** The same from the residual stream after the last block, {@code x} [B,T,H]. */
    private NDArray nextTokenLogProbs(NDManager call, NextTokens next, NDArray x) {
        NDArray logits = decoder.logits(call, x);                                     // [B,T,V]
        NDArray logProbs = logits.logSoftmax(2);                                // [B,T,V]
        NDArray picked = logProbs.gather(next.idArray(call), 2);                // [B,T,1]
        return picked.squeeze(2);                                               // [B,T]
    }

    @Override
    public void save(Path target) throws IOException {
        open();
        CheckpointWriter.save(target, configJson, parameters(), dir);
    }

    @Override
    public List<String> generate(int[][] prompts, GenerationOptions options, Intervention change) {
        return texts(run(prompts, options, call -> NeuronMasks.of(call, change, config), stopRule(options)), options);
    }

    /** Each prompt under its own change, in one batch. */
    @Override
    public List<String> generate(int[][] prompts, GenerationOptions options, List<Intervention> perPrompt) {
        requireOnePerRow(prompts.length, perPrompt);
        return texts(run(prompts, options, call -> NeuronMasks.perRowChanges(call, perPrompt, config), stopRule(options)), options);
    }

    /** Each prompt under its own change, in one batch. */
    @Override
    public int[][] generateIds(int[][] prompts, GenerationOptions options, List<Intervention> perPrompt) {
        requireOnePerRow(prompts.length, perPrompt);
        return run(prompts, options, call -> NeuronMasks.perRowChanges(call, perPrompt, config), Generator.StopRule.NEVER);
    }

    private static void requireOnePerRow(int rows, List<Intervention> perRow) {
        if (perRow.size() != rows) {
            throw new IllegalArgumentException(rows + " rows but " + perRow.size() + " changes");
        }
    }

    /** Each row's switched-off neurons when the rows only switch neurons off (what prefixes are shared for); else null. */
    private static List<io.multilens.api.neurons.NeuronSet> offOnly(List<Intervention> perRow) {
        if (perRow.stream().anyMatch(c -> !c.held().isEmpty() || !c.shifts().isEmpty() || !c.gates().isEmpty())) {
            return null;
        }
        return perRow.stream().map(Intervention::off).toList();
    }

    /** Continuations without the prompt; with {@code stopAtEos} they end before the EOS token. */
    @Override
    public int[][] generateIds(int[][] prompts, GenerationOptions options, Intervention change) {
        return run(prompts, options, call -> NeuronMasks.of(call, change, config), Generator.StopRule.NEVER);
    }

    private Generator.StopRule stopRule(GenerationOptions options) {
        TextTokenizer tok = tokenizer();
        List<String> stops = options.stopStrings().stream().filter(s -> !s.isEmpty()).toList();
        return stops.isEmpty() ? Generator.StopRule.NEVER : (row, ids) -> StopStrings.firstIndex(tok.decode(ids), stops) >= 0;
    }

    private List<String> texts(int[][] ids, GenerationOptions options) {
        TextTokenizer tok = tokenizer();
        List<String> stops = options.stopStrings().stream().filter(s -> !s.isEmpty()).toList();
        List<String> texts = new ArrayList<>();
        for (int[] continuation : ids) {
            texts.add(StopStrings.cut(tok.decode(continuation), stops));
        }
        return texts;
    }

    private int[][] run(int[][] prompts, GenerationOptions options, java.util.function.Function<NDManager, NeuronMasks> masksIn,
                        Generator.StopRule rule) {
        open();
        java.util.Set<Integer> eos = options.stopAtEos() ? java.util.Set.copyOf(config.eosTokenIds()) : java.util.Set.of();
        return DjlContext.call(() -> {
            try (NDManager call = manager.newSubManager()) {
                NeuronMasks masks = masksIn.apply(call);
                return generator.run(call, prompts, options.maxNewTokens(), eos, masks, options.useCache(), rule);
            }
        });
    }

    protected final void open() {
        if (closed) {
            throw new IllegalStateException("model " + dir + " is closed");
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (tokenizer != null) {
            tokenizer.close();
        }
        DjlContext.run(manager::close);
    }
}
