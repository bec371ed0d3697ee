package ovntrace.lib.cluster;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import ovntrace.lib.cluster.PodExec.ExecResult;
import ovntrace.lib.cluster.PodExec.ExecTarget;

/**
 * Upstream's per-node lookups (ovnkube process probe, router-port MACs, management port, pod interfaces, external
 * bridge, ovn-detrace check) as one batch for one exec. The database commands are written for the access the node
 * annotations suggest; if the probe reveals other addresses, {@link #redo} names the commands to run again.
 *
 * <p>Offline ({@link NodeAccess#DATABASES_ONLY}) only the Southbound lookups run: there is no process to probe, no
 * Open vSwitch to ask, and ovn-detrace has no ofproto/trace output to read. The management port's MAC, which a
 * host-network pod's ovn-trace needs, comes from its Port_Binding instead of its OVS interface; the facts only Open
 * vSwitch knows are missing for {@link NodeAccess#NOT_OFFLINE}.
 */
public final class NodeLookup {

    public static final String PROBE = "probe", RTOS = "rtos", RTOTS = "rtots", PHYSNET = "physnet",
            MP0_OFPORT = "mp0-ofport", MP0_MAC = "mp0-mac", DETRACE = "detrace", NB = "nb", IFACE = "iface ",
            ENCAP_IP = "encap-ip", TUNNEL_PORTS = "tunnel-ports";

    /**
     * What to look up on one node: the router ports of {@code network} (the network of the node's traced pods), and
     * each pod's OVS interface by its iface-id on its network ({@code ports}; a pod not in it has its default one).
     */
    public record Request(String node, ExecTarget where, Map<String, String> annotations, List<PodRef> pods,
                          boolean hostNetworkPod, boolean detrace, ClusterMode modeOverride, PodNetwork network,
                          Map<PodRef, String> ports) {

        /** A node whose traced pods are on the default network. */
        public Request(String node, ExecTarget where, Map<String, String> annotations, List<PodRef> pods,
                       boolean hostNetworkPod, boolean detrace, ClusterMode modeOverride) {
            this(node, where, annotations, pods, hostNetworkPod, detrace, modeOverride, PodNetwork.DEFAULT, Map.of());
        }

        public Request {
            ports = Map.copyOf(ports);
        }

        /** The pod's iface-id: its logical port on its network. */
        public String port(PodRef pod) {
            return ports.getOrDefault(pod, pod.logicalPort());
        }

        /** Only a layer3 UDN and the default network have a transit switch of their own; a layer2 switch is its own. */
        boolean transitRouterPort(DbAccess db) {
            return db.mode() == ClusterMode.IC && !network.layer2();
        }
    }

    private NodeLookup() {}

    /** The first guess of how this node's commands reach the databases, before the probe has run. */
    public static DbAccess guess(Request r) {
        return DbAccess.decide(ProcessProbe.notFound(), r.annotations().get(Annotations.ZONE_NAME), r.node(), r.modeOverride());
    }

    /** Lookup commands by key, in upstream's order. */
    public static Map<String, String> commands(Request r, DbAccess db, boolean includeProbe) {
        return commands(r, db, includeProbe, NodeAccess.LIVE);
    }

    /** The same for what the exec reaches: offline the Southbound lookups only, never the probe. */
    public static Map<String, String> commands(Request r, DbAccess db, boolean includeProbe, NodeAccess access) {
        Map<String, String> c = new LinkedHashMap<>();
        if (access == NodeAccess.DATABASES_ONLY) {
            c.put(RTOS, LookupCommands.routerPortMac(db, r.network().routerToSwitch(r.node())));
            if (r.transitRouterPort(db)) c.put(RTOTS, LookupCommands.routerPortMac(db, r.network().routerToTransit(r.node())));
            if (r.hostNetworkPod()) c.put(MP0_MAC, LookupCommands.routerPortMac(db, PortNames.management(r.node())));
            c.put(PHYSNET, LookupCommands.physnetPorts(db));
            return c;
        }
        if (includeProbe) c.put(PROBE, ProcessProbe.COMMAND);
        c.put(RTOS, LookupCommands.routerPortMac(db, r.network().routerToSwitch(r.node())));
        if (r.transitRouterPort(db)) c.put(RTOTS, LookupCommands.routerPortMac(db, r.network().routerToTransit(r.node())));
        c.put(MP0_OFPORT, LookupCommands.MP0_OFPORT);
        if (r.hostNetworkPod()) c.put(MP0_MAC, LookupCommands.MP0_MAC);
        for (PodRef p : r.pods()) c.put(IFACE + r.port(p), LookupCommands.podInterface(r.port(p)));
        c.put(PHYSNET, LookupCommands.physnetPorts(db));
        c.put(ENCAP_IP, LookupCommands.ENCAP_IP);
        c.put(TUNNEL_PORTS, LookupCommands.TUNNEL_PORTS);
        if (r.detrace()) {
            c.put(DETRACE, LookupCommands.DETRACE_PRESENT);
            c.put(NB, LookupCommands.nbReachable(db));
        }
        return c;
    }

    /** The database commands that differ once the real access is known (empty when the guess was right). */
    public static Map<String, String> redo(Request r, DbAccess guessed, DbAccess actual) {
        Map<String, String> before = commands(r, guessed, false), after = commands(r, actual, false), out = new LinkedHashMap<>();
        after.forEach((k, v) -> {
            if (!v.equals(before.get(k))) out.put(k, v);
        });
        return out;
    }

    /** Facts from the outputs by key; a key without output yields a missing fact. */
    public static NodeFacts facts(Request r, DbAccess db, Map<String, ExecResult> out) {
        return facts(r, db, out, NodeAccess.LIVE);
    }

    /** The same from {@link #commands(Request, DbAccess, boolean, NodeAccess)}'s outputs for {@code access}. */
    public static NodeFacts facts(Request r, DbAccess db, Map<String, ExecResult> out, NodeAccess access) {
        boolean live = access == NodeAccess.LIVE;
        String problem = "";
        if (r.detrace() && live) {
            ExecResult nb = out.get(NB);
            if (out.get(DETRACE) == null) {
                problem = "could not check for ovn-detrace in pod " + r.where().pod() + ": the lookups there did not finish";
            } else if (!LookupParsers.detracePresent(out.get(DETRACE))) {
                problem = "ovn-detrace is not installed in pod " + r.where().pod() + " (container " + r.where().container() + ")";
            } else if (nb == null || !nb.ok()) {
                problem = "nbdb is not available \"" + (nb == null ? "" : nb.stderr().strip()) + "\"";
            }
        }
        Fact<String> rtots = r.transitRouterPort(db) ? LookupParsers.routerPortMac(out.get(RTOTS), r.network().routerToTransit(r.node()))
                : Fact.missing(db.mode() == ClusterMode.IC ? "a layer2 network's switch is its transit switch" : "no transit switch on a central cluster");
        // offline the management port's MAC is its logical port's, the one OVN itself matches on
        Fact<String> mp0Mac = !r.hostNetworkPod() ? Fact.missing("not looked up")
                : live ? LookupParsers.interfaceMac(out.get(MP0_MAC), PortNames.MGMT_PORT)
                : LookupParsers.routerPortMac(out.get(MP0_MAC), PortNames.management(r.node()));
        return new NodeFacts(r.node(), r.where(), db, Annotations.routingViaHost(r.node(), r.annotations()),
                LookupParsers.routerPortMac(out.get(RTOS), r.network().routerToSwitch(r.node())), rtots,
                live ? LookupParsers.ofport(out.get(MP0_OFPORT), PortNames.MGMT_PORT) : Fact.missing(NodeAccess.NOT_OFFLINE), mp0Mac,
                LookupParsers.externalBridge(out.get(PHYSNET), r.node()), Annotations.gateway(r.node(), r.annotations()),
                live ? LookupParsers.tunnels(out.get(ENCAP_IP), out.get(TUNNEL_PORTS)) : Fact.missing(NodeAccess.NOT_OFFLINE),
                problem, "", access);
    }

    /**
     * The facts of {@link #facts} before the lookups have run: each fact a lookup would give is the token of the
     * shell variable {@link #derive} reads it into ({@code <prefix>RTOS}, ...), the rest (annotations, the database
     * access guessed, ovn-detrace assumed there) as {@link #facts} has them. A plan made from these facts holds the
     * commands the node's own exec can run right after its lookups.
     */
    public static NodeFacts symbolic(Request r, DbAccess guess, String prefix) {
        Fact<String> rtots = r.transitRouterPort(guess) ? Fact.of(ShellVariables.token(prefix + "RTOTS"))
                : Fact.missing(guess.mode() == ClusterMode.IC ? "a layer2 network's switch is its transit switch" : "no transit switch on a central cluster");
        return new NodeFacts(r.node(), r.where(), guess, Annotations.routingViaHost(r.node(), r.annotations()),
                symbol(prefix, "RTOS"), rtots, symbol(prefix, "MP0OF"),
                r.hostNetworkPod() ? symbol(prefix, "MP0MAC") : Fact.missing("not looked up"), symbol(prefix, "BR"),
                Annotations.gateway(r.node(), r.annotations()), Fact.missing("not known before the lookups"), "", "", NodeAccess.LIVE);
    }

    /** The OVS interface of the {@code i}th pod of {@link Request#pods()}, as {@link #symbolic} facts. */
    public static Fact<LookupParsers.Iface> symbolicIface(String prefix, int i) {
        return Fact.of(new LookupParsers.Iface(ShellVariables.token(prefix + "IF" + i),
                ShellVariables.token(prefix + "OF" + i)));
    }

    private static Fact<String> symbol(String prefix, String name) {
        return Fact.of(ShellVariables.token(prefix + name));
    }

    /**
     * Shell code for the exec of {@link #commands}: sets the variables of {@link #symbolic} from the lookups' captured
     * outputs ({@code captured}: lookup key to the variable holding its stdout with the {@code x} the batch appends),
     * reading them as {@link LookupParsers} does for the usual answers. Where it reads one differently, the variable
     * simply differs from the fact and no command that used it is taken; the lookups' own results are unaffected.
     */
    public static String derive(Request r, String prefix, Map<String, String> captured) {
        StringBuilder s = new StringBuilder();
        for (String[] kv : new String[][] {{RTOS, "RTOS"}, {RTOTS, "RTOTS"}}) {
            String out = captured.get(kv[0]), v = prefix + kv[1];
            if (out != null) s.append("read -r ").append(v).append(" _ <<<\"${").append(out).append("%x}\";").append(v).append("=${").append(v).append(",,}\n");
        }
        if (captured.containsKey(MP0_OFPORT)) s.append("read -r ").append(prefix).append("MP0OF <<<\"${").append(captured.get(MP0_OFPORT)).append("%x}\"\n");
        if (captured.containsKey(MP0_MAC)) {
            String v = prefix + "MP0MAC";
            s.append("read -r ").append(v).append(" <<<\"${").append(captured.get(MP0_MAC)).append("%x}\";").append(v).append("=${").append(v)
                    .append("//\\\"/};").append(v).append("=${").append(v).append(",,}\n");
        }
        // node names are DNS names; anything else stays out of the script (and the bridge out of the commands)
        if (captured.containsKey(PHYSNET) && r.node().matches("[a-z0-9][a-z0-9.-]{0,252}")) {
            s.append(prefix).append("BR=;while read -r x;do [[ $x == ?*_").append(r.node()).append(" ]]&&{ ").append(prefix).append("BR=${x%_")
                    .append(r.node()).append("};break;};done <<<\"${").append(captured.get(PHYSNET)).append("%x}\"\n");
        }
        for (int i = 0; i < r.pods().size(); i++) {
            String key = IFACE + r.port(r.pods().get(i));
            if (!captured.containsKey(key)) continue;
            String f = prefix + "IF" + i, o = prefix + "OF" + i;
            s.append(f).append("=;").append(o).append("=;while IFS=: read -r k v;do k=${k// /};v=${v//[\\\" ]/};case $k in name)").append(f)
                    .append("=$v;;ofport)").append(o).append("=$v;;esac;done <<<\"${").append(captured.get(key)).append("%x}\"\n");
        }
        return s.toString();
    }

    public static Fact<LookupParsers.Iface> iface(Map<String, ExecResult> out, PodRef pod) {
        return iface(out, pod, NodeAccess.LIVE);
    }

    /** A pod's OVS interface: offline there is no Open vSwitch to ask. */
    public static Fact<LookupParsers.Iface> iface(Map<String, ExecResult> out, PodRef pod, NodeAccess access) {
        return iface(out, pod.logicalPort(), access);
    }

    /** The same by iface-id (a pod's logical port on its network). */
    public static Fact<LookupParsers.Iface> iface(Map<String, ExecResult> out, String ifaceId, NodeAccess access) {
        return access == NodeAccess.LIVE ? LookupParsers.podInterface(out.get(IFACE + ifaceId), ifaceId)
                : Fact.missing(NodeAccess.NOT_OFFLINE);
    }

    /** Keys in order, for matching batch items back to keys. */
    public static List<String> keys(Map<String, String> commands) {
        return new ArrayList<>(commands.keySet());
    }
}
