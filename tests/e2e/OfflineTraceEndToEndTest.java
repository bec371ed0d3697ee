package ovntrace.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import ovntrace.cli.OvntraceCli;
import ovntrace.gather.MustGather;
import ovntrace.lib.api.Ovntrace;
import ovntrace.lib.api.TraceRun;
import ovntrace.lib.cluster.ClusterMode;
import ovntrace.support.OfflineComparison;
import ovntrace.support.OfflineComparison.Evidence;
import ovntrace.support.OfflineLeftovers;
import ovntrace.support.PlainFolder;
import ovntrace.support.Sandboxes;
import ovntrace.support.Sandboxes.Sandbox;

/**
 * A must-gather traces as the cluster did: on both OVN versions and both modes ({@link Sandboxes#pairwise()}), a local
 * cluster is traced online and gathered (a folder with standalone databases, and a support-case upload: one .tar.gz
 * with clustered databases, as must-gather compresses it); then the same traces run with {@code --offline} against
 * the gathered files only (no kubeconfig, no socket of the cluster: the offline run serves its own copies). The ovn-trace verdicts, result lines, exit codes, drop points and policy attributions are
 * the online ones; the steps that need a live node say "not available offline"; nothing is left running or on disk.
 */
class OfflineTraceEndToEndTest {

    static final String CHMVH = TraceEndToEndTest.CHMVH, T4HQW = TraceEndToEndTest.T4HQW;

    /** A trace to repeat offline: the README/documentation example, a Service, an external IP, a NetworkPolicy drop. */
    record Scenario(String name, List<String> args) {
        @Override
        public String toString() {
            return name;
        }
    }

    static final List<Scenario> SCENARIOS = List.of(
            new Scenario("documentation example", List.of("-src", CHMVH, "-dst", T4HQW, "-udp", "-dst-port", "53")),
            new Scenario("Service", List.of("-src", CHMVH, "-service", "fedora", "-tcp", "-dst-port", "80")),
            new Scenario("external IP", List.of("-src", CHMVH, "-dst-ip", "8.8.8.8", "-tcp", "-dst-port", "443")),
            new Scenario("NetworkPolicy drop across nodes", List.of("-src", T4HQW, "-dst-namespace", "restricted", "-dst", "db-0",
                    "-tcp", "-dst-port", "80")));

    @BeforeAll
    static void e2e() {
        Sandboxes.assumeE2e();
    }

    /** Both versions, both modes: see {@link Sandboxes#pairwise()}. */
    static Stream<Sandboxes.Cluster> pairwise() {
        return Sandboxes.pairwise();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pairwise")
    void a_must_gather_traces_offline_as_its_cluster_did_online(Sandboxes.Cluster cluster, @TempDir Path tmp) throws Exception {
        List<Evidence> online = new ArrayList<>();
        MustGather.Result folder, upload;
        Sandbox sb = Sandboxes.of(cluster);
        for (int i = 0; i < SCENARIOS.size(); i++) {
            online.add(run(tmp.resolve("online-" + i + ".json"), "-kubeconfig", sb.kubeconfig().toString(), SCENARIOS.get(i)));
        }
        folder = MustGather.run(new MustGather.Request(sb.layout(), tmp.resolve("mg"), false, false), line -> { });
        upload = MustGather.run(new MustGather.Request(sb.layout(), tmp.resolve("case"), true, true), line -> { });
        assertTrue(online.stream().anyMatch(e -> e.exitCode() == 0) && online.stream().anyMatch(e -> e.exitCode() == 255),
                "the scenarios cover a passing and a failing trace");

        List<String> differences = new ArrayList<>();
        try (OfflineLeftovers leftovers = OfflineLeftovers.watch(tmp.resolve("tmp"))) {
            for (int i = 0; i < SCENARIOS.size(); i++) {
                differences.addAll(offline(cluster, online.get(i), folder.root(), tmp.resolve("offline-" + i + ".json"), SCENARIOS.get(i), leftovers));
            }
            // the upload: the documentation example and the policy drop, from clustered databases in one archive
            for (int i : new int[] {0, SCENARIOS.size() - 1}) {
                differences.addAll(offline(cluster, online.get(i), upload.archive(), tmp.resolve("upload-" + i + ".json"), SCENARIOS.get(i), leftovers));
            }
        }
        assertEquals(List.of(), differences, cluster + ": offline differs from online");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pairwise")
    void the_steps_that_need_a_live_node_are_named_and_do_not_decide(Sandboxes.Cluster cluster, @TempDir Path tmp) throws Exception {
        Sandbox sb = Sandboxes.of(cluster);
        MustGather.Result folder = MustGather.run(new MustGather.Request(sb.layout(), tmp.resolve("mg"), false, false), line -> { });

        OvntraceCli.Run r = OvntraceCli.run("--offline", folder.root().toString(), "-src", CHMVH, "-dst", T4HQW, "-udp",
                "-dst-port", "53");

        assertEquals(0, r.exitCode(), "every ovn-trace step passes, and the unavailable ones do not count\n" + r.describe());
        assertTrue(r.lines().stream().anyMatch(l -> l.startsWith("ovn-trace source pod to destination pod indicates success")), r.describe());
        assertTrue(r.lines().contains("ovs-appctl ofproto/trace source pod to destination pod inconclusive: not available offline"),
                r.describe());
        assertFalse(r.stdout().contains("ofproto/trace source pod to destination pod indicates"), r.describe());
    }

    /**
     * The plain layout: what a user without must-gather puts together (each namespace's {@code kubectl get -o yaml}
     * Lists in one folder, no ovnkube-node pods, and a {@code <zone>_nbdb.db}/{@code <zone>_sbdb.db} pair per zone, or
     * {@code ovnnb_db.db}/{@code ovnsb_db.db} for a central cluster) traces as its cluster did.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("pairwise")
    void a_plain_folder_of_object_lists_and_zone_databases_traces_as_the_cluster_did(Sandboxes.Cluster cluster, @TempDir Path tmp)
            throws Exception {
        Sandbox sb = Sandboxes.of(cluster);
        Scenario s = SCENARIOS.get(SCENARIOS.size() - 1);
        Evidence online = run(tmp.resolve("online.json"), "-kubeconfig", sb.kubeconfig().toString(), s);
        MustGather.Result gathered = MustGather.run(new MustGather.Request(sb.layout(), tmp.resolve("mg"), false, false), line -> { });
        Path plain = PlainFolder.of(gathered.root(), tmp.resolve("plain"));

        try (OfflineLeftovers leftovers = OfflineLeftovers.watch(tmp.resolve("tmp"))) {
            assertEquals(List.of(), offline(cluster, online, plain, tmp.resolve("plain.json"), s, leftovers));
        }
    }

    /**
     * Ctrl-C while an offline run has its servers up: the run is held there by a report on stdout bigger than a pipe
     * holds, which this test does not read, so the signal always lands mid-run. The child resets SIGINT to its default
     * first (a background shell may have started the test JVM with it ignored, which the JVM would inherit).
     */
    @org.junit.jupiter.api.Test
    void ctrl_c_mid_run_stops_the_servers_and_removes_the_copies(@TempDir Path tmp) throws Exception {
        Sandbox sb = Sandboxes.ic();
        MustGather.Result folder = MustGather.run(new MustGather.Request(sb.layout(), tmp.resolve("mg"), false, false), line -> { });
        Path runs = java.nio.file.Files.createDirectories(tmp.resolve("tmp")), err = tmp.resolve("err");
        List<String> argv = new ArrayList<>(List.of("python3", "-c", "import os, signal, sys; signal.signal(signal.SIGINT,"
                + " signal.SIG_DFL); os.execvp(sys.argv[1], sys.argv[1:])",
                ProcessHandle.current().info().command().orElse("java"), "-Dovntrace.tmpdir=" + runs, "-cp",
                System.getProperty("java.class.path"), "ovntrace", "--offline", folder.root().toString(), "-src", T4HQW,
                "-dst-namespace", "restricted", "-dst", "db-0", "-tcp", "-dst-port", "80", "--format", "html", "-loglevel", "2"));
        Process child = new ProcessBuilder(argv).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        try {
            // the connection's verdict is the last line before the report is written to stdout, where the run then waits
            long deadline = System.nanoTime() + java.time.Duration.ofSeconds(90).toNanos();
            while (!Files.readString(err).contains("ovntrace connection:")) {
                assertTrue(child.isAlive() && System.nanoTime() < deadline, "the offline trace never finished\n" + Files.readString(err));
                Thread.sleep(50);
            }
            List<ProcessHandle> servers = child.descendants().filter(p -> p.info().commandLine().orElse("").contains("ovsdb-server")).toList();
            assertEquals(2 * sb.nodes().size(), servers.size(), "a Northbound and a Southbound server per zone, still up");
            assertTrue(child.isAlive(), "held by its unread stdout, the run is still going");
            assertEquals(0, new ProcessBuilder("kill", "-INT", Long.toString(child.pid())).start().waitFor());
            assertTrue(child.waitFor(30, java.util.concurrent.TimeUnit.SECONDS), "ovntrace ended after SIGINT\n" + Files.readString(err));

            String stderr = Files.readString(err);
            assertEquals(130, child.exitValue(), stderr);
            assertTrue(stderr.contains("interrupted"), stderr);
            for (ProcessHandle server : servers) {
                assertTrue(server.onExit().get(10, java.util.concurrent.TimeUnit.SECONDS) != null && !server.isAlive(),
                        "server " + server.pid() + " stopped");
            }
            try (var left = Files.list(runs)) {
                assertEquals(List.of(), left.toList(), "the copies are removed");
            }
        } finally {
            child.destroyForcibly();
        }
    }

    /** The scenario traced offline from {@code input}: how it differs from {@code online}; nothing may be left behind. */
    private static List<String> offline(Sandboxes.Cluster cluster, Evidence online, Path input, Path report, Scenario s,
                                        OfflineLeftovers leftovers) {
        Evidence offline = run(report, "--offline", input.toString(), s);
        assertEquals(Set.of(), leftovers.left(), s + " from " + input.getFileName() + ": an offline run left processes or files behind");
        boolean ic = cluster.mode() == ClusterMode.IC;
        // the comparison itself must see a change: the same offline run with its request's policy removed differs
        assertFalse(OfflineComparison.differences(online, OfflineComparison.withoutRequestPolicy(offline), ic).isEmpty(),
                s + ": the comparison does not see a missing policy attribution");
        return OfflineComparison.differences(online, offline, ic).stream()
                .map(d -> s + " (" + input.getFileName() + "): " + d).toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pairwise")
    void the_jshell_api_traces_a_must_gather_and_closing_it_leaves_nothing(Sandboxes.Cluster cluster, @TempDir Path tmp) throws Exception {
        Sandbox sb = Sandboxes.of(cluster);
        MustGather.Result gathered = MustGather.run(new MustGather.Request(sb.layout(), tmp.resolve("mg"), true, true), line -> { });

        try (OfflineLeftovers leftovers = OfflineLeftovers.watch(tmp.resolve("tmp"))) {
            try (Ovntrace mg = Ovntrace.offline(gathered.archive())) {
                TraceRun run = mg.trace("default/" + CHMVH).to("default/" + T4HQW).udp(53).run();
                assertTrue(run.passed(), run.lines().toString());
                assertTrue(run.markdown().contains("not available offline"), "the report names what a must-gather cannot show");
                assertTrue(mg.toString().contains("offline"), mg.toString());
            }
            assertEquals(Set.of(), leftovers.left());
        }
    }

    private static Evidence run(Path report, String where, String input, Scenario s) {
        List<String> args = new ArrayList<>(List.of(where, input));
        args.addAll(s.args());
        args.addAll(List.of("-loglevel", "1", "--report", report.toString()));
        OvntraceCli.Run r = OvntraceCli.run(args.toArray(String[]::new));
        assertTrue(Files.isRegularFile(report), s + " " + where + ": no report\n" + r.describe());
        return Evidence.of(r.exitCode(), r.stdout(), report);
    }
}
