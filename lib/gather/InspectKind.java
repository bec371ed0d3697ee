package ovntrace.gather;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Arrays;
import ovntrace.lib.cluster.CustomResource;

/**
 * The kinds the sandbox's API serves, with what {@code oc adm inspect} needs to name their files: the API group
 * ({@code core} for the legacy group, as oc writes it), the resource's plural and whether it is namespaced.
 */
public enum InspectKind {
    NAMESPACE("Namespace", "", "v1", "namespaces", false),
    NODE("Node", "", "v1", "nodes", false),
    POD("Pod", "", "v1", "pods", true),
    SERVICE("Service", "", "v1", "services", true),
    ENDPOINT_SLICE("EndpointSlice", "discovery.k8s.io", "v1", "endpointslices", true),
    NETWORK_POLICY("NetworkPolicy", "networking.k8s.io", "v1", "networkpolicies", true),
    ADMIN_NETWORK_POLICY(CustomResource.ADMIN_NETWORK_POLICY),
    BASELINE_ADMIN_NETWORK_POLICY(CustomResource.BASELINE_ADMIN_NETWORK_POLICY),
    EGRESS_FIREWALL(CustomResource.EGRESS_FIREWALL),
    // Primary user-defined networks (pkg/crd/userdefinednetwork/v1) and the NADs cluster-manager renders from them.
    USER_DEFINED_NETWORK("UserDefinedNetwork", "k8s.ovn.org", "v1", "userdefinednetworks", true),
    CLUSTER_USER_DEFINED_NETWORK("ClusterUserDefinedNetwork", "k8s.ovn.org", "v1", "clusteruserdefinednetworks", false),
    NETWORK_ATTACHMENT_DEFINITION("NetworkAttachmentDefinition", "k8s.cni.cncf.io", "v1",
            "network-attachment-definitions", true);

    private final String kind;
    private final String group;
    private final String version;
    private final String resource;
    private final boolean namespaced;

    InspectKind(String kind, String group, String version, String resource, boolean namespaced) {
        this.kind = kind;
        this.group = group;
        this.version = version;
        this.resource = resource;
        this.namespaced = namespaced;
    }

    /** The custom resources: as the tracer reads them, so that both agree on their coordinates. */
    InspectKind(CustomResource cr) {
        this(cr.kind(), cr.group(), cr.version(), cr.plural(), cr.namespaced());
    }

    public String kind() {
        return kind;
    }

    /** The directory oc names after the API group: the group, or {@code core} for the legacy one. */
    public String groupDir() {
        return group.isEmpty() ? "core" : group;
    }

    public String apiVersion() {
        return group.isEmpty() ? version : group + "/" + version;
    }

    /** The plural resource name, which oc uses for list files and cluster-scoped directories. */
    public String resource() {
        return resource;
    }

    public boolean namespaced() {
        return namespaced;
    }

    /** The kind of {@code object}; an object of a kind the sandbox does not serve is a programming error. */
    public static InspectKind of(HasMetadata object) {
        return Arrays.stream(values()).filter(k -> k.kind.equals(object.getKind())).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no inspect layout for kind " + object.getKind()));
    }
}
