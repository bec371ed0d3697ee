package ovntrace.lib.trace;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import ovntrace.lib.cluster.AddressFamily;
import ovntrace.lib.cluster.ClusterApi;
import ovntrace.lib.cluster.CountingPodExec;
import ovntrace.lib.cluster.Discovery;
import ovntrace.lib.cluster.EndpointResolver;
import ovntrace.lib.cluster.EndpointResolver.ServiceTarget;
import ovntrace.lib.cluster.EngineOptions;
import ovntrace.lib.cluster.Fact;
import ovntrace.lib.cluster.LookupParsers;
import ovntrace.lib.cluster.NodeFacts;
import ovntrace.lib.cluster.NodeListing;
import ovntrace.lib.cluster.NodeLookup;
import ovntrace.lib.cluster.PodExec;
import ovntrace.lib.cluster.PodInfo;
import ovntrace.lib.cluster.PortNames;
import ovntrace.lib.cluster.TraceError;
import ovntrace.lib.cluster.TraceLog;
import ovntrace.lib.exec.BatchRunner.Outcome;
import ovntrace.lib.exec.ExecRounds;
import ovntrace.lib.exec.NodeSurvey;
import ovntrace.lib.trace.TraceRequest.Target;

/**
 * Runs one trace end to end: resolves the endpoints through the API, surveys each involved node with one exec
 * (starting each direction's ofproto/trace + ovn-detrace pair alongside), plans upstream's steps, runs the rest per
 * node (nodes in parallel), and judges the outputs. Every step runs even after one fails, unless the request asks
 * to fail fast.
 */
public final class TraceEngine {

    private final ClusterApi api;
    private final PodExec podExec;
    private final EngineOptions options;

    public TraceEngine(ClusterApi api, PodExec podExec, EngineOptions options) {
        this.api = api;
        this.podExec = podExec;
        this.options = options;
    }

    public TraceResult run(TraceRequest req) {
        long start = System.nanoTime();
        TraceLog log = options.log();
        CountingPodExec exec = new CountingPodExec(podExec);
        Discovery discovery = new Discovery(api, options.ovnNamespace());
        EndpointResolver resolver = new EndpointResolver(api);
        log.phase("resolving " + req.source() + " and the target");
        log.log(5, "OVN-Kubernetes namespace is " + discovery.ovnNamespace());
        if (log.shows(5)) NodeListing.lines(api.nodes()).forEach(line -> log.log(5, line));

        PodInfo src = resolver.pod(req.source(), req.family(), "-src");
        PodInfo dst = null;
        ServiceTarget svc = null;
        String dstIp = null;
        if (req.target() instanceof Target.Ip ip) {
            dstIp = ip.address();
            if (src.hostNetwork()) throw new TraceError("Pod cannot be on Host Network when tracing to an IP address; use ping");
            requireSameFamily(src, dstIp, "destination");
        } else if (req.target() instanceof Target.Service s) {
            svc = resolver.service(s.service(), req.family(), req.dstPort(), req.protocol());
            log.log(1, "Using pod " + svc.backend().name() + " in service " + svc.service().name() + " to test against");
            requireSameFamily(src, svc.clusterIp(), "service");
            dst = resolver.pod(svc.backend(), req.family(), "-service");
        } else if (req.target() instanceof Target.Pod p) {
            dst = resolver.pod(p.pod(), req.family(), "-dst");
        }
        if (dst != null && src.hostNetwork() && dst.hostNetwork()) throw new TraceError("Both pods cannot be on Host Network; use ping");

        List<PodInfo> pods = dst == null ? List.of(src) : List.of(src, dst);
        Map<String, NodeLookup.Request> requests = requests(pods, discovery, req);
        int podPort = svc != null ? svc.backendPort() : req.dstPort();
        List<SpeculativeDetrace.Lane> lanes = new ArrayList<>();
        if (options.batch() && !req.failFast() && !req.skipDetrace()) {
            lanes.add(lane(Leg.REQUEST, src, dst != null ? dst.ip() : dstIp, requests, req, podPort));
            if (dst != null) lanes.add(lane(Leg.REVERSE_INITIATED, dst, src.ip(), requests, req, podPort));
        }
        log.phase("looking up node" + (requests.size() == 1 ? " " : "s ") + String.join(", ", requests.keySet()));
        try (ExecRounds rounds = new ExecRounds(exec, options)) {
            ExecRounds.Survey<SpeculativeDetrace.Lane> survey = rounds.survey(new ArrayList<>(requests.values()), lanes);
            Side srcSide = side(src, survey.nodes()), dstSide = dst == null ? null : side(dst, survey.nodes());
            ServiceInfo service = svc == null ? null : new ServiceInfo(svc.service().namespace(), svc.service().name(),
                    svc.clusterIp(), svc.port(), dstSide.endpoint(), svc.backendPort());
            List<PlannedStep> steps = StepPlanner.plan(new StepPlanner.Input(srcSide, dstSide, service, dstIp, req.protocol(),
                    req.dstPort(), req.skipDetrace(), options.newConnectionChecks()));
            log.phase("running " + steps.size() + " trace steps");
            Set<Integer> deferred = laneSteps(survey.lanes().keySet(), steps);
            List<Outcome> outcomes = new ArrayList<>(req.failFast() ? rounds.execute(steps, (first, sofar) -> failedBefore(steps, first, sofar), deferred)
                    : rounds.execute(steps, deferred));
            Map<Integer, Outcome> ahead = adopt(rounds.lanes(survey), steps);
            log.log(5, ahead.size() + " step(s) taken from the exec started alongside the lookups");
            ahead.forEach(outcomes::set);
            Set<Integer> left = new HashSet<>();
            for (int i = 0; i < steps.size(); i++) if (!deferred.contains(i) || ahead.containsKey(i)) left.add(i);
            List<Outcome> again = rounds.execute(steps, left);
            for (int i = 0; i < steps.size(); i++) if (again.get(i) != null) outcomes.set(i, again.get(i));

            List<StepResult> results = Verdicts.judge(steps, outcomes);
            if (req.failFast()) results = Verdicts.stopAtFirstFailure(results);
            Set<String> skips = new LinkedHashSet<>(results.stream()
                    .filter(r -> r.verdict() == Verdict.SKIPPED && r.tool() == Tool.OVN_DETRACE && !r.reason().equals(Verdicts.FAIL_FAST))
                    .map(StepResult::reason).toList());
            // one line, as the README promises, however many pods lack it
            List<String> notes = skips.isEmpty() ? List.of() : List.of("Skipped ovn-detrace due to: \"" + String.join("; ", skips) + "\"");
            Connection connection = service != null ? Connection.toService(req.protocol(), src.ip(), service)
                    : dstIp != null ? Connection.toIp(req.protocol(), src.ip(), dstIp, req.dstPort(), "")
                    : Connection.toPod(req.protocol(), src.ip(), dst.ip(), podPort);
            return new TraceResult(req, srcSide.node().db().mode(), srcSide.endpoint(),
                    dstSide != null ? dstSide.endpoint() : Endpoint.externalIp(dstIp), service, connection, results, notes,
                    Duration.ofNanos(System.nanoTime() - start), exec.calls());
        }
    }

    /** --fail-fast: whether a step before {@code first} did not pass, judged from the outcomes so far. */
    private static boolean failedBefore(List<PlannedStep> steps, int first, List<Outcome> sofar) {
        return Verdicts.judge(steps, sofar).subList(0, first).stream()
                .anyMatch(r -> r.verdict() == Verdict.FAIL || r.verdict() == Verdict.INCONCLUSIVE);
    }

    private static void requireSameFamily(PodInfo src, String ip, String what) {
        if (AddressFamily.of(ip) != src.family()) {
            throw new TraceError("Pod src IP address family (address: " + src.ip() + ") and " + what
                    + " IP address family (address: " + ip + ") do not match (use -addr-family " + AddressFamily.of(ip).ovn() + ")");
        }
    }

    private Map<String, NodeLookup.Request> requests(List<PodInfo> pods, Discovery discovery, TraceRequest req) {
        Map<String, NodeLookup.Request> requests = new LinkedHashMap<>();
        for (PodInfo p : pods) {
            requests.computeIfAbsent(p.node(), n -> new NodeLookup.Request(n, discovery.execTarget(n),
                    discovery.nodeAnnotations(n), NodeSurvey.podsOn(n, pods),
                    pods.stream().anyMatch(q -> q.node().equals(n) && q.hostNetwork()), !req.skipDetrace(), options.mode()));
        }
        return requests;
    }

    private static SpeculativeDetrace.Lane lane(Leg d, PodInfo from, String toIp, Map<String, NodeLookup.Request> requests,
                                                TraceRequest req, int port) {
        NodeLookup.Request node = requests.get(from.node());
        return SpeculativeDetrace.lane(d, from, node, NodeLookup.guess(node), toIp, req.protocol(), port);
    }

    /** The ofproto/trace and ovn-detrace steps a lane is running already: round two leaves them out. */
    private static Set<Integer> laneSteps(Set<SpeculativeDetrace.Lane> lanes, List<PlannedStep> steps) {
        Set<Integer> out = new HashSet<>();
        for (SpeculativeDetrace.Lane lane : lanes) {
            for (int i = 0; i < steps.size(); i++) {
                PlannedStep s = steps.get(i);
                if (s.tool() == Tool.OFPROTO_TRACE && s.leg() == lane.leg() && s.runnable()) out.add(i);
                if (s.feeds() >= 0 && steps.get(s.feeds()).leg() == lane.leg() && s.runnable()
                        && s.command().equals(lane.detraceCommand())) {
                    out.add(i);
                }
            }
        }
        return out;
    }

    /** The lanes' results for the real plan's ofproto/trace and ovn-detrace steps, where the commands match. */
    private static Map<Integer, Outcome> adopt(Map<SpeculativeDetrace.Lane, Map<String, Outcome>> lanes, List<PlannedStep> steps) {
        Map<Integer, Outcome> ahead = new LinkedHashMap<>();
        lanes.forEach((lane, ran) -> {
            for (int i = 0; i < steps.size(); i++) {
                PlannedStep s = steps.get(i);
                if (s.tool() != Tool.OFPROTO_TRACE || s.leg() != lane.leg()) continue;
                int detrace = -1;
                for (int j = 0; j < steps.size(); j++) if (steps.get(j).feeds() == i) detrace = j;
                ahead.putAll(SpeculativeDetrace.adopt(lane, ran, steps, i, detrace));
            }
        });
        return ahead;
    }

    private static Side side(PodInfo pod, Map<String, NodeSurvey.Result> nodes) {
        NodeSurvey.Result r = nodes.get(pod.node());
        NodeFacts n = r.facts();
        if (pod.hostNetwork()) return new Side(pod, n, n.mp0Mac(), Fact.of(PortNames.MGMT_PORT), n.mp0Ofport());
        Fact<LookupParsers.Iface> iface = r.interfaces().get(pod.ref());
        return new Side(pod, n, pod.annotationMac(), iface.map(LookupParsers.Iface::name), iface.map(LookupParsers.Iface::ofport));
    }
}
