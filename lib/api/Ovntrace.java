package ovntrace.lib.api;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import ovntrace.lib.cluster.ClusterApi;
import ovntrace.lib.cluster.EngineOptions;
import ovntrace.lib.cluster.FabricClusterApi;
import ovntrace.lib.cluster.KubeClients;
import ovntrace.lib.cluster.KubePodExec;
import ovntrace.lib.cluster.NodeAccess;
import ovntrace.lib.cluster.OvnTraceDaemons;
import ovntrace.lib.cluster.PodExec;
import ovntrace.lib.cluster.PodRef;
import ovntrace.lib.cluster.TraceLog;
import ovntrace.lib.fanout.Cell;
import ovntrace.lib.fanout.FanoutRunner;
import ovntrace.lib.fanout.MatrixResolver;
import ovntrace.lib.fanout.MatrixSpec;
import ovntrace.lib.offline.OfflineCluster;
import ovntrace.lib.policy.PolicyLookup;
import ovntrace.lib.trace.SessionDaemons;
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
 * var m = ovn.matrix().from("shop", "app=front").toService("shop", "api").allEndpoints().tcp().run();
 * m.failed();            // the cells whose traffic was dropped
 *
 * try (var mg = Ovntrace.offline(Path.of("must-gather.local.123"))) {   // no cluster: a must-gather's databases
 *     mg.trace("default/pod-a").to("default/pod-b").udp(53).run().passed();
 * }
 *
 * try (var s = ovn.session()) {     // many traces: one ovn-trace daemon per zone keeps the database loaded
 *     s.trace("default/pod-a").to("default/pod-b").udp(53).run();
 *     s.trace("default/pod-a").toService("kube-system/kube-dns").udp(53).run();
 * }
 * }</pre>
 */
public final class Ovntrace implements AutoCloseable {

    /** Where the traces go: a live cluster's API and pods, or a gathered one's objects and databases. */
    private record Cluster(ClusterApi api, PodExec exec, AutoCloseable resource, String where) {}

    private final Cluster cluster;
    private final EngineOptions options;

    private Ovntrace(Cluster cluster, EngineOptions options) {
        this.cluster = cluster;
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
        KubernetesClient client = KubeClients.connect(kubeconfig, context);
        return new Ovntrace(new Cluster(new FabricClusterApi(client), new KubePodExec(client), client,
                client.getMasterUrl().toString()), EngineOptions.defaults());
    }

    /**
     * A must-gather (folder or .tar.gz) or a plain folder of objects and databases, traced with no cluster as
     * {@code ovntrace --offline} does: close it to stop its database servers and remove the copies.
     */
    public static Ovntrace offline(Path gathered) {
        OfflineCluster c = OfflineCluster.open(gathered, phase -> { });
        return new Ovntrace(new Cluster(c.api(), c.exec(), c, "offline " + gathered), EngineOptions.defaults().withMode(c.mode()));
    }

    /** The same connection with another deadline for each exec call. */
    public Ovntrace timeout(Duration timeout) {
        EngineOptions o = options;
        return new Ovntrace(cluster, new EngineOptions(o.ovnNamespace(), o.mode(), timeout, o.parallelism(), o.batch(),
                o.newConnectionChecks(), o.log()));
    }

    /** Engine messages up to {@code level} (upstream's -loglevel) go to stderr. */
    public Ovntrace verbose(int level) {
        EngineOptions o = options;
        return new Ovntrace(cluster, o.withLog(TraceLog.upTo(level, System.err)));
    }

    /** Starts a trace from a pod, written {@code "namespace/name"} or just {@code "name"} (namespace default). */
    public TraceBuilder trace(String sourcePod) {
        return TraceBuilder.from(this::run, PodRef.parse(sourcePod));
    }

    /**
     * A series of traces that keeps one {@code ovn-trace --detach} daemon per zone and one ovn-detrace per node pod,
     * so repeated traces do not reload the databases each time; close it to stop them.
     */
    public TraceSession session() {
        return new TraceSession(this, new SessionDaemons(cluster.exec(), options.timeout(), options.log()));
    }

    /** Starts a matrix of traces: {@code ovn.matrix().from("shop", "app=front").toService("shop", "api").allEndpoints().tcp().run()}. */
    public MatrixBuilder matrix() {
        return MatrixBuilder.on(this);
    }

    MatrixRun run(MatrixOptions matrix) {
        boolean live = cluster.exec().access() == NodeAccess.LIVE;
        MatrixSpec spec = live ? matrix.validate() : matrix.validate().offline();
        List<Cell> cells = new MatrixResolver(cluster.api()).cells(spec);
        // live, the cells' plain ovn-trace steps ask one daemon per zone; offline there is no pod to keep one in
        try (SessionDaemons daemons = new SessionDaemons(cluster.exec(), options.timeout(), options.log())) {
            EngineOptions o = live ? options.withOvnTraceDaemons(daemons) : options;
            return new MatrixRun(FanoutRunner.engine(cluster.api(), cluster.exec(), o, matrix.parallel(), matrix.perNode())
                    .run(cells, outcome -> { }, () -> false));
        }
    }

    TraceRun run(TraceRequest request) {
        return run(request, OvnTraceDaemons.NONE);
    }

    TraceRun run(TraceRequest request, OvnTraceDaemons daemons) {
        TraceResult result = result(request, daemons);
        return new TraceRun(result, Report.from(result, PolicyLookup.attribute(result, cluster.exec(), cluster.api(), options.timeout())));
    }

    TraceResult result(TraceRequest request, OvnTraceDaemons daemons) {
        return new TraceEngine(cluster.api(), cluster.exec(), options.withOvnTraceDaemons(daemons)).run(request);
    }

    @Override
    public String toString() {
        return "Ovntrace[" + cluster.where() + "]";
    }

    @Override
    public void close() {
        try {
            cluster.resource().close();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }
}
