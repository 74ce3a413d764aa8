package io.multilens.eval.tasks.template;

import io.multilens.api.status.StepFailure;
import io.multilens.eval.tasks.data.DataFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The exact text of a task's template file and its name for messages: the file the workflow's
 * {@code template:} option names, or the one shipped in the bundle. The text is kept verbatim
 * so that the results can carry a byte-identical copy ({@code template.yaml}).
 */
public record TemplateSource(String name, String text) {

    /** The shipped default of a task, {@code templates/<task>.yaml} in this bundle. */
    public static TemplateSource bundled(String task) {
        String resource = "templates/" + task + ".yaml";
        try (InputStream in = TemplateSource.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the bundle lacks its resource " + resource);
            }
            return new TemplateSource("bundled " + resource, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the bundled " + resource, e);
        }
    }

    /** A template file given by the workflow. */
    public static TemplateSource file(Path file) {
        return new TemplateSource(file.toString(), DataFile.text(file, "template"));
    }

    /** The workflow's file when {@code templateOption} is set, else the task's shipped default. */
    public static TemplateSource of(Path templateOption, String task) {
        if (templateOption == null) {
            return bundled(task);
        }
        TemplateSource s = file(templateOption);
        if (s.text.isBlank()) {
            throw new StepFailure(templateOption + ": the template file is empty; start from the bundled"
                    + " templates/" + task + ".yaml");
        }
        return s;
    }
}
