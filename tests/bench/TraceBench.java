package ovntrace.bench;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import ovntrace.lib.cluster.AddressFamily;
import ovntrace.lib.cluster.EngineOptions;
import ovntrace.lib.cluster.FabricClusterApi;
import ovntrace.lib.cluster.KubeClients;
import ovntrace.lib.cluster.KubePodExec;
import ovntrace.lib.cluster.PodRef;
import ovntrace.lib.cluster.Protocol;
import ovntrace.lib.trace.TraceEngine;
import ovntrace.lib.trace.TraceRequest;
import ovntrace.lib.trace.TraceRequest.Target;
import ovntrace.lib.trace.TraceResult;

/**
 * tests/bench.sh's in-process half: the docs example traced in one warm JVM, as ovntrace runs it and with every
 * command in its own exec one after another, alternating. Prints "variant median-ms exec-calls exit-code busy-ms
 * client-ms" lines, busy-ms being the machine's median busy core time per run (every process's: this client, the
 * local cluster's API server, the nodes' commands and databases; from /proc/stat, -1 where there is none) and
 * client-ms this JVM's own share of it (its CPU time, JIT and GC threads included). Where the client and the nodes
 * share one machine, busy-ms divided by the cores is a floor under the wall time that no overlapping of steps goes
 * below; busy-ms less client-ms is what the nodes' tools and databases cost, which only fewer or cheaper commands
 * lower. Run with {@code java -cp <ovntrace class path> tests/bench/TraceBench.java
 * <kubeconfig> <runs>}.
 */
public final class TraceBench {

    public static void main(String[] args) {
        int runs = Integer.parseInt(args[1]);
        TraceRequest docs = new TraceRequest(new PodRef("default", "fedora-deployment-7d49fddf69-chmvh"),
                new Target.Pod(new PodRef("default", "fedora-deployment-7d49fddf69-t4hqw")), Protocol.UDP, 53, AddressFamily.IP4,
                false, false);
        EngineOptions d = EngineOptions.defaults();
        EngineOptions sequential = new EngineOptions("", null, d.timeout(), 1, false, true, d.log());
        EngineOptions upstreamOnly = new EngineOptions("", null, d.timeout(), d.parallelism(), true, false, d.log());
        try (KubernetesClient client = KubeClients.connect(args[0], "")) {
            // alternating, so that the machine's drift in speed spreads over all three alike
            List<Variant> variants = List.of(new Variant("batched", client, d), new Variant("sequential", client, sequential),
                    new Variant("upstream-only", client, upstreamOnly));
            variants.forEach(v -> v.engine.run(docs)); // warm-up
            for (int i = 0; i < runs; i++) variants.forEach(v -> v.run(docs));
            variants.forEach(v -> System.out.println(v.name + " " + median(v.wallMs) + " " + v.last.execCalls() + " "
                    + v.last.exitCode() + " " + median(v.busyMs) + " " + median(v.clientMs)));
        }
    }

    /** One way of running the trace, and what its runs measured. */
    private static final class Variant {
        final String name;
        final TraceEngine engine;
        final List<Long> wallMs = new ArrayList<>(), busyMs = new ArrayList<>(), clientMs = new ArrayList<>();
        TraceResult last;

        Variant(String name, KubernetesClient client, EngineOptions options) {
            this.name = name;
            this.engine = new TraceEngine(new FabricClusterApi(client), new KubePodExec(client), options);
        }

        void run(TraceRequest request) {
            long busy = busyMillis(), client = CPU.getProcessCpuTime();
            last = engine.run(request);
            wallMs.add(last.elapsed().toMillis());
            busyMs.add(since(busy));
            clientMs.add((CPU.getProcessCpuTime() - client) / 1_000_000);
        }
    }

    /** This JVM's CPU time, all its threads. */
    private static final com.sun.management.OperatingSystemMXBean CPU =
            (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();

    /**
     * The machine's busy core time so far in ms, from /proc/stat's first line (user, nice, system, irq, softirq and
     * steal, in USER_HZ ticks: 100 a second on Linux); -1 without one.
     */
    private static long busyMillis() {
        try {
            String[] f = java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long ticks = Long.parseLong(f[1]) + Long.parseLong(f[2]) + Long.parseLong(f[3]) + Long.parseLong(f[6])
                    + Long.parseLong(f[7]) + Long.parseLong(f[8]);
            return ticks * 10;
        } catch (java.io.IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Busy core time since {@code before} ({@link #busyMillis}), or -1. */
    private static long since(long before) {
        long now = busyMillis();
        return before < 0 || now < 0 ? -1 : now - before;
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
