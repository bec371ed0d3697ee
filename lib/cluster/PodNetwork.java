package ovntrace.lib.cluster;

/**
 * The OVN network a pod is traced on: the default network, or a primary user-defined network (UDN/CUDN), layer3 or
 * layer2. Every OVN object of a UDN carries the network's prefix, so the names the tracer looks up and pastes into
 * commands come from here; for the default network they are {@link PortNames}' exactly, so a default pod's commands
 * stay byte for byte upstream's.
 *
 * <p>The names are ovn-kubernetes' (github.com/ovn-org/ovn-kubernetes, go-controller/): the prefix from
 * {@code pkg/util/multi_network.go} GetSecondaryNetworkPrefix, scoped switch, router and port names from
 * GetNetworkScopedName and {@code pkg/types/const.go}, the interconnect ports with the prefix first from
 * {@code pkg/ovn/zone_interconnect/zone_ic_handler.go}, the pod port from GetSecondaryNetworkLogicalPortName (prefixed
 * with the NAD's name, not the network's). The local cluster spells them in {@code lib/ovn/UdnNames.java}; they are
 * repeated here because the tracer library does not depend on the local cluster's.
 *
 * @param name     the network name (NAD config {@code name}): {@code default}, {@code <ns>_<udn>}, {@code cluster_udn_<cudn>}
 * @param topology layer3 or layer2 for a UDN
 * @param nad      the NetworkAttachmentDefinition {@code <namespace>/<name>} the pod is attached through ("" for default)
 * @param note     how the network was found when its NAD could not be read ("" when it was)
 */
public record PodNetwork(String name, Topology topology, String nad, String note) {

    public static final PodNetwork DEFAULT = new PodNetwork("default", Topology.DEFAULT, "", "");

    /** The default network's own kind, and a UDN's {@code topology} as the NAD config spells it. */
    public enum Topology {
        DEFAULT, LAYER3, LAYER2;

        public String id() {
            return this == DEFAULT ? "default" : name().toLowerCase(java.util.Locale.ROOT);
        }

        public static Topology of(String nadTopology) {
            return switch (nadTopology == null ? "" : nadTopology) {
                case "layer3" -> LAYER3;
                case "layer2" -> LAYER2;
                default -> null;
            };
        }
    }

    /**
     * The same network: name and topology. A ClusterUserDefinedNetwork's pods in different namespaces are attached
     * through different NADs (one per namespace) but share the network and its switches.
     */
    public boolean sameNetwork(PodNetwork other) {
        return other != null && name.equals(other.name) && topology == other.topology;
    }

    public boolean isDefault() {
        return topology == Topology.DEFAULT;
    }

    public boolean layer2() {
        return topology == Topology.LAYER2;
    }

    /** util.GetSecondaryNetworkPrefix: '-' and '/' become '.', then '_'; empty for the default network. */
    public String prefix() {
        return isDefault() ? "" : prefixOf(name);
    }

    public static String prefixOf(String networkOrNadName) {
        return networkOrNadName.replace('-', '.').replace('/', '.') + "_";
    }

    /** The pod's logical switch port and OVS iface-id: {@code <ns>_<pod>}, on a UDN prefixed with the NAD's prefix. */
    public String podPort(PodRef pod) {
        return isDefault() ? pod.logicalPort() : prefixOf(nad) + pod.logicalPort();
    }

    /** The switch a pod on {@code node} is attached to: the ovn-trace datapath argument. */
    public String nodeSwitch(String node) {
        return switch (topology) {
            case DEFAULT -> node;
            case LAYER3 -> prefix() + node;
            case LAYER2 -> layer2Switch();
        };
    }

    /** types.OVNLayer2Switch scoped: a layer2 network's one switch, also its transit switch under interconnect. */
    public String layer2Switch() {
        return prefix() + "ovn_layer2_switch";
    }

    /**
     * The router port a pod's first hop is: the cluster router's {@code rtos-<node>} on the default network and a
     * layer3 UDN; on layer2 the node's gateway router's port on the network's switch, {@code rtos-<layer2 switch>}.
     */
    public String routerToSwitch(String node) {
        return switch (topology) {
            case DEFAULT -> PortNames.routerToSwitch(node);
            case LAYER3 -> "rtos-" + prefix() + node;
            case LAYER2 -> "rtos-" + layer2Switch();
        };
    }

    /** Cluster router → transit switch; a layer2 network has none (its switch spans the nodes). */
    public String routerToTransit(String node) {
        return isDefault() ? PortNames.routerToTransit(node) : prefix() + "rtots-" + node;
    }

    /** Transit switch → cluster router: where a packet from {@code node} enters another zone (layer3 and default). */
    public String transitToRouter(String node) {
        return isDefault() ? PortNames.transitToRouter(node) : prefix() + "tstor-" + node;
    }

    public String management(String node) {
        return isDefault() ? PortNames.management(node) : "k8s-" + prefix() + node;
    }

    public String gatewayRouter(String node) {
        return isDefault() ? PortNames.gatewayRouter(node) : "GR_" + prefix() + node;
    }

    public String externalSwitch(String node) {
        return isDefault() ? PortNames.externalSwitch(node) : "ext_" + prefix() + node;
    }

    /** GetNetworkScopedExtPortName: {@code <bridge>_<prefix><node>}. */
    public String localnet(String bridge, String node) {
        return isDefault() ? PortNames.localnet(bridge, node) : bridge + "_" + prefix() + node;
    }

    /** How a report names it: {@code default}, or {@code blue-ns_tenant (layer3, NAD blue-ns/tenant)}. */
    public String display() {
        return isDefault() ? name : name + " (" + topology.id() + ", NAD " + nad + ")";
    }
}
