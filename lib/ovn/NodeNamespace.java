package ovntrace.ovn;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import ovntrace.lib.ClusterMode;
import ovntrace.topology.NodeSpec;
import ovntrace.topology.Topology;

/**
 * A node's "host" as its ovnkube-node pod sees it (the pod runs with hostPID): a PID namespace holding the node's
 * daemons, a mount namespace with the node's run directories at {@code /var/run/ovn} and
 * {@code /var/run/openvswitch}, and a network namespace with links {@code ovn-k8s-mp<id>} for the node's
 * networks (what the VRF dump reads). Its PID 1 is a stand-in for the ovnkube process, with the command line the
 * mode's manifests give it, so {@code ps} inside shows what release-1.3 ovnkube-trace looks for.
 *
 * <p>Daemons run inside the PID namespace because OVS finds a daemon through its pidfile lock, which is only
 * visible from the same PID namespace: {@code ovs-appctl -t ovs-vswitchd} in the pod then works as on a node.
 */
public final class NodeNamespace {

    private static final String SETUP = String.join("\n",
            "mount --bind \"$1\" /var/run/ovn && mount --bind \"$2\" /var/run/openvswitch || exit 125",
            "for l in $4; do",
            "  ip link add \"$l\" type dummy 2>/dev/null || ip link add \"$l\" type ifb 2>/dev/null ||"
                    + " ip tuntap add \"$l\" mode tap 2>/dev/null || echo \"cannot create link $l\" >&2",
            "done",
            "ip link set lo up",
            // PID 1 ignores signals without a handler, so exit on TERM; IGNORE on CHLD reaps the daemons' parents.
            "exec perl -e '$0 = shift; $SIG{CHLD} = \"IGNORE\"; $SIG{TERM} = sub { exit 0 }; sleep' \"$3\"");

    private NodeNamespace() {}

    /** Starts the namespaces of {@code node}, records PID 1 and returns its (host) pid. */
    static long start(SandboxLayout layout, Topology topology, NodeSpec node, Registry registry) throws SandboxException {
        Path podRun = layout.podRunDir(node.name());
        String commandLine = ovnkubeCommandLine(topology.mode(), node);
        Path log = podRun.resolveSibling(node.name() + ".log");
        try {
            Files.createDirectories(podRun);
            Files.createDirectories(layout.nodeDir(node.name()));
            for (Path mountPoint : List.of(Path.of("/var/run/ovn"), Path.of("/var/run/openvswitch"))) {
                Files.createDirectories(mountPoint);
            }
            List<String> argv = List.of(Tools.path("setsid"), Tools.path("unshare"), "-p", "-f", "--mount-proc", "-m",
                    "-n", "--kill-child", Tools.path("bash"), "-c", SETUP, "ovnkube-node", podRun.toString(),
                    layout.nodeDir(node.name()).toString(), commandLine, String.join(" ", managementLinks(node)));
            Process p = new ProcessBuilder(argv).directory(new File("/"))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(log.toFile()).redirectErrorStream(true).start();
            long deadline = System.currentTimeMillis() + 10_000;
            OptionalLong pid1;
            while ((pid1 = findPid1(podRun, commandLine)).isEmpty()) {
                if (System.currentTimeMillis() > deadline || (!p.isAlive() && p.exitValue() != 0)) {
                    throw new SandboxException(SandboxException.FAILED, "the namespaces of node " + node.name()
                            + " did not come up: " + Commands.firstLine(Files.readString(log)) + " (log: " + log + ")");
                }
                ProcessTable.sleep(10);
            }
            // unshare waits for PID 1 and goes with it; recorded too, so that down waits until it is gone.
            long unshare = ProcessHandle.of(pid1.getAsLong()).flatMap(ProcessHandle::parent).map(ProcessHandle::pid)
                    .orElse(-1L);
            if (unshare > 0) {
                registry.append(new Registry.Entry(unshare, "unshare@" + node.name(), podRun.toString()));
            }
            registry.append(new Registry.Entry(pid1.getAsLong(), "node-namespaces@" + node.name(), commandLine));
            Files.writeString(pidFile(layout, node.name()), pid1.getAsLong() + "\n");
            return pid1.getAsLong();
        } catch (IOException e) {
            throw new SandboxException(SandboxException.FAILED, "cannot start the namespaces of node " + node.name()
                    + ": " + e.getMessage(), e);
        }
    }

    /** Host pid of PID 1 of {@code node}'s namespaces, as recorded at start. */
    public static long pid(SandboxLayout layout, String node) throws IOException {
        return Long.parseLong(Files.readString(pidFile(layout, node)).strip());
    }

    private static Path pidFile(SandboxLayout layout, String node) {
        return layout.podRunDir(node).resolveSibling(node + ".pid");
    }

    /** PID 1 is the process with our command line whose parent (unshare) names this node's pod run directory. */
    private static OptionalLong findPid1(Path podRun, String commandLine) {
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path proc : procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).toList()) {
                if (cmdline(proc).startsWith(commandLine)) {
                    long parent = ProcessHandle.of(Long.parseLong(proc.getFileName().toString()))
                            .flatMap(ProcessHandle::parent).map(ProcessHandle::pid).orElse(-1L);
                    if (cmdline(Path.of("/proc", Long.toString(parent))).contains(podRun.toString())) {
                        return OptionalLong.of(Long.parseLong(proc.getFileName().toString()));
                    }
                }
            }
        } catch (IOException e) {
            // /proc unreadable: keep waiting, the caller times out
        }
        return OptionalLong.empty();
    }

    static String cmdline(Path proc) {
        try {
            return new String(Files.readAllBytes(proc.resolve("cmdline")), StandardCharsets.UTF_8).replace('\0', ' ').strip();
        } catch (IOException e) {
            return "";
        }
    }

    /** The host pid of the process that is {@code nsPid} inside the PID namespace whose PID 1 is {@code pid1}. */
    static OptionalLong hostPid(long pid1, long nsPid) {
        String ns = readLink(Path.of("/proc", Long.toString(pid1), "ns", "pid"));
        List<Path> procs;
        try (Stream<Path> s = Files.list(Path.of("/proc"))) {
            procs = s.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).toList();
        } catch (IOException e) {
            return OptionalLong.empty();
        }
        for (Path proc : procs) {
            try {
                for (String line : Files.readAllLines(proc.resolve("status"))) {
                    if (line.startsWith("NSpid:")) {
                        String[] ids = line.substring(6).trim().split("\\s+");
                        if (ids.length > 1 && ids[ids.length - 1].equals(Long.toString(nsPid))
                                && ns.equals(readLink(proc.resolve("ns").resolve("pid")))) {
                            return OptionalLong.of(Long.parseLong(ids[0]));
                        }
                    }
                }
            } catch (IOException e) {
                // this process exited while we looked: not the one we want
            }
        }
        return OptionalLong.empty();
    }

    private static String readLink(Path link) {
        try {
            return Files.readSymbolicLink(link).toString();
        } catch (IOException e) {
            return "?" + link;
        }
    }

    /** {@code nsenter} into {@code pid1}'s namespaces: PID only (daemons) or PID, mount and network (pod commands). */
    static List<String> nsenter(long pid1, boolean podView) {
        List<String> argv = new ArrayList<>(List.of(Tools.path("nsenter"), "-t", Long.toString(pid1), "-p"));
        if (podView) {
            argv.addAll(List.of("-m", "-n"));
        }
        argv.add("--");
        return argv;
    }

    /** The command line of the ovnkube process of {@code node}, as the mode's manifests start it. */
    public static String ovnkubeCommandLine(ClusterMode mode, NodeSpec node) {
        String dbs = "--nb-address unix:/var/run/ovn/ovnnb_db.sock --sb-address unix:/var/run/ovn/ovnsb_db.sock";
        String rest = "--gateway-mode shared --gateway-interface " + OvnNames.EXTERNAL_BRIDGE + " --loglevel 4";
        String config = "--config-file=/run/ovnkube-config/ovnkube.conf";
        return mode == ClusterMode.IC
                ? "/usr/bin/ovnkube --init-ovnkube-controller " + node.name() + " --init-node " + node.name() + " "
                        + config + " " + dbs + " --enable-interconnect --zone " + node.name() + " " + rest
                : "/usr/bin/ovnkube --init-node " + node.name() + " " + config + " " + dbs + " " + rest;
    }

    /** {@code ovn-k8s-mp0} and one {@code ovn-k8s-mp<id>} per extra network (Linux names stop at 15 chars). */
    static List<String> managementLinks(NodeSpec node) {
        return Stream.concat(Stream.of(0), node.networks().values().stream().sorted())
                .map(id -> "ovn-k8s-mp" + id).map(n -> n.length() > 15 ? n.substring(0, 15) : n)
                .collect(Collectors.toList());
    }
}
