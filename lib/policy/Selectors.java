package ovntrace.lib.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import ovntrace.lib.policy.LegPolicy.PolicyRef;

/**
 * Kubernetes label selectors ({@code matchLabels} AND {@code matchExpressions} with {@code In}, {@code NotIn},
 * {@code Exists}, {@code DoesNotExist}) over JSON trees, and which NetworkPolicies isolate a pod.
 */
final class Selectors {

    private Selectors() {}

    /** An empty selector selects everything; an unknown operator selects nothing. */
    static boolean matches(Map<String, Object> selector, Map<String, String> labels) {
        for (Map.Entry<String, Object> e : Trees.map(selector, "matchLabels").entrySet())
            if (!String.valueOf(e.getValue()).equals(labels.get(e.getKey()))) return false;
        for (Object x : Trees.list(selector, "matchExpressions")) {
            String key = Trees.text(x, "key"), value = labels.get(key);
            List<String> values = Trees.list(x, "values").stream().map(String::valueOf).toList();
            boolean ok = switch (Trees.text(x, "operator")) {
                case "In" -> value != null && values.contains(value);
                case "NotIn" -> value == null || !values.contains(value);
                case "Exists" -> value != null;
                case "DoesNotExist" -> value == null;
                default -> false;
            };
            if (!ok) return false;
        }
        return true;
    }

    /**
     * The NetworkPolicies, of those of the pod's namespace, that select the pod and whose policyTypes include
     * {@code direction}. Without policyTypes a policy is an Ingress one, and an Egress one too if it has egress rules.
     */
    static List<PolicyRef> isolating(List<Map<String, Object>> policies, Map<String, String> podLabels, Direction direction) {
        List<PolicyRef> out = new ArrayList<>();
        for (Map<String, Object> np : policies) {
            Map<String, Object> spec = Trees.map(np, "spec");
            if (!matches(Trees.map(spec, "podSelector"), podLabels)) continue;
            List<String> types = Trees.list(spec, "policyTypes").stream().map(String::valueOf).toList();
            boolean applies = types.isEmpty()
                    ? direction == Direction.INGRESS || !Trees.list(spec, "egress").isEmpty()
                    : types.contains(direction.label());
            if (applies) out.add(new PolicyRef(Trees.text(Trees.map(np, "metadata"), "namespace"),
                    Trees.text(Trees.map(np, "metadata"), "name")));
        }
        out.sort(java.util.Comparator.comparing(PolicyRef::name));
        return out;
    }

    /** {@code env=dev}, {@code app In (api)}, {@code all} for an empty selector. */
    static String text(Map<String, Object> selector) {
        List<String> parts = new ArrayList<>();
        Trees.map(selector, "matchLabels").forEach((k, v) -> parts.add(k + "=" + v));
        for (Object x : Trees.list(selector, "matchExpressions")) {
            String op = Trees.text(x, "operator"), key = Trees.text(x, "key");
            String values = String.join(",", Trees.list(x, "values").stream().map(String::valueOf).toList());
            parts.add(switch (op) {
                case "Exists" -> key;
                case "DoesNotExist" -> "!" + key;
                default -> key + " " + op + " (" + values + ")";
            });
        }
        return parts.isEmpty() ? "all" : String.join(", ", parts);
    }
}
