package ovntrace.lib.cluster;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import ovntrace.lib.cluster.KubePod.Fields;

/**
 * A node as ovntrace reads it (see {@link KubePod} for why not fabric8's {@code Node}): its name, labels, annotations
 * (ovn-kubernetes keeps its per-node facts there) and addresses.
 */
public record KubeNode(String name, Map<String, String> labels, Map<String, String> annotations, List<Address> addresses) {

    /** One of {@code status.addresses}: {@code InternalIP 172.18.0.3}, {@code Hostname ovn-worker}. */
    public record Address(String type, String address) {}

    public KubeNode {
        name = Objects.requireNonNullElse(name, "");
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
        addresses = List.copyOf(addresses);
    }

    /** The node in {@code resource} (kind Node); fields of an unexpected type count as absent. */
    public static KubeNode of(GenericKubernetesResource resource) {
        ObjectMeta meta = Objects.requireNonNullElseGet(resource.getMetadata(), ObjectMeta::new);
        Map<String, Object> status = Fields.map(resource.getAdditionalProperties().get("status"));
        return new KubeNode(meta.getName(), Fields.strings(meta.getLabels()), Fields.strings(meta.getAnnotations()),
                Fields.list(status.get("addresses")).stream().map(Fields::map)
                        .map(a -> new Address(Fields.string(a.get("type")), Fields.string(a.get("address")))).toList());
    }

    /** Labelled as a control-plane node, by the current label or the one before it. */
    public boolean controlPlane() {
        return labels.containsKey("node-role.kubernetes.io/master") || labels.containsKey("node-role.kubernetes.io/control-plane");
    }
}
