package io.multilens.report.sections;

import com.fasterxml.jackson.databind.JsonNode;
import io.multilens.report.data.LayerLanguages;
import io.multilens.report.data.StageBands;
import io.multilens.report.html.Figure;
import io.multilens.report.html.Section;
import io.multilens.report.html.Table;
import io.multilens.report.html.Table.Cell;
import io.multilens.report.run.RunFolder;
import io.multilens.report.run.StepRecord;
import io.multilens.report.svg.LanguageShareChart;
import io.multilens.report.svg.LineChart;
import io.multilens.report.svg.Svg;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * "Which language each layer works in": a {@code layers} step's logit-lens shares per language
 * and layer (stacked, with the ablation's stage bands when the run has an ablate step) and the
 * cross-lingual similarity gap (same sentence minus a different sentence) per layer.
 */
public final class LayersSection {

    private LayersSection() {
    }

    public static boolean applies(RunFolder run, StepRecord step) {
        return file(run, step).isPresent();
    }

    private static Optional<JsonNode> file(RunFolder run, StepRecord step) {
        return step.file("layers.json").flatMap(f -> run.json(step, f)).filter(LayerLanguages::is);
    }

    public static Optional<Section> build(RunFolder run, StepRecord step) {
        Optional<JsonNode> json = file(run, step);
        if (json.isEmpty()) {
            return Optional.empty();
        }
        LayerLanguages data = LayerLanguages.from(json.get());
        int blocks = data.blocks();
        StageBands stages = DetectorSection.stagesFor(run, step, blocks).orElse(StageBands.defaults(blocks));
        List<Figure> figures = new ArrayList<>();
        Svg shares = LanguageShareChart.render(data, stages);
        figures.add(new Figure(Ids.figure("lens", step), "Which language each layer decodes to",
                "The residual stream after each layer, decoded " + (data.lens().equals("no-norm")
                        ? "through the LM head alone, without the final norm (as the paper's Fig. 1)"
                        : "through the final norm and LM head (the logit lens)") + ": the share of each document's "
                        + (data.classifyTop() == 1 ? "tokens whose top-1 prediction is" : "top-" + data.classifyTop()
                        + " predictions per token that are") + " in the reference language (" + data.reference()
                        + "), the document's own language, another listed language, or none (" + data.classifier()
                        + " classifier). Shaded: the understanding and generation stages (" + stages.source() + ").",
                shares, List.of(shareTable(data))));
        List<LineChart.Series> gaps = new ArrayList<>();
        for (Map.Entry<String, List<LayerLanguages.Depth>> e : data.languages().entrySet()) {
            if (e.getKey().equals(data.reference()) || e.getValue().stream().anyMatch(d -> Double.isNaN(d.parallel()))) {
                continue;
            }
            double[] x = e.getValue().stream().mapToDouble(LayerLanguages.Depth::layer).toArray();
            double[] y = e.getValue().stream().mapToDouble(d -> d.parallel() - d.mismatched()).toArray();
            gaps.add(new LineChart.Series(e.getKey(), x, y));
        }
        if (!gaps.isEmpty()) {
            Svg svg = LineChart.render("Cross-lingual similarity gap per layer", "layer (0: embeddings)",
                    "cos(same sentence) − cos(next sentence), vs " + data.reference(), gaps, true, 900, 300);
            figures.add(new Figure(Ids.figure("similarity", step), "Where the languages meet",
                    "Mean cosine between a sentence's mean-pooled hidden state and the same sentence in " + data.reference()
                            + ", minus the same for the next sentence: above 0, the layer represents the sentence's meaning"
                            + " across languages rather than only its language.", svg, List.of()));
        }
        step.file("translation.json").flatMap(f -> run.json(step, f))
                .filter(j -> j.path("format").asText().equals("multilens.translation-lens/1"))
                .flatMap(t -> translationFigure(step, t)).ifPresent(figures::add);
        String intro = "Step '" + step.id() + "' (" + step.plugin() + ") measured, layer by layer, which language the model"
                + " decodes to and how close the languages' representations of the same sentence are. The paper's"
                + " framework predicts " + data.reference() + "-like decoding in the middle layers and the query's language"
                + " at the end.";
        return Optional.of(new Section(Ids.section("layers", step), "Which language each layer works in (" + step.id() + ")",
                intro, figures, List.of()));
    }

    /**
     * Wendler et al.'s latent-language plot: per layer, the lens probability of the target word's
     * first token and of the English word's, averaged over the target languages; the table per target.
     */
    private static Optional<Figure> translationFigure(StepRecord step, JsonNode t) {
        // the targets with measured words, each with the same layers; a malformed file leaves the figure out
        List<Map.Entry<String, JsonNode>> measured = new ArrayList<>();
        t.path("languages").fields().forEachRemaining(e -> {
            if (e.getValue().path("words").asInt() > 0) {
                measured.add(e);
            }
        });
        if (measured.isEmpty()) {
            return Optional.empty();
        }
        int depths = measured.get(0).getValue().path("depths").size();
        if (depths == 0 || measured.stream().anyMatch(e -> e.getValue().path("depths").size() != depths)) {
            return Optional.empty();
        }
        double[] x = new double[depths];
        double[] target = new double[depths];
        double[] english = new double[depths];
        Table table = new Table("Per target language and layer: mean lens probability of the target word's first token and"
                + " of the English word's", List.of("target", "words", "layer", "p(target)", "p(English)"));
        measured.forEach(e -> {
            JsonNode ds = e.getValue().path("depths");
            for (int d = 0; d < depths; d++) {
                x[d] = d;
                target[d] += ds.get(d).path("p_target").asDouble() / measured.size();
                english[d] += ds.get(d).path("p_english").asDouble() / measured.size();
                table.row(List.of(Cell.text(e.getKey()), Cell.num(e.getValue().path("words").asText()), Cell.num(Integer.toString(d)),
                        Cells.num(ds.get(d).path("p_target").asDouble(), 3), Cells.num(ds.get(d).path("p_english").asDouble(), 3)));
            }
        });
        Svg svg = LineChart.render("Latent language on word translation", "layer (0: embeddings)",
                "lens probability of the word's first token", List.of(new LineChart.Series("target word", x, target),
                        new LineChart.Series("English word", x, english)), true, 900, 300);
        return Optional.of(new Figure(Ids.figure("translation", step), "Does the model think in English? (word translation)",
                "Prompts that translate a word from " + t.path("source_language").asText() + " (" + t.path("shots").asInt()
                        + " solved examples first), decoded at the last position layer by layer (" + t.path("lens").asText()
                        + " lens), as Wendler et al. (2024) plot it: the probability of the target word's first token and of"
                        + " the English word's, averaged over " + measured.size() + " target languages (those with words"
                        + " measured). The paper's framework predicts the English word on top in the middle layers.", svg,
                List.of(table)));
    }

    private static Table shareTable(LayerLanguages data) {
        List<String> head = new ArrayList<>(List.of("language", "layer"));
        LayerLanguages.CLASSES.forEach(c -> head.add(c + " %"));
        head.addAll(List.of("parallel cos", "mismatched cos"));
        Table t = new Table("Decoded-language shares and similarities per layer", head);
        data.languages().forEach((lang, depths) -> {
            for (LayerLanguages.Depth d : depths) {
                List<Cell> row = new ArrayList<>(List.of(Cell.text(lang), Cell.num(Integer.toString(d.layer()))));
                for (double s : d.shares()) {
                    row.add(Cells.num(100 * s, 1));
                }
                row.add(Double.isNaN(d.parallel()) ? Cell.text("") : Cells.num(d.parallel(), 3));
                row.add(Double.isNaN(d.mismatched()) ? Cell.text("") : Cells.num(d.mismatched(), 3));
                t.row(row);
            }
        });
        return t;
    }
}
