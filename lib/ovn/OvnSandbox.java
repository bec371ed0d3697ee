package ovntrace.ovn;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import ovntrace.topology.NodeSpec;
import ovntrace.topology.PodSpec;
import ovntrace.topology.Topology;

/**
 * Starts and stops the OVN part of a sandbox: every zone's control plane with its logical network, every node's
 * data plane, and waits until every pod's port is bound to its chassis. Knows nothing about Kubernetes; the
 * emulated API server is started by the caller and recorded in the same registry.
 */
public final class OvnSandbox {

    private static final long BIND_TIMEOUT_MILLIS = 60_000;

    private OvnSandbox() {}

    /**
     * Brings the OVN control and data planes up from {@code root} (the host's packages or a separate root file
     * system, which must exist: {@link RootBuilder}); {@code progress} receives one short line per phase.
     */
    public static void start(Topology topology, SandboxLayout layout, OvnRoot root, Consumer<String> progress)
            throws SandboxException {
        Registry registry = layout.registry();
        List<Zone> zones = layout.zones(topology);
        OvnTools tools = new OvnTools(root);
        Map<String, Long> pid1 = new HashMap<>();
        for (NodeSpec node : topology.nodes()) {
            pid1.put(node.name(), NodeNamespace.start(layout, topology, node, registry, root));
            tools.enterThrough(pid1.get(node.name()));
        }
        for (Zone zone : zones) {
            progress.accept("starting OVN databases and northd of zone " + zone.name());
            // In interconnect mode the zone's databases and northd run on (in the ovnkube-node pod of) its node.
            ZoneControl.start(tools, zone, registry, zone.interconnect() ? pid1.get(zone.name()) : 0);
            ZoneControl.build(tools, topology, zone);
        }
        for (Zone zone : zones) {
            for (NodeSpec node : zone.nodes()) {
                progress.accept("starting ovsdb-server, ovs-vswitchd and ovn-controller on " + node.name());
                NodeStack.start(tools, layout, topology, zone, node, registry, pid1.get(node.name()));
            }
        }
        progress.accept("waiting until every pod port is bound");
        for (Zone zone : zones) {
            if (zone.interconnect()) {
                ZoneControl.bindRemoteTransitPorts(tools, topology, zone);
            }
            LearntMacBindings.learnGatewayMacs(tools, topology, zone);
        }
        for (Zone zone : zones) {
            ZoneControl.syncChassis(tools, topology, zone);
        }
        waitForBindings(tools, topology, layout);
        for (NodeSpec node : topology.nodes()) {
            PodRunDir.create(layout, layout.zoneOf(topology, node.name()), node.name());
        }
    }

    /**
     * Polls each zone's southbound database for its bound logical ports, one query a zone and round (not one a pod:
     * with thousands of pods, a query a pod made this wait quadratic), until every pod's port is bound, a UDN pod's
     * port on its network too. The deadline grows with the number of pods, since ovn-controller binds them in batches
     * as it catches up.
     */
    private static void waitForBindings(OvnTools tools, Topology topology, SandboxLayout layout)
            throws SandboxException {
        long timeout = BIND_TIMEOUT_MILLIS + 20L * topology.ovnPods().size();
        long deadline = System.currentTimeMillis() + timeout;
        Map<Zone, List<Port>> pending = new LinkedHashMap<>();
        for (PodSpec p : topology.ovnPods()) {
            pending.computeIfAbsent(layout.zoneOf(topology, p.node()), z -> new ArrayList<>())
                    .add(new Port(p.logicalPort(), p.node()));
        }
        for (ovntrace.topology.UdnPod p : topology.udnPods()) {
            pending.get(layout.zoneOf(topology, p.pod().node())).add(new Port(p.logicalPort(), p.pod().node()));
        }
        while (!pending.isEmpty()) {
            for (Iterator<Map.Entry<Zone, List<Port>>> it = pending.entrySet().iterator(); it.hasNext(); ) {
                Map.Entry<Zone, List<Port>> e = it.next();
                Set<String> bound = boundPorts(tools, e.getKey());
                e.getValue().removeIf(p -> bound.contains(p.name()));
                if (e.getValue().isEmpty()) it.remove();
            }
            if (pending.isEmpty()) return;
            if (System.currentTimeMillis() > deadline) {
                Port p = pending.values().iterator().next().get(0);
                throw new SandboxException(SandboxException.FAILED, "port " + p.name() + " was not bound to "
                        + p.node() + " within " + timeout / 1000 + " s (log: "
                        + layout.nodeDir(p.node()).resolve("ovn-controller.log") + ")");
            }
            ProcessTable.sleep(200);
        }
    }

    /** A logical port to wait for and the node it must be bound to. */
    private record Port(String name, String node) {}

    /** The logical ports of {@code zone}'s southbound database that have a chassis. */
    private static Set<String> boundPorts(OvnTools tools, Zone zone) throws SandboxException {
        String csv = ZoneControl.sbctl(tools, zone, List.of("--format=csv", "--data=bare", "--no-headings",
                "--columns=logical_port,chassis", "list", "port_binding"));
        Set<String> bound = new HashSet<>();
        for (String line : csv.split("\n")) {
            int comma = line.indexOf(',');
            if (comma > 0 && comma < line.length() - 1) bound.add(line.substring(0, comma));
        }
        return bound;
    }

    /**
     * Stops every recorded process (reverse start order, SIGTERM then SIGKILL after 5 s) and deletes the sandbox
     * directory. Returns the labels of processes that would not die (normally none).
     */
    public static List<String> stop(SandboxLayout layout) throws SandboxException {
        List<Registry.Entry> survivors;
        try {
            survivors = ProcessTable.stop(layout.registry().read());
        } catch (IOException e) {
            throw new SandboxException(SandboxException.FAILED, "cannot read " + layout.registry().file() + ": "
                    + e.getMessage(), e);
        }
        if (survivors.isEmpty()) {
            deleteTree(layout.base());
        }
        return survivors.stream().map(e -> e.label() + " (pid " + e.pid() + ")").toList();
    }

    /** Removes a sandbox directory whose processes are all gone (only if a sandbox made it). */
    public static void removeFiles(SandboxLayout layout) throws SandboxException {
        if (Files.exists(layout.marker())) {
            deleteTree(layout.base());
        }
    }

    static void deleteTree(Path dir) throws SandboxException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new SandboxException(SandboxException.FAILED, "cannot remove " + dir + ": " + e.getMessage(), e);
        }
    }
}
