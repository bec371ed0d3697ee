package ovntrace.lib.cluster;

/**
 * The custom resources ovntrace reads (read-only, to quote the policy behind an ACL, and a pod's primary UDN), as the API serves them. A
 * cluster without the CRD answers 404, which reads as "not there", like a missing object.
 */
public enum CustomResource {
    ADMIN_NETWORK_POLICY("policy.networking.k8s.io", "v1alpha1", "adminnetworkpolicies", "AdminNetworkPolicy", false),
    BASELINE_ADMIN_NETWORK_POLICY("policy.networking.k8s.io", "v1alpha1", "baselineadminnetworkpolicies",
            "BaselineAdminNetworkPolicy", false),
    EGRESS_FIREWALL("k8s.ovn.org", "v1", "egressfirewalls", "EgressFirewall", true),
    /** A primary UDN's NAD: its config names the network and its topology (read for pods on a UDN only). */
    NETWORK_ATTACHMENT_DEFINITION("k8s.cni.cncf.io", "v1", "network-attachment-definitions", "NetworkAttachmentDefinition", true);

    private final String group, version, plural, kind;
    private final boolean namespaced;

    CustomResource(String group, String version, String plural, String kind, boolean namespaced) {
        this.group = group;
        this.version = version;
        this.plural = plural;
        this.kind = kind;
        this.namespaced = namespaced;
    }

    public String group() {
        return group;
    }

    public String version() {
        return version;
    }

    public String plural() {
        return plural;
    }

    public String kind() {
        return kind;
    }

    public boolean namespaced() {
        return namespaced;
    }
}
