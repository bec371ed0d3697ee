package ovntrace.ovn;

import java.util.LinkedHashMap;
import java.util.Map;
import ovntrace.topology.UdnSpec;

/**
 * Every OVN NB name and external_ids map of one primary user-defined network, spelt as ovn-kubernetes writes them
 * (github.com/ovn-org/ovn-kubernetes, go-controller/). A UDN's objects are the default network's names with the
 * network prefix ({@link UdnSpec#prefix()}) put in front of the node or object name
 * ({@code pkg/util/multi_network.go} secondaryNetInfo.GetNetworkScopedName and friends), then the usual port
 * prefixes ({@code pkg/types/const.go}) in front of that: {@code rtos-<prefix><node>}, {@code GR_<prefix><node>}.
 * The interconnect ports are the exception: there the prefix comes first ({@code <prefix>tstor-<node>},
 * {@code pkg/ovn/zone_interconnect/zone_ic_handler.go} createLocalZoneNodeResources).
 *
 * <p>The isolation between a primary UDN and the default network lives on the default network
 * ({@code pkg/ovn/udn_isolation.go} setupUDNACLs): every pod with a primary UDN keeps a default-network port
 * (role {@code infrastructure-locked}) that joins the port group {@code SecondaryPods}, whose ACLs drop all but
 * ARP and kubelet probes from the node's management port. Those names and ids are here too.
 */
public record UdnNames(UdnSpec spec) {

    public static final String KEY_NETWORK = "k8s.ovn.org/network";
    public static final String KEY_ROLE = "k8s.ovn.org/role";
    public static final String KEY_TOPOLOGY = "k8s.ovn.org/topology";
    public static final String KEY_NAD = "k8s.ovn.org/nad";
    public static final String KEY_NODE = "k8s.ovn.org/node";
    /** libovsdbops.UDNIsolationOwnerType: owner-type of the isolation port group and ACLs. */
    public static final String ISOLATION_OWNER = "UDNIsolation";
    /** libovsdbops.ObjectNameKey of the isolation port group (getSecondaryPodsPortGroupDbIDs). */
    public static final String SECONDARY_PODS = "SecondaryPods";
    /** ACL names (external_ids k8s.ovn.org/name; the ACL rows themselves have no name, GetACLName gives ""). */
    public static final String DENY_ACL = "DenySecondary";
    public static final String ALLOW_ARP_ACL = "AllowHostARPSecondary";
    public static final String ALLOW_HOST_ACL = "AllowHostSecondary";
    /** types.PrimaryUDNAllowPriority and PrimaryUDNDenyPriority; tier types.DefaultACLTier (2). */
    public static final int ALLOW_PRIORITY = 1001;
    public static final int DENY_PRIORITY = 1000;

    public String prefix() {
        return spec.prefix();
    }

    /** types.OVNClusterRouter scoped: layer3 only. */
    public String clusterRouter() {
        return prefix() + OvnNames.CLUSTER_ROUTER;
    }

    public String joinSwitch() {
        return prefix() + OvnNames.JOIN_SWITCH;
    }

    /** types.OVNLayer2Switch scoped: the one switch of a layer2 network, spanning every node. */
    public String layer2Switch() {
        return prefix() + "ovn_layer2_switch";
    }

    /** zone_ic_handler.go getTransitSwitchName: a layer2 network's own switch is its transit switch. */
    public String transitSwitch() {
        return spec.topology() == UdnSpec.Layer.LAYER2 ? layer2Switch() : prefix() + OvnNames.TRANSIT_SWITCH;
    }

    /** GetNetworkScopedSwitchName: {@code <prefix><node>} for layer3, the layer2 switch for layer2. */
    public String nodeSwitch(String node) {
        return spec.topology() == UdnSpec.Layer.LAYER2 ? layer2Switch() : prefix() + node;
    }

    public String routerToSwitch(String node) {
        return "rtos-" + prefix() + node;
    }

    public String switchToRouter(String node) {
        return "stor-" + prefix() + node;
    }

    /** The cluster router's port on the join switch and its peer (topology/topologyfactory.go NewJoinSwitch). */
    public String clusterRouterToJoin() {
        return "rtoj-" + clusterRouter();
    }

    public String joinToClusterRouter() {
        return "jtor-" + clusterRouter();
    }

    public String gatewayRouter(String node) {
        return "GR_" + prefix() + node;
    }

    /**
     * The gateway router's inner port (gateway.go GatewayInit): {@code rtoj-GR_<prefix><node>} on the join switch
     * for layer3; for layer2, where the router sits on the network's switch, {@code rtos-<layer2 switch>}.
     */
    public String gatewayRouterInnerPort(String node) {
        return spec.topology() == UdnSpec.Layer.LAYER2 ? "rtos-" + layer2Switch() : "rtoj-" + gatewayRouter(node);
    }

    public String gatewayRouterInnerPeer(String node) {
        return spec.topology() == UdnSpec.Layer.LAYER2 ? "stor-" + layer2Switch() : "jtor-" + gatewayRouter(node);
    }

    /** A remote node's gateway router port on a layer2 switch (secondary_layer2_network_controller.go addPortForRemoteNodeGR). */
    public String remoteGatewayPort(String node) {
        return "stor-" + layer2Switch() + "_" + node;
    }

    public String externalSwitch(String node) {
        return "ext_" + prefix() + node;
    }

    public String gatewayRouterToExternal(String node) {
        return "rtoe-" + gatewayRouter(node);
    }

    public String externalToGatewayRouter(String node) {
        return "etor-" + gatewayRouter(node);
    }

    /** The localnet port of the external switch: GetNetworkScopedExtPortName(breth0, node) = {@code breth0_<prefix><node>}. */
    public String localnetPort(String node) {
        return OvnNames.EXTERNAL_BRIDGE + "_" + prefix() + node;
    }

    /** util.GetK8sMgmtIntfName of the scoped node name. */
    public String managementPort(String node) {
        return "k8s-" + prefix() + node;
    }

    public String routerToTransit(String node) {
        return prefix() + "rtots-" + node;
    }

    public String transitToRouter(String node) {
        return prefix() + "tstor-" + node;
    }

    public String podPort(String namespace, String pod) {
        return spec.podPort(namespace, pod);
    }

    /** util.GenerateExternalIDsForSwitchOrRouter: node switches, the layer2 switch, external switches, GRs. */
    public Map<String, String> switchIds() {
        Map<String, String> ids = new LinkedHashMap<>();
        ids.put(KEY_NETWORK, spec.networkName());
        ids.put(KEY_ROLE, spec.role());
        ids.put(KEY_TOPOLOGY, spec.topology().ovn());
        return ids;
    }

    /** Ports, routes, NATs, the join switch: network and topology, no role. */
    public Map<String, String> portIds() {
        Map<String, String> ids = new LinkedHashMap<>();
        ids.put(KEY_NETWORK, spec.networkName());
        ids.put(KEY_TOPOLOGY, spec.topology().ovn());
        return ids;
    }

    /** The cluster router (topologyfactory.go newClusterRouter): {@code k8s-cluster-router=yes}, network, topology. */
    public Map<String, String> clusterRouterIds() {
        Map<String, String> ids = new LinkedHashMap<>();
        ids.put("k8s-cluster-router", "yes");
        ids.putAll(portIds());
        return ids;
    }

    /** A pod's port (base_network_controller_pods.go addLogicalPortToNetwork). */
    public Map<String, String> podPortIds(String namespace) {
        Map<String, String> ids = new LinkedHashMap<>();
        ids.put("namespace", namespace);
        ids.put("pod", "true");
        ids.put(KEY_NETWORK, spec.networkName());
        ids.put(KEY_NAD, spec.nadName(namespace));
        ids.put(KEY_TOPOLOGY, spec.topology().ovn());
        return ids;
    }

    /** The default network's port group of every pod whose primary network is a UDN (one per zone, not per UDN). */
    public static String secondaryPodsPortGroup() {
        return OvnNames.hashedName(ISOLATION_OWNER, secondaryPodsKeys());
    }

    public static Map<String, String> secondaryPodsKeys() {
        return Map.of("k8s.ovn.org/name", SECONDARY_PODS);
    }

    /** external_ids keys of an isolation ACL ({@code getUDNACLDbIDs}): name, then direction (Ingress/Egress). */
    public static Map<String, String> isolationAclKeys(String name, String direction) {
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("k8s.ovn.org/name", name);
        keys.put("direction", direction);
        return keys;
    }
}
