package ovntrace.topology;

import java.util.Map;

/**
 * A cluster node. {@code index} is its position in the topology and fixes every address it gets (see
 * {@link Addressing}). {@code networks} are the extra (user-defined) networks published in the node annotation
 * {@code k8s.ovn.org/network-ids}, name to network id; the default network (id 0) is implied.
 */
public record NodeSpec(String name, int index, Map<String, Integer> networks) {

    public NodeSpec {
        networks = Map.copyOf(networks);
    }

    public String subnet() {
        return Addressing.subnetCidr(index);
    }

    public String gatewayIp() {
        return Addressing.gatewayIp(index);
    }

    /** MAC of {@code rtos-<node>}, the cluster router's port on this node's switch. */
    public String gatewayMac() {
        return Addressing.mac(gatewayIp());
    }

    public String managementIp() {
        return Addressing.managementIp(index);
    }

    public String managementMac() {
        return Addressing.mac(managementIp());
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
        return Addressing.mac(joinIp());
    }

    public String transitIp() {
        return Addressing.transitIp(index);
    }

    public String transitMac() {
        return Addressing.mac(transitIp());
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
