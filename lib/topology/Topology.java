package ovntrace.topology;

import java.util.List;
import java.util.NoSuchElementException;
import ovntrace.lib.cluster.AddressFamily;
import ovntrace.lib.cluster.ClusterMode;

/**
 * A whole sandbox cluster as read from a description file, validated and with every address resolved: nodes in
 * order (the order fixes their subnets), namespaces (every namespace used anywhere), pods, Services,
 * NetworkPolicies, AdminNetworkPolicies, the BaselineAdminNetworkPolicy (null when there is none) and
 * EgressFirewalls. {@code families} are the cluster's IP families ({@code ipFamilies} in the file): IPv4 alone
 * (the default), IPv4 and IPv6 (dual-stack), in that order, or IPv6 alone. {@code udns} are the primary
 * user-defined networks ({@code udns} in the file); the pods of their namespaces live on them ({@link #udnPods()}).
 */
public record Topology(ClusterMode mode, List<NodeSpec> nodes, List<NamespaceSpec> namespaces, List<PodSpec> pods,
                       List<ServiceSpec> services, List<PolicySpec> policies, List<AdminPolicySpec> adminPolicies,
                       AdminPolicySpec baselinePolicy, List<EgressFirewallSpec> egressFirewalls,
                       List<AddressFamily> families, List<UdnSpec> udns) {

    public Topology {
        udns = List.copyOf(udns);
        nodes = List.copyOf(nodes);
        namespaces = List.copyOf(namespaces);
        pods = List.copyOf(pods);
        services = List.copyOf(services);
        policies = List.copyOf(policies);
        adminPolicies = List.copyOf(adminPolicies);
        egressFirewalls = List.copyOf(egressFirewalls);
        families = List.copyOf(families);
    }

    /** A cluster without user-defined networks. */
    public Topology(ClusterMode mode, List<NodeSpec> nodes, List<NamespaceSpec> namespaces, List<PodSpec> pods,
                    List<ServiceSpec> services, List<PolicySpec> policies, List<AdminPolicySpec> adminPolicies,
                    AdminPolicySpec baselinePolicy, List<EgressFirewallSpec> egressFirewalls,
                    List<AddressFamily> families) {
        this(mode, nodes, namespaces, pods, services, policies, adminPolicies, baselinePolicy, egressFirewalls,
                families, List.of());
    }

    /** An IPv4 cluster. */
    public Topology(ClusterMode mode, List<NodeSpec> nodes, List<NamespaceSpec> namespaces, List<PodSpec> pods,
                    List<ServiceSpec> services, List<PolicySpec> policies, List<AdminPolicySpec> adminPolicies,
                    AdminPolicySpec baselinePolicy, List<EgressFirewallSpec> egressFirewalls) {
        this(mode, nodes, namespaces, pods, services, policies, adminPolicies, baselinePolicy, egressFirewalls,
                List.of(AddressFamily.IP4));
    }

    /** The same cluster in {@code newMode}; a layer2 network refuses central mode (IllegalArgumentException). */
    public Topology withMode(ClusterMode newMode) {
        if (newMode == ClusterMode.CENTRAL) {
            udns.stream().filter(u -> u.topology() == UdnSpec.Layer.LAYER2).findFirst().ifPresent(u -> {
                throw new IllegalArgumentException(UdnReader.layer2InCentral(u));
            });
        }
        return new Topology(newMode, nodes, namespaces, pods, services, policies, adminPolicies, baselinePolicy,
                egressFirewalls, families, udns);
    }

    /** The primary user-defined network of {@code namespace}, if it has one. */
    public java.util.Optional<UdnSpec> primaryUdn(String namespace) {
        return udns.stream().filter(u -> u.covers(namespace)).findFirst();
    }

    /**
     * Every pod attached to OVN whose namespace has a primary UDN, with its address there: per network, the
     * {@code n}-th such pod of a node (layer3) or of the network (layer2) gets host {@code .(3+n)}, and a layer2 pod
     * the {@code n}-th tunnel key (UdnSpec.layer2PodTunnelKey).
     */
    public List<UdnPod> udnPods() {
        List<UdnPod> out = new java.util.ArrayList<>();
        for (UdnSpec u : udns) {
            java.util.Map<String, Integer> perNode = new java.util.HashMap<>();
            int all = 0;
            for (PodSpec p : ovnPods()) {
                if (!u.covers(p.namespace())) {
                    continue;
                }
                NodeSpec n = node(p.node());
                int ordinal = u.topology() == UdnSpec.Layer.LAYER2 ? all : perNode.merge(p.node(), 1, Integer::sum) - 1;
                out.add(new UdnPod(p, u, u.podIp(n.index(), ordinal), u.layer2PodTunnelKey(all)));
                all++;
            }
        }
        return out;
    }

    /** True when the cluster has both families: every IPv6 object next to its IPv4 twin. */
    public boolean dualStack() {
        return hasIpv4() && hasIpv6();
    }

    /** The per-family values of the cluster's families, IPv4 first: {@code perFamily("10.244.1.2", "fd00:10:244:2::2")}. */
    public List<String> perFamily(String ipv4, String ipv6) {
        return dualStack() ? List.of(ipv4, ipv6) : hasIpv4() ? List.of(ipv4) : List.of(ipv6);
    }

    public boolean hasIpv4() {
        return families.contains(AddressFamily.IP4);
    }

    public boolean hasIpv6() {
        return families.contains(AddressFamily.IP6);
    }

    /** The AdminNetworkPolicies, then the BaselineAdminNetworkPolicy if there is one: OVN's tiers 1 and 3. */
    public List<AdminPolicySpec> adminAndBaselinePolicies() {
        List<AdminPolicySpec> all = new java.util.ArrayList<>(adminPolicies);
        if (baselinePolicy != null) {
            all.add(baselinePolicy);
        }
        return all;
    }

    public NodeSpec node(String name) {
        return nodes.stream().filter(n -> n.name().equals(name)).findFirst()
                .orElseThrow(() -> new NoSuchElementException("no node " + name));
    }

    public NamespaceSpec namespace(String name) {
        return namespaces.stream().filter(n -> n.name().equals(name)).findFirst()
                .orElseThrow(() -> new NoSuchElementException("no namespace " + name));
    }

    /** Pods attached to OVN (not host-network) on {@code node}. */
    public List<PodSpec> ovnPodsOn(String node) {
        return pods.stream().filter(p -> !p.hostNetwork() && p.node().equals(node)).toList();
    }

    /** All pods attached to OVN, in file order. */
    public List<PodSpec> ovnPods() {
        return pods.stream().filter(p -> !p.hostNetwork()).toList();
    }

    /** Pods of {@code namespace} whose labels match {@code selector}. */
    public List<PodSpec> podsSelected(String namespace, Selector selector) {
        return pods.stream().filter(p -> p.namespace().equals(namespace) && selector.matches(p.labels())).toList();
    }

    /** Namespaces whose labels match {@code selector}. */
    public List<NamespaceSpec> namespacesSelected(Selector selector) {
        return namespaces.stream().filter(n -> selector.matches(n.labels())).toList();
    }

    /** The Service's endpoints: the pods of its namespace its selector picks (none for an empty selector). */
    public List<PodSpec> endpoints(ServiceSpec service) {
        return service.selector().matchLabels().isEmpty() ? List.of()
                : podsSelected(service.namespace(), service.selector());
    }

    /** Pods a policy peer stands for, seen from a policy in {@code policyNamespace} (an ipBlock: the pods in it). */
    public List<PodSpec> peerPods(String policyNamespace, PolicySpec.Peer peer) {
        if (peer instanceof PolicySpec.IpBlock block) {
            // ipBlocks are IPv4 CIDRs: they hold no pod of an IPv6-only cluster.
            return pods.stream().filter(p -> !p.hostNetwork() && p.ip() != null && block.contains(p.ip())).toList();
        }
        PolicySpec.Selectors s = (PolicySpec.Selectors) peer;
        List<String> namespaceNames = s.namespaceSelector() == null ? List.of(policyNamespace)
                : namespacesSelected(s.namespaceSelector()).stream().map(NamespaceSpec::name).toList();
        Selector podSelector = s.podSelector() == null ? Selector.ALL : s.podSelector();
        return pods.stream().filter(p -> namespaceNames.contains(p.namespace()) && podSelector.matches(p.labels()))
                .toList();
    }

    /**
     * Pods an AdminNetworkPolicy subject or peer picks: those of the selected namespaces its pod selector matches,
     * never host-network pods (the API excludes them).
     */
    public List<PodSpec> podsPicked(AdminPolicySpec.Pods pick) {
        List<String> namespaceNames = namespacesSelected(pick.namespaces()).stream().map(NamespaceSpec::name).toList();
        return pods.stream().filter(p -> !p.hostNetwork() && namespaceNames.contains(p.namespace())
                && pick.pods().matches(p.labels())).toList();
    }
}
