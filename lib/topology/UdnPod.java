package ovntrace.topology;

/**
 * A pod whose primary network is a user-defined network: its default-network pod (which keeps its
 * infrastructure-locked default port and address), the network, its address on it and, on a layer2 network, the
 * tunnel key cluster-manager gives its port. Addresses follow ovn-kubernetes' allocator: from .3 of the node's
 * subnet (layer3) or of the network's subnet (layer2), in file order.
 */
public record UdnPod(PodSpec pod, UdnSpec network, String ip, int tunnelKey) {

    /** The pod's logical switch port and OVS iface-id on the network. */
    public String logicalPort() {
        return network.podPort(pod.namespace(), pod.name());
    }

    public String mac() {
        return Addressing.mac(ip);
    }
}
