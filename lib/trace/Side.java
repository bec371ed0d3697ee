package ovntrace.lib.trace;

import ovntrace.lib.cluster.AddressFamily;
import ovntrace.lib.cluster.ClusterMode;
import ovntrace.lib.cluster.Fact;
import ovntrace.lib.cluster.NodeFacts;
import ovntrace.lib.cluster.PodInfo;
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
        return hostNetwork() ? PortNames.management(nodeName()) : pod.ref().logicalPort();
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
                iface.orElse(""), ofport.orElse(""));
    }
}
