package ovntrace.lib.policy;

import java.util.List;
import java.util.Map;

/** Reading JSON trees (an API object converted to maps and lists) without casts at every step. */
final class Trees {

    private Trees() {}

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object node, String key) {
        Object v = node instanceof Map<?, ?> m ? m.get(key) : null;
        return v instanceof Map<?, ?> ? (Map<String, Object>) v : Map.of();
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object node, String key) {
        Object v = node instanceof Map<?, ?> m ? m.get(key) : null;
        return v instanceof List<?> ? (List<Object>) v : List.of();
    }

    static boolean has(Object node, String key) {
        return node instanceof Map<?, ?> m && m.get(key) != null;
    }

    static String text(Object node, String key) {
        Object v = node instanceof Map<?, ?> m ? m.get(key) : null;
        return v == null ? "" : String.valueOf(v);
    }

    @SuppressWarnings("unchecked")
    static Map<String, String> labels(Map<String, Object> object) {
        Object v = map(object, "metadata").get("labels");
        return v instanceof Map<?, ?> ? (Map<String, String>) v : Map.of();
    }
}
