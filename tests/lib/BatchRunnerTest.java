package ovntrace.lib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import ovntrace.lib.cluster.EngineOptions;
import ovntrace.lib.cluster.PodExec.ExecResult;
import ovntrace.lib.cluster.PodExec.ExecTarget;
import ovntrace.lib.exec.BatchRunner;
import ovntrace.lib.exec.BatchScript;
import ovntrace.lib.exec.BatchScript.Item;
import ovntrace.lib.trace.Verdicts;

/** Commands of one node go out in as few execs as fit in an exec request line (4 KiB at some API servers). */
class BatchRunnerTest {

    private static final ExecTarget T = new ExecTarget("ovn-kubernetes", "ovnkube-node-abcde", "ovnkube-controller", "n1");

    private static String trace(int i) {
        return "ovn-trace --db unix:/var/run/ovn/ovnsb_db.sock n1 'inport==\"some-long-namespace_some-long-pod-name-" + i
                + "\" && eth.src==0a:58:0a:f4:02:03 && eth.dst==0a:58:0a:f4:02:01 && ip4.src==10.244.2.3 && ip4.dst==10.244.1.6"
                + " && ip.ttl==64 && tcp.dst==80 && tcp.src==52888'";
    }

    @Test
    void a_few_commands_share_one_exec() {
        Map<Integer, Item> items = new LinkedHashMap<>();
        for (int i = 0; i < 3; i++) items.put(i, Item.plain("echo " + i));
        ScriptedPodExec exec = new ScriptedPodExec((w, c, in) -> new ExecResult(0, c.substring(5) + "\n", "", Duration.ZERO));
        Map<Integer, BatchRunner.Outcome> out = new BatchRunner(exec, EngineOptions.defaults()).run(T, items);
        assertEquals(1, exec.calls().size());
        assertEquals("2\n", out.get(2).result().stdout());
    }

    @Test
    void the_pod_stand_in_answers_background_and_in_shell_items_too() {
        Map<Integer, Item> items = new LinkedHashMap<>();
        items.put(0, Item.inShell("echo 0"));
        items.put(1, Item.plain("echo 1").inBackground());
        items.put(2, Item.plain("echo 2"));
        ScriptedPodExec exec = new ScriptedPodExec((w, c, in) -> new ExecResult(0, c.substring(5) + "\n", "", Duration.ZERO));
        Map<Integer, BatchRunner.Outcome> out = new BatchRunner(exec, EngineOptions.defaults()).run(T, items);
        assertEquals(List.of("echo 0", "echo 1", "echo 2"), exec.calls().get(0).commands());
        for (int i = 0; i < 3; i++) assertEquals(i + "\n", out.get(i).result().stdout());
    }

    @Test
    void many_long_commands_are_split_into_requests_that_fit_and_a_trace_stays_with_its_detrace() {
        Map<Integer, Item> items = new LinkedHashMap<>();
        for (int i = 0; i < 8; i++) items.put(i, Item.plain(trace(i)));
        items.put(8, Item.captured("ovs-appctl ofproto/trace br-int \"in_port=veth, tcp, nw_src=10.244.2.3\"", "O8"));
        items.put(9, Item.plain(trace(9)));
        items.put(10, Item.fed("ovn-detrace --ovnnb=unix:/var/run/ovn/ovnnb_db.sock --ovnsb=unix:/var/run/ovn/ovnsb_db.sock", "O8",
                "ovs-appctl ofproto/trace br-int \"in_port=veth, tcp, nw_src=10.244.2.3\""));
        BatchRunner runner = new BatchRunner(new ScriptedPodExec((w, c, in) -> null).maxScript(BatchRunner.budget(T)), EngineOptions.defaults());
        List<List<Integer>> chunks = runner.chunks(T, items);
        assertTrue(chunks.size() > 1, "too much for one request: " + chunks);
        for (List<Integer> chunk : chunks) {
            String script = new BatchScript(chunk.stream().map(items::get).toList()).script();
            assertTrue(BatchScript.encodedLength(script) <= BatchRunner.budget(T), "chunk " + chunk + " too long");
        }
        assertTrue(chunks.stream().anyMatch(c -> c.indexOf(8) >= 0 && c.indexOf(10) == c.indexOf(8) + 1),
                "the detrace follows its ofproto/trace in the same exec: " + chunks);
    }

    @Test
    void results_come_back_in_the_callers_order_across_chunks() {
        Map<Integer, Item> items = new LinkedHashMap<>();
        for (int i = 0; i < 12; i++) items.put(i, Item.plain(trace(i)));
        ScriptedPodExec exec = new ScriptedPodExec((w, c, in) -> new ExecResult(0, c.substring(c.indexOf("pod-name-") + 9, c.indexOf("\" &&")), "", Duration.ZERO))
                .maxScript(BatchRunner.budget(T));
        Map<Integer, BatchRunner.Outcome> out = new BatchRunner(exec, EngineOptions.defaults()).run(T, items);
        assertTrue(exec.calls().size() > 1);
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11), List.copyOf(out.keySet()));
        for (int i = 0; i < 12; i++) assertEquals(Integer.toString(i), out.get(i).result().stdout());
    }

    @Test
    void an_exec_that_takes_any_script_runs_a_whole_nodes_commands_in_one_call() {
        Map<Integer, Item> items = new LinkedHashMap<>();
        for (int i = 0; i < 100; i++) items.put(i, Item.plain(trace(i)));
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        ovntrace.lib.cluster.PodExec overStdin = new ovntrace.lib.cluster.PodExec() {
            @Override
            public ExecResult exec(ExecTarget t, String command, Duration timeout) {
                calls.incrementAndGet();
                return bash(command.replace("ovn-trace --db", "echo ovn-trace --db"));
            }

            @Override
            public int maxScriptLength(ExecTarget t) {
                return ovntrace.lib.cluster.ScriptDelivery.ARGUMENT_LIMIT;
            }
        };
        Map<Integer, BatchRunner.Outcome> out = new BatchRunner(overStdin, EngineOptions.defaults()).run(T, items);
        assertEquals(1, calls.get(), "the " + items.size() + " traces would take many request lines");
        for (int i = 0; i < 100; i++) assertTrue(out.get(i).result().stdout().contains("pod-name-" + i + "\""), "command " + i);
    }

    /** Runs the batch script here, as a node's bash would. */
    private static ExecResult bash(String script) {
        try {
            Process p = new ProcessBuilder("bash", "-c", script).start();
            String out = new String(p.getInputStream().readAllBytes()), err = new String(p.getErrorStream().readAllBytes());
            return new ExecResult(p.waitFor(), out, err, Duration.ZERO);
        } catch (java.io.IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /** The output as a stream that lost its tail delivers it: up to the last command's begin marker, exit code 0. */
    private static ExecResult cutShort(ExecResult full) {
        String out = full.stdout();
        int lastBegin = out.lastIndexOf(" B 2");
        return new ExecResult(0, out.substring(0, out.indexOf('\n', lastBegin) + 1), full.stderr(), Duration.ZERO);
    }

    @Test
    void a_batch_whose_output_stops_short_of_its_last_command_although_it_exited_0_is_run_once_more() {
        Map<Integer, Item> items = new LinkedHashMap<>();
        for (int i = 0; i < 3; i++) items.put(i, Item.plain("echo " + i));
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        ovntrace.lib.cluster.PodExec exec = (t, command, timeout) -> calls.getAndIncrement() == 0 ? cutShort(bash(command)) : bash(command);
        Map<Integer, BatchRunner.Outcome> out = new BatchRunner(exec, EngineOptions.defaults()).run(T, items);
        assertEquals(2, calls.get(), "run once more");
        for (int i = 0; i < 3; i++) assertEquals(i + "\n", out.get(i).result().stdout(), "command " + i);
    }

    @Test
    void a_batch_cut_short_twice_says_so_instead_of_running_forever() {
        Map<Integer, Item> items = new LinkedHashMap<>();
        for (int i = 0; i < 3; i++) items.put(i, Item.plain("echo " + i));
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        ovntrace.lib.cluster.PodExec exec = (t, command, timeout) -> {
            calls.incrementAndGet();
            return cutShort(bash(command));
        };
        Map<Integer, BatchRunner.Outcome> out = new BatchRunner(exec, EngineOptions.defaults()).run(T, items);
        assertEquals(2, calls.get());
        assertEquals("1\n", out.get(1).result().stdout(), "what arrived is kept");
        assertTrue(out.get(2).problem().contains("ended with exit code 0 before this command finished"), out.get(2).problem());
    }

    @Test
    void a_background_detrace_stays_with_its_trace_and_an_in_shell_lookup_keeps_every_later_command_in_its_exec() {
        Map<Integer, Item> items = new LinkedHashMap<>();
        for (int i = 0; i < 6; i++) items.put(i, Item.plain(trace(i)));
        items.put(6, Item.captured("ovs-appctl ofproto/trace br-int \"in_port=veth, tcp, nw_src=10.244.2.3\"", "O6"));
        for (int i = 7; i < 10; i++) items.put(i, Item.plain(trace(i)));
        items.put(10, Item.fed("ovn-detrace", "O6", "ovs-appctl ofproto/trace br-int in_port=veth").inBackground());
        items.put(11, Item.inShell("P=$(ovn-nbctl --bare --columns=name find Logical_Switch_Port name=x)"));
        for (int i = 12; i < 20; i++) items.put(i, Item.plain(trace(i) + " $P"));
        List<List<Integer>> chunks = new BatchRunner(new ScriptedPodExec((w, c, in) -> null).maxScript(BatchRunner.budget(T)), EngineOptions.defaults()).chunks(T, items);
        assertTrue(chunks.size() > 1, "too much for one request: " + chunks);
        assertTrue(chunks.stream().anyMatch(c -> c.containsAll(List.of(6, 10))), "the background detrace reads its trace's variable: " + chunks);
        assertEquals(List.of(11, 12, 13, 14, 15, 16, 17, 18, 19), chunks.get(chunks.size() - 1), "they may use P");
    }
}
