package io.multilens.workflow.run;

import io.multilens.api.plugin.OptionSpec;
import io.multilens.api.plugin.OptionType;
import io.multilens.api.status.StepFailure;
import io.multilens.workflow.InputRef;
import io.multilens.workflow.Plan;
import io.multilens.workflow.PlannedStep;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What protects the user's files from a results folder: OUT may neither contain nor lie inside
 * any file or folder the workflow reads, and a step folder in OUT is replaced only when
 * multilens wrote it (it holds multilens's manifest).
 */
final class OutputGuard {

    private OutputGuard() {
    }

    /** Refuses an OUT that contains, or is contained in, an input of the workflow. */
    static void checkNoOverlap(Plan plan, Path outDir) {
        Path out = real(outDir);
        for (Path input : inputs(plan)) {
            Path in = real(input);
            if (in.startsWith(out) || out.startsWith(in)) {
                throw new StepFailure("--out " + outDir + (in.startsWith(out) ? " contains " : " is inside ")
                        + "the workflow's input " + input + "; results would overwrite inputs: choose another --out");
            }
        }
    }

    /** Refuses to replace a folder multilens did not write. */
    static void checkOwned(Path stepDir) {
        if (Files.exists(stepDir) && !Files.isRegularFile(stepDir.resolve(WorkflowRunner.MANIFEST))) {
            throw new StepFailure(stepDir + " exists but was not written by multilens (it has no "
                    + WorkflowRunner.MANIFEST + "); move it away or choose another --out: multilens replaces only its"
                    + " own step folders");
        }
    }

    /** Every path the steps read: path options ({lang} expanded) and file inputs; step outputs excluded. */
    static List<Path> inputs(Plan plan) {
        List<Path> out = new ArrayList<>();
        Path folder = plan.workflow().folder();
        for (PlannedStep step : plan.steps()) {
            for (OptionSpec spec : step.plugin().info().options()) {
                Object value = step.options().get(spec.name());
                if (spec.type() != OptionType.PATH || !(value instanceof String s) || s.contains("${")) {
                    continue;
                }
                Object langs = step.options().get("languages");
                if (s.contains("{lang}") && langs instanceof List<?> list) {
                    list.forEach(l -> out.add(folder.resolve(s.replace("{lang}", String.valueOf(l))).normalize()));
                } else if (!s.contains("{lang}")) {
                    out.add(folder.resolve(s).normalize());
                }
            }
            for (Map.Entry<String, InputRef> e : step.inputs().entrySet()) {
                if (e.getValue() instanceof InputRef.File f) {
                    out.add(f.path());
                }
            }
        }
        return out;
    }

    /** The real path where it exists, else the absolute normalised one (symbolic links resolved as far as they exist). */
    private static Path real(Path p) {
        Path abs = p.toAbsolutePath().normalize();
        try {
            return Files.exists(abs) ? abs.toRealPath() : abs;
        } catch (IOException e) {
            return abs;
        }
    }
}
