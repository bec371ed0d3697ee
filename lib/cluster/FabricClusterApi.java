package ovntrace.lib.cluster;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
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

    private <T> T call(String verb, String namespace, Supplier<T> read) {
        try {
            return read.get();
        } catch (KubernetesClientException e) {
            throw KubeErrors.translate(e, verb, namespace, client.getConfiguration());
        }
    }
}
