package ovntrace.lib.cluster;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.util.List;
import java.util.Optional;

/**
 * The reads ovntrace makes from the Kubernetes API. Implementations turn API failures into {@link TraceError}s
 * that say what to do (forbidden: which permission; unreachable: which server).
 */
public interface ClusterApi {

    Optional<KubePod> pod(String namespace, String name);

    /** Pods with label {@code key=value}; {@code namespace} null means all namespaces. */
    List<KubePod> podsWithLabel(String namespace, String key, String value);

    /** Every pod of {@code namespace} (a matrix matches its label selector against them). */
    List<KubePod> pods(String namespace);

    /** True unless the namespace is known not to exist (a forbidden lookup counts as existing). */
    boolean namespaceExists(String namespace);

    Optional<KubeNode> node(String name);

    List<KubeNode> nodes();

    Optional<Service> service(String namespace, String name);

    /** The Service's EndpointSlices ({@code kubernetes.io/service-name=<name>}). */
    List<EndpointSlice> endpointSlices(String namespace, String serviceName);

    Optional<Namespace> namespace(String name);

    /** The policies ovntrace quotes when it names the policy behind an ACL; all read-only. */
    Optional<NetworkPolicy> networkPolicy(String namespace, String name);

    List<NetworkPolicy> networkPolicies(String namespace);

    /** An AdminNetworkPolicy, BaselineAdminNetworkPolicy (cluster-scoped: {@code namespace} ignored) or EgressFirewall. */
    Optional<GenericKubernetesResource> customResource(CustomResource resource, String namespace, String name);
}
