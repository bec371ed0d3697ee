package ovntrace.topology;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A Kubernetes label selector: {@code matchLabels} and {@code matchExpressions}, all of which must hold (an empty
 * selector selects everything).
 */
public record Selector(Map<String, String> matchLabels, List<Expression> matchExpressions) {

    public static final Selector ALL = new Selector(Map.of());

    public Selector {
        matchLabels = Map.copyOf(matchLabels);
        matchExpressions = List.copyOf(matchExpressions);
    }

    public Selector(Map<String, String> matchLabels) {
        this(matchLabels, List.of());
    }

    /** The operators of {@code matchExpressions}, with Kubernetes' meaning for a missing label. */
    public enum Operator {
        /** The label is present and its value is one of the values. */
        IN("In"),
        /** The label is absent, or its value is none of the values. */
        NOT_IN("NotIn"),
        EXISTS("Exists"),
        DOES_NOT_EXIST("DoesNotExist");

        private final String spelling;

        Operator(String spelling) {
            this.spelling = spelling;
        }

        /** As written in YAML: {@code In}, {@code NotIn}, {@code Exists}, {@code DoesNotExist}. */
        public String spelling() {
            return spelling;
        }

        /** In and NotIn need values; Exists and DoesNotExist take none. */
        public boolean takesValues() {
            return this == IN || this == NOT_IN;
        }
    }

    public record Expression(String key, Operator operator, List<String> values) {
        public Expression {
            values = List.copyOf(values);
        }

        boolean matches(Map<String, String> labels) {
            String value = labels.get(key);
            return switch (operator) {
                case IN -> value != null && values.contains(value);
                case NOT_IN -> value == null || !values.contains(value);
                case EXISTS -> value != null;
                case DOES_NOT_EXIST -> value == null;
            };
        }

        /** As Kubernetes' {@code labels.Selector} prints it: {@code tier in (a,b)}, {@code !key}. */
        @Override
        public String toString() {
            String sorted = values.stream().sorted().collect(Collectors.joining(","));
            return switch (operator) {
                case IN -> key + " in (" + sorted + ")";
                case NOT_IN -> key + " notin (" + sorted + ")";
                case EXISTS -> key;
                case DOES_NOT_EXIST -> "!" + key;
            };
        }
    }

    public boolean matches(Map<String, String> labels) {
        return matchLabels.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())))
                && matchExpressions.stream().allMatch(x -> x.matches(labels));
    }

    public boolean isEmpty() {
        return matchLabels.isEmpty() && matchExpressions.isEmpty();
    }

    /**
     * {@code key=value,tier in (a),...} sorted by key, as {@code kubectl} prints selectors; empty for {@link #ALL}.
     */
    @Override
    public String toString() {
        List<Map.Entry<String, String>> parts = new ArrayList<>();
        new TreeMap<>(matchLabels).forEach((k, v) -> parts.add(Map.entry(k, k + "=" + v)));
        matchExpressions.forEach(x -> parts.add(Map.entry(x.key(), x.toString())));
        return parts.stream().sorted(Map.Entry.comparingByKey()).map(Map.Entry::getValue)
                .collect(Collectors.joining(","));
    }
}
