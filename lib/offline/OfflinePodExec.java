package ovntrace.lib.offline;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import ovntrace.lib.cluster.Interruption;
import ovntrace.lib.cluster.NodeAccess;
import ovntrace.lib.cluster.PodExec;
import ovntrace.lib.cluster.ScriptDelivery;

/**
 * The offline stand-in for exec into a node's ovnkube-node pod: the command runs here, in bash, against the node's
 * zone's database servers. The engine writes the commands it would paste on the node; only the socket addresses are
 * rewritten (the reports keep the online commands), and a guard prelude makes everything that would read the live
 * node (Open vSwitch, processes, links) fail with "not available offline" rather than read this host's.
 */
public final class OfflinePodExec implements PodExec, Interruption.Stoppable {

    /** The node's sockets ovn-kubernetes' commands name (DbAccess.LOCAL_NB/SB, AclLookup, ovn-detrace's --ovnnb=). */
    static final String LOCAL_NB = "unix:/var/run/ovn/ovnnb_db.sock", LOCAL_SB = "unix:/var/run/ovn/ovnsb_db.sock",
            LOCAL_OVS = "unix:/var/run/openvswitch/db.sock";
    /** Functions, not files: a noexec /tmp does not matter, and subshells of the script inherit them. */
    static final String PRELUDE = guards("ovs-vsctl", "ovs-appctl", "ovs-ofctl", "ovs-dpctl", "ps", "ip");
    /** As KubePodExec says it (duplicated: it is package-private there). */
    static final String INTERRUPTED = "stopped before it finished: ovntrace was told to stop (Ctrl-C or SIGTERM)";
    private static final String PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private final Map<String, String> zoneDirOfNode;
    private final Optional<Path> root;
    private final Set<Process> running = ConcurrentHashMap.newKeySet();
    private volatile boolean cancelled;

    /**
     * {@code zoneDirOfNode}: per node, its zone's folder as the tools see it (holding ovnnb_db.sock and
     * ovnsb_db.sock); {@code root}: the install to run chrooted in, empty for the host's.
     */
    public OfflinePodExec(Map<String, String> zoneDirOfNode, Optional<Path> root) {
        this.zoneDirOfNode = Map.copyOf(zoneDirOfNode);
        this.root = root;
    }

    @Override
    public NodeAccess access() {
        return NodeAccess.DATABASES_ONLY;
    }

    /**
     * The script is one argument of a local bash, whatever its size up to Linux's cap on one argument; half of it,
     * because {@link #script} puts the guards in front and lengthens every socket address to the zone folder's.
     */
    @Override
    public int maxScriptLength(ExecTarget t) {
        return ScriptDelivery.ARGUMENT_LIMIT / 2;
    }

    @Override
    public ExecResult exec(ExecTarget target, String command, Duration timeout) throws ExecException {
        String dir = zoneDirOfNode.get(target.node());
        if (dir == null) throw new ExecException("node " + target.node() + " has no zone database in the gathered directory");
        if (cancelled) throw new ExecException(INTERRUPTED + " (not started for node " + target.node() + ")");
        long start = System.nanoTime();
        Process p;
        try {
            ProcessBuilder pb = new ProcessBuilder(argv(script(command, dir), timeout))
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
            Map<String, String> env = pb.environment();
            env.putAll(OvsdbServers.env(dir));
            env.put("PATH", root.isPresent() ? PATH : env.getOrDefault("PATH", "") + ":" + PATH);
            p = pb.start();
        } catch (IOException e) {
            throw new ExecException("cannot run bash for node " + target.node() + ": " + e.getMessage(), e);
        }
        running.add(p);
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        Thread outReader = drain(p.getInputStream(), out), errReader = drain(p.getErrorStream(), err);
        try {
            if (cancelled) killTree(p); // cancel() may have looked at `running` just before we joined it
            boolean ended = p.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS);
            if (!ended) killTree(p);
            outReader.join(1000);
            errReader.join(1000);
            ExecResult r = result(ended ? p.exitValue() : -1, out, err, start);
            if (cancelled) throw new ExecException(INTERRUPTED + " for node " + target.node(), r);
            if (!ended) {
                throw new ExecException("timed out after " + timeout.toSeconds() + "s for node " + target.node()
                        + " (offline); stopped (raise --timeout if the databases are just large)", r);
            }
            return r;
        } catch (InterruptedException e) {
            killTree(p);
            Thread.currentThread().interrupt();
            throw new ExecException(INTERRUPTED + " for node " + target.node(), result(-1, out, err, start));
        } finally {
            running.remove(p);
        }
    }

    /** Kills every running exec at once and refuses new ones. */
    @Override
    public void cancel() {
        cancelled = true;
        running.forEach(OfflinePodExec::killTree);
    }

    @Override
    public void awaitStopped(Duration limit) {
        long end = System.nanoTime() + limit.toNanos();
        for (Process p : List.copyOf(running)) {
            try {
                if (!p.waitFor(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS)) return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** The command with the node's sockets made the zone's, behind the guards. */
    static String script(String command, String zoneDir) {
        return PRELUDE + command.replace(LOCAL_NB, "unix:" + zoneDir + "/" + OvsdbServers.fileStem(ovntrace.lib.cluster.DbRole.NB) + ".sock")
                .replace(LOCAL_SB, "unix:" + zoneDir + "/" + OvsdbServers.fileStem(ovntrace.lib.cluster.DbRole.SB) + ".sock")
                .replace(LOCAL_OVS, "unix:" + zoneDir + "/no-open-vswitch-offline.sock");
    }

    /**
     * {@code [chroot ROOT] timeout -k 2 S bash -c SCRIPT}: timeout(1) ends the script a second after our own
     * deadline, should this JVM die before it can.
     */
    private List<String> argv(String script, Duration timeout) {
        List<String> argv = new ArrayList<>();
        root.ifPresent(r -> argv.addAll(List.of("chroot", r.toString())));
        long seconds = Math.max(1, (timeout.toMillis() + 999) / 1000) + 1;
        argv.addAll(List.of("timeout", "-k", "2", Long.toString(seconds), "bash", "-c", script));
        return argv;
    }

    private static String guards(String... tools) {
        StringBuilder s = new StringBuilder();
        for (String t : tools) s.append(t).append("(){ echo \"").append(t).append(": ").append(NodeAccess.NOT_OFFLINE).append("\" >&2;return 1;}\n");
        return s.append("export -f ").append(String.join(" ", tools)).append('\n').toString();
    }

    /** Children first (their parent would otherwise leave them to init, out of reach), then the process itself. */
    private static void killTree(Process p) {
        for (int round = 0; round < 2; round++) p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
    }

    private static Thread drain(InputStream in, ByteArrayOutputStream to) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[8192];
            try (in) {
                for (int n; (n = in.read(buf)) > 0; ) {
                    synchronized (to) {
                        to.write(buf, 0, n);
                    }
                }
            } catch (IOException e) {
                // the process was killed: what was read is the partial output
            }
        }, "ovntrace-offline-exec-output");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static ExecResult result(int code, ByteArrayOutputStream out, ByteArrayOutputStream err, long start) {
        String o, e;
        synchronized (out) {
            o = out.toString(StandardCharsets.UTF_8);
        }
        synchronized (err) {
            e = err.toString(StandardCharsets.UTF_8);
        }
        return new ExecResult(code, o, e, Duration.ofNanos(System.nanoTime() - start));
    }
}
