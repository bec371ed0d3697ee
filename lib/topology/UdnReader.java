package ovntrace.topology;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import ovntrace.lib.cluster.ClusterMode;

/**
 * The {@code udns} section of a topology: primary user-defined networks, each a namespaced
 * {@code UserDefinedNetwork} ({@code namespace}) or a {@code ClusterUserDefinedNetwork} ({@code namespaces}), for
 * example {@code {name: tenant, namespace: blue, topology: Layer3, subnet: 10.128.0.0/16}}. Optional keys:
 * {@code hostSubnet} (layer3, default 24) and {@code networkId} (default: the position in the list, from 1, as
 * cluster-manager hands ids out in creation order). Each namespace gets the label a primary UDN needs
 * ({@link UdnSpec#NAMESPACE_LABEL}) and is created if the file does not list it; every node publishes the network
 * in {@code k8s.ovn.org/network-ids}, so the node's {@code ovn-k8s-mp<id>} and its VRF table exist.
 */
final class UdnReader {

    private UdnReader() {}

    static List<UdnSpec> udns(Fields root, ClusterMode mode, boolean ipv4Only, Map<String, NamespaceSpec> namespaces)
            throws TopologyException {
        List<Fields> list = root.objects("udns");
        if (!list.isEmpty() && !ipv4Only) {
            throw root.error("udns", "user-defined networks are IPv4 only for now: ipFamilies must be [IPv4]");
        }
        List<UdnSpec> out = new ArrayList<>();
        Map<String, String> owner = new HashMap<>();
        Map<Integer, String> ids = new HashMap<>();
        for (Fields u : list) {
            u.allowOnly("name", "namespace", "namespaces", "topology", "subnet", "hostSubnet", "networkId");
            String name = u.string("name");
            boolean cluster = u.has("namespaces");
            if (cluster == u.has("namespace")) {
                throw u.error("namespace", "give namespace (a UserDefinedNetwork) or namespaces (a ClusterUserDefinedNetwork)");
            }
            List<String> nss = cluster ? u.strings("namespaces") : List.of(u.string("namespace"));
            if (nss.isEmpty()) {
                throw u.error("namespaces", "a ClusterUserDefinedNetwork needs at least one namespace");
            }
            UdnSpec.Layer layer = switch (u.string("topology")) {
                case "Layer3" -> UdnSpec.Layer.LAYER3;
                case "Layer2" -> UdnSpec.Layer.LAYER2;
                default -> throw u.error("topology", "must be Layer3 or Layer2");
            };
            int id = u.optInt("networkId", 1, 4094).orElse(out.size() + 1);
            int hostSubnet = u.optInt("hostSubnet", 1, 32).orElse(0);
            UdnSpec spec = new UdnSpec(name, cluster ? UdnSpec.Scope.CLUSTER : UdnSpec.Scope.NAMESPACED, nss, layer,
                    u.string("subnet"), hostSubnet, id, UdnSpec.Naming.UNDERSCORE);
            String bad = spec.check();
            if (bad != null) {
                throw u.error("name", bad);
            }
            if (ids.putIfAbsent(id, spec.networkName()) != null) {
                throw u.error("networkId", "network id " + id + " is already used by " + ids.get(id));
            }
            if (layer == UdnSpec.Layer.LAYER2 && mode == ClusterMode.CENTRAL) {
                throw u.error("topology", layer2InCentral(spec));
            }
            for (String ns : nss) {
                if (ns.equals(TopologyReader.OVN_NAMESPACE)) {
                    throw u.error("namespace", "namespace " + ns + " is reserved for the sandbox's ovnkube-node pods");
                }
                if (owner.putIfAbsent(ns, spec.networkName()) != null) {
                    throw u.error("namespace", "namespace " + ns + " already has a primary network: " + owner.get(ns));
                }
                Map<String, String> labels = new LinkedHashMap<>();
                NamespaceSpec known = namespaces.get(ns);
                if (known != null) {
                    labels.putAll(known.labels());
                }
                labels.put(UdnSpec.NAMESPACE_LABEL, "");
                namespaces.put(ns, new NamespaceSpec(ns, labels));
            }
            out.add(spec);
        }
        return out;
    }

    /** Why a layer2 network cannot run in central mode (gateway.go: "this will work only for IC with one node per zone"). */
    static String layer2InCentral(UdnSpec spec) {
        return "layer2 network " + spec.networkName() + " needs interconnect mode (one node per zone), not central";
    }

    /** The nodes with every network in {@code k8s.ovn.org/network-ids}, next to those the file names per node. */
    static List<NodeSpec> withNetworks(List<NodeSpec> nodes, List<UdnSpec> udns, Fields root) throws TopologyException {
        if (udns.isEmpty()) {
            return nodes;
        }
        List<NodeSpec> out = new ArrayList<>();
        for (NodeSpec n : nodes) {
            Map<String, Integer> networks = new LinkedHashMap<>(n.networks());
            for (UdnSpec u : udns) {
                if (networks.containsValue(u.networkId()) && !Integer.valueOf(u.networkId()).equals(networks.get(u.networkName()))) {
                    throw root.error("udns", "network id " + u.networkId() + " of " + u.networkName()
                            + " is also given on node " + n.name() + " to another network");
                }
                networks.put(u.networkName(), u.networkId());
            }
            out.add(new NodeSpec(n.name(), n.index(), networks, n.ipv4(), n.hostSubnetLength()));
        }
        return out;
    }
}
