package ovntrace.topology;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads the {@code pods} list and gives every pod its address: the one in the file (checked to lie in the node's
 * subnet), else the next free one from {@code .3} up, as ovn-kubernetes' allocator does; host-network pods get
 * the node IP. On a dual-stack cluster each pod gets an IPv6 address too (on an IPv6-only one, only that): {@code ip6} from the file (checked to lie
 * in the node's IPv6 subnet), else the one with the same host number as its IPv4 address (what ovn-kubernetes'
 * per-family allocators hand out on a fresh node), else the next free one.
 */
final class PodAllocator {

    private final List<NodeSpec> nodes;
    private final boolean ipv4, ipv6;
    private final Map<String, Set<Integer>> used = new HashMap<>();
    private final Map<String, Set<Integer>> used6 = new HashMap<>();

    PodAllocator(List<NodeSpec> nodes) {
        this(nodes, true, false);
    }

    /** For a cluster with these families: pods get an address of each (both: dual-stack). */
    PodAllocator(List<NodeSpec> nodes, boolean ipv4, boolean ipv6) {
        this.nodes = nodes;
        this.ipv4 = ipv4;
        this.ipv6 = ipv6;
    }

    List<PodSpec> pods(Fields root, Map<String, NamespaceSpec> namespaces) throws TopologyException {
        List<Fields> list = root.objects("pods");
        // First pass: reserve the addresses the file names, so that allocation never hands them out twice.
        Map<String, String> ipBy = new HashMap<>();
        Map<String, String> ip6By = new HashMap<>();
        for (Fields p : list) {
            p.allowOnly("namespace", "name", "node", "ip", "ip6", "labels", "hostNetwork", "ports");
            NodeSpec node = node(p);
            if (p.has("ip6")) {
                ip6By.put(p.path(), reserve6(p, node));
            }
            if (p.has("ip") && !ipv4) {
                throw p.error("ip", "an IPv6-only cluster has no IPv4 addresses; give the pod's address as ip6");
            }
            if (p.has("ip")) {
                if (p.bool("hostNetwork", false)) {
                    throw p.error("ip", "a host-network pod has the node's address; leave ip out");
                }
                String ip = p.string("ip");
                int host = node.podOffset(ip);
                if (host < 3 || host > node.lastPodOffset()) {
                    throw p.error("ip", ip + " is not a pod address of node " + node.name() + ": use "
                            + node.podIp(3) + " to " + node.podIp(node.lastPodOffset()) + " (" + node.gatewayIp() + " and "
                            + node.managementIp() + " belong to the router and the management port)");
                }
                if (!used.computeIfAbsent(node.name(), n -> new HashSet<>()).add(host)) {
                    throw p.error("ip", ip + " is given to two pods");
                }
                ipBy.put(p.path(), ip);
            }
        }
        List<PodSpec> pods = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Fields p : list) {
            String namespace = TopologyReader.namespaceOf(p, namespaces);
            String name = TopologyReader.name(p, 253);
            if (!seen.add(namespace + "/" + name)) {
                throw p.error("name", "pod " + namespace + "/" + name + " is listed twice");
            }
            NodeSpec node = node(p);
            boolean hostNetwork = p.bool("hostNetwork", false);
            String ip = !ipv4 ? null : hostNetwork ? node.nodeIp() : ipBy.getOrDefault(p.path(), null);
            if (ip == null && ipv4) {
                ip = allocate(p, node);
            }
            String ip6 = !ipv6 ? null : hostNetwork ? node.nodeIp6() : ip6By.getOrDefault(p.path(), null);
            if (ip6 == null && ipv6) {
                ip6 = allocate6(node, ip == null ? -1 : node.podOffset(ip));
            }
            pods.add(new PodSpec(namespace, name, node.name(), ip, TopologyReader.labels(p, "labels"), hostNetwork,
                    ports(p), ip6));
        }
        return pods;
    }

    private NodeSpec node(Fields p) throws TopologyException {
        String name = p.string("node");
        return nodes.stream().filter(n -> n.name().equals(name)).findFirst()
                .orElseThrow(() -> p.error("node", "no node named \"" + name + "\"; nodes are "
                        + nodes.stream().map(NodeSpec::name).collect(Collectors.joining(", "))));
    }

    private String allocate(Fields p, NodeSpec node) throws TopologyException {
        Set<Integer> taken = used.computeIfAbsent(node.name(), n -> new HashSet<>());
        for (int host = 3; host <= node.lastPodOffset(); host++) {
            if (taken.add(host)) {
                return node.podIp(host);
            }
        }
        throw p.error("node", "node " + node.name() + " has no free pod address left");
    }

    private String reserve6(Fields p, NodeSpec node) throws TopologyException {
        if (!ipv6) {
            throw p.error("ip6", "an IPv6 address needs IPv6 in ipFamilies: [IPv4, IPv6] or [IPv6]");
        }
        if (p.bool("hostNetwork", false)) {
            throw p.error("ip6", "a host-network pod has the node's address; leave ip6 out");
        }
        String ip6 = p.string("ip6");
        String prefix = Addressing.subnetPrefix6(node.index());
        int host = Addressing.hostPart6(ip6, prefix);
        if (host < 3) {
            throw p.error("ip6", ip6 + " is not a pod address of node " + node.name() + ": use " + prefix
                    + "3 and up (::1 and ::2 belong to the router and the management port)");
        }
        if (!used6.computeIfAbsent(node.name(), n -> new HashSet<>()).add(host)) {
            throw p.error("ip6", ip6 + " is given to two pods");
        }
        return prefix + Integer.toHexString(host);
    }

    /**
     * The IPv6 address with host number {@code preferred} (the IPv4 one's; -1 on an IPv6-only cluster) if it is
     * free, else the lowest free one from ::3.
     */
    private String allocate6(NodeSpec node, int preferred) {
        Set<Integer> taken = used6.computeIfAbsent(node.name(), n -> new HashSet<>());
        int host = preferred > 0 && taken.add(preferred) ? preferred : -1;
        for (int h = 3; host < 0 && h <= 0xffff; h++) {
            host = taken.add(h) ? h : -1;
        }
        return Addressing.subnetPrefix6(node.index()) + Integer.toHexString(host);
    }

    /** The container's ports: {@code [{name, containerPort, protocol}]}, names unique, as the API server checks. */
    private static List<PodSpec.ContainerPort> ports(Fields pod) throws TopologyException {
        List<PodSpec.ContainerPort> out = new ArrayList<>();
        for (Fields port : pod.objects("ports")) {
            port.allowOnly("name", "containerPort", "protocol");
            String name = port.optString("name").orElse("");
            if (!name.isEmpty() && (Names.checkLabel(name) != null || name.length() > 15)) {
                throw port.error("name", "\"" + name + "\" is not a port name (at most 15 lower-case letters, digits, '-')");
            }
            if (!name.isEmpty() && out.stream().anyMatch(o -> o.name().equals(name))) {
                throw port.error("name", "port name " + name + " is used twice");
            }
            int number = port.optInt("containerPort", 1, 65535)
                    .orElseThrow(() -> port.error("containerPort", "required field is missing"));
            out.add(new PodSpec.ContainerPort(name, number, ServiceReader.protocol(port)));
        }
        return out;
    }
}
