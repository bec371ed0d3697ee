package ovntrace.lib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import ovntrace.lib.cluster.PodExec.ExecResult;
import ovntrace.lib.exec.BatchScript;
import ovntrace.lib.exec.BatchScript.Item;
import ovntrace.support.Processes;

/** A batch runs in a real bash here, as it does in a node pod, and comes apart into each command's result. */
class BatchScriptTest {

    /** What the exec wrapper measured for the whole batch; an item's duration must not be a share of it. */
    private static final Duration WRAPPER = Duration.ofHours(4);

    static List<ExecResult> run(BatchScript script) {
        // the timeout is only a safety net for a hung bash; nothing here depends on how fast bash runs
        Processes.Outcome o = Processes.run(List.of("bash", "-c", script.script()), ovntrace.support.Repo.root(),
                java.util.Map.of(), Duration.ofMinutes(2));
        return script.split(o.stdout(), o.stderr(), WRAPPER);
    }

    @Test
    void each_command_gets_its_own_stdout_stderr_and_exit_code() {
        List<ExecResult> r = run(new BatchScript(List.of(
                Item.plain("echo one; echo warn >&2"),
                Item.plain("printf 'no newline'"),
                Item.plain("printf 'two trailing\\n\\n'; exit 3"),
                Item.plain("ps -eo args | grep '/usr/bin/[o]vnkube-does-not-exist'"))));
        assertEquals(new ExecResult(0, "one\n", "warn\n", r.get(0).duration()), r.get(0));
        assertEquals("no newline", r.get(1).stdout());
        assertEquals("two trailing\n\n", r.get(2).stdout(), "output is kept byte for byte");
        assertEquals(3, r.get(2).exitCode(), "exit in a command does not end the batch for the next one");
        assertEquals(1, r.get(3).exitCode());
        Duration d = r.get(0).duration();
        assertTrue(!d.isNegative() && !d.equals(WRAPPER.dividedBy(4)), "durations come from bash's clock, not the wrapper's: " + d);
    }

    @Test
    void an_items_duration_is_the_difference_of_bashs_timestamps_else_a_share_of_the_whole() {
        // the output bash writes, with fixed EPOCHREALTIME values: the clock is the script's, so it can be given here
        BatchScript s = new BatchScript(List.of(Item.plain("a"), Item.plain("b")), "", "M1");
        String stdout = "M1 B 0 100.000000\nx\nM1 E 0 0 100.250000\nM1 B 1 \ny\nM1 E 1 0 \n";
        String stderr = "M1 B 0\n\nM1 E 0 0\nM1 B 1\n\nM1 E 1 0\n";
        List<ExecResult> r = s.split(stdout, stderr, Duration.ofSeconds(10));
        assertEquals(Duration.ofMillis(250), r.get(0).duration(), "end minus begin of bash's EPOCHREALTIME");
        assertEquals(Duration.ofSeconds(5), r.get(1).duration(), "a bash without EPOCHREALTIME: an equal share of the exec");
    }

    @Test
    void each_item_gets_what_its_own_markers_bracket_however_alike_the_lines_around_it() {
        // items 1 and 10 share a prefix; item 1's output holds lines that almost close it; item 2 never closed; item 3
        // printed nothing and its stderr bracket is missing; item 10's output is a megabyte
        List<Item> items = java.util.stream.IntStream.rangeClosed(0, 10).mapToObj(i -> Item.plain("c" + i)).toList();
        BatchScript s = new BatchScript(items, "", "M1");
        String big = "x".repeat(1 << 20);
        String stdout = "M1 B 1 1.0\nM1 E 1 zero 2.0\nM1 E 10 0 2.0\nlast\nM1 E 1 4 3.0\n"
                + "M1 B 2 1.0\ncut short\n"
                + "M1 B 3 1.0\n\nM1 E 3 0 1.5\n"
                + "M1 B 10 5.0\n" + big + "\nM1 E 10 7 6.0\n";
        String stderr = "M1 B 1\nwarn\nM1 E 1 4\nM1 B 10\n\nM1 E 10 7\n";
        List<ExecResult> r = s.split(stdout, stderr, Duration.ofSeconds(11));
        assertNull(r.get(0), "never began");
        assertEquals(new ExecResult(4, "M1 E 1 zero 2.0\nM1 E 10 0 2.0\nlast", "warn", Duration.ofSeconds(2)), r.get(1),
                "closed by the first line that is its end marker in full");
        assertNull(r.get(2), "began, never ended");
        assertEquals(new ExecResult(0, "", "", Duration.ofMillis(500)), r.get(3));
        assertEquals(7, r.get(10).exitCode());
        assertEquals(big, r.get(10).stdout());
        assertEquals(Duration.ofSeconds(1), r.get(10).duration());
    }

    @Test
    void a_captured_output_is_piped_into_a_later_command_without_stdin_from_the_client() {
        List<ExecResult> r = run(new BatchScript(List.of(
                Item.captured("printf 'Flow: tcp\\n\\nbridge(\"br-int\")\\n'", "OFPROTO_1"),
                Item.plain("true"),
                Item.fed("sed 's/^/detrace: /'", "OFPROTO_1", "echo should-not-run"))));
        assertEquals("Flow: tcp\n\nbridge(\"br-int\")\n", r.get(0).stdout());
        assertEquals("detrace: Flow: tcp\ndetrace: \ndetrace: bridge(\"br-int\")\n", r.get(2).stdout());
    }

    @Test
    void a_fed_command_without_its_producer_in_the_same_exec_runs_the_producer_itself() {
        List<ExecResult> r = run(new BatchScript(List.of(Item.fed("tr a-z A-Z", "OFPROTO_4", "echo trace output"))));
        assertEquals("TRACE OUTPUT\n", r.get(0).stdout());
    }

    @Test
    void captured_command_keeps_its_exit_code() {
        List<ExecResult> r = run(new BatchScript(List.of(Item.captured("echo partial; exit 5", "OFPROTO_0"))));
        assertEquals(5, r.get(0).exitCode());
        assertEquals("partial\n", r.get(0).stdout());
    }

    @Test
    void commands_after_a_cut_off_have_no_result() {
        BatchScript s = new BatchScript(List.of(Item.plain("echo done"), Item.plain("kill -9 $$"), Item.plain("echo never")));
        List<ExecResult> r = run(s);
        assertEquals("done\n", r.get(0).stdout());
        assertNull(r.get(1));
        assertNull(r.get(2));
    }

    @Test
    void quotes_of_upstream_templates_survive_unchanged() {
        String cmd = "printf '%s\\n' 'inport==\"default_a\" && ip4.src==10.0.0.1' \"in_port=x, tcp, nw_ttl=64\"";
        assertEquals("inport==\"default_a\" && ip4.src==10.0.0.1\nin_port=x, tcp, nw_ttl=64\n",
                run(new BatchScript(List.of(Item.plain(cmd)))).get(0).stdout());
    }

    /**
     * A stand-in for ovn-detrace's loop: echoes every line and, where a block ends (a blank line or the end of the
     * input), prints what it collected of the block's cookies; it counts its runs in RUNS_FILE.
     */
    static final String DETRACE = "(echo run >> \"$RUNS_FILE\"; awk '/cookie/{c=c\" \"$3} "
            + "/^$/{if(c!=\"\")print \"  * records:\"c; c=\"\"} {print} END{if(c!=\"\")print \"  * records:\"c; print \"\"}')";

    @Test
    void several_traces_go_through_one_ovn_detrace_and_each_gets_what_a_run_of_its_own_gives(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) {
        String runs = tmp.resolve("runs").toString();
        String first = "printf 'Flow: tcp\\n 0. cookie 0xa\\n\\nbridge\\n 1. cookie 0xb\\n'";
        String second = "printf 'Flow: udp\\n 0. cookie 0xc\\n'";
        List<ExecResult> joined = run(new BatchScript(List.of(
                Item.captured(first, "O1"), Item.captured(second, "O2"),
                Item.fed(DETRACE, "O1", first), Item.fed(DETRACE, "O2", second)), "RUNS_FILE=" + runs));
        List<ExecResult> alone1 = run(new BatchScript(List.of(Item.captured(first, "O1"), Item.fed(DETRACE, "O1", first)),
                "RUNS_FILE=" + runs));
        List<ExecResult> alone2 = run(new BatchScript(List.of(Item.fed(DETRACE, "O2", second)), "RUNS_FILE=" + runs));

        assertEquals(alone1.get(1).stdout(), joined.get(2).stdout());
        assertEquals(alone2.get(0).stdout(), joined.get(3).stdout());
        assertTrue(joined.get(2).stdout().contains("  * records: 0xa"), joined.get(2).stdout());
        assertEquals(0, joined.get(3).exitCode());
        assertEquals(3, lines(runs), "one run for the joined pair, one each for the runs alone");
    }

    /** Ends its output with an empty line, as ovn-detrace does, and fails. */
    private static final String FAILING = "(awk '{print} END{print \"\"}'; exit 4)";

    @Test
    void the_joined_runs_exit_code_reaches_every_trace_it_served() {
        List<ExecResult> r = run(new BatchScript(List.of(
                Item.captured("echo a", "O1"), Item.captured("echo b", "O2"),
                Item.fed(FAILING, "O1", "echo a"), Item.fed(FAILING, "O2", "echo b"))));
        assertEquals(4, r.get(2).exitCode());
        assertEquals(4, r.get(3).exitCode());
        assertEquals("a\n\n", r.get(2).stdout());
        assertEquals("b\n\n", r.get(3).stdout());
    }

    @Test
    void a_joined_run_that_stops_early_leaves_the_later_traces_empty_with_its_exit_code_and_its_stderr_with_the_first() {
        // reads its first input, then fails before it reaches the separator lines; the whole run's output comes apart
        // in one pass, not one pass per trace
        String stops = "(head -n 1; echo broken >&2; exit 2)";
        BatchScript s = new BatchScript(List.of(Item.captured("echo a", "O1"), Item.captured("echo b", "O2"),
                Item.captured("echo c", "O3"), Item.fed(stops, "O1", "echo a"), Item.fed(stops, "O2", "echo b"),
                Item.fed(stops, "O3", "echo c")));
        List<ExecResult> r = run(s);
        assertEquals(List.of("a\n", "", ""), r.subList(3, 6).stream().map(ExecResult::stdout).toList());
        assertEquals(List.of(2, 2, 2), r.subList(3, 6).stream().map(ExecResult::exitCode).toList());
        assertEquals(List.of("broken\n", "", ""), r.subList(3, 6).stream().map(ExecResult::stderr).toList());
        assertEquals(1, s.script().split("awk -v m=", -1).length - 1, "one pass over the joined output: " + s.script());
    }

    @Test
    void a_fed_item_whose_input_another_exec_captured_joins_the_run_after_its_producer_ran_again() {
        // a receiving node's exec: its own trace, and two traces of the lookups' exec whose ovn-detrace waited for it
        // (tr n N leaves the separator lines alone, as ovn-detrace does; each part keeps the blank line before one)
        BatchScript s = new BatchScript(List.of(Item.captured("echo one", "O1"),
                Item.fed("tr n N", "O1", "echo one"), Item.fed("tr n N", "O7", "echo seven"),
                Item.fed("tr n N", "O7", "echo seven"), Item.fed("tr n N", "O8", "echo nine")));
        List<ExecResult> r = run(s);
        assertEquals("oNe", r.get(1).stdout().strip());
        assertEquals("seveN", r.get(2).stdout().strip());
        assertEquals("seveN", r.get(3).stdout().strip());
        assertEquals("NiNe", r.get(4).stdout().strip());
        String script = s.script();
        assertEquals(1, script.split("\\|tr n N", -1).length - 1, "one run over all four inputs: " + script);
        assertEquals(1, script.split("\\(echo seven\\)", -1).length - 1, "O7's producer ran once again: " + script);
    }

    static long lines(String file) {
        try {
            return java.nio.file.Files.readAllLines(java.nio.file.Path.of(file)).size();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
