package ovntrace.topology;

import java.util.List;
import java.util.Locale;

/**
 * A primary user-defined network of the local cluster: a namespaced {@code UserDefinedNetwork} (one namespace) or a
 * {@code ClusterUserDefinedNetwork} (the namespaces its selector picks), layer3 or layer2, with its IPv4 subnet and
 * the network id cluster-manager gives it ({@code k8s.ovn.org/network-ids}). Everything else is derived here the
 * way ovn-kubernetes derives it, so that the local cluster and the tracer agree on one spelling.
 *
 * <p>Sources (github.com/ovn-org/ovn-kubernetes, go-controller/): the network and NAD names from
 * {@code pkg/clustermanager/userdefinednetwork/template/net-attach-def-template.go} (RenderNetAttachDefManifest),
 * the object prefix from {@code pkg/util/multi_network.go} (GetSecondaryNetworkPrefix), addresses from
 * {@code pkg/util/net.go} (GetNodeGatewayIfAddr/GetNodeManagementIfAddr: .1 and .2 of the subnet), the join subnet
 * from {@code pkg/types/const.go} (UserDefinedPrimaryNetworkJoinSubnetV4) and masquerade addresses from
 * {@code pkg/generator/udn/masquerade_ips.go} (allocateMasqueradeIPs). IPv4 only until the local cluster is
 * dual-stack.
 */
public record UdnSpec(String name, Scope scope, List<String> namespaces, Layer topology, String cidr, int hostSubnet,
                      int networkId, Naming naming) {

    /** ovn-kubernetes' join subnet of every primary UDN (the default network has 100.64.0.0/16). */
    public static final String JOIN_CIDR = "100.65.0.0/16";
    public static final String CLUSTER_ROUTER_JOIN_IP = "100.65.0.1";
    /** The masquerade subnet kind clusters use with network segmentation; UDN addresses start at .10 in it. */
    public static final String MASQUERADE_CIDR = "169.254.0.0/17";
    private static final int MASQUERADE_BASE = 10;
    /** pkg/ovn/zone_interconnect/zone_ic_handler.go BaseTransitSwitchTunnelKey; a UDN adds its network id. */
    public static final int BASE_TRANSIT_SWITCH_TUNNEL_KEY = Addressing.TRANSIT_SWITCH_TUNNEL_KEY;
    /** The namespace label a namespace needs, at creation, to get a primary UDN (types.RequiredUDNNamespaceLabel). */
    public static final String NAMESPACE_LABEL = "k8s.ovn.org/primary-user-defined-network";

    public UdnSpec {
        namespaces = List.copyOf(namespaces);
        if (hostSubnet == 0 && topology == Layer.LAYER3) {
            hostSubnet = 24; // ovn-kubernetes' default host subnet length for an IPv4 layer3 network
        }
    }

    /** A {@code UserDefinedNetwork} in {@code namespace}. */
    public static UdnSpec namespaced(String namespace, String name, Layer topology, String cidr, int networkId) {
        return new UdnSpec(name, Scope.NAMESPACED, List.of(namespace), topology, cidr, 0, networkId, Naming.UNDERSCORE);
    }

    /** A {@code ClusterUserDefinedNetwork} selecting {@code namespaces}. */
    public static UdnSpec cluster(String name, List<String> namespaces, Layer topology, String cidr, int networkId) {
        return new UdnSpec(name, Scope.CLUSTER, namespaces, topology, cidr, 0, networkId, Naming.UNDERSCORE);
    }

    public UdnSpec withNaming(Naming other) {
        return new UdnSpec(name, scope, namespaces, topology, cidr, hostSubnet, networkId, other);
    }

    public enum Scope {
        NAMESPACED("UserDefinedNetwork", "userdefinednetworks"),
        CLUSTER("ClusterUserDefinedNetwork", "clusteruserdefinednetworks");

        public final String kind;
        public final String resource;

        Scope(String kind, String resource) {
            this.kind = kind;
            this.resource = resource;
        }
    }

    /** {@code spec.topology} ("Layer3") and the NAD's and OVN's spelling ("layer3", types.Layer3Topology). */
    public enum Layer {
        LAYER3, LAYER2;

        public String crd() {
            return this == LAYER3 ? "Layer3" : "Layer2";
        }

        public String ovn() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * How the network name is spelt. Master (2025) joins with underscores ({@code <ns>_<name>},
     * {@code cluster_udn_<name>}); release-1.0 and earlier with dots ({@code <ns>.<name>}, {@code cluster.udn.<name>}),
     * see the "REMOVEME(trozet)" legacy names accepted by test/e2e/network_segmentation.go.
     */
    public enum Naming {
        UNDERSCORE, DOTTED
    }

    /** The network name: the NAD config's {@code name}, the key of the node annotations, external_ids network. */
    public String networkName() {
        String sep = naming == Naming.UNDERSCORE ? "_" : ".";
        return scope == Scope.NAMESPACED ? namespaces.get(0) + sep + name : "cluster" + sep + "udn" + sep + name;
    }

    /** Prefix of every OVN object of the network (util.GetSecondaryNetworkPrefix of the network name). */
    public String prefix() {
        return prefixOf(networkName());
    }

    /** util.GetSecondaryNetworkPrefix: '-' and '/' become '.', then '_' is appended. */
    public static String prefixOf(String networkOrNadName) {
        return networkOrNadName.replace('-', '.').replace('/', '.') + "_";
    }

    /** The NAD rendered in {@code namespace}: named like the (C)UDN; its key is {@code <namespace>/<name>}. */
    public String nadName(String namespace) {
        return namespace + "/" + name;
    }

    /**
     * A pod's logical switch port on this network (util.GetSecondaryNetworkLogicalPortName): prefixed with the NAD
     * name, not the network name, so a CUDN's pods carry their own namespace twice.
     */
    public String podPort(String namespace, String pod) {
        return prefixOf(nadName(namespace)) + namespace + "_" + pod;
    }

    public boolean covers(String namespace) {
        return namespaces.contains(namespace);
    }

    public String role() {
        return "primary";
    }

    /** Node {@code nodeIndex}'s subnet: its {@code /hostSubnet} slice for layer3, the whole subnet for layer2. */
    public String nodeSubnet(int nodeIndex) {
        if (topology == Layer.LAYER2) {
            return cidr;
        }
        long base = network() + ((long) nodeIndex << (32 - hostSubnet));
        return ip(base) + "/" + hostSubnet;
    }

    /** .1 of the node subnet: the cluster router's port (layer3) or the gateway routers' (layer2). */
    public String gatewayIp(int nodeIndex) {
        return ip(subnetBase(nodeIndex) + 1);
    }

    /** .2 of the node subnet: the management port {@code k8s-<prefix><node>} (in layer2 the same on every node). */
    public String managementIp(int nodeIndex) {
        return ip(subnetBase(nodeIndex) + 2);
    }

    /** Pod {@code ordinal} (0-based) of the node (layer3) or of the whole network (layer2): from .3 on. */
    public String podIp(int nodeIndex, int ordinal) {
        return ip(subnetBase(nodeIndex) + 3 + ordinal);
    }

    /** Prefix length of {@link #nodeSubnet}. */
    public int nodePrefix() {
        return topology == Layer.LAYER2 ? prefix(cidr) : hostSubnet;
    }

    /** The node's gateway router's join address ({@code node-gateway-router-lrp-ifaddrs} for this network). */
    public String gatewayRouterJoinIp(int nodeIndex) {
        return "100.65.0." + (nodeIndex + 2);
    }

    public String masqueradeGatewayRouterIp() {
        return ip(toLong("169.254.0.0") + MASQUERADE_BASE + 2L * networkId - 1);
    }

    public String masqueradeManagementIp() {
        return ip(toLong("169.254.0.0") + MASQUERADE_BASE + 2L * networkId);
    }

    /** other_config requested-tnl-key of the transit switch (layer3) or of the layer2 switch in IC mode. */
    public int transitSwitchTunnelKey() {
        return BASE_TRANSIT_SWITCH_TUNNEL_KEY + networkId;
    }

    /**
     * Tunnel key of node {@code nodeIndex}'s gateway router port on the layer2 switch
     * ({@code k8s.ovn.org/udn-layer2-node-gateway-router-lrp-tunnel-ids}); cluster-manager allocates it from the
     * network's id pool, here it is fixed by the node's position.
     */
    public int layer2GatewayTunnelKey(int nodeIndex) {
        return nodeIndex + 1;
    }

    /** Tunnel key ({@code tunnel_id} of the pod annotation) of the {@code podIndex}-th pod of a layer2 network. */
    public int layer2PodTunnelKey(int podIndex) {
        return Addressing.MAX_NODES + 1 + podIndex;
    }

    /** The host's management interface: {@code ovn-k8s-mp<network id>} (util.GetNetworkScopedK8sMgmtHostIntfName). */
    public String managementInterface() {
        String n = "ovn-k8s-mp" + networkId;
        return n.length() > 15 ? n.substring(0, 15) : n;
    }

    /** Null if the network can be built, else what is wrong with it. */
    public String check() {
        String bad = Names.checkLabel(name);
        if (bad != null) {
            return bad;
        }
        if (scope == Scope.NAMESPACED && namespaces.size() != 1) {
            return "UserDefinedNetwork " + name + " needs exactly one namespace";
        }
        for (String ns : namespaces) {
            if ((bad = Names.checkLabel(ns)) != null) {
                return bad;
            }
        }
        Cidr c = Cidr.parse(cidr);
        if (c == null) {
            return "network " + name + ": \"" + cidr + "\" is not an IPv4 CIDR without host bits";
        }
        if (networkId < 1) {
            return "network " + name + ": the network id must be 1 or more (0 is the default network)";
        }
        if (topology == Layer.LAYER3 && (hostSubnet <= c.prefix() || hostSubnet > 30)) {
            return "network " + name + ": hostSubnet " + hostSubnet + " must be longer than /" + c.prefix() + " and at most 30";
        }
        if (topology == Layer.LAYER2 && hostSubnet != 0) {
            return "network " + name + ": a layer2 network has no hostSubnet";
        }
        return null;
    }

    private long network() {
        return toLong(cidr.substring(0, cidr.indexOf('/')));
    }

    private long subnetBase(int nodeIndex) {
        String s = nodeSubnet(nodeIndex);
        return toLong(s.substring(0, s.indexOf('/')));
    }

    private static int prefix(String cidr) {
        return Integer.parseInt(cidr.substring(cidr.indexOf('/') + 1));
    }

    static long toLong(String ip) {
        long v = 0;
        for (String part : ip.split("\\.")) {
            v = (v << 8) | Integer.parseInt(part);
        }
        return v;
    }

    static String ip(long v) {
        return ((v >> 24) & 0xff) + "." + ((v >> 16) & 0xff) + "." + ((v >> 8) & 0xff) + "." + (v & 0xff);
    }
}
