package ovntrace.lib.offline;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import ovntrace.lib.cluster.CustomResource;
import ovntrace.lib.cluster.KubeNode;
import ovntrace.lib.cluster.KubePod;

/**
 * The Kubernetes objects of a gathered cluster: what the tracer reads from the API online. Each object once (a
 * must-gather holds a pod both in its namespace's List and in its own folder).
 */
public record KubeObjects(List<KubePod> pods, List<KubeNode> nodes, List<Namespace> namespaces, List<Service> services,
        List<EndpointSlice> endpointSlices, List<NetworkPolicy> networkPolicies,
        Map<CustomResource, List<GenericKubernetesResource>> customResources) {

    public KubeObjects {
        pods = List.copyOf(pods);
        nodes = List.copyOf(nodes);
        namespaces = List.copyOf(namespaces);
        services = List.copyOf(services);
        endpointSlices = List.copyOf(endpointSlices);
        networkPolicies = List.copyOf(networkPolicies);
        customResources = Map.copyOf(customResources);
    }

    public Optional<KubePod> pod(String namespace, String name) {
        return pods.stream().filter(p -> namespace.equals(p.namespace()) && name.equals(p.name())).findFirst();
    }

    public Optional<KubeNode> node(String name) {
        return nodes.stream().filter(n -> name.equals(n.name())).findFirst();
    }

    /** AdminNetworkPolicies, BaselineAdminNetworkPolicies or EgressFirewalls; empty when the gather has none. */
    public List<GenericKubernetesResource> customResources(CustomResource resource) {
        return customResources.getOrDefault(resource, List.of());
    }
}
