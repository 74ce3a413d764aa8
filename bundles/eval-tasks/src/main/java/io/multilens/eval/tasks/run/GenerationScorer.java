package io.multilens.eval.tasks.run;

import io.multilens.api.model.GenerationOptions;
import io.multilens.api.model.LanguageModel;
import io.multilens.api.neurons.Intervention;
import io.multilens.api.neurons.NeuronSet;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/** Generation tasks: greedy continuations (cut at the template's stop strings), each judged by the task. */
public final class GenerationScorer<T> implements ItemScorer<T> {

    private final LanguageModel model;
    private final GenerationOptions options;
    private final BiFunction<T, String, Judgement> judge;

    public GenerationScorer(LanguageModel model, GenerationOptions options, BiFunction<T, String, Judgement> judge) {
        this.model = model;
        this.options = options;
        this.judge = judge;
    }

    @Override
    public List<Prediction> score(List<PromptedItem<T>> batch, List<NeuronSet> deactivate) {
        int[][] prompts = batch.stream().map(PromptedItem::tokens).toArray(int[][]::new);
        List<String> outputs = model.generate(prompts, options, deactivate.stream().map(Intervention::off).toList());
        List<Prediction> out = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            PromptedItem<T> p = batch.get(i);
            String output = outputs.get(i);
            Judgement j = judge.apply(p.item(), output);
            out.add(new Prediction(p.example().id(), p.prompt(), output, j.answer(), j.gold(), j.scores(), p.truncated()));
        }
        return out;
    }
}
