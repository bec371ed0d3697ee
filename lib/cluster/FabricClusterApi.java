package ovntrace.lib.cluster;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** {@link ClusterApi} over a fabric8 client. */
public final class FabricClusterApi implements ClusterApi {

    private final KubernetesClient client;

    public FabricClusterApi(KubernetesClient client) {
        this.client = client;
    }

    @Override
    public Optional<Pod> pod(String namespace, String name) {
        return call("get pods", namespace, () -> Optional.ofNullable(client.pods().inNamespace(namespace).withName(name).get()));
    }

    @Override
    public List<Pod> podsWithLabel(String namespace, String key, String value) {
        return call("list pods", namespace, () -> (namespace == null
                ? client.pods().inAnyNamespace().withLabel(key, value)
                : client.pods().inNamespace(namespace).withLabel(key, value)).list().getItems());
    }

    @Override
    public List<Pod> pods(String namespace) {
        return call("list pods", namespace, () -> client.pods().inNamespace(namespace).list().getItems());
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
    public Optional<Node> node(String name) {
        return call("get nodes", null, () -> Optional.ofNullable(client.nodes().withName(name).get()));
    }

    @Override
    public List<Node> nodes() {
        return call("list nodes", null, () -> client.nodes().list().getItems());
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

    private <T> T call(String verb, String namespace, Supplier<T> read) {
        try {
            return read.get();
        } catch (KubernetesClientException e) {
            throw KubeErrors.translate(e, verb, namespace, client.getConfiguration());
        }
    }
}
