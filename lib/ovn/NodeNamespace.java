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
import ovntrace.lib.cluster.ClusterMode;
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

    /**
     * Run by PID 1 of the new namespaces ($1 pod run dir, $2 node dir, $3 ovnkube command line, $4 links, $5 the
     * OVN root, $6 the sandbox directory). With a separate root, the namespace's {@code /} becomes that tree
     * (pivot_root, not chroot: {@code nsenter -m} lands at the mount namespace's root, which a chroot would not
     * change), with proc, sys, dev, a private /run and /tmp, and the sandbox directory at the same path, so the
     * run dirs' absolute links and the daemons' sockets resolve alike inside and outside.
     */
    private static final String SETUP = String.join("\n",
            "if [ \"$5\" = / ]; then",
            "  mount --bind \"$1\" /var/run/ovn && mount --bind \"$2\" /var/run/openvswitch || exit 125",
            "else",
            "  R=$5",
            "  mount --bind \"$R\" \"$R\" && mount -t proc proc \"$R/proc\" && mount --rbind /sys \"$R/sys\""
                    + " && mount --rbind /dev \"$R/dev\" && mount -t tmpfs -o mode=755 tmpfs \"$R/run\""
                    + " && mount -t tmpfs -o mode=1777 tmpfs \"$R/tmp\""
                    + " && mkdir -p \"$R/run/ovn\" \"$R/run/openvswitch\" \"$R$6\" && mount --bind \"$6\" \"$R$6\""
                    + " && mount --bind \"$1\" \"$R/run/ovn\" && mount --bind \"$2\" \"$R/run/openvswitch\""
                    + " && cd \"$R\" && pivot_root . . && umount -l . && cd / || exit 125",
            "fi",
            "for l in $4; do",
            "  ip link add \"$l\" type dummy 2>/dev/null || ip link add \"$l\" type ifb 2>/dev/null ||"
                    + " ip tuntap add \"$l\" mode tap 2>/dev/null || echo \"cannot create link $l\" >&2",
            "done",
            "ip link set lo up",
            // PID 1 ignores signals without a handler, so exit on TERM; IGNORE on CHLD reaps the daemons' parents.
            "exec perl -e '$0 = shift; $SIG{CHLD} = \"IGNORE\"; $SIG{TERM} = sub { exit 0 }; sleep' \"$3\"");

    /** How far {@link #nsenter} enters a node. */
    enum Scope {
        /** The PID namespace only: a daemon on the host's file system. */
        PID,
        /** The mount namespace and its root only: a tool or a central-mode daemon in a separate OVN root. */
        ROOT,
        /** PID, mount (with its root) and network: a daemon in a separate root, or a command in the node's pod. */
        POD
    }

    private NodeNamespace() {}

    /**
     * Starts the namespaces of {@code node} and returns the host pid of their PID 1. The unshare process is
     * recorded the moment it is spawned, so that a start that fails later can still be stopped; PID 1 is its
     * child, found by parentage and its PID namespace id, never by command line (another sandbox has the same).
     */
    static long start(SandboxLayout layout, Topology topology, NodeSpec node, Registry registry, OvnRoot root)
            throws SandboxException {
        Path podRun = layout.podRunDir(node.name());
        String commandLine = ovnkubeCommandLine(topology.mode(), node);
        Path log = podRun.resolveSibling(node.name() + ".log");
        try {
            Files.createDirectories(podRun);
            Files.createDirectories(layout.nodeDir(node.name()));
            if (root instanceof OvnRoot.Host) {
                for (Path mountPoint : List.of(Path.of("/var/run/ovn"), Path.of("/var/run/openvswitch"))) {
                    Files.createDirectories(mountPoint);
                }
            }
            String rootDir = root instanceof OvnRoot.Tree t ? t.dir().toString() : "/";
            List<String> argv = List.of(Tools.path("setsid"), Tools.path("unshare"), "-p", "-f", "--mount-proc", "-m",
                    "-n", "--kill-child", Tools.path("bash"), "-c", SETUP, "ovnkube-node", podRun.toString(),
                    layout.nodeDir(node.name()).toString(), commandLine, String.join(" ", managementLinks(node)),
                    rootDir, layout.base().toString());
            Process p = new ProcessBuilder(argv).directory(new File("/"))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(log.toFile()).redirectErrorStream(true).start();
            // setsid execs unshare (a child of the JVM leads no process group), so this is unshare's pid.
            registry.append(new Registry.Entry(p.pid(), "unshare@" + node.name(), podRun.toString()));
            long deadline = System.currentTimeMillis() + 10_000;
            OptionalLong pid1;
            while ((pid1 = pid1Of(p.toHandle())).isEmpty() || !cmdline(proc(pid1.getAsLong())).startsWith(commandLine)) {
                if (System.currentTimeMillis() > deadline || !p.isAlive()) {
                    throw new SandboxException(SandboxException.FAILED, "the namespaces of node " + node.name()
                            + " did not come up: " + Commands.firstLine(Files.readString(log)) + " (log: " + log + ")");
                }
                ProcessTable.sleep(10);
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

    /** The child of {@code unshare} that is PID 1 of its new PID namespace ({@code NSpid: <host pid> 1}). */
    static OptionalLong pid1Of(ProcessHandle unshare) {
        return unshare.children().mapToLong(ProcessHandle::pid).filter(pid -> {
            try {
                return Files.readAllLines(proc(pid).resolve("status")).stream()
                        .anyMatch(l -> l.startsWith("NSpid:") && l.trim().matches("NSpid:\\s+\\d+\\s+1"));
            } catch (IOException e) {
                return false;
            }
        }).findFirst();
    }

    private static Path proc(long pid) {
        return Path.of("/proc", Long.toString(pid));
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

    /**
     * {@code nsenter} into {@code pid1}'s namespaces as far as {@code scope} says. Entering the mount namespace
     * always carries PID 1's root and working directory ({@code -r -w}): {@code -m} alone would land at the mount
     * namespace's root, which is the host's when the sandbox itself runs in a chroot.
     */
    static List<String> nsenter(long pid1, Scope scope) {
        List<String> argv = new ArrayList<>(List.of(Tools.path("nsenter"), "-t", Long.toString(pid1)));
        argv.addAll(switch (scope) {
            case PID -> List.of("-p");
            case ROOT -> List.of("-m", "-r", "-w");
            case POD -> List.of("-p", "-m", "-n", "-r", "-w");
        });
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
