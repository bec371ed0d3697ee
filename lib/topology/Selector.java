package ovntrace.topology;

import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** A Kubernetes label selector restricted to {@code matchLabels}; empty selects everything. */
public record Selector(Map<String, String> matchLabels) {

    public static final Selector ALL = new Selector(Map.of());

    public Selector {
        matchLabels = Map.copyOf(matchLabels);
    }

    public boolean matches(Map<String, String> labels) {
        return matchLabels.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
    }

    /** {@code key=value,...} sorted, as {@code kubectl} prints selectors; empty for {@link #ALL}. */
    @Override
    public String toString() {
        return new TreeMap<>(matchLabels).entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(","));
    }
}
