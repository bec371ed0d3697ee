package ovntrace.kubesim;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * API discovery documents for the kinds the sandbox serves, so that {@code kubectl} (which discovers before it
 * reads) works against the emulated API server. fabric8's CRUD mock does not answer these paths itself.
 */
final class Discovery {

    private record Resource(String name, String kind, boolean namespaced, List<String> verbs, List<String> shortNames) {}

    private static final List<String> READ_WRITE = List.of("create", "delete", "get", "list", "patch", "update", "watch");
    private static final Map<String, List<Resource>> GROUPS = Map.of(
            "/api/v1", List.of(
                    new Resource("namespaces", "Namespace", false, READ_WRITE, List.of("ns")),
                    new Resource("nodes", "Node", false, READ_WRITE, List.of("no")),
                    new Resource("pods", "Pod", true, READ_WRITE, List.of("po")),
                    new Resource("pods/exec", "PodExecOptions", true, List.of("create", "get"), List.of()),
                    new Resource("services", "Service", true, READ_WRITE, List.of("svc"))),
            "/apis/discovery.k8s.io/v1", List.of(new Resource("endpointslices", "EndpointSlice", true, READ_WRITE,
                    List.of())),
            "/apis/networking.k8s.io/v1", List.of(new Resource("networkpolicies", "NetworkPolicy", true, READ_WRITE,
                    List.of("netpol"))),
            "/apis/policy.networking.k8s.io/v1alpha1", List.of(
                    new Resource("adminnetworkpolicies", "AdminNetworkPolicy", false, READ_WRITE, List.of("anp")),
                    new Resource("baselineadminnetworkpolicies", "BaselineAdminNetworkPolicy", false, READ_WRITE,
                            List.of("banp"))),
            "/apis/k8s.ovn.org/v1", List.of(
                    new Resource("egressfirewalls", "EgressFirewall", true, READ_WRITE, List.of()),
                    new Resource("userdefinednetworks", "UserDefinedNetwork", true, READ_WRITE, List.of("udn")),
                    new Resource("clusteruserdefinednetworks", "ClusterUserDefinedNetwork", false, READ_WRITE,
                            List.of("cudn"))),
            "/apis/k8s.cni.cncf.io/v1", List.of(new Resource("network-attachment-definitions",
                    "NetworkAttachmentDefinition", true, READ_WRITE, List.of("net-attach-def"))));

    private Discovery() {}

    /** The JSON document for a discovery path, if {@code path} is one. */
    static Optional<String> document(String path) {
        String p = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
        return switch (p) {
            case "/api" -> Optional.of(Json.of(Map.of("kind", "APIVersions", "versions", List.of("v1"),
                    "serverAddressByClientCIDRs", List.of())));
            case "/apis" -> Optional.of(Json.of(Map.of("kind", "APIGroupList", "apiVersion", "v1", "groups", List.of(
                    group("discovery.k8s.io", "v1"), group("networking.k8s.io", "v1"),
                    group("policy.networking.k8s.io", "v1alpha1"), group("k8s.ovn.org", "v1"),
                    group("k8s.cni.cncf.io", "v1")))));
            case "/version" -> Optional.of(Json.of(Map.of("major", "1", "minor", "33", "gitVersion", "v1.33.1",
                    "platform", "linux/amd64", "goVersion", "go1.24.2", "compiler", "gc")));
            default -> Optional.ofNullable(GROUPS.get(p)).map(resources -> Json.of(Map.of("kind", "APIResourceList",
                    "apiVersion", "v1", "groupVersion", p.equals("/api/v1") ? "v1" : p.substring("/apis/".length()),
                    "resources", resources.stream().map(r -> Map.of("name", r.name(), "singularName", "",
                            "namespaced", r.namespaced(), "kind", r.kind(), "verbs", r.verbs(), "shortNames", r.shortNames()))
                            .toList())));
        };
    }

    private static Map<String, Object> group(String name, String v) {
        Map<String, String> version = Map.of("groupVersion", name + "/" + v, "version", v);
        return Map.of("name", name, "versions", List.of(version), "preferredVersion", version);
    }
}
