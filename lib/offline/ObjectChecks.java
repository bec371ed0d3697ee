package ovntrace.lib.offline;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.Comparator;
import java.util.Map;
import java.util.Set;
import ovntrace.lib.cluster.Annotations;

/**
 * The ovn-kubernetes annotations the tracer reads, checked up front: offline there is no cluster to ask again, and
 * objects dumped without their annotations (a stripped export) would otherwise fail deep inside a trace.
 */
final class ObjectChecks {

    static final String NODE_SUBNETS = "k8s.ovn.org/node-subnets";
    /** Pods that ended hold no address any more; ovn-kubernetes may have released their annotation. */
    private static final Set<String> ENDED = Set.of("Succeeded", "Failed");

    private ObjectChecks() {}

    static void check(KubeObjects objects) {
        objects.nodes().stream().sorted(Comparator.comparing(n -> n.getMetadata().getName()))
                .filter(n -> !has(n, NODE_SUBNETS)).findFirst()
                .ifPresent(n -> { throw OfflineInputException.missingAnnotation("node " + n.getMetadata().getName(), NODE_SUBNETS); });
        objects.pods().stream().sorted(Comparator.comparing(ObjectFiles::name))
                .filter(ObjectChecks::onOvnNetwork).filter(p -> !has(p, Annotations.POD_NETWORKS)).findFirst()
                .ifPresent(p -> { throw OfflineInputException.missingAnnotation("pod " + p.getMetadata().getNamespace() + "/"
                        + p.getMetadata().getName(), Annotations.POD_NETWORKS); });
    }

    /** Scheduled, running or about to, and on the pod network: host-network pods are their node's, not annotated. */
    private static boolean onOvnNetwork(Pod p) {
        boolean scheduled = p.getSpec() != null && p.getSpec().getNodeName() != null;
        boolean hostNetwork = p.getSpec() != null && Boolean.TRUE.equals(p.getSpec().getHostNetwork());
        boolean ended = p.getStatus() != null && ENDED.contains(p.getStatus().getPhase());
        return scheduled && !hostNetwork && !ended;
    }

    private static boolean has(HasMetadata o, String annotation) {
        Map<String, String> a = o.getMetadata().getAnnotations();
        return a != null && a.get(annotation) != null && !a.get(annotation).isBlank();
    }
}
