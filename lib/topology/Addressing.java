package ovntrace.topology;

import java.util.Locale;

/**
 * The address plan of an ovn-kubernetes kind cluster, derived from a node's position (index) in the topology.
 * Node {@code i} owns {@code 10.244.i.0/24}: {@code .1} is the router port, {@code .2} the management port, pods
 * start at {@code .3}. ovn-kubernetes derives MACs from IPv4 addresses: {@code 0a:58} + the four address bytes.
 */
public final class Addressing {

    public static final String CLUSTER_CIDR = "10.244.0.0/16";
    public static final String SERVICE_CIDR = "10.96.0.0/16";
    public static final String JOIN_CIDR = "100.64.0.0/16";
    public static final String TRANSIT_CIDR = "100.88.0.0/16";
    public static final String NODE_NETWORK_GATEWAY = "172.18.0.1";
    /** ovn-kubernetes' BaseTransitSwitchTunnelKey: every zone gives transit_switch the same key. */
    public static final int TRANSIT_SWITCH_TUNNEL_KEY = 16711683;
    /** Upper bound that keeps every derived address (MAC byte, last octet) valid. */
    public static final int MAX_NODES = 50;

    private Addressing() {}

    public static String subnetPrefix(int node) {
        return "10.244." + node + ".";
    }

    public static String subnetCidr(int node) {
        return subnetPrefix(node) + "0/24";
    }

    public static String gatewayIp(int node) {
        return subnetPrefix(node) + "1";
    }

    public static String managementIp(int node) {
        return subnetPrefix(node) + "2";
    }

    /** The kind docker address of the node, used for the gateway router and host-network pods. */
    public static String nodeIp(int node) {
        return "172.18.0." + (node + 2);
    }

    public static String nodeMac(int node) {
        return String.format(Locale.ROOT, "02:42:ac:12:00:%02x", node + 2);
    }

    public static String joinIp(int node) {
        return "100.64.0." + (node + 2);
    }

    public static String transitIp(int node) {
        return "100.88.0." + (node + 2);
    }

    /** Geneve endpoint on loopback: nothing is ever sent, the address only has to differ between nodes. */
    public static String encapIp(int node) {
        return "127.0.0." + (node + 2);
    }

    /** ovn-kubernetes' MAC for an IPv4 address: {@code 0a:58:} followed by the address bytes in hex. */
    public static String mac(String ipv4) {
        StringBuilder mac = new StringBuilder("0a:58");
        for (String part : ipv4.split("\\.")) {
            mac.append(String.format(Locale.ROOT, ":%02x", Integer.parseInt(part)));
        }
        return mac.toString();
    }

    /** True if {@code ip} is a dotted IPv4 address with four octets 0..255. */
    public static boolean isIpv4(String ip) {
        String[] parts = ip.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit) || Integer.parseInt(p) > 255) {
                return false;
            }
        }
        return true;
    }

    /** The last octet of an IPv4 address that lies in {@code prefix} (like {@code "10.244.1."}), or -1. */
    public static int hostPart(String ip, String prefix) {
        return ip.startsWith(prefix) ? Integer.parseInt(ip.substring(prefix.length())) : -1;
    }
}
