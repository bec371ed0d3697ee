package ovntrace.topology;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A read-only view of one object in a parsed YAML/JSON tree that knows its path ({@code pods[2].node}), so that
 * every complaint names the field it is about.
 */
final class Fields {

    private final JsonNode node;
    private final String source;
    private final String path;

    private Fields(JsonNode node, String source, String path) {
        this.node = node;
        this.source = source;
        this.path = path;
    }

    static Fields root(JsonNode node, String source) throws TopologyException {
        Fields root = new Fields(node, source, "");
        if (node == null || !node.isObject()) {
            throw new TopologyException(source + ": the top level must be a mapping with keys such as nodes and pods");
        }
        return root;
    }

    String path() {
        return path.isEmpty() ? "(top level)" : path;
    }

    String pathOf(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    TopologyException error(String key, String message) {
        return new TopologyException(source + ": " + (key == null ? path() : pathOf(key)) + ": " + message);
    }

    /** Refuses keys outside {@code allowed}, naming the first unknown one and the accepted ones. */
    void allowOnly(String... allowed) throws TopologyException {
        Set<String> ok = Set.of(allowed);
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!ok.contains(key)) {
                throw error(key, "unknown field; expected one of " + String.join(", ", new TreeSet<>(ok)));
            }
        }
    }

    boolean has(String key) {
        JsonNode v = node.get(key);
        return v != null && !v.isNull();
    }

    /** True if {@code key} holds text that is not a number (a YAML string such as {@code http}). */
    boolean isText(String key) {
        return has(key) && node.get(key).isTextual() && !node.get(key).asText().matches("\\d+");
    }

    String string(String key) throws TopologyException {
        return optString(key).orElseThrow(() -> error(key, "required field is missing"));
    }

    Optional<String> optString(String key) throws TopologyException {
        if (!has(key)) {
            return Optional.empty();
        }
        JsonNode v = node.get(key);
        if (!v.isTextual() && !v.isNumber()) {
            throw error(key, "must be a string");
        }
        String text = v.asText().trim();
        if (text.isEmpty()) {
            throw error(key, "must not be empty");
        }
        return Optional.of(text);
    }

    boolean bool(String key, boolean absent) throws TopologyException {
        if (!has(key)) {
            return absent;
        }
        JsonNode v = node.get(key);
        if (!v.isBoolean()) {
            throw error(key, "must be true or false");
        }
        return v.asBoolean();
    }

    Optional<Integer> optInt(String key, int min, int max) throws TopologyException {
        if (!has(key)) {
            return Optional.empty();
        }
        JsonNode v = node.get(key);
        if (!v.canConvertToInt() || !v.isIntegralNumber()) {
            throw error(key, "must be a whole number between " + min + " and " + max);
        }
        int i = v.asInt();
        if (i < min || i > max) {
            throw error(key, "must be between " + min + " and " + max + ", not " + i);
        }
        return Optional.of(i);
    }

    Optional<Fields> optObject(String key) throws TopologyException {
        if (!has(key)) {
            return Optional.empty();
        }
        JsonNode v = node.get(key);
        if (!v.isObject()) {
            throw error(key, "must be a mapping");
        }
        return Optional.of(new Fields(v, source, pathOf(key)));
    }

    /** The elements of list {@code key} (each an object); absent means empty. */
    List<Fields> objects(String key) throws TopologyException {
        List<Fields> out = new ArrayList<>();
        for (JsonNode element : list(key)) {
            String at = pathOf(key) + "[" + out.size() + "]";
            if (!element.isObject()) {
                throw new TopologyException(source + ": " + at + ": must be a mapping");
            }
            out.add(new Fields(element, source, at));
        }
        return out;
    }

    /** The elements of list {@code key} as strings; absent means empty. */
    List<String> strings(String key) throws TopologyException {
        List<String> out = new ArrayList<>();
        for (JsonNode element : list(key)) {
            if (!element.isTextual()) {
                throw new TopologyException(source + ": " + pathOf(key) + "[" + out.size() + "]: must be a string");
            }
            out.add(element.asText());
        }
        return out;
    }

    private List<JsonNode> list(String key) throws TopologyException {
        if (!has(key)) {
            return List.of();
        }
        JsonNode v = node.get(key);
        if (!v.isArray()) {
            throw error(key, "must be a list");
        }
        List<JsonNode> out = new ArrayList<>();
        v.forEach(out::add);
        return out;
    }

    /** A mapping of scalar values, such as labels; absent means empty. */
    Map<String, String> stringMap(String key) throws TopologyException {
        Map<String, String> out = new LinkedHashMap<>();
        if (!has(key)) {
            return out;
        }
        JsonNode v = node.get(key);
        if (!v.isObject()) {
            throw error(key, "must be a mapping of names to values");
        }
        for (Map.Entry<String, JsonNode> e : v.properties()) {
            if (!e.getValue().isValueNode() || e.getValue().isNull()) {
                throw error(key, "value of " + e.getKey() + " must be a plain value");
            }
            out.put(e.getKey(), e.getValue().asText());
        }
        return out;
    }
}
