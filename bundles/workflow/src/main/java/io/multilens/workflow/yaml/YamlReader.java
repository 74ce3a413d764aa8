package io.multilens.workflow.yaml;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import io.multilens.workflow.WorkflowError;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads YAML into {@link Node}s that remember their line and column. Data only: tags
 * ({@code !!java...}), which some YAML loaders turn into objects, are refused.
 */
public final class YamlReader {

    /** A workflow is a page of YAML; anything larger is a mistake or an attack. */
    public static final int MAX_BYTES = 1 << 20;
    /** Nesting deeper than this is not a workflow. */
    public static final int MAX_DEPTH = 64;
    /** Aliases (*name) per file. */
    public static final int MAX_ALIASES = 100;
    /** Values the document stands for once aliases are expanded (a "billion laughs" file is tiny but vast). */
    public static final long MAX_EXPANDED_VALUES = 100_000;

    private final YAMLFactory factory = new YAMLFactory();
    private final Map<String, Node> anchors = new java.util.HashMap<>();
    /** Values each anchored node stands for, aliases inside it expanded. */
    private final Map<Node, Long> sizes = new java.util.IdentityHashMap<>();
    private int aliases;
    private long expanded;
    private int depth;

    /** Thrown for YAML that cannot be read at all; carries the place. */
    public static final class YamlSyntaxException extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient WorkflowError error;

        YamlSyntaxException(WorkflowError error) {
            super(error.toString());
            this.error = error;
        }

        public WorkflowError error() {
            return error;
        }
    }

    public Node read(Path file, String text) throws YamlSyntaxException {
        anchors.clear();
        sizes.clear();
        aliases = 0;
        expanded = 0;
        depth = 0;
        if (text.length() > MAX_BYTES) {
            throw new YamlSyntaxException(new WorkflowError(file, 1, 1, "the file has " + text.length()
                    + " characters; a workflow may have at most " + MAX_BYTES));
        }
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int tab = lines[i].indexOf('\t');
            if (tab >= 0 && lines[i].substring(0, tab).isBlank()) {
                throw new YamlSyntaxException(new WorkflowError(file, i + 1, tab + 1,
                        "a tab indents this line; YAML indents with spaces only"));
            }
        }
        try (JsonParser p = factory.createParser(text)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                throw new YamlSyntaxException(new WorkflowError(file, 1, 1, "the file is empty; a workflow needs 'name' and 'steps'"));
            }
            Node root = readValue(file, p, -1, -1);
            if (p.nextToken() != null) {
                throw syntax(file, p.currentTokenLocation(), "more than one YAML document; keep one workflow per file");
            }
            return root;
        } catch (JsonProcessingException e) {
            JsonLocation loc = e.getLocation();
            String msg = e.getOriginalMessage().lines().findFirst().orElse("malformed YAML");
            throw new YamlSyntaxException(new WorkflowError(file, loc == null ? 1 : Math.max(1, loc.getLineNr()),
                    loc == null ? 1 : Math.max(1, loc.getColumnNr()), "malformed YAML: " + msg));
        } catch (IOException e) {
            throw new YamlSyntaxException(new WorkflowError(file, 1, 1, "cannot read: " + e.getMessage()));
        }
    }

    private Node readValue(Path file, JsonParser p, int keyLine, int keyCol) throws IOException, YamlSyntaxException {
        JsonLocation loc = p.currentTokenLocation();
        if (p instanceof YAMLParser y && y.isCurrentAlias()) {
            // Jackson reports an alias (*name) as its name: replay the anchored node
            Node anchored = anchors.get(p.getText());
            if (anchored == null) {
                throw syntax(file, loc, "alias *" + p.getText() + " names no anchor (&" + p.getText() + ") written before it");
            }
            if (++aliases > MAX_ALIASES) {
                throw syntax(file, loc, "more than " + MAX_ALIASES + " aliases; a workflow needs far fewer");
            }
            long size = sizes.getOrDefault(anchored, 1L);
            expanded += size;
            if (expanded > MAX_EXPANDED_VALUES) {
                throw syntax(file, loc, "aliases expand this file to more than " + MAX_EXPANDED_VALUES
                        + " values (an alias bomb?); write the values out or use fewer aliases");
            }
            Node replay = new Node(anchored.value(), loc.getLineNr(), loc.getColumnNr(), keyLine, keyCol);
            sizes.put(replay, size);
            return replay;
        }
        String anchor = p instanceof YAMLParser y ? y.getObjectId() : null;
        if (++depth > MAX_DEPTH) {
            throw syntax(file, loc, "nested more than " + MAX_DEPTH + " levels deep; a workflow is not");
        }
        long before = expanded;
        Node node = readPlain(file, p, keyLine, keyCol);
        depth--;
        expanded++;
        sizes.put(node, expanded - before);
        if (anchor != null) {
            anchors.put(anchor, node);
        }
        return node;
    }

    private Node readPlain(Path file, JsonParser p, int keyLine, int keyCol) throws IOException, YamlSyntaxException {
        JsonLocation loc = p.currentTokenLocation();
        int line = loc.getLineNr();
        int col = loc.getColumnNr();
        if (p instanceof YAMLParser y && y.getTypeId() != null && !isPlainTag(y.getTypeId())) {
            throw syntax(file, loc, "YAML tag '" + y.getTypeId() + "' is not allowed: workflows are plain data");
        }
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT: {
                Map<String, Node> map = new LinkedHashMap<>();
                List<Node> merged = new ArrayList<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    JsonLocation kl = p.currentTokenLocation();
                    String key = p.currentName();
                    if (map.containsKey(key)) {
                        throw syntax(file, kl, "duplicate key '" + key + "'");
                    }
                    p.nextToken();
                    Node value = readValue(file, p, kl.getLineNr(), kl.getColumnNr());
                    if (key.equals("<<") && value.isMap()) {
                        merged.add(value);             // YAML merge key: <<: *anchor
                    } else {
                        map.put(key, value);
                    }
                }
                // keys written in the map win over merged ones, whatever their order
                merged.forEach(m -> m.map().forEach(map::putIfAbsent));
                return new Node(map, line, col, keyLine, keyCol);
            }
            case START_ARRAY: {
                List<Node> list = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    list.add(readValue(file, p, -1, -1));
                }
                return new Node(list, line, col, keyLine, keyCol);
            }
            case VALUE_STRING:
                return new Node(p.getText(), line, col, keyLine, keyCol);
            case VALUE_NUMBER_INT:
                return new Node(p.getLongValue(), line, col, keyLine, keyCol);
            case VALUE_NUMBER_FLOAT:
                return new Node(p.getDoubleValue(), line, col, keyLine, keyCol);
            case VALUE_TRUE:
            case VALUE_FALSE:
                return new Node(p.getBooleanValue(), line, col, keyLine, keyCol);
            case VALUE_NULL:
                return new Node(null, line, col, keyLine, keyCol);
            default:
                throw syntax(file, loc, "unexpected YAML token " + t);
        }
    }

    /** Standard core-schema tags are harmless (they only say str/int/...). */
    private static boolean isPlainTag(String tag) {
        return tag.matches("(tag:yaml.org,2002:|!!)?(str|int|float|bool|null|map|seq)");
    }

    private static YamlSyntaxException syntax(Path file, JsonLocation loc, String msg) {
        return new YamlSyntaxException(new WorkflowError(file, loc.getLineNr(), loc.getColumnNr(), msg));
    }
}
