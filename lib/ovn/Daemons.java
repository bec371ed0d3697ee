package ovntrace.ovn;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import ovntrace.lib.cluster.PodExec.ExecResult;

/**
 * Starts an OVS or OVN daemon detached, in a private directory that every {@code OVS_*}/{@code OVN_*} directory
 * variable points at, and records its pid. No {@code --unixctl} is passed (ovn-controller has no such option and
 * it breaks {@code ovs-appctl -t <name>}); the control socket keeps its default name {@code <name>.<pid>.ctl} and a
 * stable link {@code <name>.ctl} points at it.
 */
final class Daemons {

    private Daemons() {}

    static Map<String, String> env(Path dir) {
        String d = dir.toString();
        return Map.of("OVS_RUNDIR", d, "OVS_LOGDIR", d, "OVS_DBDIR", d, "OVS_SYSCONFDIR", d,
                "OVN_RUNDIR", d, "OVN_LOGDIR", d, "OVN_DBDIR", d, "OVN_SYSCONFDIR", d);
    }

    /**
     * Starts program {@code name} with {@code args}, inside the PID namespace whose PID 1 is {@code pid1} (0: the
     * host's), from the sandbox's OVN root ({@link OvnTools#daemon}), and returns once its control socket exists. The registry gets the host pid; the pidfile and the
     * socket name carry the pid as seen inside the namespace.
     */
    static void start(OvnTools tools, Registry registry, String label, Path dir, String name, List<String> args,
                      long pid1) throws SandboxException {
        Path pidfile = dir.resolve(name + ".pid");
        Path log = dir.resolve(name + ".log");
        List<String> argv = new ArrayList<>(tools.daemon(name, pid1));
        argv.addAll(List.of("--detach", "--no-chdir", "--pidfile=" + pidfile,
                "--log-file=" + log, "-vconsole:off", "-vfile:info"));
        argv.addAll(args);
        try {
            Files.createDirectories(dir);
            ExecResult r = Commands.run(argv, env(dir), Duration.ofSeconds(60));
            // "opened log file" and early errors go to stderr before the daemon detaches.
            Files.writeString(dir.resolve(name + ".stderr"), r.stderr(), StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            if (!r.ok()) {
                String why = r.stderr().lines().filter(l -> !l.contains("opened log file")).findFirst()
                        .orElse("exit code " + r.exitCode());
                throw new SandboxException(SandboxException.FAILED, label + " did not start: " + why + " (log: " + log + ")");
            }
            long pid = Long.parseLong(Files.readString(pidfile).trim());
            long hostPid = pid1 > 0 ? NodeNamespace.hostPid(pid1, pid).orElseThrow(() -> new SandboxException(
                    SandboxException.FAILED, label + " started but exited at once (log: " + log + ")")) : pid;
            registry.append(new Registry.Entry(hostPid, label, "--pidfile=" + pidfile));
            Path socket = dir.resolve(name + "." + pid + ".ctl");
            long deadline = System.currentTimeMillis() + 20_000;
            while (!Files.exists(socket)) {
                if (System.currentTimeMillis() > deadline
                        || !ProcessHandle.of(hostPid).map(ProcessHandle::isAlive).orElse(false)) {
                    throw new SandboxException(SandboxException.FAILED, label + " started but its control socket "
                            + socket + " never appeared (log: " + log + ")");
                }
                ProcessTable.sleep(20);
            }
            link(dir.resolve(name + ".ctl"), Path.of(socket.getFileName().toString()));
        } catch (IOException | NumberFormatException e) {
            throw new SandboxException(SandboxException.FAILED, label + " did not start: " + e.getMessage(), e);
        }
    }

    static void link(Path link, Path target) throws IOException {
        Files.deleteIfExists(link);
        Files.createSymbolicLink(link, target);
    }
}
