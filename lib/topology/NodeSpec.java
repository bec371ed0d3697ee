package ovntrace.topology;

import java.util.Map;

/**
 * A cluster node. {@code index} is its position in the topology and fixes every address it gets (see
 * {@link Addressing}). {@code networks} are the extra (user-defined) networks published in the node annotation
 * {@code k8s.ovn.org/network-ids}, name to network id; the default network (id 0) is implied. {@code ipv4} is false on
 * an IPv6-only cluster: the router and management port MACs then come from their IPv6 addresses
 * ({@link Addressing#mac6}), as ovn-kubernetes derives a port's MAC from its first address. {@code hostSubnetLength}
 * is the length of its IPv4 subnet (24 unless the topology says otherwise).
 */
public record NodeSpec(String name, int index, Map<String, Integer> networks, boolean ipv4, int hostSubnetLength) {

    public NodeSpec {
        networks = Map.copyOf(networks);
    }

    public NodeSpec(String name, int index, Map<String, Integer> networks, boolean ipv4) {
        this(name, index, networks, ipv4, Addressing.DEFAULT_HOST_SUBNET_LENGTH);
    }

    public NodeSpec(String name, int index, Map<String, Integer> networks) {
        this(name, index, networks, true);
    }

    public String subnet() {
        return Addressing.subnetCidr(index, hostSubnetLength);
    }

    /** The pod address {@code offset} into the subnet (3 is the first pod's; see {@link #podOffset}). */
    public String podIp(int offset) {
        return Addressing.subnetAddress(index, hostSubnetLength, offset);
    }

    /** The offset of {@code ip} in the subnet: 3 to {@link #lastPodOffset()} for a pod address, else something else. */
    public int podOffset(String ip) {
        return Addressing.hostOffset(ip, index, hostSubnetLength);
    }

    /** A pod address of this node with its subnet's length, as the CNI and the pod-networks annotation write it. */
    public String withSubnetLength(String ip) {
        return ip + (ip.contains(":") ? "/64" : "/" + hostSubnetLength);
    }

    public int lastPodOffset() {
        return Addressing.lastHostOffset(hostSubnetLength);
    }

    public String gatewayIp() {
        return podIp(1);
    }

    /** MAC of {@code rtos-<node>}, the cluster router's port on this node's switch. */
    public String gatewayMac() {
        return ipv4 ? Addressing.mac(gatewayIp()) : Addressing.mac6(gatewayIp6());
    }

    public String managementIp() {
        return podIp(2);
    }

    public String managementMac() {
        return ipv4 ? Addressing.mac(managementIp()) : Addressing.mac6(managementIp6());
    }

    public String nodeIp() {
        return Addressing.nodeIp(index);
    }

    public String nodeMac() {
        return Addressing.nodeMac(index);
    }

    public String joinIp() {
        return Addressing.joinIp(index);
    }

    public String joinMac() {
        return ipv4 ? Addressing.mac(joinIp()) : Addressing.mac6(joinIp6());
    }

    public String transitIp() {
        return Addressing.transitIp(index);
    }

    public String transitMac() {
        return ipv4 ? Addressing.mac(transitIp()) : Addressing.mac6(transitIp6());
    }

    /** The node's first address: IPv4 unless the cluster is IPv6-only ({@code physical_ip}, {@code ip-address}). */
    public String primaryNodeIp() {
        return ipv4 ? nodeIp() : nodeIp6();
    }

    public String encapIp() {
        return Addressing.encapIp(index);
    }

    public String subnet6() {
        return Addressing.subnetCidr6(index);
    }

    public String gatewayIp6() {
        return Addressing.subnetPrefix6(index) + "1";
    }

    public String managementIp6() {
        return Addressing.subnetPrefix6(index) + "2";
    }

    public String nodeIp6() {
        return Addressing.nodeIp6(index);
    }

    public String joinIp6() {
        return Addressing.joinIp6(index);
    }

    public String transitIp6() {
        return Addressing.transitIp6(index);
    }

    /** ovn-kubernetes' node id ({@code k8s.ovn.org/node-id}); also the transit port's tunnel key. */
    public int nodeId() {
        return index + 2;
    }
}
