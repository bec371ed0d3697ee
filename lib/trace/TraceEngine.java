package ovntrace.lib.trace;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import ovntrace.lib.cluster.AddressFamily;
import ovntrace.lib.cluster.ClusterApi;
import ovntrace.lib.cluster.CountingPodExec;
import ovntrace.lib.cluster.Discovery;
import ovntrace.lib.cluster.EndpointResolver;
import ovntrace.lib.cluster.EndpointResolver.ServiceTarget;
import ovntrace.lib.cluster.EngineOptions;
import ovntrace.lib.cluster.Fact;
import ovntrace.lib.cluster.LookupParsers;
import ovntrace.lib.cluster.NodeAccess;
import ovntrace.lib.cluster.NodeFacts;
import ovntrace.lib.cluster.NodeListing;
import ovntrace.lib.cluster.NodeLookup;
import ovntrace.lib.cluster.PodExec;
import ovntrace.lib.cluster.PodInfo;
import ovntrace.lib.cluster.PodRef;
import ovntrace.lib.cluster.PortNames;
import ovntrace.lib.cluster.TraceError;
import ovntrace.lib.cluster.TraceLog;
import ovntrace.lib.exec.BatchRunner.Outcome;
import ovntrace.lib.exec.ExecRounds;
import ovntrace.lib.exec.NodeSurvey;
import ovntrace.lib.trace.TraceRequest.Target;

/**
 * Runs one trace end to end: resolve the endpoints through the API; survey each involved node with one exec
 * (starting upstream's ofproto/trace + ovn-detrace pairs alongside); plan the steps; execute them per node, nodes in
 * parallel; follow every packet that crossed to another node onto that node; judge. Every step runs even after one
 * fails, unless the request asks to fail fast.
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
        CountingPodExec exec = new CountingPodExec(podExec);
        Ends ends = resolve(req);
        try (ExecRounds rounds = new ExecRounds(exec, options)) {
            ExecRounds.Survey<SpeculativeDetrace.Lane> survey = survey(rounds, ends, req);
            Plan.Input input = input(ends, survey.nodes(), req);
            List<PlannedStep> plan = Stream.concat(UpstreamSteps.plan(input).stream(), ConnectionSteps.plan(input).stream()).toList();
            Map<PlannedStep, Outcome> outcomes = execute(rounds, plan, survey, req);
            List<PlannedStep> arrivals = follow(rounds, input, plan, outcomes, req);
            List<StepResult> results = judge(Stream.concat(plan.stream(), arrivals.stream()).toList(), outcomes, req);
            Optional<String> isolation = NetworkIsolation.between(ends.src(), ends.dst());
            List<String> notes = new ArrayList<>();
            if (isolation.isPresent()) {
                results = NetworkIsolation.apply(results, isolation.get());
                notes.add(isolation.get());
            }
            notes.addAll(notes(results, podExec.access()));
            ends.pods().stream().map(p -> p.primary().note()).filter(n -> !n.isEmpty()).distinct().forEach(notes::add);
            return new TraceResult(req, input.src().node().db().mode(), input.src().endpoint(),
                    input.dst() != null ? input.dst().endpoint() : Endpoint.externalIp(input.dstIp()), input.service(),
                    input.connection(), results, List.copyOf(notes), Duration.ofNanos(System.nanoTime() - start), exec.calls());
        }
    }

    /** The source pod and the target as the API shows them: a pod, a Service's chosen backend pod, or an IP. */
    private record Ends(PodInfo src, PodInfo dst, ServiceTarget svc, String dstIp) {
        List<PodInfo> pods() {
            return dst == null ? List.of(src) : List.of(src, dst);
        }
    }

    private Ends resolve(TraceRequest req) {
        TraceLog log = options.log();
        Discovery discovery = new Discovery(api, options.ovnNamespace());
        EndpointResolver resolver = new EndpointResolver(api);
        log.phase("resolving " + req.source() + " and the target");
        log.log(5, "OVN-Kubernetes namespace is " + discovery.ovnNamespace());
        if (log.shows(5)) NodeListing.lines(api.nodes()).forEach(line -> log.log(5, line));
        PodInfo src = resolver.pod(req.source(), req.family(), "-src");
        Ends ends;
        if (req.target() instanceof Target.Ip ip) {
            if (src.hostNetwork()) throw new TraceError("Pod cannot be on Host Network when tracing to an IP address; use ping");
            requireSameFamily(src, ip.address(), "destination");
            ends = new Ends(src, null, null, ip.address());
        } else if (req.target() instanceof Target.Service s) {
            ServiceTarget svc = resolver.service(s.service(), s.endpoint(), req.family(), req.dstPort(), req.protocol());
            log.log(1, "Using pod " + svc.backend().name() + " in service " + svc.service().name() + " to test against");
            requireSameFamily(src, svc.clusterIp(), "service");
            ends = new Ends(src, resolver.pod(svc.backend(), req.family(), "-service"), svc, null);
        } else {
            ends = new Ends(src, resolver.pod(((Target.Pod) req.target()).pod(), req.family(), "-dst", src.network()), null, null);
        }
        if (ends.dst() != null && src.hostNetwork() && ends.dst().hostNetwork()) {
            throw new TraceError("Both pods cannot be on Host Network; use ping");
        }
        return ends;
    }

    /** One exec per node for its facts; upstream's ofproto/trace + ovn-detrace pairs start alongside. */
    private ExecRounds.Survey<SpeculativeDetrace.Lane> survey(ExecRounds rounds, Ends ends, TraceRequest req) {
        Discovery discovery = new Discovery(api, options.ovnNamespace());
        Map<String, NodeLookup.Request> requests = new LinkedHashMap<>();
        for (PodInfo p : ends.pods()) {
            // the router ports of the network the node's first pod is traced on (the source's, when it is there)
            requests.computeIfAbsent(p.node(), n -> new NodeLookup.Request(n, discovery.execTarget(n),
                    discovery.nodeAnnotations(n), NodeSurvey.podsOn(n, ends.pods()),
                    ends.pods().stream().anyMatch(q -> q.node().equals(n) && q.hostNetwork()), !req.skipDetrace(), options.mode(),
                    p.network(), ports(ends.pods())));
        }
        List<SpeculativeDetrace.Lane> lanes = new ArrayList<>();
        // offline there is no Open vSwitch to run the pairs on
        // the pairs are spelt for the default network; a UDN pod's steps run with the planned ones
        boolean defaultNetwork = ends.pods().stream().allMatch(q -> q.network().isDefault());
        if (options.batch() && !req.failFast() && !req.skipDetrace() && podExec.access() == NodeAccess.LIVE && defaultNetwork) {
            int port = ends.svc() != null ? ends.svc().backendPort() : req.dstPort();
            PodInfo src = ends.src(), dst = ends.dst();
            // the same conditions as the planner's for ovntrace's own request and reply
            boolean own = dst != null && options.newConnectionChecks();
            List<SpeculativeDetrace.Flow> out = new ArrayList<>(List.of(new SpeculativeDetrace.Flow(Leg.UPSTREAM_FORWARD,
                    dst != null ? dst.ip() : ends.dstIp(), 0, port, null)));
            if (own) out.add(new SpeculativeDetrace.Flow(Leg.REQUEST, dst.ip(), Connection.SOURCE_PORT, port, ConnectionSteps.CtState.NEW));
            if (dst == null && options.newConnectionChecks()) {
                out.add(new SpeculativeDetrace.Flow(Leg.REQUEST, ends.dstIp(), Connection.SOURCE_PORT, port, ConnectionSteps.CtState.NEW));
            }
            lanes.add(lane(src, requests, req, out));
            if (dst != null) {
                List<SpeculativeDetrace.Flow> back = new ArrayList<>(List.of(new SpeculativeDetrace.Flow(Leg.REVERSE_INITIATED, src.ip(), 0, port, null)));
                if (own) back.add(new SpeculativeDetrace.Flow(Leg.REPLY, src.ip(), port, Connection.SOURCE_PORT, ConnectionSteps.CtState.REPLY));
                lanes.add(lane(dst, requests, req, back));
            }
        }
        options.log().phase("looking up node" + (requests.size() == 1 ? " " : "s ") + String.join(", ", requests.keySet()));
        return rounds.survey(new ArrayList<>(requests.values()), lanes);
    }

    private Plan.Input input(Ends ends, Map<String, NodeSurvey.Result> nodes, TraceRequest req) {
        Side src = side(ends.src(), nodes), dst = ends.dst() == null ? null : side(ends.dst(), nodes);
        ServiceTarget svc = ends.svc();
        ServiceInfo service = svc == null ? null : new ServiceInfo(svc.service().namespace(), svc.service().name(),
                svc.clusterIp(), svc.port(), dst.endpoint(), svc.backendPort());
        return new Plan.Input(src, dst, service, ends.dstIp(), req.protocol(), req.dstPort(), req.skipDetrace(),
                options.newConnectionChecks());
    }

    /** The plan's steps per node, in parallel; the pairs the survey started ahead are taken where their commands match. */
    private Map<PlannedStep, Outcome> execute(ExecRounds rounds, List<PlannedStep> plan,
                                              ExecRounds.Survey<SpeculativeDetrace.Lane> survey, TraceRequest req) {
        options.log().phase("running " + plan.size() + " trace steps");
        Set<PlannedStep> ahead = SpeculativeDetrace.covered(survey.lanes().keySet(), plan);
        Map<PlannedStep, Outcome> outcomes = new LinkedHashMap<>(req.failFast()
                ? rounds.execute(plan, (first, sofar) -> failedBefore(plan, first, sofar), ahead)
                : rounds.execute(plan, ahead));
        Map<PlannedStep, Outcome> adopted = SpeculativeDetrace.adopt(rounds.lanes(survey), plan);
        options.log().log(5, adopted.size() + " step(s) taken from the exec started alongside the lookups");
        outcomes.putAll(adopted);
        // the pairs started ahead whose commands turned out different run now, with their real commands
        Set<PlannedStep> settled = new LinkedHashSet<>();
        for (PlannedStep s : plan) if (outcomes.containsKey(s) || !ahead.contains(s)) settled.add(s);
        outcomes.putAll(rounds.execute(plan, settled));
        return outcomes;
    }

    /** Round three, only where a packet crossed to another node: its steps on the receiving node. */
    private List<PlannedStep> follow(ExecRounds rounds, Plan.Input input, List<PlannedStep> plan,
                                     Map<PlannedStep, Outcome> outcomes, TraceRequest req) {
        if (req.failFast() && failedBefore(plan, null, outcomes)) return List.of();
        List<PlannedStep> arrivals = ConnectionSteps.arrivals(input, plan, outcomes);
        outcomes.putAll(rounds.execute(arrivals, Set.of()));
        return arrivals;
    }

    private static List<StepResult> judge(List<PlannedStep> steps, Map<PlannedStep, Outcome> outcomes, TraceRequest req) {
        List<StepResult> results = Verdicts.judge(steps, outcomes);
        return req.failFast() ? Verdicts.stopAtFirstFailure(results) : results;
    }

    /**
     * One line, as the README promises, however many pods lack ovn-detrace; offline one more, once, saying what a
     * trace from the databases alone cannot show.
     */
    private static List<String> notes(List<StepResult> results, NodeAccess access) {
        List<String> notes = new ArrayList<>();
        Set<String> skips = new LinkedHashSet<>(results.stream()
                .filter(r -> r.verdict() == Verdict.SKIPPED && r.tool() == Tool.OVN_DETRACE && !r.reason().equals(Verdicts.FAIL_FAST))
                .map(StepResult::reason).toList());
        if (!skips.isEmpty()) notes.add("Skipped ovn-detrace due to: \"" + String.join("; ", skips) + "\"");
        if (access != NodeAccess.LIVE) notes.add(OFFLINE_NOTE);
        return List.copyOf(notes);
    }

    /** The note of every offline run. */
    public static final String OFFLINE_NOTE = "Offline: ofproto/trace and ovn-detrace need a live node, so their steps are not"
            + " available offline; the verdicts cover OVN's logical pipeline only (a drop that only the OpenFlow tables show is not seen)";

    /** --fail-fast: whether a step planned before {@code first} (null: any step) did not pass, by the outcomes so far. */
    private static boolean failedBefore(List<PlannedStep> plan, PlannedStep first, Map<PlannedStep, Outcome> sofar) {
        int end = first == null ? plan.size() : plan.indexOf(first);
        return Verdicts.judge(plan.subList(0, end), sofar).stream().anyMatch(Verdicts::stops);
    }

    private static void requireSameFamily(PodInfo src, String ip, String what) {
        if (AddressFamily.of(ip) != src.family()) {
            throw new TraceError("Pod src IP address family (address: " + src.ip() + ") and " + what
                    + " IP address family (address: " + ip + ") do not match (use -addr-family " + AddressFamily.of(ip).ovn() + ")");
        }
    }

    /** Each pod's iface-id on the network it is traced on. */
    private static Map<PodRef, String> ports(List<PodInfo> pods) {
        Map<PodRef, String> ports = new LinkedHashMap<>();
        for (PodInfo p : pods) ports.putIfAbsent(p.ref(), p.logicalPort());
        return ports;
    }

    private static SpeculativeDetrace.Lane lane(PodInfo from, Map<String, NodeLookup.Request> requests, TraceRequest req,
                                                List<SpeculativeDetrace.Flow> flows) {
        NodeLookup.Request node = requests.get(from.node());
        return SpeculativeDetrace.lane(from, node, NodeLookup.guess(node), req.protocol(), flows);
    }

    private static Side side(PodInfo pod, Map<String, NodeSurvey.Result> nodes) {
        NodeSurvey.Result r = nodes.get(pod.node());
        NodeFacts n = r.facts();
        if (pod.hostNetwork()) return new Side(pod, n, n.mp0Mac(), Fact.of(PortNames.MGMT_PORT), n.mp0Ofport());
        Fact<LookupParsers.Iface> iface = r.interfaces().get(pod.ref());
        return new Side(pod, n, pod.annotationMac(), iface.map(LookupParsers.Iface::name), iface.map(LookupParsers.Iface::ofport));
    }
}
