package ovntrace.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import ovntrace.cli.OvntraceCli;
import ovntrace.lib.cluster.ClusterMode;
import ovntrace.ovn.NodeNamespace;
import ovntrace.ovn.OvnVersion;
import ovntrace.ovn.ProcessTable;
import ovntrace.ovn.Registry;
import ovntrace.support.Sandboxes;
import ovntrace.support.Sandboxes.Cluster;
import ovntrace.support.Sandboxes.Sandbox;

/**
 * Two sandboxes with different directories run side by side (one interconnect on 23.03, one central on 25.03,
 * started at the same time), both trace the documentation's example, and {@code down} leaves no process of
 * either behind: checked by the pids each recorded, not by name. Every node's PID 1 is the child of the unshare
 * the sandbox spawned (both sandboxes give their PID 1 the same command line, so a search by name would mix them).
 */
class TwoSandboxesEndToEndTest {

    static final String CHMVH = "fedora-deployment-7d49fddf69-chmvh", T4HQW = "fedora-deployment-7d49fddf69-t4hqw";

    @Test
    void two_sandboxes_side_by_side_each_trace_and_leave_nothing_running() {
        Sandboxes.assumeE2e();
        String pid = Long.toString(ProcessHandle.current().pid());
        Cluster ic = new Cluster(OvnVersion.V23_03, ClusterMode.IC), central = new Cluster(OvnVersion.V25_03, ClusterMode.CENTRAL);
        CompletableFuture<Sandbox> a = CompletableFuture.supplyAsync(() -> Sandboxes.start(ic, Path.of("/run/ovt-two-" + pid + "-a")));
        CompletableFuture<Sandbox> b = CompletableFuture.supplyAsync(() -> Sandboxes.start(central, Path.of("/run/ovt-two-" + pid + "-b")));
        List<Sandbox> both = new ArrayList<>();
        List<Registry.Entry> recorded = new ArrayList<>();
        try {
            both.add(a.join());
            both.add(b.join());
            for (Sandbox sb : both) {
                recorded.addAll(sb.processes());
                OvntraceCli.Run r = OvntraceCli.run("-kubeconfig", sb.kubeconfig().toString(), "-src", CHMVH, "-dst", T4HQW,
                        "-udp", "-dst-port", "53");
                assertEquals(0, r.exitCode(), sb.dir() + "\n" + r.describe());
                assertEquals(sb.mode() == ClusterMode.IC ? 8 : 6, r.lines().size(), sb.dir() + "\n" + r.describe());
                for (String node : sb.nodes()) {
                    long pid1 = NodeNamespace.pid(sb.layout(), node);
                    long unshare = sb.processes().stream().filter(e -> e.label().equals("unshare@" + node))
                            .mapToLong(Registry.Entry::pid).findFirst().orElse(-1);
                    assertEquals(unshare, ProcessHandle.of(pid1).flatMap(ProcessHandle::parent).map(ProcessHandle::pid)
                            .orElse(-2L), node + "'s PID 1 is the child of the unshare this sandbox spawned");
                }
            }
            assertEquals("25.03", both.get(1).run("ovn-worker", "ovn-trace --version").stdout().lines().findFirst()
                    .map(l -> l.replaceAll(".* (\\d+\\.\\d+)\\..*", "$1")).orElse(""), "exec lands in the node's root");
            assertNotEquals(both.get(0).run("ovn-worker", "ovn-trace --version").stdout(),
                    both.get(1).run("ovn-worker", "ovn-trace --version").stdout());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } finally {
            // Whatever started is stopped, also when the other failed to start.
            for (CompletableFuture<Sandbox> f : List.of(a, b)) {
                try {
                    f.join().close();
                } catch (RuntimeException e) {
                    // did not start: nothing of it to stop here (Sandboxes.start stopped what it had started)
                }
            }
        }
        assertFalse(recorded.isEmpty());
        List<Registry.Entry> left = recorded.stream().filter(ProcessTable::alive).toList();
        assertEquals(List.of(), left, "processes left running after down");
        for (Sandbox sb : both) {
            assertFalse(Files.exists(sb.dir()), sb.dir() + " removed");
        }
        assertTrue(recorded.stream().map(Registry.Entry::pid).distinct().count() == recorded.size(), "no pid recorded twice");
    }
}
