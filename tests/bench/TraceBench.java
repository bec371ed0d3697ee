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
 * command in its own exec one after another, alternating. Prints "variant median-ms exec-calls exit-code" lines.
 * Run with {@code java -cp <ovntrace class path> tests/bench/TraceBench.java <kubeconfig> <runs>}.
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
            TraceResult lastB = null, lastS = null, lastU = null;
            for (int i = 0; i < runs; i++) {
                lastB = batched.run(docs);
                b.add(lastB.elapsed().toMillis());
                lastS = oneByOne.run(docs);
                s.add(lastS.elapsed().toMillis());
                lastU = upstream.run(docs);
                u.add(lastU.elapsed().toMillis());
            }
            System.out.println("batched " + median(b) + " " + lastB.execCalls() + " " + lastB.exitCode());
            System.out.println("sequential " + median(s) + " " + lastS.execCalls() + " " + lastS.exitCode());
            System.out.println("upstream-only " + median(u) + " " + lastU.execCalls() + " " + lastU.exitCode());
        }
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
