package ovntrace.lib.cluster;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@link ClusterApi} over a fabric8 client. Pods and nodes are read as generic resources and kept as ovntrace's own
 * records (see {@link KubePod} for why); the definitions are given, so no API discovery request precedes a read.
 */
public final class FabricClusterApi implements ClusterApi {

    private static final ResourceDefinitionContext PODS = core("pods", "Pod", true), NODES = core("nodes", "Node", false);

    private final KubernetesClient client;

    public FabricClusterApi(KubernetesClient client) {
        this.client = client;
    }

    @Override
    public Optional<KubePod> pod(String namespace, String name) {
        return call("get pods", namespace, () -> Optional.ofNullable(client.genericKubernetesResources(PODS).inNamespace(namespace)
                .withName(name).get()).map(KubePod::of));
    }

    @Override
    public List<KubePod> podsWithLabel(String namespace, String key, String value) {
        return call("list pods", namespace, () -> (namespace == null
                ? client.genericKubernetesResources(PODS).inAnyNamespace().withLabel(key, value)
                : client.genericKubernetesResources(PODS).inNamespace(namespace).withLabel(key, value))
                .list().getItems().stream().map(KubePod::of).toList());
    }

    @Override
    public List<KubePod> pods(String namespace) {
        return call("list pods", namespace, () -> client.genericKubernetesResources(PODS).inNamespace(namespace).list().getItems()
                .stream().map(KubePod::of).toList());
    }

    @Override
    public boolean namespaceExists(String namespace) {
        try {
            return client.namespaces().withName(namespace).get() != null;
        } catch (KubernetesClientException e) {
            return true;
        }
    }

    @Override
    public Optional<KubeNode> node(String name) {
        return call("get nodes", null, () -> Optional.ofNullable(client.genericKubernetesResources(NODES).withName(name).get())
                .map(KubeNode::of));
    }

    @Override
    public List<KubeNode> nodes() {
        return call("list nodes", null, () -> client.genericKubernetesResources(NODES).list().getItems().stream()
                .map(KubeNode::of).toList());
    }

    @Override
    public Optional<Service> service(String namespace, String name) {
        return call("get services", namespace, () -> Optional.ofNullable(client.services().inNamespace(namespace).withName(name).get()));
    }

    @Override
    public List<EndpointSlice> endpointSlices(String namespace, String serviceName) {
        return call("list endpointslices.discovery.k8s.io", namespace, () -> client.discovery().v1().endpointSlices()
                .inNamespace(namespace).withLabel("kubernetes.io/service-name", serviceName).list().getItems());
    }

    @Override
    public Optional<Namespace> namespace(String name) {
        return call("get namespaces", null, () -> Optional.ofNullable(client.namespaces().withName(name).get()));
    }

    @Override
    public Optional<NetworkPolicy> networkPolicy(String namespace, String name) {
        return call("get networkpolicies.networking.k8s.io", namespace, () -> Optional.ofNullable(
                client.network().v1().networkPolicies().inNamespace(namespace).withName(name).get()));
    }

    @Override
    public List<NetworkPolicy> networkPolicies(String namespace) {
        return call("list networkpolicies.networking.k8s.io", namespace, () -> client.network().v1().networkPolicies()
                .inNamespace(namespace).list().getItems());
    }

    @Override
    public Optional<GenericKubernetesResource> customResource(CustomResource r, String namespace, String name) {
        ResourceDefinitionContext context = new ResourceDefinitionContext.Builder().withGroup(r.group())
                .withVersion(r.version()).withPlural(r.plural()).withKind(r.kind()).withNamespaced(r.namespaced()).build();
        return call("get " + r.plural() + "." + r.group(), r.namespaced() ? namespace : null, () -> Optional.ofNullable(
                r.namespaced() ? client.genericKubernetesResources(context).inNamespace(namespace).withName(name).get()
                        : client.genericKubernetesResources(context).withName(name).get()));
    }

    private static ResourceDefinitionContext core(String plural, String kind, boolean namespaced) {
        return new ResourceDefinitionContext.Builder().withGroup("").withVersion("v1").withPlural(plural).withKind(kind)
                .withNamespaced(namespaced).build();
    }

    private <T> T call(String verb, String namespace, Supplier<T> read) {
        try {
            return read.get();
        } catch (KubernetesClientException e) {
            throw KubeErrors.translate(e, verb, namespace, client.getConfiguration());
        }
    }
}
