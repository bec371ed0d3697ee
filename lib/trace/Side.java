package ovntrace.lib.trace;

import ovntrace.lib.cluster.AddressFamily;
import ovntrace.lib.cluster.ClusterMode;
import ovntrace.lib.cluster.Fact;
import ovntrace.lib.cluster.NodeFacts;
import ovntrace.lib.cluster.PodInfo;
import ovntrace.lib.cluster.PodNetwork;
import ovntrace.lib.cluster.PortNames;

/**
 * One end of a pod trace with everything the command templates need: the pod, its node's facts, and the MAC, OVS
 * interface and ofport (for host-network pods: those of the management port, {@link PortNames#MGMT_PORT}).
 */
public record Side(PodInfo pod, NodeFacts node, Fact<String> mac, Fact<String> iface, Fact<String> ofport) {

    public String name() {
        return pod.ref().name();
    }

    public String nodeName() {
        return node.node();
    }

    public boolean hostNetwork() {
        return pod.hostNetwork();
    }

    public String ip() {
        return pod.ip();
    }

    public AddressFamily family() {
        return pod.family();
    }

    /** The logical port packets from this pod enter OVN on: its own, or the node's management port. */
    public String inport() {
        return hostNetwork() ? PortNames.management(nodeName()) : port();
    }

    /** The network this end is traced on. */
    public PodNetwork network() {
        return pod.network();
    }

    /** The pod's logical switch port on its network. */
    public String port() {
        return pod.logicalPort();
    }

    /** ovn-trace's datapath argument: the switch the pod is on ({@code <node>} on the default network). */
    public String datapath() {
        return network().nodeSwitch(nodeName());
    }

    /**
     * The Ethernet destination of a packet from this pod to {@code to}: its first hop, the router port's MAC; on a
     * layer2 network, between two pods of it, the other pod's own MAC (one subnet: the pod ARPs for the pod).
     */
    public String firstHopMac(Side to) {
        return onOneLayer2(to) ? to.mac().get() : node.rtosMac().get();
    }

    /** Both pods on the same layer2 network: one logical switch spanning the nodes, no router between them. */
    public boolean onOneLayer2(Side to) {
        return to != null && network().layer2() && !hostNetwork() && !to.hostNetwork() && network().sameNetwork(to.network());
    }

    /**
     * Where a packet from this pod's zone to {@code to} in another zone leaves it: the transit switch's port towards
     * {@code to}'s node; on a layer2 network the destination pod's own (remote) port on the network's switch.
     */
    public String exitTowards(Side to) {
        return onOneLayer2(to) ? to.port() : network().transitToRouter(to.nodeName());
    }

    /**
     * The second half of a trace into {@code to}'s zone: the port the packet enters there ({@code tstor-<node>}, or on
     * layer2 this pod's remote port on the switch) and its Ethernet destination (the cluster router's
     * {@code rtots-<node>}, or on layer2 the destination pod).
     */
    public String remoteInport(Side to) {
        return onOneLayer2(to) ? port() : network().transitToRouter(nodeName());
    }

    public String remoteEthDst(Side to) {
        return onOneLayer2(to) ? to.mac().get() : to.node().rtotsMac().get();
    }

    public boolean sameZone(Side other) {
        return node.db().sameZone(other.node.db());
    }

    public boolean sameNode(Side other) {
        return nodeName().equals(other.nodeName());
    }

    public Endpoint endpoint() {
        return new Endpoint(hostNetwork() ? Endpoint.Kind.HOST_NETWORK_POD : Endpoint.Kind.POD, pod.ref().namespace(),
                name(), nodeName(), node.db().mode() == ClusterMode.IC ? node.db().zone() : "", ip(), mac.orElse(""),
                iface.orElse(""), ofport.orElse(""), pod.primary().isDefault() ? "" : pod.primary().name(),
                pod.primary().isDefault() ? "" : pod.primary().topology().id());
    }
}
