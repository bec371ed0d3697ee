package ovntrace.lib.offline;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import ovntrace.lib.cluster.ClusterApi;
import ovntrace.lib.cluster.CustomResource;
import ovntrace.lib.cluster.KubeNode;
import ovntrace.lib.cluster.KubePod;

/**
 * The Kubernetes API of a gathered cluster: every read answered from the gathered objects, as the API server
 * would have answered it then. Nothing here can fail the way the API can (no permissions, no network).
 *
 * <p>A plain folder of objects may hold no ovnkube-node pods, yet the tracer finds its way to a node through them
 * (Discovery: namespace, pod, container). Then each node gets a stand-in, {@code ovn-kubernetes/ovnkube-node-<node>}
 * with container {@code ovnkube-node}, the names of upstream's own manifests; the reports name that pod.
 */
public final class OfflineClusterApi implements ClusterApi {

    /** Where the stand-in pods live, and what they are called: upstream's daemonset. */
    public static final String STAND_IN_NAMESPACE = "ovn-kubernetes", STAND_IN_PREFIX = "ovnkube-node-", STAND_IN_CONTAINER = "ovnkube-node";
    static final String NODE_LABEL_KEY = "app", NODE_LABEL_VALUE = "ovnkube-node", SERVICE_NAME_LABEL = "kubernetes.io/service-name";

    private final KubeObjects objects;
    private final List<KubePod> pods;

    public OfflineClusterApi(KubeObjects objects) {
        this.objects = objects;
        List<KubePod> all = new ArrayList<>(objects.pods());
        if (all.stream().noneMatch(p -> p.hasLabel(NODE_LABEL_KEY, NODE_LABEL_VALUE))) {
            objects.nodes().forEach(n -> all.add(standIn(n.name())));
        }
        this.pods = List.copyOf(all);
    }

    @Override
    public Optional<KubePod> pod(String namespace, String name) {
        return pods.stream().filter(p -> name.equals(p.name()) && p.namespace().equals(namespace)).findFirst();
    }

    @Override
    public List<KubePod> podsWithLabel(String namespace, String key, String value) {
        return pods.stream().filter(p -> inNamespace(p, namespace) && p.hasLabel(key, value)).toList();
    }

    @Override
    public List<KubePod> pods(String namespace) {
        return pods.stream().filter(p -> inNamespace(p, namespace)).toList();
    }

    /** The namespace object is there, or any gathered object lives in it (a folder of objects may have no Namespaces). */
    @Override
    public boolean namespaceExists(String namespace) {
        return namespace(namespace).isPresent() || pods.stream().anyMatch(p -> namespace.equals(p.namespace()))
                || namespaced().anyMatch(o -> namespace.equals(o.getMetadata().getNamespace()));
    }

    @Override
    public Optional<KubeNode> node(String name) {
        return objects.node(name);
    }

    @Override
    public List<KubeNode> nodes() {
        return objects.nodes();
    }

    @Override
    public Optional<Service> service(String namespace, String name) {
        return objects.services().stream().filter(s -> named(s, namespace, name)).findFirst();
    }

    @Override
    public List<EndpointSlice> endpointSlices(String namespace, String serviceName) {
        return objects.endpointSlices().stream().filter(s -> inNamespace(s, namespace) && hasLabel(s, SERVICE_NAME_LABEL, serviceName))
                .toList();
    }

    @Override
    public Optional<Namespace> namespace(String name) {
        return objects.namespaces().stream().filter(n -> name.equals(n.getMetadata().getName())).findFirst();
    }

    @Override
    public Optional<NetworkPolicy> networkPolicy(String namespace, String name) {
        return objects.networkPolicies().stream().filter(p -> named(p, namespace, name)).findFirst();
    }

    @Override
    public List<NetworkPolicy> networkPolicies(String namespace) {
        return objects.networkPolicies().stream().filter(p -> inNamespace(p, namespace)).toList();
    }

    /** Cluster-scoped kinds ignore {@code namespace}, as the API does. */
    @Override
    public Optional<GenericKubernetesResource> customResource(CustomResource resource, String namespace, String name) {
        return objects.customResources(resource).stream()
                .filter(r -> name.equals(r.getMetadata().getName())
                        && (!resource.namespaced() || Objects.equals(namespace, r.getMetadata().getNamespace())))
                .findFirst();
    }

    static KubePod standIn(String node) {
        return new KubePod(STAND_IN_NAMESPACE, STAND_IN_PREFIX + node, Map.of(NODE_LABEL_KEY, NODE_LABEL_VALUE), Map.of(), node, true,
                List.of(STAND_IN_CONTAINER), List.of(), "Running");
    }

    /** The gathered objects that live in a namespace, pods aside. */
    private Stream<HasMetadata> namespaced() {
        return Stream.of(objects.services().stream(), objects.endpointSlices().stream(),
                objects.networkPolicies().stream(), objects.customResources().values().stream().flatMap(List::stream))
                .flatMap(s -> s.map(HasMetadata.class::cast));
    }

    private static boolean named(HasMetadata o, String namespace, String name) {
        return name.equals(o.getMetadata().getName()) && Objects.equals(namespace, o.getMetadata().getNamespace());
    }

    /** {@code null} means every namespace, as for the API's list calls. */
    private static boolean inNamespace(HasMetadata o, String namespace) {
        return namespace == null || namespace.equals(o.getMetadata().getNamespace());
    }

    private static boolean inNamespace(KubePod p, String namespace) {
        return namespace == null || namespace.equals(p.namespace());
    }

    private static boolean hasLabel(HasMetadata o, String key, String value) {
        Map<String, String> labels = o.getMetadata().getLabels();
        return labels != null && value.equals(labels.get(key));
    }
}
