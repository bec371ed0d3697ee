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
import ovntrace.lib.cluster.OvnTraceDaemons;
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
 * Runs one trace end to end: resolve the endpoints through the API; plan the whole trace ahead of the lookups
 * ({@link Speculation}) and survey each involved node with one exec that also runs every step needing only that
 * node's facts; plan from the facts and keep the results whose commands match; run what is left and the receiving
 * nodes' steps of every packet that crossed to another node, per node, nodes in parallel (in the node's survey exec,
 * which stays open for them where the pod exec can keep it open); judge. Every step runs even after one fails,
 * unless the request asks to fail fast.
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
        // one per run: the ovnkube-node pods are listed once, for the namespace and for every node's exec target
        Discovery discovery = new Discovery(api, options.ovnNamespace());
        Ends ends = resolve(req, discovery);
        try (ExecRounds rounds = new ExecRounds(exec, options)) {
            Map<String, NodeLookup.Request> requests = requests(ends, req, discovery);
            Map<String, Speculation.Node> ahead = ahead(requests, ends, req);
            Map<String, NodeSurvey.Result> nodes = survey(rounds, requests, ahead);
            Plan.Input input = input(ends, nodes, req);
            List<PlannedStep> plan = Plan.all(input);
            Speculation.Adopted adopted = Speculation.adopt(ahead, nodes, plan);
            Map<PlannedStep, Outcome> outcomes = new LinkedHashMap<>(adopted.outcomes());
            options.log().log(5, outcomes.size() + " step(s) taken from the lookups' execs");
            List<PlannedStep> arrivals = execute(rounds, input, plan, outcomes, adopted.captured(), req);
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

    private Ends resolve(TraceRequest req, Discovery discovery) {
        TraceLog log = options.log();
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

    /** What to look up on each node the pods are on, in the order the pods come. */
    private Map<String, NodeLookup.Request> requests(Ends ends, TraceRequest req, Discovery discovery) {
        Map<String, NodeLookup.Request> requests = new LinkedHashMap<>();
        for (PodInfo p : ends.pods()) {
            // the router ports of the network the node's first pod is traced on (the source's, when it is there)
            requests.computeIfAbsent(p.node(), n -> new NodeLookup.Request(n, discovery.execTarget(n),
                    discovery.nodeAnnotations(n), NodeSurvey.podsOn(n, ends.pods()),
                    ends.pods().stream().anyMatch(q -> q.node().equals(n) && q.hostNetwork()), !req.skipDetrace(), options.mode(),
                    p.network(), ports(ends.pods())));
        }
        return requests;
    }

    /**
     * The steps each node runs in its lookup exec ({@link Speculation}); none where a step must wait for the one
     * before (--fail-fast), each command has an exec of its own (--sequential), an ovn-trace daemon answers the
     * ovn-trace steps (a session), or the exec reaches only databases (offline: its survey has no probe to wait for).
     */
    private Map<String, Speculation.Node> ahead(Map<String, NodeLookup.Request> requests, Ends ends, TraceRequest req) {
        if (!options.batch() || req.failFast() || podExec.access() != NodeAccess.LIVE || options.daemons() != OvnTraceDaemons.NONE) {
            return Map.of();
        }
        return Speculation.plan(requests, symbolic -> Plan.all(input(ends, symbolic, req)));
    }

    /** Round one: one exec per node, its lookups and the steps planned ahead for it. */
    private Map<String, NodeSurvey.Result> survey(ExecRounds rounds, Map<String, NodeLookup.Request> requests,
                                                  Map<String, Speculation.Node> ahead) {
        options.log().phase("looking up node" + (requests.size() == 1 ? " " : "s ") + String.join(", ", requests.keySet()));
        return rounds.survey(new ArrayList<>(requests.values()), ahead);
    }

    /** What to plan from the nodes' facts (or, ahead of the lookups, their symbolic stand-ins). */
    private Plan.Input input(Ends ends, Map<String, NodeSurvey.Result> nodes, TraceRequest req) {
        Side src = side(ends.src(), nodes), dst = ends.dst() == null ? null : side(ends.dst(), nodes);
        ServiceTarget svc = ends.svc();
        ServiceInfo service = svc == null ? null : new ServiceInfo(svc.service().namespace(), svc.service().name(),
                svc.clusterIp(), svc.port(), dst.endpoint(), svc.backendPort());
        return new Plan.Input(src, dst, service, ends.dstIp(), req.protocol(), req.dstPort(), req.skipDetrace(),
                options.newConnectionChecks());
    }

    /**
     * The plan's steps that did not run with the lookups, per node, nodes in parallel, and the receiving nodes' steps
     * of every packet that crossed to another node: in the same round when the sending steps have all run by then,
     * else in one more, with the receiving nodes' ovn-detrace steps that wait for it
     * ({@link ConnectionSteps#waitingForArrivals}). Returns the receiving nodes' steps.
     */
    private List<PlannedStep> execute(ExecRounds rounds, Plan.Input input, List<PlannedStep> plan,
                                      Map<PlannedStep, Outcome> outcomes, Map<PlannedStep, String> captured, TraceRequest req) {
        options.log().phase("running " + plan.size() + " trace steps");
        Set<PlannedStep> done = new LinkedHashSet<>(outcomes.keySet());
        if (ConnectionSteps.sendersRan(plan, outcomes) && !req.failFast()) {
            List<PlannedStep> arrivals = ConnectionSteps.arrivals(input, plan, outcomes);
            outcomes.putAll(rounds.execute(Stream.concat(plan.stream(), arrivals.stream()).toList(), done, captured));
            return arrivals;
        }
        Set<PlannedStep> waiting = new LinkedHashSet<>();
        if (req.failFast()) {
            outcomes.putAll(rounds.execute(plan, (first, sofar) -> failedBefore(plan, first, sofar), done));
            if (failedBefore(plan, null, outcomes)) return List.of();
        } else {
            waiting.addAll(ConnectionSteps.waitingForArrivals(plan));
            waiting.removeAll(done);
            done.addAll(waiting);
            outcomes.putAll(rounds.execute(plan, done));
        }
        List<PlannedStep> arrivals = ConnectionSteps.arrivals(input, plan, outcomes);
        outcomes.putAll(rounds.execute(Stream.concat(waiting.stream(), arrivals.stream()).toList(), Set.of(), captured));
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

    private static Side side(PodInfo pod, Map<String, NodeSurvey.Result> nodes) {
        NodeSurvey.Result r = nodes.get(pod.node());
        NodeFacts n = r.facts();
        if (pod.hostNetwork()) return new Side(pod, n, n.mp0Mac(), Fact.of(PortNames.MGMT_PORT), n.mp0Ofport());
        Fact<LookupParsers.Iface> iface = r.interfaces().get(pod.ref());
        return new Side(pod, n, pod.annotationMac(), iface.map(LookupParsers.Iface::name), iface.map(LookupParsers.Iface::ofport));
    }
}
