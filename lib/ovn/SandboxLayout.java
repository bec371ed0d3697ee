package ovntrace.ovn;

import java.nio.file.Path;
import java.util.List;
import ovntrace.lib.cluster.ClusterMode;
import ovntrace.topology.NodeSpec;
import ovntrace.topology.Topology;

/**
 * Where everything of one sandbox lives, under a single base directory: zone control planes
 * ({@code zones/<node>/} or {@code central/}, each with {@code nb/}, {@code sb/}, {@code northd/}), node stacks
 * ({@code nodes/<node>/}: Open_vSwitch database, ovs-vswitchd, ovn-controller), the per-node directory mounted
 * at {@code /var/run/ovn} inside node pods ({@code podrun/<node>/}), the process registry, the effective
 * topology, the API server's files (its request log), the fault switches ({@code faults/}) and the kubeconfig.
 */
public record SandboxLayout(Path base) {

    /** Short on purpose: unix socket paths must fit in 108 bytes. */
    public static final Path DEFAULT_BASE = Path.of("/run/ovntrace-sandbox");
    private static final int SUN_PATH_MAX = 107;
    /** The longest socket name a daemon creates below its directory (pid up to 7 digits). */
    private static final String LONGEST_SOCKET = "/ovn-controller.4194304.ctl";

    public SandboxLayout {
        base = base.toAbsolutePath().normalize();
    }

    /** Present in every directory a sandbox created, so that nothing else is ever deleted. */
    public Path marker() {
        return base.resolve(".ovntrace-sandbox");
    }

    public Registry registry() {
        return new Registry(base.resolve("processes"));
    }

    public Path topologyFile() {
        return base.resolve("topology.yaml");
    }

    public Path stateFile() {
        return base.resolve("sandbox.properties");
    }

    /** Which OVN the sandbox runs: {@link OvnRoot#write}. */
    public Path ovnRootFile() {
        return base.resolve("ovn-root");
    }

    public Path kubeconfig() {
        return base.resolve("kubeconfig");
    }

    public Path apiDir() {
        return base.resolve("api");
    }

    /** Written by the API server process once it listens: its port. */
    public Path apiPortFile() {
        return apiDir().resolve("port");
    }

    public Path apiLog() {
        return apiDir().resolve("api-server.log");
    }

    /** Every request the API server served after seeding, one {@code VERB RESOURCE NAMESPACE NAME SUBRESOURCE} a line. */
    public Path requestLog() {
        return apiDir().resolve("requests.log");
    }

    /** The fault switches, one file each ({@code ovntrace.kubesim.Fault}); absent files are off. */
    public Path faultsDir() {
        return base.resolve("faults");
    }

    /** Directories of links to every tool but the hidden ones, used as {@code PATH} in exec under a fault. */
    public Path restrictedPathsDir() {
        return apiDir().resolve("restricted-path");
    }

    public Path nodeDir(String node) {
        return base.resolve("nodes").resolve(node);
    }

    /** Mounted at {@code /var/run/ovn} in the node's pods: links to its zone's NB/SB sockets. */
    public Path podRunDir(String node) {
        return base.resolve("podrun").resolve(node);
    }

    public List<Zone> zones(Topology topology) {
        if (topology.mode() == ClusterMode.CENTRAL) {
            return List.of(new Zone("central", base.resolve("central"), topology.nodes(), false));
        }
        return topology.nodes().stream()
                .map(n -> new Zone(n.name(), base.resolve("zones").resolve(n.name()), List.of(n), true)).toList();
    }

    public Zone zoneOf(Topology topology, String node) {
        return zones(topology).stream().filter(z -> z.serves(node)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no node " + node));
    }

    /** Refuses a base directory so deep that some daemon's control socket would not fit in {@code sun_path}. */
    public void checkSocketPaths(Topology topology) throws SandboxException {
        for (NodeSpec n : topology.nodes()) {
            for (Path dir : List.of(nodeDir(n.name()), zoneOf(topology, n.name()).northdDir())) {
                int length = (dir + LONGEST_SOCKET).getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
                if (length > SUN_PATH_MAX) {
                    throw new SandboxException(SandboxException.USAGE, "the sandbox directory " + base
                            + " is too deep: socket paths such as " + dir + LONGEST_SOCKET + " would exceed "
                            + SUN_PATH_MAX + " bytes; use a shorter --dir (the default is " + DEFAULT_BASE + ")");
                }
            }
        }
    }
}
