package ovntrace.lib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ovntrace.lib.cluster.EngineOptions;
import ovntrace.lib.cluster.KubePodExec;
import ovntrace.lib.cluster.PodExec;
import ovntrace.lib.cluster.PodExec.ExecResult;
import ovntrace.lib.cluster.PodExec.ExecTarget;
import ovntrace.lib.exec.BatchRunner;
import ovntrace.lib.exec.BatchScript;
import ovntrace.lib.exec.BatchScript.Item;

/**
 * A node's exec kept open for its next round: the first batch pauses after its items and runs one follow-up the
 * client sends over stdin, in the same shell. The scripts run here in a local bash under the node's wrapper.
 */
class PausingScriptTest {

    private static final ExecTarget T = new ExecTarget("ovn-kubernetes", "ovnkube-node-abcde", "ovnkube-controller", "n1");

    @TempDir
    Path tmp;

    private record Ran(int code, String out, String err) {}

    /** The wrapper as a node runs it, the script over stdin, then {@code after}; stdin stays open until it ends. */
    private Ran underWrapper(String script, String after) throws Exception {
        byte[] bytes = script.getBytes(StandardCharsets.UTF_8);
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", KubePodExec.WRAPPER, "ovntrace", "", "30", Integer.toString(bytes.length))
                .redirectOutput(tmp.resolve("out").toFile()).redirectError(tmp.resolve("err").toFile());
        Process p = pb.start();
        OutputStream in = p.getOutputStream();
        in.write(bytes);
        in.write(after.getBytes(StandardCharsets.UTF_8));
        in.flush();
        int code = p.waitFor();
        in.close();
        return new Ran(code, Files.readString(tmp.resolve("out")), Files.readString(tmp.resolve("err")));
    }

    /** What the client sends for a follow-up: its byte count on a line, then the script. */
    private static String followUp(String script) {
        return script.getBytes(StandardCharsets.UTF_8).length + "\n" + script;
    }

    @Test
    void the_follow_up_runs_after_the_pause_in_the_same_shell_and_each_part_splits_as_its_own_batch() throws Exception {
        BatchScript first = new BatchScript(List.of(Item.captured("echo 'from the first round'", "V1"),
                Item.plain("echo out; echo err >&2"))).pausing();
        BatchScript second = new BatchScript(List.of(Item.plain("printf '%s (still set)' \"${V1%x}\""),
                Item.fed("tr a-z A-Z", "V1", "echo producer run again")));
        Ran r = underWrapper(first.script(), followUp(second.script()));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains(first.pause() + "\n") && r.err().contains(first.pause() + "\n"), "the pause on both streams:\n" + r.out());
        List<ExecResult> one = first.split(r.out(), r.err(), Duration.ZERO), two = second.split(r.out(), r.err(), Duration.ZERO);
        assertEquals("from the first round\n", one.get(0).stdout());
        assertEquals("err\n", one.get(1).stderr());
        assertEquals("from the first round\n (still set)", two.get(0).stdout(), "the first round's variable reached the follow-up");
        assertEquals("PRODUCER RUN AGAIN\n", two.get(1).stdout(), "a fed item whose input the follow-up does not set runs its producer");
        assertTrue(r.out().indexOf(first.pause()) < r.out().indexOf("(still set)"), "the follow-up ran after the pause");
    }

    @Test
    void nothing_more_ends_the_script_at_its_pause() throws Exception {
        BatchScript first = new BatchScript(List.of(Item.plain("echo done"))).pausing();
        Ran r = underWrapper(first.script(), "0\n");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().endsWith(first.pause() + "\n"), r.out());
    }

    @Test
    void without_the_wrappers_fd_5_the_script_ends_at_its_pause() throws Exception {
        BatchScript first = new BatchScript(List.of(Item.plain("echo done"))).pausing();
        Process p = new ProcessBuilder("bash", "-c", first.script()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(tmp.resolve("out").toFile()).redirectError(tmp.resolve("err").toFile()).start();
        assertEquals(0, p.waitFor());
        assertEquals("", Files.readString(tmp.resolve("err")).replaceAll("(?m)^(OVNTRACE-\\S+ [BEF].*|)\n", ""), "no error about fd 5");
        assertTrue(Files.readString(tmp.resolve("out")).endsWith(first.pause() + "\n"));
    }

    /** A pod whose execs pause, run here under the wrapper; {@code endsAtPause}: the exec has ended by the time of the follow-up. */
    private final class LocalPausingExec implements PodExec {
        final List<String> execs = new ArrayList<>(), followUps = new ArrayList<>();
        private final boolean endsAtPause;

        LocalPausingExec(boolean endsAtPause) {
            this.endsAtPause = endsAtPause;
        }

        @Override
        public ExecResult exec(ExecTarget t, String command, Duration timeout) throws ExecException {
            execs.add(command);
            try {
                Ran r = underWrapper(command, "");
                return new ExecResult(r.code(), r.out(), r.err(), Duration.ZERO);
            } catch (Exception e) {
                throw new ExecException(e.getMessage());
            }
        }

        @Override
        public Paused execPausing(ExecTarget t, String command, Duration timeout, String pause) {
            execs.add(command);
            return new Paused() {
                @Override
                public ExecResult sofar() {
                    try {
                        Ran r = underWrapper(command, "0\n");
                        return new ExecResult(0, r.out(), r.err(), Duration.ZERO);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }

                @Override
                public ExecResult resume(String script) throws ExecException {
                    followUps.add(script);
                    if (endsAtPause) return null;
                    try {
                        Ran r = underWrapper(command, followUp(script));
                        return new ExecResult(r.code(), r.out(), r.err(), Duration.ZERO);
                    } catch (Exception e) {
                        throw new ExecException(e.getMessage());
                    }
                }

                @Override
                public void end() {}
            };
        }
    }

    private static Map<String, Item> items(String... commands) {
        Map<String, Item> m = new LinkedHashMap<>();
        for (String c : commands) m.put(c, Item.plain(c));
        return m;
    }

    @Test
    void the_next_round_goes_to_the_open_exec_and_no_new_one_is_made() {
        LocalPausingExec pod = new LocalPausingExec(false);
        BatchRunner runner = new BatchRunner(pod, EngineOptions.defaults());
        BatchRunner.Open<String> open = runner.runPausing(T, items("echo first"));
        assertEquals("first\n", open.outcomes().get("echo first").result().stdout());
        Map<String, BatchRunner.Outcome> next = runner.resume(open, T, items("echo second"));
        assertEquals("second\n", next.get("echo second").result().stdout());
        assertEquals(1, pod.execs.size(), "one exec for both rounds");
    }

    @Test
    void the_next_round_feeds_what_the_first_captured_as_it_was_and_runs_no_producer_again() {
        LocalPausingExec pod = new LocalPausingExec(false);
        BatchRunner runner = new BatchRunner(pod, EngineOptions.defaults());
        Map<String, Item> first = new LinkedHashMap<>();
        first.put("trace", Item.captured("echo 'the reported trace'", "N0_O0"));
        BatchRunner.Open<String> open = runner.runPausing(T, first);
        Map<String, Item> next = new LinkedHashMap<>();
        next.put("detrace", Item.fed("tr a-z A-Z", "N0_O0", "echo 'a second trace'"));
        assertEquals("THE REPORTED TRACE\n", runner.resume(open, T, next).get("detrace").result().stdout());
        assertEquals(1, pod.followUps.size());
        assertTrue(pod.followUps.stream().noneMatch(c -> c.contains("a second trace")), "no producer in the follow-up: " + pod.followUps);
    }

    @Test
    void an_exec_that_ended_at_its_pause_gets_its_next_round_in_an_exec_of_its_own() {
        LocalPausingExec pod = new LocalPausingExec(true);
        BatchRunner runner = new BatchRunner(pod, EngineOptions.defaults());
        BatchRunner.Open<String> open = runner.runPausing(T, items("echo first"));
        Map<String, BatchRunner.Outcome> next = runner.resume(open, T, items("echo second"));
        assertEquals("second\n", next.get("echo second").result().stdout());
        assertEquals(2, pod.execs.size());
        assertTrue(next.get("echo second").problem().isEmpty(), next.get("echo second").problem());
    }
}
