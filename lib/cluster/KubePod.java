package ovntrace.lib.cluster;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A pod as ovntrace reads it: the fields a trace, a matrix or an offline check looks at, and no others. Read from the
 * API (or a gathered file) as a generic resource, not as fabric8's {@code Pod}: Jackson builds a deserializer for
 * every class a type reaches before it reads the first pod, and the Pod model reaches hundreds (volumes, probes,
 * security contexts), about 0.25 s of CPU in every run for fields ovntrace never reads. A field ovntrace starts to
 * need is added here, where its absence cannot go unnoticed.
 *
 * @param nodeName   empty while the pod is not scheduled
 * @param containers the containers' names, in spec order
 * @param ips        {@code status.podIPs}, as the API lists them (empty before the pod has an address)
 * @param phase      {@code status.phase}, empty when not reported
 */
public record KubePod(String namespace, String name, Map<String, String> labels, Map<String, String> annotations,
                      String nodeName, boolean hostNetwork, List<String> containers, List<String> ips, String phase) {

    public KubePod {
        namespace = Objects.requireNonNullElse(namespace, "");
        name = Objects.requireNonNullElse(name, "");
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
        nodeName = Objects.requireNonNullElse(nodeName, "");
        containers = List.copyOf(containers);
        ips = List.copyOf(ips);
        phase = Objects.requireNonNullElse(phase, "");
    }

    /** The pod in {@code resource} (kind Pod); fields of an unexpected type count as absent. */
    public static KubePod of(GenericKubernetesResource resource) {
        ObjectMeta meta = Objects.requireNonNullElseGet(resource.getMetadata(), ObjectMeta::new);
        Map<String, Object> spec = Fields.map(resource.getAdditionalProperties().get("spec"));
        Map<String, Object> status = Fields.map(resource.getAdditionalProperties().get("status"));
        return new KubePod(meta.getNamespace(), meta.getName(), Fields.strings(meta.getLabels()), Fields.strings(meta.getAnnotations()),
                Fields.string(spec.get("nodeName")), Boolean.TRUE.equals(spec.get("hostNetwork")),
                Fields.list(spec.get("containers")).stream().map(c -> Fields.string(Fields.map(c).get("name"))).toList(),
                Fields.list(status.get("podIPs")).stream().map(a -> Fields.string(Fields.map(a).get("ip"))).filter(ip -> !ip.isEmpty()).toList(),
                Fields.string(status.get("phase")));
    }

    public PodRef ref() {
        return new PodRef(namespace, name);
    }

    public boolean scheduled() {
        return !nodeName.isEmpty();
    }

    public boolean hasLabel(String key, String value) {
        return value.equals(labels.get(key));
    }

    /** Reading the untyped parts of a generic resource (JSON as maps, lists, strings and booleans). */
    static final class Fields {

        private Fields() {}

        @SuppressWarnings("unchecked")
        static Map<String, Object> map(Object o) {
            return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
        }

        static List<?> list(Object o) {
            return o instanceof List<?> l ? l : List.of();
        }

        static String string(Object o) {
            return o instanceof String s ? s : "";
        }

        /** Labels and annotations without null values (a JSON null is no label); Map.copyOf takes no nulls. */
        static Map<String, String> strings(Map<String, String> m) {
            if (m == null || !m.containsValue(null)) return m;
            Map<String, String> out = new java.util.LinkedHashMap<>(m);
            out.values().removeIf(Objects::isNull);
            return out;
        }
    }
}
