package ovntrace.lib.cluster;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import ovntrace.lib.cluster.PodExec.ExecTarget;

/**
 * Finds the ovn-kubernetes pieces through the Kubernetes API: the namespace, the ovnkube-node pod and container on
 * each node, and each node's annotations. Lists are made once per run and shared by all nodes: the cluster-wide
 * list that finds the namespace also holds that namespace's ovnkube-node pods, so it is not listed twice.
 */
public final class Discovery {

    public static final String NODE_LABEL_KEY = "app", NODE_LABEL_VALUE = "ovnkube-node";
    /** In spec order, the first of these containers runs every command (IC deployments renamed the container). */
    public static final List<String> CONTAINERS = List.of("ovnkube-node", "ovnkube-controller");

    private final ClusterApi api;
    private final String namespaceOverride;
    private volatile String namespace;
    private volatile List<KubePod> ovnkubePods;
    private final Map<String, KubeNode> nodes = new ConcurrentHashMap<>();

    public Discovery(ClusterApi api, String namespaceOverride) {
        this.api = api;
        this.namespaceOverride = namespaceOverride == null ? "" : namespaceOverride;
    }

    /** {@code -ovn-config-namespace}, else the namespace of the first pod labelled {@code app=ovnkube-node}. */
    public synchronized String ovnNamespace() {
        if (namespace != null) return namespace;
        if (!namespaceOverride.isEmpty()) {
            namespace = namespaceOverride;
        } else {
            List<KubePod> pods = api.podsWithLabel(null, NODE_LABEL_KEY, NODE_LABEL_VALUE);
            if (pods.isEmpty()) {
                throw new TraceError("Cannot find ovnkube pods in any namespace (no pod labelled app=ovnkube-node);"
                        + " is this an ovn-kubernetes cluster? Set -ovn-config-namespace if its pods are labelled differently");
            }
            namespace = pods.get(0).namespace();
            // the same label in that namespace: what execTarget would list again
            ovnkubePods = pods.stream().filter(p -> namespace.equals(p.namespace())).toList();
        }
        return namespace;
    }

    /** The ovnkube-node pod on {@code node} and the container to exec into. */
    public ExecTarget execTarget(String node) {
        String ns = ovnNamespace();
        KubePod pod = ovnkubePods(ns).stream()
                .filter(p -> node.equals(p.nodeName()))
                .findFirst()
                .orElseThrow(() -> new TraceError("cannot find ovnkube-node pod on node " + node + " in namespace " + ns
                        + " (is ovnkube-node running there? check: kubectl -n " + ns + " get pods -o wide)"));
        String container = pod.containers().stream()
                .filter(CONTAINERS::contains).findFirst()
                .orElseThrow(() -> new TraceError("Failed to get database URIs: cannot find ovnkube pods with containers: "
                        + "[ovnkube-node ovnkube-controller] (pod " + ns + "/" + pod.name() + ")"));
        return new ExecTarget(ns, pod.name(), container, node);
    }

    private synchronized List<KubePod> ovnkubePods(String ns) {
        List<KubePod> pods = ovnkubePods;
        if (pods == null) {
            pods = api.podsWithLabel(ns, NODE_LABEL_KEY, NODE_LABEL_VALUE);
            ovnkubePods = pods;
        }
        return pods;
    }

    public Map<String, String> nodeAnnotations(String node) {
        return nodes.computeIfAbsent(node, name -> api.node(name)
                .orElseThrow(() -> new TraceError("node " + name + " not found"))).annotations();
    }
}
