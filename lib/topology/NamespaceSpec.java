package ovntrace.topology;

import java.util.HashMap;
import java.util.Map;

/** A namespace and its labels; {@code kubernetes.io/metadata.name} is always among them, as in Kubernetes. */
public record NamespaceSpec(String name, Map<String, String> labels) {

    public NamespaceSpec {
        Map<String, String> all = new HashMap<>(labels);
        all.put("kubernetes.io/metadata.name", name);
        labels = Map.copyOf(all);
    }
}
