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
 * command in its own exec one after another, alternating. Prints "variant median-ms exec-calls exit-code busy-ms"
 * lines, busy-ms being the machine's median busy core time per run (every process's: this client, the local
 * cluster's API server, the nodes' commands and databases; from /proc/stat, -1 where there is none). Where the
 * client and the nodes share one machine, busy-ms divided by the cores is a floor under the wall time that no
 * overlapping of steps goes below. Run with {@code java -cp <ovntrace class path> tests/bench/TraceBench.java
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
            TraceEngine batched = new TraceEngine(new FabricClusterApi(client), new KubePodExec(client), d);
            TraceEngine oneByOne = new TraceEngine(new FabricClusterApi(client), new KubePodExec(client), sequential);
            TraceEngine upstream = new TraceEngine(new FabricClusterApi(client), new KubePodExec(client), upstreamOnly);
            batched.run(docs);
            oneByOne.run(docs);
            upstream.run(docs);
            List<Long> b = new ArrayList<>(), s = new ArrayList<>(), u = new ArrayList<>();
            List<Long> bBusy = new ArrayList<>(), sBusy = new ArrayList<>(), uBusy = new ArrayList<>();
            TraceResult lastB = null, lastS = null, lastU = null;
            for (int i = 0; i < runs; i++) {
                long busy = busyMillis();
                lastB = batched.run(docs);
                b.add(lastB.elapsed().toMillis());
                bBusy.add(since(busy));
                busy = busyMillis();
                lastS = oneByOne.run(docs);
                s.add(lastS.elapsed().toMillis());
                sBusy.add(since(busy));
                busy = busyMillis();
                lastU = upstream.run(docs);
                u.add(lastU.elapsed().toMillis());
                uBusy.add(since(busy));
            }
            System.out.println("batched " + median(b) + " " + lastB.execCalls() + " " + lastB.exitCode() + " " + median(bBusy));
            System.out.println("sequential " + median(s) + " " + lastS.execCalls() + " " + lastS.exitCode() + " " + median(sBusy));
            System.out.println("upstream-only " + median(u) + " " + lastU.execCalls() + " " + lastU.exitCode() + " " + median(uBusy));
        }
    }

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
