package ovntrace.ovn;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import ovntrace.lib.cluster.PortNames;

/**
 * Names and external_ids as ovn-kubernetes writes them (libovsdb {@code DbObjectIDs}), so that tools reading the
 * sandbox's NB database see what they would see on a real cluster. A database object's external_ids carry
 * {@code k8s.ovn.org/owner-controller}, {@code k8s.ovn.org/owner-type}, the owner-specific keys and
 * {@code k8s.ovn.org/id} (all of them joined with ':'); port groups and address sets are named {@code a} + the
 * decimal FNV-1a 64-bit hash of that id.
 *
 * <p>NetworkPolicy ACLs (owner-type {@code NetworkPolicy}) carry {@code k8s.ovn.org/name=<namespace>:<policy>},
 * {@code direction} (Ingress/Egress), {@code gress-index}, {@code port-policy-protocol} and
 * {@code ip-block-index}, and are named {@code NP:<namespace>:<policy>:<direction>:<gress-index>}. The namespace's
 * default-deny and ARP-allow ACLs (owner-type {@code NetpolNamespace}) carry {@code k8s.ovn.org/name=<namespace>},
 * {@code direction} and {@code type} (defaultDeny/arpAllow) and are named {@code NP:<namespace>:<direction>}.
 * AdminNetworkPolicy and BaselineAdminNetworkPolicy ACLs (owner-types of those names) carry
 * {@code k8s.ovn.org/name=<policy>}, {@code direction}, {@code gress-index} and {@code port-policy-protocol}
 * ({@code tcp-namedPort} for named ports) and are named {@code ANP:<policy>:<direction>:<gress-index>} (BANP: the
 * same with {@code BANP:}); EgressFirewall ACLs carry {@code k8s.ovn.org/name=<namespace>} and {@code rule-index}
 * and are named {@code EF:<namespace>:<rule-index>}.
 */
public final class OvnNames {

    public static final String CONTROLLER = "default-network-controller";
    public static final String CLUSTER_ROUTER = "ovn_cluster_router";
    public static final String JOIN_SWITCH = "join";
    public static final String TRANSIT_SWITCH = "transit_switch";
    public static final String CLUSTER_PORT_GROUP = "clusterPortGroup";
    public static final String LB_GROUP = "clusterLBGroup";
    /** ovn-kubernetes' physical network name (the localnet ports' network_name). */
    public static final String PHYSNET = "physnet";
    public static final String EXTERNAL_BRIDGE = "breth0";

    private OvnNames() {}

    /** ovn-kubernetes' {@code util.HashForOVN}: "a" + decimal FNV-1a 64 of the text. */
    public static String hash(String text) {
        long h = 0xcbf29ce484222325L;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            h ^= (b & 0xff);
            h *= 0x100000001b3L;
        }
        return "a" + Long.toUnsignedString(h);
    }

    /**
     * external_ids of an object owned by {@code ownerType}: the owner keys in their defined order, then the
     * owner and primary-id keys.
     */
    public static Map<String, String> ids(String ownerType, Map<String, String> keysInOrder) {
        Map<String, String> ids = new LinkedHashMap<>(keysInOrder);
        ids.put("k8s.ovn.org/owner-controller", CONTROLLER);
        ids.put("k8s.ovn.org/owner-type", ownerType);
        ids.put("k8s.ovn.org/id", primaryId(ownerType, keysInOrder));
        return ids;
    }

    public static String primaryId(String ownerType, Map<String, String> keysInOrder) {
        return CONTROLLER + ":" + ownerType + ":" + String.join(":", keysInOrder.values());
    }

    /** The name ovn-kubernetes gives a port group or address set with these ids. */
    public static String hashedName(String ownerType, Map<String, String> keysInOrder) {
        return hash(primaryId(ownerType, keysInOrder));
    }

    // The per-node names the tracer looks up too have one owner, PortNames: the local cluster builds what it reads.

    public static String switchPort(String node) {
        return "stor-" + node;
    }

    public static String routerPort(String node) {
        return PortNames.routerToSwitch(node);
    }

    public static String transitRouterPort(String node) {
        return PortNames.routerToTransit(node);
    }

    public static String transitSwitchPort(String node) {
        return PortNames.transitToRouter(node);
    }

    public static String managementPort(String node) {
        return PortNames.management(node);
    }

    public static String gatewayRouter(String node) {
        return PortNames.gatewayRouter(node);
    }

    /** The gateway router's port on the node network, towards the external switch. */
    public static String externalRouterPort(String node) {
        return "rtoe-" + gatewayRouter(node);
    }

    public static String externalSwitch(String node) {
        return PortNames.externalSwitch(node);
    }

    public static String localnetPort(String node) {
        return PortNames.localnet(EXTERNAL_BRIDGE, node);
    }
}
