package ovntrace.ovn;

import static ovntrace.ovn.NbTxn.kv;
import static ovntrace.ovn.NbTxn.q;

import java.util.ArrayList;
import java.util.List;
import ovntrace.topology.PodSpec;

/**
 * What keeps a primary user-defined network apart from the default network, in OVN, as ovn-kubernetes builds it
 * (github.com/ovn-org/ovn-kubernetes, go-controller/pkg/ovn/udn_isolation.go, DefaultNetworkController.setupUDNACLs).
 * A pod with a primary UDN still has a default-network port ({@code <namespace>_<pod>}, role
 * {@code infrastructure-locked} in its pod-networks annotation), kept for kubelet probes only: the port is in the
 * port group {@code SecondaryPods} (owner-type UDNIsolation), whose ACLs drop everything in both directions at
 * priority 1000 and allow, at 1001, ARP with the node's management port and connections from it (allow-related).
 * The ACLs have no name, so a trace shows them by their match and external_ids
 * ({@code k8s.ovn.org/name=DenySecondary}, {@code direction=Ingress|Egress}).
 *
 * <p>Between two UDNs, or from a UDN pod to a default-network pod's address, nothing in OVN drops the packet: each
 * network has its own routers, none has a route to the other's subnets, so the packet leaves through the network's
 * gateway router (SNAT to its masquerade address) to the host, where the node's nftables chain
 * {@code udn-isolation} (pkg/node/udn_isolation.go) and the routing tables of the network's VRF stop it.
 */
public final class UdnIsolation {

    private UdnIsolation() {}

    /**
     * The default network's side of the isolation (udn_isolation.go setupUDNACLs), once per zone for all UDNs:
     * port group {@code SecondaryPods} of the zone's pods that have a primary UDN (their default-network ports,
     * which must exist) and its five ACLs, matching the management port of the zone's last node as upstream's last
     * call leaves them.
     */
    public static NbTxn forZone(Zone zone, List<PodSpec> primaryUdnPods, UdnTopology.Features features) {
        NbTxn t = new NbTxn("UDN isolation in " + zone.name());
        String pg = UdnNames.secondaryPodsPortGroup();
        List<String> pgAdd = new ArrayList<>(List.of("pg-add", pg));
        primaryUdnPods.stream().filter(p -> zone.serves(p.node())).map(PodSpec::logicalPort).forEach(pgAdd::add);
        t.add(pgAdd.toArray(String[]::new)).add(UdnTopology.ids("port_group", pg,
                OvnNames.ids(UdnNames.ISOLATION_OWNER, UdnNames.secondaryPodsKeys())));
        String mgmtIp = zone.nodes().get(zone.nodes().size() - 1).managementIp();
        String in = "outport == @" + pg;
        String out = "inport == @" + pg;
        isolationAcl(t, features, "Egress", UdnNames.DENY_ACL, UdnNames.DENY_PRIORITY, out, "drop");
        isolationAcl(t, features, "Egress", UdnNames.ALLOW_ARP_ACL, UdnNames.ALLOW_PRIORITY,
                out + " && (( arp && arp.tpa == " + mgmtIp + " ))", "allow");
        isolationAcl(t, features, "Ingress", UdnNames.ALLOW_ARP_ACL, UdnNames.ALLOW_PRIORITY,
                in + " && (( arp && arp.spa == " + mgmtIp + " ))", "allow");
        isolationAcl(t, features, "Ingress", UdnNames.DENY_ACL, UdnNames.DENY_PRIORITY, in, "drop");
        isolationAcl(t, features, "Ingress", UdnNames.ALLOW_HOST_ACL, UdnNames.ALLOW_PRIORITY,
                in + " && (ip4.src==" + mgmtIp + ")", "allow-related");
        return t;
    }

    /** libovsdbutil.BuildACL with LportEgress/LportIngress: no name, no apply-after-lb, tier 2, not logged. */
    private static void isolationAcl(NbTxn t, UdnTopology.Features f, String direction, String name, int priority,
                                     String match, String action) {
        String id = "@" + name + direction;
        List<String> a = new ArrayList<>(List.of("--id=" + id, "create", "acl",
                "direction=" + (direction.equals("Egress") ? "from-lport" : "to-lport"), "priority=" + priority,
                "match=" + q(match), "action=" + action, "log=false"));
        if (f.aclTiers()) {
            a.add("tier=2");
        }
        OvnNames.ids(UdnNames.ISOLATION_OWNER, UdnNames.isolationAclKeys(name, direction))
                .forEach((k, v) -> a.add(kv("external_ids", k, v)));
        t.add(a.toArray(String[]::new)).add("add", "port_group", UdnNames.secondaryPodsPortGroup(), "acls", id);
    }
}
