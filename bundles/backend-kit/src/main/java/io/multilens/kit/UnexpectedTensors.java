package io.multilens.kit;

import io.multilens.api.status.StepFailure;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * A checkpoint whose files hold tensors the config does not use (config.json says 2 layers, the
 * weights have 4) describes another model: refused with the tensors named, as transformers warns,
 * unless {@code -Dmultilens.allow_unexpected_tensors=true}.
 */
public final class UnexpectedTensors {

    public static final String ALLOW = "multilens.allow_unexpected_tensors";

    private UnexpectedTensors() {
    }

    public static void check(Path dir, Checkpoint ckpt, LoadJobs jobs) {
        check(dir, ckpt, jobs, name -> false);
    }

    /**
     * @param elsewhere tensors of parts of the checkpoint the backend knowingly does not run (a
     *                  multimodal checkpoint's vision tower), not counted as unexpected
     */
    public static void check(Path dir, Checkpoint ckpt, LoadJobs jobs, java.util.function.Predicate<String> elsewhere) {
        if (Boolean.getBoolean(ALLOW)) {
            return;
        }
        Set<String> used = jobs.all().stream().map(j -> j.name).collect(Collectors.toSet());
        TreeSet<String> extra = new TreeSet<>();
        for (String name : ckpt.names()) {
            // a tied head may be stored too; old checkpoints store RoPE's inverse frequencies
            if (!used.contains(name) && !name.endsWith("lm_head.weight") && !name.endsWith("rotary_emb.inv_freq")
                    && !elsewhere.test(name)) {
                extra.add(name);
            }
        }
        if (!extra.isEmpty()) {
            String shown = extra.stream().limit(5).collect(Collectors.joining(", "));
            throw new StepFailure(dir + ": the checkpoint has " + extra.size() + " tensor(s) that config.json does not"
                    + " use (" + shown + (extra.size() > 5 ? ", ..." : "") + "); the config does not describe"
                    + " these weights. Fix config.json, or pass -D" + ALLOW + "=true to load anyway");
        }
    }
}
