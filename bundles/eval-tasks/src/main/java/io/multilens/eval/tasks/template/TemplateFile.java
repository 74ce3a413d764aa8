package io.multilens.eval.tasks.template;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.multilens.api.status.StepFailure;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A task's template file:
 *
 * <pre>
 * task: xquad                      # informative
 * default:                         # every language
 *   prompt: "{context}\n\nQuestion: {question}\nAnswer:"
 *   target: "{answer}"
 *   stop: ["\n"]
 * languages:
 *   zh:                            # only what differs
 *     prompt: "{context}\n\n问题：{question}\n答案："
 * </pre>
 *
 * A task with prompt styles (MGSM's {@code direct} and {@code cot}) nests keys under the style's
 * name; keys outside a style apply to every style, keys inside win. A language's keys win over
 * {@code default}'s at each level. Unknown keys and values of the wrong kind fail here, before any
 * item is evaluated, with the file and the key path.
 */
public final class TemplateFile {

    static final Set<String> KEYS = Set.of("prompt", "target", "choice", "target_delimiter", "fewshot_separator", "stop");
    private static final Set<String> TOP = Set.of("task", "description", "default", "languages");

    private final TemplateSource source;
    private final Set<String> styles;
    private final JsonNode defaults;
    private final JsonNode languages;

    private TemplateFile(TemplateSource source, Set<String> styles, JsonNode defaults, JsonNode languages) {
        this.source = source;
        this.styles = styles;
        this.defaults = defaults;
        this.languages = languages;
    }

    public TemplateSource source() {
        return source;
    }

    /** The languages the file gives their own keys. */
    public List<String> languages() {
        return names(languages);
    }

    /** Parses and checks the structure; {@code styles} are the names a task nests keys under (may be empty). */
    public static TemplateFile parse(TemplateSource source, Set<String> styles) {
        JsonNode root;
        try {
            root = new YAMLMapper().readTree(source.text());
        } catch (JsonProcessingException e) {
            throw new StepFailure(source.name() + ": not valid YAML (" + e.getOriginalMessage() + " at line "
                    + e.getLocation().getLineNr() + ")");
        }
        if (root == null || !root.isObject()) {
            throw new StepFailure(source.name() + ": a template file is a map with 'default:' and optional 'languages:'");
        }
        names(root).forEach(k -> {
            if (!TOP.contains(k)) {
                throw new StepFailure(source.name() + ": unknown key '" + k + "'; the top level has " + TOP);
            }
        });
        JsonNode defaults = root.path("default");
        if (!defaults.isObject()) {
            throw new StepFailure(source.name() + ": 'default:' is missing or not a map; it holds at least 'prompt:'");
        }
        JsonNode languages = root.path("languages");
        if (!languages.isMissingNode() && !languages.isObject()) {
            throw new StepFailure(source.name() + ": 'languages:' must map language codes to their keys");
        }
        TemplateFile file = new TemplateFile(source, styles, defaults, languages);
        file.checkSection(defaults, "default", true);
        for (String lang : names(languages)) {
            JsonNode section = languages.get(lang);
            if (!section.isObject()) {
                throw new StepFailure(source.name() + ": languages." + lang + " must be a map of keys such as prompt:");
            }
            file.checkSection(section, "languages." + lang, true);
        }
        return file;
    }

    private void checkSection(JsonNode section, String path, boolean stylesAllowed) {
        for (String key : names(section)) {
            JsonNode v = section.get(key);
            String place = path + "." + key;
            if (stylesAllowed && styles.contains(key)) {
                if (!v.isObject()) {
                    throw new StepFailure(source.name() + ": " + place + " must be a map of keys such as prompt:");
                }
                checkSection(v, place, false);
            } else if (!KEYS.contains(key)) {
                throw new StepFailure(source.name() + ": unknown key '" + place + "'; keys are " + KEYS
                        + (styles.isEmpty() ? "" : " and the styles " + styles));
            } else if (key.equals("stop")) {
                checkStop(v, place);
            } else if (!v.isTextual()) {
                throw new StepFailure(source.name() + ": " + place + " is " + kind(v) + ", not text; YAML reads an"
                        + " unquoted {field} as a map: put the template in quotes, e.g. " + key + ": \"{question}\"");
            }
        }
    }

    private void checkStop(JsonNode v, String place) {
        boolean ok = v.isTextual() || (v.isArray() && allText(v));
        if (!ok) {
            throw new StepFailure(source.name() + ": " + place + " must be a list of strings, e.g. stop: [\"\\n\\n\"]");
        }
    }

    /** The template of one language and (for tasks with styles) one style. */
    public PromptTemplate resolve(String language, String style) {
        Map<String, Located> merged = new LinkedHashMap<>();
        JsonNode own = languages.path(language);
        put(merged, defaults, "default");
        put(merged, own, "languages." + language);
        if (style != null) {
            put(merged, defaults.path(style), "default." + style);
            put(merged, own.path(style), "languages." + language + "." + style);
        }
        Located prompt = merged.get("prompt");
        if (prompt == null) {
            throw new StepFailure(source.name() + ": no 'prompt' for language '" + language + "'"
                    + (style == null ? "" : " and style '" + style + "'") + "; add one under default:");
        }
        return new PromptTemplate(source.name(), language,
                text(prompt), text(merged.get("target")), text(merged.get("choice")),
                string(merged.get("target_delimiter"), " "), string(merged.get("fewshot_separator"), "\n\n"),
                stops(merged.get("stop")));
    }

    /** A value and the key path it came from. */
    private record Located(JsonNode value, String path) {
    }

    private void put(Map<String, Located> merged, JsonNode section, String path) {
        for (String key : names(section)) {
            if (KEYS.contains(key)) {
                merged.put(key, new Located(section.get(key), path + "." + key));
            }
        }
    }

    private TemplateText text(Located v) {
        return v == null ? null : TemplateText.compile(v.value().asText(), source.name() + ": " + v.path());
    }

    private static String string(Located v, String fallback) {
        return v == null ? fallback : v.value().asText();
    }

    private static List<String> stops(Located v) {
        List<String> out = new ArrayList<>();
        if (v == null) {
            return out;
        }
        if (v.value().isTextual()) {
            out.add(v.value().asText());
        } else {
            v.value().forEach(s -> out.add(s.asText()));
        }
        return out;
    }

    private static List<String> names(JsonNode node) {
        List<String> out = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            out.add(it.next());
        }
        return out;
    }

    private static boolean allText(JsonNode array) {
        for (JsonNode n : array) {
            if (!n.isTextual()) {
                return false;
            }
        }
        return true;
    }

    private static String kind(JsonNode v) {
        return v.isObject() ? "a map" : v.isArray() ? "a list" : v.isNull() ? "empty" : "a " + v.getNodeType().toString().toLowerCase();
    }
}
