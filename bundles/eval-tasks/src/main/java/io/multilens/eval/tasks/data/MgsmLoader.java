package io.multilens.eval.tasks.data;

import io.multilens.api.status.StepFailure;
import io.multilens.eval.tasks.metrics.NumberAnswer;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * MGSM's {@code mgsm_<lang>.tsv}: no header, one problem per line, {@code question<TAB>answer},
 * the answer a number (possibly grouped, {@code 5,600}). Item ids are line numbers, the same
 * problem in every language.
 */
public final class MgsmLoader {

    private MgsmLoader() {
    }

    public static List<MathProblem> read(Path file) {
        List<String> lines = DataFile.lines(file, "data");
        List<MathProblem> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            String where = file + ":" + (i + 1);
            String[] cols = line.split("\t", -1);
            if (cols.length != 2) {
                throw new StepFailure(where + ": expected question<TAB>answer, found " + cols.length + " tab-separated"
                        + " column" + (cols.length == 1 ? "" : "s"));
            }
            String question = cols[0].strip();
            String answer = cols[1].strip();
            if (question.isEmpty()) {
                throw new StepFailure(where + ": the question is empty");
            }
            BigDecimal value = NumberAnswer.exact(answer).orElseThrow(() -> new StepFailure(where + ": the answer '"
                    + answer + "' is not a number"));
            Map<String, String> fields = new LinkedHashMap<>();
            fields.put("question", question);
            fields.put("answer", answer);
            out.add(new MathProblem(new Example(String.valueOf(i + 1), fields, where), value));
        }
        return out;
    }
}
