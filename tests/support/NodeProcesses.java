package ovntrace.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import ovntrace.ovn.NodeNamespace;
import ovntrace.ovn.Registry;
import ovntrace.ovn.SandboxLayout;

/**
 * The processes exec left running in a sandbox node's pod: everything in the node's PID namespace (same
 * {@code /proc/<pid>/ns/pid} as the node's PID 1, recorded by the sandbox) except PID 1 and the daemons in the
 * sandbox's registry. Found by namespace, never by name, since other sandboxes may run the same commands.
 */
public final class NodeProcesses {

    /** One leftover: host pid and command line. */
    public record Leftover(long pid, String commandLine) {
        @Override
        public String toString() {
            return pid + " " + commandLine;
        }
    }

    private NodeProcesses() {}

    public static List<Leftover> leftovers(SandboxLayout layout, String node) {
        try {
            long pid1 = NodeNamespace.pid(layout, node);
            String ns = link(Path.of("/proc", Long.toString(pid1), "ns", "pid"));
            Set<Long> daemons = layout.registry().read().stream().map(Registry.Entry::pid).collect(Collectors.toSet());
            List<Leftover> found = new ArrayList<>();
            try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
                for (Path proc : procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).toList()) {
                    long pid = Long.parseLong(proc.getFileName().toString());
                    if (pid != pid1 && !daemons.contains(pid) && ns.equals(link(proc.resolve("ns").resolve("pid")))) {
                        String cmd = commandLine(proc);
                        if (!cmd.isEmpty()) {
                            found.add(new Leftover(pid, cmd));
                        }
                    }
                }
            }
            return found;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Polls until no node has leftovers or {@code patience} has passed (commands killed by a client's timeout take
     * a moment to go); returns what is still there then, by node.
     */
    public static List<String> awaitNone(SandboxLayout layout, List<String> nodes, Duration patience) {
        long deadline = System.nanoTime() + patience.toNanos();
        while (true) {
            List<String> left = new ArrayList<>();
            for (String node : nodes) {
                leftovers(layout, node).forEach(l -> left.add(node + ": " + l));
            }
            if (left.isEmpty() || System.nanoTime() > deadline) {
                return left;
            }
            sleep(200);
        }
    }

    /**
     * Kills every leftover of the given nodes (SIGKILL, children first), so the next test on the shared sandbox
     * starts clean whatever this one found.
     */
    public static void killAll(SandboxLayout layout, List<String> nodes) {
        for (String node : nodes) {
            for (Leftover l : leftovers(layout, node)) {
                ProcessHandle.of(l.pid()).ifPresent(h -> {
                    h.descendants().forEach(ProcessHandle::destroyForcibly);
                    h.destroyForcibly();
                });
            }
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static String commandLine(Path proc) {
        try {
            return new String(Files.readAllBytes(proc.resolve("cmdline")), StandardCharsets.UTF_8).replace('\0', ' ').strip();
        } catch (IOException e) {
            return ""; // exited while we looked
        }
    }

    private static String link(Path link) {
        try {
            return Files.readSymbolicLink(link).toString();
        } catch (IOException e) {
            return "?" + link;
        }
    }
}
