package ovntrace.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import ovntrace.kubesim.Fault;
import ovntrace.lib.cluster.CountingPodExec;
import ovntrace.lib.cluster.EngineOptions;
import ovntrace.lib.cluster.KubePodExec;
import ovntrace.lib.cluster.PodExec;
import ovntrace.lib.cluster.PodExec.ExecTarget;
import ovntrace.lib.cluster.ScriptDelivery;
import ovntrace.lib.exec.BatchRunner;
import ovntrace.lib.exec.BatchScript;
import ovntrace.lib.exec.BatchScript.Item;
import ovntrace.support.NodeProcesses;
import ovntrace.support.Sandboxes;
import ovntrace.support.Sandboxes.Cluster;
import ovntrace.support.Sandboxes.Sandbox;

/**
 * A node's whole batch, far longer than an exec request line, in one pods/exec call through the emulated API
 * server: the script goes over the exec's stdin, and the node's deadline and the watchdog (stdin closing on
 * cancel) still end it. On the shared pairwise clusters, so on 23.03 and on 25.03 (whose nodes run in a trixie
 * chroot).
 */
class StdinScriptEndToEndTest {

    static final String NODE = "ovn-worker";
    /** A bound for a stuck run, not a speed: closing streams on a loaded machine may take seconds. */
    static final Duration PATIENCE = Duration.ofMinutes(3);

    private Sandbox used;

    @BeforeAll
    static void e2e() {
        Sandboxes.assumeE2e();
    }

    @AfterEach
    void clean() {
        if (used == null) return;
        used.clearFaults();
        NodeProcesses.killAll(used.layout(), used.nodes());
    }

    private Sandbox sandbox(Cluster c) {
        used = Sandboxes.of(c);
        return used;
    }

    /** ovn-controller: a container of the node pod in both modes. */
    private static ExecTarget target(Sandbox sb) {
        return new ExecTarget("ovn-kubernetes", sb.ovnkubePod(NODE), "ovn-controller", NODE);
    }

    /** Echo items: with the others, a script of some 43 KB. */
    static final int ECHOES = 280;

    private static String padding(int i) {
        return "item-" + i + "-" + "x".repeat(120);
    }

    /**
     * Some 40 KB of items: many echoes, one real read of the node's Open vSwitch, and a captured output that a later
     * item reads from a shell variable, as ovn-detrace reads ofproto/trace's.
     */
    private static Map<Integer, Item> manyItems() {
        Map<Integer, Item> items = new LinkedHashMap<>();
        for (int i = 0; i < ECHOES; i++) items.put(i, Item.plain("echo " + padding(i)));
        items.put(ECHOES, Item.plain("ovs-vsctl --timeout=10 br-exists br-int && echo br-int exists"));
        items.put(ECHOES + 1, Item.captured("echo captured early", "CAPTURED"));
        items.put(ECHOES + 2, Item.fed("tr a-z A-Z", "CAPTURED", "echo captured early"));
        return items;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ovntrace.support.Sandboxes#pairwise")
    void a_40_kb_batch_runs_in_one_exec_with_every_items_result(Cluster c) {
        Sandbox sb = sandbox(c);
        Map<Integer, Item> items = manyItems();
        String script = new BatchScript(List.copyOf(items.values())).script();
        assertTrue(script.length() > 40_000, "a 40 KB script: " + script.length());
        assertInstanceOf(ScriptDelivery.OverStdin.class, ScriptDelivery.of(target(sb), script, Duration.ofSeconds(60)),
                "far too long for a request line");
        try (KubernetesClient client = sb.client()) {
            CountingPodExec exec = new CountingPodExec(new KubePodExec(client));
            Map<Integer, BatchRunner.Outcome> out = new BatchRunner(exec, EngineOptions.defaults()).run(target(sb), items);
            assertEquals(1, exec.calls(), "one exec for the whole node");
            for (int i = 0; i < ECHOES; i++) assertEquals(padding(i) + "\n", out.get(i).result().stdout(), "item " + i);
            assertEquals("br-int exists\n", out.get(ECHOES).result().stdout(), out.get(ECHOES).toString());
            assertEquals("CAPTURED EARLY", out.get(ECHOES + 2).result().stdout().strip(), "read from the variable an earlier item set");
        }
    }

    /** A long script whose last item never ends by itself. */
    private static String hangingScript() {
        Map<Integer, Item> items = manyItems();
        items.put(ECHOES + 3, Item.plain("sleep 3600"));
        return new BatchScript(List.copyOf(items.values())).script();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ovntrace.support.Sandboxes#pairwise")
    void a_hung_script_from_stdin_is_ended_by_the_node_deadline(Cluster c) {
        Sandbox sb = sandbox(c);
        sb.fault(Fault.EXEC_HANG, NODE);
        try (KubernetesClient client = sb.client()) {
            PodExec.ExecException e = assertThrows(PodExec.ExecException.class,
                    () -> new KubePodExec(client).exec(target(sb), hangingScript(), Duration.ofSeconds(3)));
            assertTrue(e.getMessage().startsWith("timed out after 3s in pod ovn-kubernetes/"), e.getMessage());
            assertEquals("", e.partial().orElseThrow().stdout(), "the fault's sleep ran before the script, as in the URL");
        }
        assertEquals(List.of(), NodeProcesses.awaitNone(sb.layout(), sb.nodes(), PATIENCE), "nothing left on the nodes");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ovntrace.support.Sandboxes#pairwise")
    void cancel_ends_a_script_from_stdin_on_the_node(Cluster c) throws Exception {
        Sandbox sb = sandbox(c);
        try (KubernetesClient client = sb.client()) {
            KubePodExec exec = new KubePodExec(client);
            CompletableFuture<String> run = CompletableFuture.supplyAsync(() -> {
                try {
                    return "ended by itself: " + exec.exec(target(sb), hangingScript(), Duration.ofHours(1));
                } catch (PodExec.ExecException e) {
                    return e.getMessage();
                }
            });
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (NodeProcesses.leftovers(sb.layout(), NODE).stream().noneMatch(l -> l.commandLine().equals("sleep 3600"))) {
                assertTrue(!run.isDone() && System.nanoTime() < deadline, "the script's last item never started: "
                        + (run.isDone() ? run.join() : "still waiting"));
                Thread.sleep(200);
            }
            exec.cancel();
            String message;
            try {
                message = run.get(PATIENCE.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                throw new AssertionError(e.getCause());
            }
            assertTrue(message.startsWith("stopped before it finished: ovntrace was told to stop"), message);
            exec.awaitStopped(PATIENCE);
            // still inside the client's lifetime: only the cancelled stream can have ended the hour-long script
            assertEquals(List.of(), NodeProcesses.awaitNone(sb.layout(), sb.nodes(), PATIENCE),
                    "the watchdog saw stdin close and ended the hour-long script");
        }
    }
}
