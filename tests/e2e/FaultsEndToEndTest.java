package ovntrace.e2e;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import ovntrace.kubesim.Fault;
import ovntrace.support.FaultRun;
import ovntrace.support.NodeProcesses;
import ovntrace.support.Sandboxes;
import ovntrace.support.Sandboxes.Sandbox;

/**
 * The documentation example against the shared interconnect sandbox with one thing broken at a time (the sandbox's
 * fault switches): ovntrace must end in bounded time with one clear line naming the problem and no stack trace,
 * still report the steps that could run, mark the failed ones in the report, and leave nothing running in the
 * node pods. Timings are printed ({@code FAULT <name> took N.N s}); only the deadline cases assert
 * {@code --timeout} + 5 s, the others a bound that only a client waiting for ever can miss. The source pod is on
 * ovn-worker2, the destination on ovn-worker, the node the per-node faults hit. SIGINT needs a child JVM, the
 * other cases run in-process.
 */
class FaultsEndToEndTest {

    static final String CHMVH = TraceEndToEndTest.CHMVH, T4HQW = TraceEndToEndTest.T4HQW, NODE = "ovn-worker";
    static final int TIMEOUT = 5;
    /** The tool's own deadline plus slack for a JVM on a loaded 2-core machine: the bound. */
    static final double DEADLINE_BOUND = TIMEOUT + 5;
    /** For faults that answer at once: only a client that waits for ever, or retries for minutes, misses it. */
    static final double ANSWERED_BOUND = 90;

    @TempDir
    Path tmp;

    @BeforeAll
    static void e2e() {
        Sandboxes.assumeE2e();
    }

    @AfterEach
    void clean() {
        Sandbox sb = Sandboxes.ic();
        sb.clearFaults();
        NodeProcesses.killAll(sb.layout(), sb.nodes());
    }

    static FaultRun trace(String name, Path report, String... extra) {
        List<String> args = new ArrayList<>(List.of("-kubeconfig", Sandboxes.ic().kubeconfig().toString(),
                "-src-namespace", "default", "-src", CHMVH, "-dst-namespace", "default", "-dst", T4HQW, "-udp",
                "-dst-port", "53", "--timeout", Integer.toString(TIMEOUT), "--report", report.toString()));
        args.addAll(List.of(extra));
        return FaultRun.of(name, report, args);
    }

    /** Exactly one stderr line names the problem, and no stack trace. */
    static String oneClearLine(FaultRun r, String... words) {
        List<String> lines = r.errorLinesWith(words);
        assertEquals(1, lines.size(), "exactly one line naming the problem (" + String.join("|", words) + ")\n" + r.describe());
        assertTrue(r.noStackTrace(), "no stack trace\n" + r.describe());
        return lines.get(0);
    }

    static void assertWithin(FaultRun r, double bound) {
        assertTrue(r.seconds() <= bound, String.format("took %.1f s, more than %.0f s%n%s", r.seconds(), bound, r.describe()));
    }

    /** The result line of the forward ovn-trace on the source's node, which no per-node fault on ovn-worker touches. */
    static void assertSourceNodeStepReported(FaultRun r) {
        assertTrue(r.run().lines().stream().anyMatch(l -> l.startsWith("ovn-trace source pod to destination pod indicates")),
                "the step on the healthy node is still reported\n" + r.describe());
    }

    /** The report exists, and the steps {@code failing} picks have a verdict other than PASS and a reason. */
    static void assertMarked(FaultRun r, Predicate<FaultRun.Step> failing) {
        assertTrue(r.report().isPresent(), "report written\n" + r.describe());
        List<FaultRun.Step> picked = r.steps().stream().filter(failing).toList();
        assertFalse(picked.isEmpty(), "the report lists the failed steps\n" + r.describe());
        for (FaultRun.Step s : picked) {
            assertFalse(s.passed(), "failed step marked: " + s + "\n" + r.describe());
            assertFalse(s.reason().isBlank(), "failed step has a reason: " + s + "\n" + r.describe());
        }
    }

    static void assertNothingLeft(FaultRun r) {
        Sandbox sb = Sandboxes.ic();
        List<String> left = NodeProcesses.awaitNone(sb.layout(), sb.nodes(), Duration.ofSeconds(TIMEOUT + 10));
        assertEquals(List.of(), left, "nothing left running in the node pods after the run\n" + r.describe());
    }

    @Test
    void exec_hang_on_one_node_times_out_there_only() {
        Sandboxes.ic().fault(Fault.EXEC_HANG, NODE);
        FaultRun r = trace("exec-hang", tmp.resolve("r.json"));
        assertAll(() -> assertWithin(r, DEADLINE_BOUND),
                () -> assertTrue(oneClearLine(r, "timed out").contains(NODE), r.describe()),
                () -> assertEquals(1, r.run().exitCode(), r.describe()),
                () -> assertSourceNodeStepReported(r),
                () -> assertMarked(r, s -> s.node().equals(NODE)),
                () -> assertNothingLeft(r));
    }

    @Test
    void api_server_that_never_answers_is_given_up_on_after_the_timeout() {
        Sandboxes.ic().fault(Fault.API, Fault.ApiFault.HANG.spelling());
        FaultRun r = trace("api-hang", tmp.resolve("r.json"));
        assertAll(() -> assertWithin(r, DEADLINE_BOUND),
                () -> {
                    String line = oneClearLine(r, "did not answer");
                    assertTrue(line.contains("http://127.0.0.1:") && line.contains(TIMEOUT + " s"), "names server and wait: " + line);
                },
                () -> assertEquals(1, r.run().exitCode(), r.describe()),
                () -> assertApiErrorReport(r),
                () -> assertNothingLeft(r));
    }

    @ParameterizedTest(name = "API answers {0}")
    @CsvSource({"401, unauthorized", "403, forbidden", "500, internal error"})
    void api_server_errors_are_one_line_each(String code, String words) {
        Sandboxes.ic().fault(Fault.API, code);
        FaultRun r = trace("api-" + code, tmp.resolve("r.json"));
        assertAll(() -> assertWithin(r, ANSWERED_BOUND),
                () -> oneClearLine(r, words),
                () -> assertEquals(1, r.run().exitCode(), r.describe()),
                () -> assertEquals("", r.run().stdout(), "nothing resolved, so no result lines\n" + r.describe()),
                () -> assertApiErrorReport(r),
                () -> assertNothingLeft(r));
    }

    /** When the API fails nothing is traced, but the report asked for is still written and says why. */
    static void assertApiErrorReport(FaultRun r) {
        assertTrue(r.report().isPresent(), "report written\n" + r.describe());
        assertEquals("inconclusive", r.report().get().path("verdict").asText(), r.describe());
        assertTrue(r.report().get().path("summary").asText().startsWith("not traced: "), r.describe());
    }

    @Test
    void missing_ovn_detrace_is_skipped_with_one_line_and_the_exit_code_unchanged() {
        Sandboxes.ic().fault(Fault.HIDE_TOOLS, "* ovn-detrace");
        FaultRun r = trace("hide-ovn-detrace", tmp.resolve("r.html"));
        assertAll(() -> assertWithin(r, ANSWERED_BOUND),
                () -> assertTrue(oneClearLine(r, "ovn-detrace").startsWith("Skipped ovn-detrace due to: "), r.describe()),
                () -> assertEquals(0, r.run().exitCode(), r.describe()),
                () -> assertEquals(6, r.run().lines().size(), "the ovn-trace and ofproto/trace lines\n" + r.describe()),
                () -> assertTrue(tmp.resolve("r.html").toFile().length() > 0, "HTML report written\n" + r.describe()),
                () -> assertNothingLeft(r));
    }

    @Test
    void missing_ovn_detrace_is_marked_skipped_in_the_json_report() {
        Sandboxes.ic().fault(Fault.HIDE_TOOLS, "* ovn-detrace");
        FaultRun r = trace("hide-ovn-detrace-json", tmp.resolve("r.json"));
        assertAll(() -> assertEquals(0, r.run().exitCode(), r.describe()),
                () -> assertMarked(r, s -> s.tool().equals("ovn-detrace")));
    }

    @Test
    void missing_ovn_trace_on_one_node_fails_that_step_with_one_line() {
        Sandboxes.ic().fault(Fault.HIDE_TOOLS, NODE + " ovn-trace");
        FaultRun r = trace("hide-ovn-trace", tmp.resolve("r.json"));
        assertAll(() -> assertWithin(r, ANSWERED_BOUND),
                () -> oneClearLine(r, "not installed", "not found"),
                () -> assertEquals(1, r.run().exitCode(), r.describe()),
                () -> assertSourceNodeStepReported(r),
                () -> assertTrue(r.run().lines().stream().anyMatch(l -> l.startsWith("ovs-appctl ofproto/trace")), r.describe()),
                () -> assertMarked(r, s -> s.node().equals(NODE) && s.tool().equals("ovn-trace")),
                () -> assertNothingLeft(r));
    }

    @Test
    void northbound_socket_gone_on_one_node_is_named() {
        Sandbox sb = Sandboxes.ic();
        FaultRun[] r = new FaultRun[1];
        sb.withoutSocket(NODE, Sandboxes.Db.NB, () -> r[0] = trace("nb-socket-gone", tmp.resolve("r.json")));
        System.out.println("FAULT nb-socket-gone exit " + r[0].run().exitCode());
        assertAll(() -> assertWithin(r[0], ANSWERED_BOUND),
                () -> oneClearLine(r[0], "database", "socket", "nbdb"),
                () -> assertSourceNodeStepReported(r[0]),
                () -> assertMarked(r[0], s -> s.node().equals(NODE) && s.tool().equals("ovn-detrace")),
                () -> assertNothingLeft(r[0]));
    }

    /**
     * As Ctrl-C (SIGINT) or a supervisor's SIGTERM reaches a run in a terminal. A test JVM started in the background
     * by a non-interactive shell (as CI may start the build) inherits SIGINT ignored, and a JVM never handles a
     * signal it started with ignored, so the child gets the default disposition back first, as a terminal gives it.
     */
    /**
     * The node commands' deadline is far beyond the test's patience, so only the signal can have stopped them; the
     * patience is a bound for a stuck run, not a speed: on a loaded machine the closing streams may take seconds (a
     * 10 s patience with a 60 s deadline failed under load).
     */
    static final Duration NODE_DEADLINE = Duration.ofHours(1), PATIENCE = Duration.ofMinutes(3);

    @ParameterizedTest(name = "SIG{0}")
    @CsvSource({"INT, 130", "TERM, 143"})
    void a_signal_mid_run_stops_the_node_commands_and_says_so_in_one_line(String signal, int exitCode) throws Exception {
        Sandbox sb = Sandboxes.ic();
        sb.fault(Fault.EXEC_HANG, NODE);
        Path out = tmp.resolve("out"), err = tmp.resolve("err");
        List<String> argv = new ArrayList<>(List.of("python3", "-c", "import os, signal, sys; signal.signal(signal.SIGINT,"
                + " signal.SIG_DFL); signal.signal(signal.SIGTERM, signal.SIG_DFL); os.execvp(sys.argv[1], sys.argv[1:])",
                ProcessHandle.current().info().command().orElse("java"), "-cp",
                System.getProperty("java.class.path"), "ovntrace", "-kubeconfig", sb.kubeconfig().toString(),
                "-src", CHMVH, "-dst", T4HQW, "-udp", "-dst-port", "53", "--timeout", Long.toString(NODE_DEADLINE.toSeconds()),
                "--report", tmp.resolve("r.json").toString()));
        Process child = new ProcessBuilder(argv).redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        try {
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (NodeProcesses.leftovers(sb.layout(), NODE).stream().noneMatch(l -> l.commandLine().contains("sleep 3600"))) {
                assertTrue(child.isAlive() && System.nanoTime() < deadline, "the hung command never appeared on " + NODE
                        + "\n" + Files.readString(err));
                Thread.sleep(200);
            }
            long start = System.nanoTime();
            assertEquals(0, new ProcessBuilder("kill", "-" + signal, Long.toString(child.pid())).start().waitFor());
            boolean ended = child.waitFor(PATIENCE.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(java.util.Locale.ROOT, "FAULT sig%s took %.1f s%n", signal.toLowerCase(java.util.Locale.ROOT), seconds);
            String stderr = Files.readString(err);
            String describe = String.format("FAULT SIG%s took %.1f s%n--- stdout ---%n%s--- stderr ---%n%s", signal, seconds,
                    Files.readString(out), stderr);
            assertTrue(ended, "ovntrace ended after SIG" + signal + "\n" + describe);
            assertAll(() -> assertEquals(exitCode, child.exitValue(), describe),
                    () -> assertEquals(1, stderr.lines().filter(l -> l.toLowerCase(java.util.Locale.ROOT).contains("interrupt")).count(),
                            "one line saying it was interrupted\n" + describe),
                    () -> assertFalse(stderr.contains("at ovntrace.") || stderr.contains("Exception"), describe),
                    () -> assertEquals(List.of(), NodeProcesses.awaitNone(sb.layout(), sb.nodes(), PATIENCE),
                            "nothing left running after SIG" + signal + "\n" + describe));
        } finally {
            child.destroyForcibly();
        }
    }
}
