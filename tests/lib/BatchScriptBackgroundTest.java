package ovntrace.lib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static ovntrace.lib.BatchScriptTest.DETRACE;
import static ovntrace.lib.BatchScriptTest.run;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ovntrace.lib.cluster.KubePodExec;
import ovntrace.lib.cluster.PodExec.ExecResult;
import ovntrace.lib.exec.BatchScript;
import ovntrace.lib.exec.BatchScript.Item;
import ovntrace.support.Processes;

/**
 * A node's slow ovn-detrace runs in the background of the same exec while its remaining ovn-trace commands run, and
 * lookups set shell variables the later commands use; all in a real bash, as in a node pod.
 */
class BatchScriptBackgroundTest {

    @Test
    void a_slow_background_item_started_first_still_gets_its_own_output_exit_code_and_whole_duration() {
        List<ExecResult> r = run(new BatchScript(List.of(
                Item.plain("echo before"),
                Item.plain("sleep 0.3; echo b; echo b-err >&2; exit 4").inBackground(),
                Item.plain("echo f; echo f-err >&2"),
                Item.plain("printf 'no newline'").inBackground(),
                Item.plain("echo only-err >&2").inBackground(),
                Item.plain("echo after"))));
        assertEquals("before\n", r.get(0).stdout());
        assertEquals(new ExecResult(4, "b\n", "b-err\n", r.get(1).duration()), r.get(1));
        assertEquals(new ExecResult(0, "f\n", "f-err\n", r.get(2).duration()), r.get(2));
        assertEquals("no newline", r.get(3).stdout());
        assertEquals(new ExecResult(0, "", "only-err\n", r.get(4).duration()), r.get(4));
        assertEquals("after\n", r.get(5).stdout());
        assertTrue(r.get(1).duration().compareTo(Duration.ofMillis(300)) >= 0, "the marker times are taken when the item ran: " + r.get(1).duration());
    }

    @Test
    void the_foreground_runs_while_the_background_waits(@TempDir Path tmp) throws Exception {
        // a FIFO opens only when both ends do: run one after the other, the script would never end
        String fifo = tmp.resolve("fifo").toString();
        new ProcessBuilder("mkfifo", fifo).start().waitFor();
        List<ExecResult> r = run(new BatchScript(List.of(
                Item.plain("read -r line < " + fifo + "; echo \"background got $line\"").inBackground(),
                Item.plain("echo hello > " + fifo + "; echo sent"))));
        assertEquals("background got hello\n", r.get(0).stdout());
        assertEquals("sent\n", r.get(1).stdout());
    }

    @Test
    void an_exit_in_a_background_item_ends_only_that_item() {
        List<ExecResult> r = run(new BatchScript(List.of(
                Item.plain("echo one; exit 3").inBackground(), Item.captured("echo two; exit 5", "O1").inBackground(),
                Item.plain("echo three").inBackground())));
        assertEquals(new ExecResult(3, "one\n", "", r.get(0).duration()), r.get(0));
        assertEquals(new ExecResult(5, "two\n", "", r.get(1).duration()), r.get(1));
        assertEquals("three\n", r.get(2).stdout());
    }

    @Test
    void outputs_larger_than_a_pipe_come_back_whole_from_both_sections() {
        String big = "seq 1 200000; seq 1 30000 >&2";
        List<ExecResult> r = run(new BatchScript(List.of(Item.plain(big).inBackground(), Item.plain(big))));
        assertEquals(r.get(1), new ExecResult(0, r.get(0).stdout(), r.get(0).stderr(), r.get(1).duration()));
        assertTrue(r.get(0).stdout().endsWith("\n199999\n200000\n") && r.get(0).stderr().length() > 150_000, "1.3 MB out, 170 KB err");
    }

    @Test
    void a_background_feed_reads_what_the_foreground_captured_before_it_forked() {
        List<ExecResult> r = run(new BatchScript(List.of(
                Item.captured("echo early trace", "O1"),
                Item.fed("tr r R", "O1", "echo should-not-run").inBackground(),
                Item.captured("echo late trace", "O2"),
                Item.fed("tr r R", "O2", "echo producer ran again").inBackground())));
        // (tr r R leaves the joined run's separator lines alone, as ovn-detrace does)
        assertEquals("eaRly tRace", r.get(1).stdout().strip());
        assertEquals("pRoduceR Ran again", r.get(3).stdout().strip(), "captured after the background forked: not there");
    }

    @Test
    void background_feeds_of_one_command_run_once_and_each_gets_what_a_run_of_its_own_gives(@TempDir Path tmp) {
        String runs = "RUNS_FILE=" + tmp.resolve("runs");
        String first = "printf 'Flow: tcp\\n 0. cookie 0xa\\n\\nbridge\\n 1. cookie 0xb\\n'";
        String second = "printf 'Flow: udp\\n 0. cookie 0xc\\n'";
        List<ExecResult> joined = run(new BatchScript(List.of(
                Item.captured(first, "O1"), Item.fed(DETRACE, "O1", first).inBackground(),
                Item.captured(second, "O2").inBackground(), Item.fed(DETRACE, "O2", second).inBackground(),
                Item.plain("echo foreground")), runs));
        ExecResult firstAlone = run(new BatchScript(List.of(Item.fed(DETRACE, "O1", first)), runs)).get(0);
        ExecResult secondAlone = run(new BatchScript(List.of(Item.fed(DETRACE, "O2", second)), runs)).get(0);

        assertEquals(firstAlone.stdout(), joined.get(1).stdout());
        assertEquals(secondAlone.stdout(), joined.get(3).stdout());
        assertTrue(joined.get(1).stdout().contains("  * records: 0xa"), joined.get(1).stdout());
        assertEquals(3, BatchScriptTest.lines(tmp.resolve("runs").toString()), "one run for the joined pair, one each alone");
    }

    @Test
    void variables_an_in_shell_item_sets_reach_later_items_and_a_background_forked_after_it() {
        List<ExecResult> r = run(new BatchScript(List.of(
                Item.inShell("A=$(echo alpha);printf 'A=%s\\n' \"$A\""),
                Item.plain("echo \"foreground sees $A\""),
                Item.plain("echo \"background sees $A and ${B:-no B}\"").inBackground(),
                Item.inShell("B=beta"),
                Item.plain("echo \"foreground sees $B\""),
                Item.inShell("return 3; echo never"),
                Item.inShell("echo no such command >&2; does-not-exist-bgitems"))));
        assertEquals(new ExecResult(0, "A=alpha\n", "", r.get(0).duration()), r.get(0));
        assertEquals("foreground sees alpha\n", r.get(1).stdout());
        assertEquals("background sees alpha and no B\n", r.get(2).stdout(), "B was set after the background forked");
        assertEquals("foreground sees beta\n", r.get(4).stdout());
        assertEquals(new ExecResult(3, "", "", r.get(5).duration()), r.get(5), "return ends the item early");
        assertEquals(127, r.get(6).exitCode(), "a failing in-shell item ends only itself");
    }

    @Test
    void in_shell_code_that_could_end_or_redirect_the_script_is_refused() {
        for (String code : List.of("exit 1", "A=1; exit", "exec >/dev/null", "set -e", "true && kill $$", "trap 'x' EXIT",
                "M=other", "b(){ :; }", "if true; then shopt -s nullglob; fi")) {
            assertThrows(IllegalArgumentException.class, () -> Item.inShell(code), code);
        }
        Item.inShell("A=$(ovn-nbctl --bare --columns=name find Logical_Switch_Port name=x);read -r P _ <<<\"$A\";printf %s \"$P\"");
    }

    @Test
    void an_exec_cut_short_before_the_hand_over_leaves_the_background_items_without_result() {
        BatchScript s = new BatchScript(List.of(Item.plain("echo f1"), Item.plain("echo b").inBackground(), Item.plain("echo f2")),
                "", "OVNTRACE-cut");
        Processes.Outcome o = Processes.run(List.of("bash", "-c", s.script()), ovntrace.support.Repo.root(), Map.of(), Duration.ofMinutes(2));
        String cut = o.stdout().substring(0, o.stdout().indexOf("OVNTRACE-cut B 1 "));
        List<ExecResult> r = s.split(cut, o.stderr(), Duration.ofSeconds(1));
        assertEquals("f1\n", r.get(0).stdout());
        assertNull(r.get(1));
        assertEquals("f2\n", r.get(2).stdout());
    }

    @Test
    void a_foreground_killed_midway_hands_over_nothing() {
        List<ExecResult> r = run(new BatchScript(List.of(
                Item.plain("echo b").inBackground(), Item.plain("echo f"), Item.plain("kill -9 $$"), Item.plain("echo never"))));
        assertNull(r.get(0));
        assertEquals("f\n", r.get(1).stdout());
        assertNull(r.get(3));
    }

    @Test
    void the_on_node_deadline_ends_the_background_section_too() throws Exception {
        String sleep = "sleep 31." + ProcessHandle.current().pid();
        BatchScript s = new BatchScript(List.of(Item.plain(sleep).inBackground(), Item.plain("echo f"), Item.plain(sleep)));
        // as KubePodExec runs it: the wrapper, a deadline of one second, and a stdin that stays open
        Process p = new ProcessBuilder("bash", "-c", KubePodExec.WRAPPER, "ovntrace", s.script(), "1")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(124, p.waitFor(), "timeout's exit code");
        p.getOutputStream().close();
        List<ExecResult> r = s.split(out, "", Duration.ofSeconds(1));
        assertEquals("f\n", r.get(1).stdout());
        assertNull(r.get(0));
        for (ProcessHandle h : ProcessHandle.allProcesses().filter(h -> h.info().commandLine().orElse("").equals(sleep)).toList()) {
            // TERM went to the whole process group at once; the bound only keeps a broken run from hanging the build
            assertTrue(h.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS) != null);
        }
    }
}
