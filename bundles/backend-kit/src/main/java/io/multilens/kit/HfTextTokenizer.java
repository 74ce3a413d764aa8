package io.multilens.kit;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import io.multilens.api.model.TextTokenizer;
import io.multilens.api.status.StepFailure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A checkpoint's {@code tokenizer.json} through DJL's Hugging Face tokenizers binding. Truncation
 * and padding are switched off explicitly: DJL otherwise cuts every input to 512 tokens silently.
 */
public final class HfTextTokenizer implements TextTokenizer, AutoCloseable {

    private final HuggingFaceTokenizer tokenizer;
    /** The BOS id {@link #encode} puts first, or -1 when tokenizer.json's own post-processor decides. */
    private final int prependBos;
    private final Path file;
    /** Bytes per token id, read from the vocabulary the first time bits per byte ask for them. */
    private volatile TokenBytes bytesPerId;

    private HfTextTokenizer(HuggingFaceTokenizer tokenizer, int prependBos, Path file) {
        this.tokenizer = tokenizer;
        this.prependBos = prependBos;
        this.file = file;
    }

    /** @param configBos the model's bos_token_id (config.json or generation_config.json), -1 if none */
    public static HfTextTokenizer open(Path modelDir, int configBos) {
        Path file = modelDir.resolve("tokenizer.json");
        if (!Files.isRegularFile(file)) {
            throw new StepFailure(modelDir + ": no tokenizer.json; text input needs the checkpoint's Hugging Face"
                    + " tokenizer (tokenizer.save_pretrained writes it)");
        }
        return DjlContext.call(() -> {
            try {
                HuggingFaceTokenizer hf = HuggingFaceTokenizer.builder()
                        .optTokenizerPath(file)
                        .optTruncation(false)
                        .optPadding(false)
                        .optAddSpecialTokens(true)
                        .build();
                return new HfTextTokenizer(hf, BosRule.prependedBos(modelDir, configBos, hf), file);
            } catch (IOException | RuntimeException e) {
                throw new StepFailure(file + ": cannot load the tokenizer (" + e.getMessage() + ")", e);
            }
        });
    }

    @Override
    public int[] encode(String text) {
        return ids(text, true);
    }

    @Override
    public int[] encodePlain(String text) {
        return ids(text, false);
    }

    private int[] ids(String text, boolean specialTokens) {
        long[] ids = DjlContext.call(() -> tokenizer.encode(text, specialTokens, false).getIds());
        int[] out = Arrays.stream(ids).mapToInt(Math::toIntExact).toArray();
        if (specialTokens && prependBos >= 0 && (out.length == 0 || out[0] != prependBos)) {
            int[] with = new int[out.length + 1];
            with[0] = prependBos;
            System.arraycopy(out, 0, with, 1, out.length);
            return with;
        }
        return out;
    }

    /** The text of the ids; special tokens (BOS, EOS) are left out. */
    @Override
    public String decode(int[] ids) {
        long[] longs = Arrays.stream(ids).asLongStream().toArray();
        return DjlContext.call(() -> tokenizer.decode(longs, true));
    }

    @Override
    public long bytes(int[] ids) {
        TokenBytes table = bytesPerId;
        if (table == null) {
            table = TokenBytes.read(file);
            bytesPerId = table;
        }
        return table.sum(ids);
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
