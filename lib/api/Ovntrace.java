package ovntrace.lib.api;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import ovntrace.lib.cluster.EngineOptions;
import ovntrace.lib.cluster.FabricClusterApi;
import ovntrace.lib.cluster.KubeClients;
import ovntrace.lib.cluster.KubePodExec;
import ovntrace.lib.cluster.PodRef;
import ovntrace.lib.cluster.TraceLog;
import ovntrace.lib.policy.PolicyLookup;
import ovntrace.lib.trace.TraceEngine;
import ovntrace.lib.trace.TraceRequest;
import ovntrace.lib.trace.TraceResult;
import ovntrace.report.Report;

/**
 * The library's front door for JShell and scripts: connect once, then trace.
 *
 * <pre>{@code
 * var ovn = Ovntrace.connect("/run/ovntrace-sandbox/kubeconfig");
 * var run = ovn.trace("default/pod-a").to("default/pod-b").udp(53).run();
 * run.passed();          // true when every step matched
 * run.markdown();        // the report, ready to paste into an issue
 * }</pre>
 */
public final class Ovntrace implements AutoCloseable {

    private final KubernetesClient client;
    private final EngineOptions options;

    private Ovntrace(KubernetesClient client, EngineOptions options) {
        this.client = client;
        this.options = options;
    }

    /** Connects like kubectl: {@code $KUBECONFIG}, then {@code ~/.kube/config}, then the in-cluster account. */
    public static Ovntrace connect() {
        return connect("", "");
    }

    public static Ovntrace connect(String kubeconfig) {
        return connect(kubeconfig, "");
    }

    public static Ovntrace connect(String kubeconfig, String context) {
        return new Ovntrace(KubeClients.connect(kubeconfig, context), EngineOptions.defaults());
    }

    /** The same connection with another deadline for each exec call. */
    public Ovntrace timeout(Duration timeout) {
        EngineOptions o = options;
        return new Ovntrace(client, new EngineOptions(o.ovnNamespace(), o.mode(), timeout, o.parallelism(), o.batch(),
                o.newConnectionChecks(), o.log()));
    }

    /** Engine messages up to {@code level} (upstream's -loglevel) go to stderr. */
    public Ovntrace verbose(int level) {
        EngineOptions o = options;
        return new Ovntrace(client, o.withLog(TraceLog.upTo(level, System.err)));
    }

    /** Starts a trace from a pod, written {@code "namespace/name"} or just {@code "name"} (namespace default). */
    public TraceBuilder trace(String sourcePod) {
        return TraceBuilder.from(this, PodRef.parse(sourcePod));
    }

    TraceRun run(TraceRequest request) {
        KubePodExec exec = new KubePodExec(client);
        FabricClusterApi api = new FabricClusterApi(client);
        TraceResult result = new TraceEngine(api, exec, options).run(request);
        return new TraceRun(result, Report.from(result, PolicyLookup.attribute(result, exec, api, options.timeout())));
    }

    @Override
    public String toString() {
        return "Ovntrace[" + client.getMasterUrl() + "]";
    }

    @Override
    public void close() {
        client.close();
    }
}
