package ovntrace.lib.offline;

import java.util.Comparator;
import java.util.Map;
import java.util.Set;
import ovntrace.lib.cluster.Annotations;
import ovntrace.lib.cluster.KubePod;

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
        objects.nodes().stream().sorted(Comparator.comparing(n -> n.name()))
                .filter(n -> !has(n.annotations(), NODE_SUBNETS)).findFirst()
                .ifPresent(n -> { throw OfflineInputException.missingAnnotation("node " + n.name(), NODE_SUBNETS); });
        objects.pods().stream().sorted(Comparator.comparing(ObjectFiles::name))
                .filter(ObjectChecks::onOvnNetwork).filter(p -> !has(p.annotations(), Annotations.POD_NETWORKS)).findFirst()
                .ifPresent(p -> { throw OfflineInputException.missingAnnotation("pod " + p.namespace() + "/" + p.name(),
                        Annotations.POD_NETWORKS); });
    }

    /** Scheduled, running or about to, and on the pod network: host-network pods are their node's, not annotated. */
    private static boolean onOvnNetwork(KubePod p) {
        return p.scheduled() && !p.hostNetwork() && !ENDED.contains(p.phase());
    }

    private static boolean has(Map<String, String> annotations, String annotation) {
        String value = annotations.get(annotation);
        return value != null && !value.isBlank();
    }
}
