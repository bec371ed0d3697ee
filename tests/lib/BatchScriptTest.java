package ovntrace.lib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import ovntrace.lib.BatchScript.Item;
import ovntrace.support.Processes;

/** A batch runs in a real bash here, as it does in a node pod, and comes apart into each command's result. */
class BatchScriptTest {

    private static List<ExecResult> run(BatchScript script) {
        Processes.Outcome o = Processes.run(List.of("bash", "-c", script.script()), ovntrace.support.Repo.root(),
                java.util.Map.of(), Duration.ofSeconds(20));
        return script.split(o.stdout(), o.stderr(), Duration.ofSeconds(1));
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
        assertTrue(r.get(0).duration().compareTo(Duration.ofSeconds(1)) < 0, "durations come from bash's clock");
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
}
