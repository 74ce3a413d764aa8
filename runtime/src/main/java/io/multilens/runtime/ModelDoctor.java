package io.multilens.runtime;

import io.multilens.launch.Engine;
import io.multilens.launch.EngineRequest;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code multilens doctor --model DIR}: runs the {@code model.check} step on the checkpoint in a
 * throwaway results folder (the workflow engine loads it with the backend for its architecture),
 * so its one line per check is printed and nothing is left behind. Exit 0 when every check
 * passes, 1 when one fails or the checkpoint cannot be loaded (the step fails, naming why), 2 for
 * a --model that is not a folder.
 */
final class ModelDoctor {

    private ModelDoctor() {
    }

    static int run(Engine engine, Invocation inv, PrintStream out, PrintStream err) {
        Path model = inv.target().toAbsolutePath().normalize();
        if (!Files.isDirectory(model)) {
            err.println(model + ": not a folder; --model takes a Hugging Face checkpoint folder");
            return 2;
        }
        Path work = null;
        try {
            work = Files.createTempDirectory("multilens-doctor-");
            Path flow = work.resolve("model-check.yaml");
            StringBuilder yaml = new StringBuilder("name: model-check\nsteps:\n  - id: check\n    uses: model.check\n    with:\n")
                    .append("      model: '").append(model.toString().replace("'", "''")).append("'\n");
            for (String set : inv.sets()) {
                int eq = set.indexOf('=');
                yaml.append("      ").append(set, 0, eq).append(": '").append(set.substring(eq + 1).replace("'", "''")).append("'\n");
            }
            Files.writeString(flow, yaml.toString());
            EngineRequest request = EngineRequest.run(flow, work.resolve("out"), List.of(), true)
                    .withVerbosity(inv.verbosity()).withStreams(out, err);
            out.println("checks of " + model + ":");
            int code = engine.execute(request);
            out.println("(the checks ran in a temporary folder, now removed; `uses: model.check` in a workflow keeps checks.json)");
            return code;
        } catch (IOException e) {
            err.println("multilens doctor: cannot make a temporary folder (" + e.getMessage() + ")");
            return 2;
        } finally {
            if (work != null) {
                try {
                    org.apache.commons.io.file.PathUtils.deleteDirectory(work);
                } catch (IOException ignored) {
                    // a leftover temporary folder is harmless
                }
            }
        }
    }
}
