package io.multilens.eval.tasks.run;

import io.multilens.api.status.StepFailure;
import io.multilens.eval.tasks.data.Example;
import io.multilens.eval.tasks.prompt.FewshotSampler;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

/**
 * Few-shot exemplars drawn from a pool: the {@code fewshot_data} file of the language when given,
 * else all items of the evaluated file. An item is never among its own exemplars, and since the
 * exclusion goes by id, neither is its translation when a parallel file (XQuAD's ids are the same in
 * every language) serves as the pool.
 */
public final class FewshotPool {

    private FewshotPool() {
    }

    /**
     * @param evaluated the whole evaluated file (before {@code limit}), as examples
     * @param read      reads a file of the task's format as examples
     */
    public static Function<Example, List<Example>> of(TaskRun run, String lang, List<Example> evaluated,
                                                     Function<Path, List<Example>> read) {
        int shots = run.numFewshot();
        if (shots == 0) {
            return e -> List.of();
        }
        List<Example> pool = run.options().has("fewshot_data")
                ? read.apply(run.fewshotData(lang))
                : evaluated;
        int available = pool == evaluated ? pool.size() - 1 : pool.size();
        if (available < shots) {
            throw new StepFailure("num_fewshot is " + shots + " but the few-shot pool of '" + lang + "' has only "
                    + available + " items; lower num_fewshot or give a larger 'fewshot_data'");
        }
        long seed = run.options().longValue("seed");
        return e -> FewshotSampler.random(pool, shots, seed, e.id());
    }
}
