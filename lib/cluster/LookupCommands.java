package ovntrace.lib.cluster;

/** Upstream's per-node lookup commands, as it runs them in the node's ovnkube pod. */
public final class LookupCommands {

    private LookupCommands() {}

    public static String routerPortMac(DbAccess db, String port) {
        return db.ovnSbctl() + " --bare --no-heading --column=mac list Port_Binding " + port;
    }

    public static String physnetPorts(DbAccess db) {
        return db.ovnSbctl() + " --bare --no-heading --column=logical_port find Port_Binding options:network_name=physnet";
    }

    public static String podInterface(PodRef pod) {
        return podInterface(pod.logicalPort());
    }

    /** By iface-id: a pod's logical port on its network (validated names only). */
    public static String podInterface(String ifaceId) {
        return "ovs-vsctl --columns name,ofport find interface external_ids:iface-id=" + ifaceId;
    }

    public static final String MP0_OFPORT = "ovs-vsctl get Interface ovn-k8s-mp0 ofport";
    public static final String MP0_MAC = "ovs-vsctl get Interface ovn-k8s-mp0 mac_in_use";
    public static final String DETRACE_PRESENT = "if type -p ovn-detrace >/dev/null 2>&1; then echo 'true' ; fi";

    public static String nbReachable(DbAccess db) {
        return db.ovnNbctl() + " get-connection";
    }

    /**
     * Not upstream: the node's Geneve tunnel ports and where each leads ({@code name,csum=true key=flow remote_ip=...}
     * per line), and the node's own tunnel address, so that a packet tunnelled here from another node can be traced
     * on this node's br-int from the port it arrives on.
     */
    public static final String TUNNEL_PORTS = "ovs-vsctl --format=csv --data=bare --no-headings --columns=name,options find interface type=geneve";
    public static final String ENCAP_IP = "ovs-vsctl --if-exists get open . external_ids:ovn-encap-ip";

    /** The VRF dump's only command (run once per node here; upstream runs it once per network). */
    public static final String IP_LINKS = "ip -j link";
}
