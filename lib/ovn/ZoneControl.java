package ovntrace.ovn;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import ovntrace.topology.NodeSpec;
import ovntrace.topology.Topology;
import ovntrace.topology.UdnPod;
import ovntrace.topology.UdnSpec;

/** A zone's control plane: NB and SB ovsdb-servers, ovn-northd, and the NB/SB content of the zone. */
final class ZoneControl {

    private static final Duration CTL_TIMEOUT = Duration.ofSeconds(90);

    private ZoneControl() {}

    /** Starts the zone's daemons in the PID namespace of {@code pid1} (0: on the host, as for central mode). */
    static void start(OvnTools tools, Zone zone, Registry registry, long pid1) throws SandboxException {
        database(tools, zone, registry, "nb", zone.nbDir(), "/usr/share/ovn/ovn-nb.ovsschema", "ovnnb_db", pid1);
        database(tools, zone, registry, "sb", zone.sbDir(), "/usr/share/ovn/ovn-sb.ovsschema", "ovnsb_db", pid1);
        nbctl(tools, zone, List.of("init"));
        sbctl(tools, zone, List.of("init"));
        Daemons.start(tools, registry, "ovn-northd@" + zone.name(), zone.northdDir(), "ovn-northd",
                List.of("--ovnnb-db=" + zone.nbRemote(), "--ovnsb-db=" + zone.sbRemote()), pid1);
    }

    private static void database(OvnTools tools, Zone zone, Registry registry, String kind, Path dir, String schema, String file,
                                 long pid1) throws SandboxException {
        Path db = dir.resolve(file + ".db");
        try {
            Files.createDirectories(dir);
        } catch (java.io.IOException e) {
            throw new SandboxException(SandboxException.FAILED, "cannot create " + dir + ": " + e.getMessage(), e);
        }
        Commands.check(tools.argv("ovsdb-tool", List.of("create", db.toString(), schema)));
        Daemons.start(tools, registry, kind + "-ovsdb@" + zone.name(), dir, "ovsdb-server",
                List.of("--remote=punix:" + dir.resolve(file + ".sock"), db.toString()), pid1);
    }

    /** What one ovn-nbctl command line may hold here: half of Linux's 2 MiB for arguments and environment. */
    static final int MAX_COMMAND_LINE_BYTES = 1 << 20;

    /** Builds the zone's logical network (and, in interconnect mode, the other zones' chassis in its SB). */
    static void build(OvnTools tools, Topology topology, Zone zone) throws SandboxException {
        for (NbTxn txn : LogicalTopology.forZone(topology, zone, tools.root().version())) {
            try {
                for (List<String> part : txn.parts(MAX_COMMAND_LINE_BYTES)) nbctl(tools, zone, part);
            } catch (SandboxException e) {
                throw new SandboxException(e.exitCode(), "building " + txn.what() + ": " + e.getMessage(), e);
            }
        }
        if (zone.interconnect()) {
            List<String> sb = new ArrayList<>();
            for (NodeSpec m : topology.nodes()) {
                if (!zone.serves(m.name())) {
                    // As ovnkube-controller does for nodes of other zones (gotcha: no tunnels without it).
                    sb.addAll(List.of("--", "chassis-add", m.name(), "geneve", m.encapIp(),
                            "--", "set", "chassis", m.name(), "hostname=" + NbTxn.q(m.name()),
                            NbTxn.kv("other_config", "is-remote", "true")));
                }
            }
            if (!sb.isEmpty()) {
                sbctl(tools, zone, sb);
            }
        }
    }

    /**
     * OVN 23.03's northd leaves Port_Binding.chassis empty for remote ports (ovn-ic's job there), so ovn-controller
     * finds no tunnel for them; bind them to their chassis as newer northd does.
     */
    static void bindRemoteTransitPorts(OvnTools tools, Topology topology, Zone zone) throws SandboxException {
        syncNorthd(tools, topology, zone);
        List<String> sb = new ArrayList<>();
        for (NodeSpec m : topology.nodes()) {
            if (!zone.serves(m.name())) {
                String chassis = sbctl(tools, zone, List.of("--bare", "--columns=_uuid", "find", "chassis",
                        "name=" + NbTxn.q(m.name()))).strip();
                sb.addAll(List.of("--", "set", "port_binding", OvnNames.transitSwitchPort(m.name()), "chassis=" + chassis));
                // the same for each user-defined network's remote ports towards that node (UdnTopology.remoteNode,
                // and on layer2 the remote pods' ports): without a chassis the packet is dropped before the tunnel
                for (UdnSpec u : topology.udns()) {
                    UdnNames names = new UdnNames(u);
                    String port = u.topology() == UdnSpec.Layer.LAYER3 ? names.transitToRouter(m.name()) : names.remoteGatewayPort(m.name());
                    sb.addAll(List.of("--", "set", "port_binding", port, "chassis=" + chassis));
                }
                for (UdnPod p : topology.udnPods()) {
                    if (p.network().topology() == UdnSpec.Layer.LAYER2 && p.pod().node().equals(m.name())) {
                        sb.addAll(List.of("--", "set", "port_binding", p.logicalPort(), "chassis=" + chassis));
                    }
                }
            }
        }
        if (!sb.isEmpty()) {
            sbctl(tools, zone, sb);
        }
    }

    static String nbctl(OvnTools tools, Zone zone, List<String> args) throws SandboxException {
        return ctl(tools, "ovn-nbctl", zone.nbRemote(), args);
    }

    static String sbctl(OvnTools tools, Zone zone, List<String> args) throws SandboxException {
        return ctl(tools, "ovn-sbctl", zone.sbRemote(), args);
    }

    private static String ctl(OvnTools tools, String program, String db, List<String> args) throws SandboxException {
        return ctl(tools, program, db, args, Duration.ofSeconds(60));
    }

    /**
     * Waits until every chassis of {@code zone} has caught up with the northbound database, asking them once and
     * again only when none moves (see {@link ChassisSync}). Bounded by the size of the topology: with thousands of
     * pods on a loaded machine the ovn-controllers take minutes, not seconds.
     */
    static void syncChassis(OvnTools tools, Topology topology, Zone zone) throws SandboxException {
        Set<String> chassis = zone.nodes().stream().map(NodeSpec::name).collect(Collectors.toSet());
        Duration bound = syncBound(topology);
        Duration stall = ChassisSync.stallLimit(topology.pods().size());
        long deadline = System.nanoTime() + bound.toNanos();
        ChassisSync sync = ChassisSync.waitingFor(bumpNbCfg(tools, topology, zone), System.nanoTime());
        while (true) {
            long now = System.nanoTime();
            sync = sync.observe(ChassisSync.parseReports(sbctl(tools, zone, List.of("--format=csv", "--data=bare",
                    "--no-headings", "--columns=name,nb_cfg", "list", "Chassis_Private"))), now);
            switch (sync.next(chassis, now, stall)) {
                case DONE -> { return; }
                case BUMP -> sync = ChassisSync.waitingFor(bumpNbCfg(tools, topology, zone), now);
                case WAIT -> { }
            }
            if (now > deadline) {
                throw new SandboxException(SandboxException.FAILED, "the chassis of zone " + zone.name()
                        + " did not catch up with the northbound database within " + bound.toSeconds() + " s: "
                        + sync.behind(chassis));
            }
            ProcessTable.sleep(200);
        }
    }

    /** Asks for a new configuration sequence number, once northd has passed it on; returns it. */
    private static long bumpNbCfg(OvnTools tools, Topology topology, Zone zone) throws SandboxException {
        syncNorthd(tools, topology, zone);
        String cfg = nbctl(tools, zone, List.of("get", "NB_Global", ".", "nb_cfg")).trim();
        try {
            return Long.parseLong(cfg);
        } catch (NumberFormatException e) {
            throw new SandboxException(SandboxException.FAILED, "NB_Global nb_cfg of zone " + zone.name()
                    + " is not a number: " + cfg, e);
        }
    }

    /** Waits until northd has compiled the northbound database into the southbound one; bounded as above. */
    static void syncNorthd(OvnTools tools, Topology topology, Zone zone) throws SandboxException {
        ctl(tools, "ovn-nbctl", zone.nbRemote(), List.of("--wait=sb", "sync"), syncBound(topology));
    }

    private static Duration syncBound(Topology topology) {
        return Duration.ofSeconds(60 + topology.pods().size() / 10);
    }

    private static String ctl(OvnTools tools, String program, String db, List<String> args, Duration timeout)
            throws SandboxException {
        List<String> all = new ArrayList<>(List.of("--db=" + db, "--timeout=" + timeout.toSeconds()));
        all.addAll(args);
        return Commands.check(tools.argv(program, all), Map.of(), timeout.plus(CTL_TIMEOUT.minusSeconds(60)));
    }
}
