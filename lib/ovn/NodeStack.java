package ovntrace.ovn;

import static ovntrace.ovn.NbTxn.kv;
import static ovntrace.ovn.NbTxn.q;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import ovntrace.topology.NodeSpec;
import ovntrace.topology.PodSpec;
import ovntrace.topology.Topology;
import ovntrace.topology.UdnPod;
import ovntrace.topology.UdnSpec;

/**
 * One node's data plane: its Open_vSwitch database, ovs-vswitchd on the dummy datapath and ovn-controller, with
 * br-int, breth0 (a dummy NIC eth0 and two of ovnkube-node's flows), the management port ovn-k8s-mp0 and one
 * dummy interface per pod named and tagged as the CNI plugin would.
 */
final class NodeStack {

    private NodeStack() {}

    /** Starts the node's daemons inside its namespaces (PID 1: {@code pid1}). */
    static void start(OvnTools tools, SandboxLayout layout, Topology topology, Zone zone, NodeSpec node,
                      Registry registry, long pid1) throws SandboxException {
        Path dir = layout.nodeDir(node.name());
        String db = "unix:" + dir.resolve("db.sock");
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new SandboxException(SandboxException.FAILED, "cannot create " + dir + ": " + e.getMessage(), e);
        }
        Commands.check(tools.argv("ovsdb-tool", List.of("create", dir.resolve("conf.db").toString(),
                "/usr/share/openvswitch/vswitch.ovsschema")));
        Daemons.start(tools, registry, "ovsdb-server@" + node.name(), dir, "ovsdb-server",
                List.of("--remote=punix:" + dir.resolve("db.sock"), dir.resolve("conf.db").toString()), pid1);
        // Initialise before vswitchd starts, or ctl calls can hang waiting for it.
        vsctl(tools, db, List.of("--no-wait", "init"));
        Daemons.start(tools, registry, "ovs-vswitchd@" + node.name(), dir, "ovs-vswitchd",
                List.of("--enable-dummy=system", "--disable-system", db), pid1);
        vsctl(tools, db, bridges(node, zone, topology));
        String breth0 = "unix:" + dir.resolve(OvnNames.EXTERNAL_BRIDGE + ".mgmt");
        Commands.check(tools.argv("ovs-ofctl", List.of("add-flow", breth0, "priority=10,in_port=LOCAL,actions=output:eth0")));
        Commands.check(tools.argv("ovs-ofctl", List.of("add-flow", breth0,
                "priority=10,in_port=eth0,dl_dst=" + node.nodeMac() + ",actions=output:LOCAL")));
        // The userspace datapath would print "output to native tunnel"; a kernel node prints "kernel tunnel".
        Commands.check(tools.argv("ovs-appctl", List.of("-t", dir.resolve("ovs-vswitchd.ctl").toString(),
                "dpif/set-dp-features", "br-int", "tnl_push_pop", "false")));
        Daemons.start(tools, registry, "ovn-controller@" + node.name(), dir, "ovn-controller", List.of(db), pid1);
    }

    private static List<String> bridges(NodeSpec node, Zone zone, Topology topology) {
        List<String> a = new ArrayList<>(List.of("--", "set", "open_vswitch", ".",
                kv("external_ids", "system-id", node.name()), kv("external_ids", "hostname", node.name()),
                kv("external_ids", "ovn-remote", zone.sbRemote()),
                kv("external_ids", "ovn-remote-probe-interval", "0"),
                kv("external_ids", "ovn-openflow-probe-interval", "0"),
                // ovn-controller installs its flows in one OpenFlow bundle; at 10,000 pods on a busy machine computing
                // them takes longer than the default 10 s bundle idle timeout, the bundle is dropped, ovn-controller
                // reconnects and recomputes everything again: a loop that never binds (seen with 10 nodes x 1,000 pods)
                kv("other_config", "bundle-idle-timeout", "3600"),
                kv("external_ids", "ovn-encap-type", "geneve"), kv("external_ids", "ovn-encap-ip", node.encapIp()),
                kv("external_ids", "ovn-bridge-mappings", OvnNames.PHYSNET + ":" + OvnNames.EXTERNAL_BRIDGE),
                kv("external_ids", "ovn-monitor-all", "true"),
                // Without it ovn-controller builds no tunnels to other zones' (remote) chassis.
                kv("external_ids", "ovn-is-interconn", Boolean.toString(zone.interconnect())),
                "--", "--may-exist", "add-br", "br-int",
                "--", "set", "bridge", "br-int", "fail-mode=secure", kv("other_config", "disable-in-band", "true"),
                "--", "--may-exist", "add-br", OvnNames.EXTERNAL_BRIDGE,
                "--", "set", "bridge", OvnNames.EXTERNAL_BRIDGE, kv("other_config", "hwaddr", node.nodeMac()),
                // type=dummy explicitly, so that the host's real eth0 is never touched.
                "--", "--may-exist", "add-port", OvnNames.EXTERNAL_BRIDGE, "eth0",
                "--", "set", "interface", "eth0", "type=dummy", "ofport_request=1",
                "--", "--may-exist", "add-port", "br-int", "ovn-k8s-mp0",
                "--", "set", "interface", "ovn-k8s-mp0", "type=internal", "mac=" + q(node.managementMac()),
                kv("external_ids", "iface-id", OvnNames.managementPort(node.name()))));
        for (PodSpec p : topology.ovnPodsOn(node.name())) {
            String iface = p.hostInterface();
            a.addAll(List.of("--", "--may-exist", "add-port", "br-int", iface,
                    "--", "set", "interface", iface, kv("external_ids", "iface-id", p.logicalPort()),
                    kv("external_ids", "iface-id-ver", p.uid()), kv("external_ids", "ip_addresses", ipAddresses(p, node)),
                    kv("external_ids", "attached_mac", p.mac()), kv("external_ids", "sandbox", p.sandboxId())));
        }
        udnPorts(a, node, topology);
        return a;
    }

    /**
     * A primary UDN's side of the node: its management port {@code ovn-k8s-mp<id>} (node/managementport:
     * iface-id {@code k8s-<prefix><node>}, MAC of the .2 address) for every network, and each local UDN pod's
     * second interface, iface-id its port on the network. As the CNI plugs it (pkg/cni/helper_linux.go setupInterface
     * and ConfigureOVS): host name {@code <sandbox id>[:13]_<index of ovn-udn1 in the pod>} (3: after lo and eth0),
     * external_ids also {@code k8s.ovn.org/network}, {@code k8s.ovn.org/nad} and {@code pod-if-name}.
     */
    private static void udnPorts(List<String> a, NodeSpec node, Topology topology) {
        for (UdnSpec u : topology.udns()) {
            String mp = u.managementInterface();
            String mac = ovntrace.topology.Addressing.mac(u.managementIp(node.index()));
            a.addAll(List.of("--", "--may-exist", "add-port", "br-int", mp, "--", "set", "interface", mp,
                    "type=internal", "mac=" + q(mac), kv("external_ids", "iface-id", new UdnNames(u).managementPort(node.name()))));
        }
        for (UdnPod p : topology.udnPods()) {
            if (!p.pod().node().equals(node.name())) {
                continue;
            }
            String iface = p.pod().sandboxId().substring(0, 13) + "_3";
            a.addAll(List.of("--", "--may-exist", "add-port", "br-int", iface,
                    "--", "set", "interface", iface, kv("external_ids", "iface-id", p.logicalPort()),
                    kv("external_ids", "iface-id-ver", p.pod().uid()),
                    kv("external_ids", "ip_addresses", p.ip() + "/" + p.network().nodePrefix()),
                    kv("external_ids", "attached_mac", p.mac()), kv("external_ids", "sandbox", p.pod().sandboxId()),
                    kv("external_ids", UdnNames.KEY_NETWORK, p.network().networkName()),
                    kv("external_ids", UdnNames.KEY_NAD, p.network().nadName(p.pod().namespace())),
                    kv("external_ids", "pod-if-name", "ovn-udn1")));
        }
    }

    /** The CNI's {@code ip_addresses}: each address with its subnet's length, comma-separated, IPv4 first. */
    private static String ipAddresses(PodSpec p, NodeSpec node) {
        return p.ips().stream().map(node::withSubnetLength).collect(java.util.stream.Collectors.joining(","));
    }

    static String vsctl(OvnTools tools, String db, List<String> args) throws SandboxException {
        List<String> all = new ArrayList<>(List.of("--db=" + db, "--timeout=30"));
        all.addAll(args);
        return Commands.check(tools.argv("ovs-vsctl", all), Map.of(), Duration.ofSeconds(60));
    }
}
