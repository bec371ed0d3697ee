package ovntrace.topology;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import ovntrace.lib.cluster.IpAddress;

/**
 * The address plan of an ovn-kubernetes kind cluster, derived from a node's position (index) in the topology.
 * Node {@code i} owns the {@code i}-th subnet of the host subnet length in {@code 10.244.0.0/16} (ovn-kubernetes'
 * {@code --cluster-subnets 10.244.0.0/16/24}; kind's default /24 gives {@code 10.244.i.0/24}, OpenShift's hostPrefix 23
 * a /23): its first address + 1 is the router port, + 2 the management port, pods start at + 3. ovn-kubernetes
 * derives MACs from IPv4 addresses: {@code 0a:58} + the four address bytes.
 *
 * <p>IPv6 (dual-stack clusters) follows kind's defaults ({@code contrib/kind.sh}: {@code NET_CIDR_IPV6=fd00:10:244::/48},
 * {@code SVC_CIDR_IPV6=fd00:10:96::/112}, a /64 per node) and ovn-kubernetes' ({@code go-controller/pkg/config/config.go}:
 * {@code V6JoinSubnet fd98::/64}, {@code V6TransitSwitchSubnet fd97::/64}): node {@code i} owns
 * {@code fd00:10:244:<i+1>::/64} (the allocator never hands out the range's first /64), with the router port at
 * {@code ::1}, the management port at {@code ::2} and pods from {@code ::3}; node IPs are kind's docker IPv6 network
 * {@code fc00:f853:ccd:e793::/64}.
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

    public static final String CLUSTER_CIDR6 = "fd00:10:244::/48";
    public static final String SERVICE_CIDR6 = "fd00:10:96::/112";
    public static final String JOIN_CIDR6 = "fd98::/64";
    public static final String TRANSIT_CIDR6 = "fd97::/64";
    /** The cluster router's own address on the join switch, the gateway routers' next hop back into the cluster. */
    public static final String CLUSTER_ROUTER_JOIN_IP6 = "fd98::1";
    public static final String NODE_NETWORK6 = "fc00:f853:ccd:e793::";
    public static final String NODE_NETWORK_GATEWAY6 = NODE_NETWORK6 + "1";

    private Addressing() {}

    public static String subnetPrefix6(int node) {
        return "fd00:10:244:" + Integer.toHexString(node + 1) + "::";
    }

    public static String subnetCidr6(int node) {
        return subnetPrefix6(node) + "/64";
    }

    public static String nodeIp6(int node) {
        return NODE_NETWORK6 + Integer.toHexString(node + 2);
    }

    public static String joinIp6(int node) {
        return "fd98::" + Integer.toHexString(node + 2);
    }

    public static String transitIp6(int node) {
        return "fd97::" + Integer.toHexString(node + 2);
    }

    /**
     * The IPv6 ClusterIP a dual-stack Service gets when the file names none: the IPv4 one's offset in
     * {@code 10.96.0.0/16} inside {@code fd00:10:96::/112}, so kube-dns's 10.96.0.10 becomes kind's fd00:10:96::a.
     */
    public static String serviceIp6(String ipv4) {
        String[] b = ipv4.split("\\.");
        return "fd00:10:96::" + Integer.toHexString(Integer.parseInt(b[2]) * 256 + Integer.parseInt(b[3]));
    }

    /**
     * ovn-kubernetes' MAC for an IPv6 address ({@code util.IPAddrToHWAddr}, go-controller/pkg/util/net.go):
     * {@code 0a:58} + the first four bytes of the SHA-256 of the address as Go prints it. Only IPv6-only ports use
     * it; a dual-stack port's MAC comes from its IPv4 address.
     */
    public static String mac6(String ipv6) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest(IpAddress.canonical(ipv6).orElseThrow().getBytes(StandardCharsets.UTF_8));
            return String.format(Locale.ROOT, "0a:58:%02x:%02x:%02x:%02x", hash[0], hash[1], hash[2], hash[3]);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The host part (after {@code prefix} like {@code "fd00:10:244:2::"}) of an IPv6 address in it, or -1. */
    public static int hostPart6(String ip, String prefix) {
        String canonical = IpAddress.canonical(ip).orElse("");
        String rest = canonical.startsWith(prefix) ? canonical.substring(prefix.length()) : "";
        return rest.matches("[0-9a-f]{1,4}") ? Integer.parseInt(rest, 16) : -1;
    }

    /** kind's host subnet length (a /24 a node); the reader takes 22 to 24 ({@code hostSubnetLength} in a topology). */
    public static final int DEFAULT_HOST_SUBNET_LENGTH = 24;
    public static final int MIN_HOST_SUBNET_LENGTH = 22;
    private static final long CLUSTER_BASE = 10L << 24 | 244L << 16;

    /** The highest address offset in a subnet of {@code length} that a pod can get (the last is the broadcast). */
    public static int lastHostOffset(int length) {
        return (1 << (32 - length)) - 2;
    }

    /** The address {@code offset} into node {@code node}'s subnet of {@code length}. */
    public static String subnetAddress(int node, int length, int offset) {
        long a = subnetBase(node, length) + offset;
        return (a >> 24 & 255) + "." + (a >> 16 & 255) + "." + (a >> 8 & 255) + "." + (a & 255);
    }

    public static String subnetCidr(int node, int length) {
        return subnetAddress(node, length, 0) + "/" + length;
    }

    /** The offset of IPv4 address {@code ip} in node {@code node}'s subnet of {@code length}, or -1 outside it. */
    public static int hostOffset(String ip, int node, int length) {
        if (!isIpv4(ip)) return -1;
        long a = 0;
        for (String part : ip.split("\\.")) a = a << 8 | Integer.parseInt(part);
        long offset = a - subnetBase(node, length);
        return offset >= 0 && offset < 1L << (32 - length) ? (int) offset : -1;
    }

    private static long subnetBase(int node, int length) {
        return CLUSTER_BASE + ((long) node << (32 - length));
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

}
