package ovntrace.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import ovntrace.lib.api.Ovntrace;
import ovntrace.lib.api.TraceSession;
import ovntrace.lib.cluster.AddressFamily;
import ovntrace.lib.cluster.EngineOptions;
import ovntrace.lib.cluster.FabricClusterApi;
import ovntrace.lib.cluster.KubePodExec;
import ovntrace.lib.cluster.PodRef;
import ovntrace.lib.cluster.Protocol;
import ovntrace.lib.trace.DetraceDaemons;
import ovntrace.lib.trace.StepResult;
import ovntrace.lib.trace.Tool;
import ovntrace.lib.trace.TraceEngine;
import ovntrace.lib.trace.TraceRequest;
import ovntrace.lib.trace.TraceRequest.Target;
import ovntrace.lib.trace.TraceResult;
import ovntrace.parse.DetraceParser;
import ovntrace.support.Sandboxes;
import ovntrace.support.Sandboxes.Cluster;
import ovntrace.support.Sandboxes.Sandbox;

/**
 * A session's ovn-detrace steps through real long-lived ovn-detrace processes in the local cluster's node pods (OVN
 * 25.03 interconnect): the same verdicts and byte for byte the same ovn-detrace output as one-shot
 * runs, one daemon per node pod that ran one, a killed daemon answered for by the one-shot and then replaced, and no
 * directory or process left after close.
 */
class DetraceSessionEndToEndTest {

    @BeforeAll
    static void e2e() {
        Sandboxes.assumeE2e();
    }

    /**
     * 25.03 interconnect (what current clusters run): a node pod per zone. The central mode's ovn-detrace daemons are
     * covered by TraceSessionEndToEndTest and MatrixEndToEndTest on 23.03 central (sessions and matrices route every
     * ovn-detrace step to them, and their verdicts must equal the one-shot runs'); one cluster here keeps CI's time.
     */
    static Stream<Cluster> clusters() {
        return Sandboxes.pairwise().limit(1);
    }

    private static TraceRequest request(String src, String dst, Protocol p, int port) {
        return new TraceRequest(PodRef.parse(src), new Target.Pod(PodRef.parse(dst)), p, port, AddressFamily.IP4, false, false);
    }

    /** Cross-node both ways, and a NetworkPolicy-restricted pod (its ACL shows in ovn-detrace's records). */
    private static final List<TraceRequest> REQUESTS = List.of(
            request("default/" + TraceEndToEndTest.CHMVH, "default/" + TraceEndToEndTest.T4HQW, Protocol.UDP, 53),
            request("default/" + TraceEndToEndTest.T4HQW, "default/" + TraceEndToEndTest.CHMVH, Protocol.TCP, 80),
            request("dev/tool-0", "restricted/db-0", Protocol.TCP, 5432));

    /**
     * What must not change when a daemon answers: each step's verdict and command, ovn-detrace's output raw and parsed.
     * Only the recirculation ids ofproto/trace allocates (its input, echoed) differ from one trace to the next.
     */
    private static List<String> comparable(TraceResult r) {
        return r.steps().stream().map(s -> s.verdict() + " " + s.label() + "\n" + s.command()
                + (s.tool() == Tool.OVN_DETRACE && s.exec() != null ? "\n" + DetraceParser.parse(recircs(s.exec().stdout()))
                        + "\n" + recircs(s.exec().stdout()) : "")).toList();
    }

    private static String recircs(String text) {
        return text.replaceAll("recirc(_id=|\\()0x[0-9a-f]+", "recirc$1#");
    }

    private static List<StepResult> detraces(TraceResult r) {
        return r.steps().stream().filter(s -> s.tool() == Tool.OVN_DETRACE && s.exec() != null).toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("clusters")
    void detraces_through_the_daemons_match_one_shot_runs_and_leave_nothing_behind(Cluster cluster) {
        Sandbox sb = Sandboxes.of(cluster);
        List<String> pids = new ArrayList<>(), dirs = new ArrayList<>();
        try (Ovntrace ovn = Ovntrace.connect(sb.kubeconfig().toString())) {
            List<TraceResult> oneShot = oneShot(sb);
            try (TraceSession s = ovn.session()) {
                List<TraceResult> viaDaemons = REQUESTS.stream().map(s::result).toList();
                for (int i = 0; i < REQUESTS.size(); i++) {
                    assertFalse(detraces(oneShot.get(i)).isEmpty(), "request " + REQUESTS.get(i) + " runs ovn-detrace");
                    assertEquals(comparable(oneShot.get(i)), comparable(viaDaemons.get(i)), "request " + REQUESTS.get(i));
                }
                int steps = viaDaemons.stream().mapToInt(r -> detraces(r).size()).sum();
                assertEquals(steps, s.detraceAsked(), "every ovn-detrace step was asked of a daemon");
                assertEquals(0, s.detraceUnanswered(), "and each answered");
                List<DetraceDaemons.Daemon> daemons = s.detraceDaemons();
                assertEquals(nodes(viaDaemons), daemons.stream().map(d -> d.where().node()).collect(java.util.stream.Collectors.toCollection(TreeSet::new)),
                        "one daemon in each node pod that ran ovn-detrace");
                for (DetraceDaemons.Daemon d : daemons) {
                    dirs.add(d.where().node() + " " + d.directory());
                    pids.addAll(List.of(sb.run(d.where().node(), "cat " + d.directory() + "/pid " + d.directory() + "/holder "
                            + d.directory() + "/watchdog").stdout().strip().split("\\s+")));
                    assertEquals("", sb.run(d.where().node(), "kill $(cat " + d.directory() + "/pid)").stderr());
                }
                TraceResult afterKill = s.result(REQUESTS.get(0));
                assertEquals(comparable(oneShot.get(0)), comparable(afterKill), "a killed daemon: the one-shot answers");
                // the steps of its first round were not answered; a later round's (the receiving nodes') found new daemons
                int unanswered = s.detraceUnanswered();
                assertTrue(unanswered > 0 && unanswered <= detraces(afterKill).size(), unanswered + " of " + detraces(afterKill).size());
                TraceResult restarted = s.result(REQUESTS.get(0));
                assertEquals(comparable(oneShot.get(0)), comparable(restarted));
                assertEquals(unanswered, s.detraceUnanswered(), "new daemons answered the next run");
                assertTrue(s.detraceDaemons().stream().noneMatch(daemons::contains), "new daemons: " + s.detraceDaemons());
                // both kinds stop on close: the ovn-trace daemons too
                s.daemons().forEach(d -> dirs.add(d.where().node() + " " + d.directory()));
                for (DetraceDaemons.Daemon d : s.detraceDaemons()) {
                    dirs.add(d.where().node() + " " + d.directory());
                    pids.addAll(List.of(sb.run(d.where().node(), "cat " + d.directory() + "/pid " + d.directory() + "/holder "
                            + d.directory() + "/watchdog").stdout().strip().split("\\s+")));
                }
            }
            // the pods share the host's /tmp with other runs: only the directories of this session's daemons count
            List<String> left = dirs.stream().filter(d -> sb.run(d.split(" ")[0], "[ -e " + d.split(" ")[1] + " ]").exitCode() == 0).toList();
            assertEquals(List.of(), left, "no daemon directory left in any node pod after close");
            // the pods share the host's process table: a pid still there is one of ours
            String running = sb.run(sb.nodes().get(0), "for p in " + String.join(" ", pids) + "; do kill -0 $p 2>/dev/null && ps -o pid=,args= -p $p; done; true").stdout();
            assertEquals("", running, "no daemon, holder or watchdog process left");
        }
    }

    private static Set<String> nodes(List<TraceResult> results) {
        Set<String> nodes = new TreeSet<>();
        results.forEach(r -> detraces(r).forEach(s -> nodes.add(s.where().node())));
        return nodes;
    }

    /** The same requests as the command line runs them: one-shot ovn-detrace, no daemon. */
    private static List<TraceResult> oneShot(Sandbox sb) {
        try (KubernetesClient client = sb.client()) {
            TraceEngine engine = new TraceEngine(new FabricClusterApi(client), new KubePodExec(client), EngineOptions.defaults());
            return REQUESTS.stream().map(engine::run).toList();
        }
    }
}
