package ovntrace.bench;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import ovntrace.lib.api.Ovntrace;
import ovntrace.lib.api.TraceSession;
import ovntrace.lib.cluster.AddressFamily;
import ovntrace.lib.cluster.ClusterMode;
import ovntrace.lib.cluster.DbAccess;
import ovntrace.lib.cluster.EngineOptions;
import ovntrace.lib.cluster.FabricClusterApi;
import ovntrace.lib.cluster.KubeClients;
import ovntrace.lib.cluster.KubePodExec;
import ovntrace.lib.cluster.OvnTraceDaemons;
import ovntrace.lib.cluster.PodExec;
import ovntrace.lib.cluster.PodExec.ExecResult;
import ovntrace.lib.cluster.PodExec.ExecTarget;
import ovntrace.lib.cluster.PodRef;
import ovntrace.lib.cluster.Protocol;
import ovntrace.lib.trace.DaemonCommands;
import ovntrace.lib.trace.DetraceCommands;
import ovntrace.lib.trace.StepResult;
import ovntrace.lib.trace.Tool;
import ovntrace.lib.trace.TraceEngine;
import ovntrace.lib.trace.TraceRequest;
import ovntrace.lib.trace.TraceRequest.Target;
import ovntrace.lib.trace.TraceResult;

/**
 * tests/bench.sh daemon's in-process half: what an ovn-trace daemon saves, and an ovn-detrace daemon. On the source
 * node's pod, timed there (bash's EPOCHREALTIME, no exec overhead): one one-shot ovn-trace of the docs example, starting
 * a daemon, one trace asked of it; the same for the first ovn-detrace. Then whole engine runs of the docs example, one-shot against through a {@link TraceSession}.
 * Run with {@code java -cp <ovntrace class path> tests/bench/DaemonBench.java <kubeconfig> <runs> [<asks> [<src>
 * <dst> <tcp|udp> <port>]]}: with {@code asks}, also one daemon started and asked that many traces in one exec (the
 * scale benchmark's "100 traces through the daemon"); src and dst replace the docs example's pods. Prints figures,
 * judges nothing.
 */
public final class DaemonBench {

    private static final TraceRequest DOCS = new TraceRequest(new PodRef("default", "fedora-deployment-7d49fddf69-chmvh"),
            new Target.Pod(new PodRef("default", "fedora-deployment-7d49fddf69-t4hqw")), Protocol.UDP, 53, AddressFamily.IP4,
            false, false);

    public static void main(String[] args) throws Exception {
        int runs = Integer.parseInt(args[1]);
        int asks = args.length > 2 ? Integer.parseInt(args[2]) : 0;
        TraceRequest request = args.length > 6 ? new TraceRequest(PodRef.parse(args[3]), new Target.Pod(PodRef.parse(args[4])),
                Protocol.valueOf(args[5].toUpperCase(java.util.Locale.ROOT)), Integer.parseInt(args[6]), AddressFamily.IP4,
                false, false) : DOCS;
        Duration timeout = EngineOptions.DEFAULT_TIMEOUT;
        try (KubernetesClient client = KubeClients.connect(args[0], "")) {
            PodExec exec = new KubePodExec(client);
            TraceEngine engine = new TraceEngine(new FabricClusterApi(client), exec, EngineOptions.defaults());
            TraceResult first = engine.run(request);
            StepResult step = first.steps().get(0);
            ExecTarget where = step.where();
            DbAccess db = first.mode() == ClusterMode.CENTRAL ? DbAccess.fromAddresses(ClusterMode.CENTRAL, DbAccess.CENTRAL_ZONE, "", "")
                    : DbAccess.interconnect(where.node());
            if (!DaemonCommands.plain(db, step.command())) throw new IllegalStateException("not a plain ovn-trace: " + step.command());
            System.out.println("mode " + first.mode() + ", node " + where.node() + ", " + runs + " runs, medians");

            // the tools alone, timed in the pod
            String clock = "t=${EPOCHREALTIME/[.,]/}";
            List<Long> oneShot = new ArrayList<>(), start = new ArrayList<>(), asked = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                oneShot.add(micros(exec.exec(where, clock + "\n" + step.command() + " >/dev/null\n" + elapsed(), timeout)));
                ExecResult started = exec.exec(where, clock + "\n" + DaemonCommands.start(db, DaemonCommands.lifetime(timeout))
                        + "\n" + elapsed(), timeout);
                String[] lines = started.stdout().strip().split("\n");
                String dir = DaemonCommands.directory(lines[0]).orElseThrow(() -> new IllegalStateException(started.toString()));
                start.add(Long.parseLong(lines[1]));
                String ask = DaemonCommands.trace(db, step.command(), dir, timeout);
                ExecResult r = exec.exec(where, clock + "\n" + ask + " >/dev/null||exit 9\n" + elapsed(), timeout);
                if (!OvnTraceDaemons.answered(r)) throw new IllegalStateException("the daemon did not answer: " + r);
                asked.add(micros(r));
                exec.exec(where, DaemonCommands.stop(dir), timeout);
            }
            if (asks > 0) {
                // one daemon started, then asked `asks` traces in one exec; both timed in the pod
                ExecResult started = exec.exec(where, clock + "\n" + DaemonCommands.start(db, DaemonCommands.lifetime(timeout))
                        + "\n" + elapsed(), timeout);
                String[] lines = started.stdout().strip().split("\n");
                String dir = DaemonCommands.directory(lines[0]).orElseThrow(() -> new IllegalStateException(started.toString()));
                String ask = DaemonCommands.trace(db, step.command(), dir, timeout);
                ExecResult loop = exec.exec(where, clock + "\nfor i in $(seq " + asks + ");do " + ask
                        + " >/dev/null||exit 9;done\n" + elapsed(), timeout.multipliedBy(4));
                exec.exec(where, DaemonCommands.stop(dir), timeout);
                if (loop.exitCode() != 0) throw new IllegalStateException("the daemon did not answer: " + loop);
                System.out.printf("tool   daemon start + %d traces asked   %8.1f ms (start %.1f ms)%n", asks,
                        (Long.parseLong(lines[1]) + micros(loop)) / 1000.0, Long.parseLong(lines[1]) / 1000.0);
            }
            System.out.printf("tool   one-shot ovn-trace              %8.1f ms%n", median(oneShot) / 1000.0);
            System.out.printf("tool   daemon start (database loaded)  %8.1f ms%n", median(start) / 1000.0);
            System.out.printf("tool   one trace asked of the daemon   %8.1f ms%n", median(asked) / 1000.0);
            detraceTools(exec, first, runs, timeout);

            // whole runs: each trace one-shot, and the same through a session (its first run starts the daemons)
            List<Long> plain = new ArrayList<>(), session = new ArrayList<>();
            int plainExecs = 0, sessionExecs = 0, daemons;
            for (int i = 0; i < runs; i++) {
                TraceResult r = engine.run(request);
                plain.add(r.elapsed().toMillis());
                plainExecs = r.execCalls();
            }
            long firstSessionRun;
            try (Ovntrace ovn = Ovntrace.connect(args[0]); TraceSession s = ovn.session()) {
                TraceResult r0 = s.result(request);
                firstSessionRun = r0.elapsed().toMillis();
                for (int i = 0; i < runs; i++) {
                    TraceResult r = s.result(request);
                    session.add(r.elapsed().toMillis());
                    sessionExecs = r.execCalls();
                }
                daemons = s.daemons().size() + s.detraceDaemons().size();
            }
            System.out.printf("engine one-shot run                    %8d ms  %d exec calls%n", median(plain), plainExecs);
            System.out.printf("engine session, first run (starts %d)   %8d ms%n", daemons, firstSessionRun);
            System.out.printf("engine session, later runs             %8d ms  %d exec calls%n", median(session), sessionExecs);
            System.out.printf("engine %d runs: one-shot %d ms, session %d ms (first included)%n", runs + 1,
                    plain.stream().mapToLong(Long::longValue).sum() + first.elapsed().toMillis(),
                    session.stream().mapToLong(Long::longValue).sum() + firstSessionRun);
        }
    }

    /**
     * The same for ovn-detrace, on the node of the run's first ovn-detrace, fed its node's first ofproto/trace output
     * (taken before the clock starts): one-shot, a daemon's start (both databases loaded), one ask.
     */
    private static void detraceTools(PodExec exec, TraceResult first, int runs, Duration timeout) throws Exception {
        java.util.Optional<StepResult> ran = first.steps().stream().filter(s -> s.tool() == Tool.OVN_DETRACE && s.exec() != null).findFirst();
        if (ran.isEmpty()) {
            // skipped or cut off by the deadline (a large database): nothing to time, the rest of the bench still runs
            System.out.println("tool   ovn-detrace: no step of the first run ran, not timed");
            return;
        }
        StepResult detrace = ran.get();
        ExecTarget where = detrace.where();
        String ofproto = first.steps().stream().filter(s -> s.tool() == Tool.OFPROTO_TRACE && s.where().equals(where))
                .findFirst().orElseThrow().command();
        java.util.regex.Matcher dbs = java.util.regex.Pattern.compile("--ovnnb=(\\S+) --ovnsb=(\\S+)").matcher(detrace.command());
        if (!dbs.find()) throw new IllegalStateException(detrace.command());
        DbAccess db = java.util.stream.Stream.of(DbAccess.interconnect(where.node()),
                        DbAccess.fromAddresses(ClusterMode.CENTRAL, DbAccess.CENTRAL_ZONE, dbs.group(1), dbs.group(2)))
                .filter(d -> DetraceCommands.detrace(d, detrace.command())).findFirst().orElseThrow();
        String input = "O=$(" + ofproto + ")\nt=${EPOCHREALTIME/[.,]/}\nprintf %s \"$O\"|";
        List<Long> oneShot = new ArrayList<>(), start = new ArrayList<>(), asked = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            oneShot.add(micros(exec.exec(where, input + detrace.command() + " >/dev/null\n" + elapsed(), timeout)));
            ExecResult started = exec.exec(where, "t=${EPOCHREALTIME/[.,]/}\n" + DetraceCommands.start(db, detrace.command(),
                    DaemonCommands.lifetime(timeout), timeout.dividedBy(2)) + "\n" + elapsed(), timeout);
            String[] lines = started.stdout().strip().split("\n");
            String dir = DetraceCommands.directory(lines[0]).orElseThrow(() -> new IllegalStateException(started.toString()));
            start.add(Long.parseLong(lines[1]));
            ExecResult r = exec.exec(where, input + DetraceCommands.ask(dir, timeout) + " >/dev/null||exit 9\n" + elapsed(), timeout);
            if (r.exitCode() != 0) throw new IllegalStateException("the ovn-detrace daemon did not answer: " + r);
            asked.add(micros(r));
            exec.exec(where, DetraceCommands.stop(dir), timeout);
        }
        System.out.printf("tool   one-shot ovn-detrace            %8.1f ms%n", median(oneShot) / 1000.0);
        System.out.printf("tool   detrace daemon start (loaded)   %8.1f ms%n", median(start) / 1000.0);
        System.out.printf("tool   one detrace asked of it         %8.1f ms%n", median(asked) / 1000.0);
    }

    private static String elapsed() {
        return "echo $(( ${EPOCHREALTIME/[.,]/} - t ))";
    }

    private static long micros(ExecResult r) {
        String[] lines = r.stdout().strip().split("\n");
        return Long.parseLong(lines[lines.length - 1]);
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
