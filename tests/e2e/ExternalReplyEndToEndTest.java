package ovntrace.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import ovntrace.lib.api.Ovntrace;
import ovntrace.cli.OvntraceCli;
import ovntrace.lib.cluster.PodExec.ExecResult;
import ovntrace.lib.trace.Connection;
import ovntrace.lib.trace.Leg;
import ovntrace.lib.trace.LegResult;
import ovntrace.lib.trace.StepResult;
import ovntrace.lib.trace.TraceResult;
import ovntrace.lib.trace.Verdict;
import ovntrace.support.Sandboxes;
import ovntrace.support.Sandboxes.Cluster;
import ovntrace.support.Sandboxes.Sandbox;
import ovntrace.topology.NodeSpec;
import ovntrace.topology.PodSpec;
import ovntrace.topology.Topology;

/**
 * A pod's connection to an address outside the cluster, on the real local cluster of every OVN version in both modes:
 * upstream's three steps print as upstream prints them, and ovntrace's own request (a new connection out through the
 * node's gateway router, SNATed to the node IP) and reply (back from the node network to the SNAT address, then as
 * un-SNATed to the pod) both pass. A gateway router that has lost its route to the pod network fails the reply while
 * the request still passes.
 */
class ExternalReplyEndToEndTest {

    private static final String POD = TraceEndToEndTest.CHMVH, EXTERNAL_IP = "8.8.8.8";

    @BeforeAll
    static void sandboxes() {
        Sandboxes.assumeE2e();
    }

    static Stream<Cluster> clusters() {
        return Sandboxes.pairwise(); // both versions, both modes: see Sandboxes.pairwise()
    }

    private static TraceResult trace(Sandbox sb) {
        try (Ovntrace ovntrace = Ovntrace.connect(sb.kubeconfig().toString())) {
            return ovntrace.trace("default/" + POD).toIp(EXTERNAL_IP).tcp(443).run().result();
        }
    }

    private static LegResult leg(TraceResult r, Leg leg) {
        return r.legs().stream().filter(l -> l.leg() == leg).findFirst().orElseThrow(() -> new AssertionError("no " + leg + " leg"));
    }

    private static String describe(TraceResult r) {
        return r.steps().stream().map(s -> s.label() + ": " + s.verdict() + " " + s.reason() + "\n  " + s.command()).toList().toString();
    }

    @ParameterizedTest
    @MethodSource("clusters")
    void the_reply_from_an_external_ip_comes_back_through_the_gateway_routers_un_snat_to_the_pod(Cluster cluster) {
        Sandbox sb = Sandboxes.of(cluster);
        OvntraceCli.Run cli = TraceEndToEndTest.trace(cluster, "-src", POD, "-dst-ip", EXTERNAL_IP, "-tcp", "-dst-port", "443",
                "-loglevel", "0");
        assertEquals(0, cli.exitCode(), cli.describe());
        assertEquals(List.of("ovn-trace from pod to IP indicates success from " + POD + " to " + EXTERNAL_IP,
                "ovs-appctl ofproto/trace pod to IP indicates success from " + POD + " to " + EXTERNAL_IP,
                "ovn-detrace pod to external IP indicates success from " + POD + " to " + EXTERNAL_IP), cli.lines(),
                "upstream's lines, unchanged; ovntrace's own passing steps print nothing");

        TraceResult r = trace(sb);
        PodSpec pod = pod(sb.topology());
        NodeSpec node = sb.topology().node(pod.node());
        assertEquals(0, r.exitCode(), describe(r));
        LegResult request = leg(r, Leg.REQUEST), reply = leg(r, Leg.REPLY);
        assertEquals(Verdict.PASS, request.verdict(), request.reason());
        assertEquals(Verdict.PASS, reply.verdict(), reply.reason());
        assertEquals(new Connection.Tuple(pod.ip(), 52888, EXTERNAL_IP, 443), request.tuple());
        assertEquals(new Connection.Tuple(EXTERNAL_IP, 443, node.nodeIp(), 52888), reply.tuple(), "back to the SNAT address");
        assertEquals(List.of("SNAT " + pod.ip() + " → " + node.nodeIp() + " (gateway router)"), request.translations());
        assertEquals(List.of("un-SNAT " + node.nodeIp() + " → " + pod.ip() + " (conntrack: reply of the SNATed connection)"),
                reply.translations());

        List<StepResult> replySteps = reply.steps();
        assertEquals(List.of("ovn-trace reply IP to pod (to the SNAT address)", "ovn-trace reply IP to pod (after un-SNAT)"),
                replySteps.stream().map(StepResult::label).toList());
        String entry = " ext_" + node.name() + " --ct=est,rpl --ct=est,rpl --ct=est,rpl --ct=est,rpl --ct=est,rpl 'inport==\"breth0_"
                + node.name() + "\" && eth.src==02:00:00:00:00:01 && eth.dst==" + node.nodeMac() + " && ip4.src==" + EXTERNAL_IP;
        assertTrue(replySteps.get(0).command().contains(entry + " && ip4.dst==" + node.nodeIp() + " && ip.ttl==64 && tcp.dst==52888 && tcp.src==443'"),
                replySteps.get(0).command());
        assertTrue(replySteps.get(1).command().contains(entry + " && ip4.dst==" + pod.ip() + " && ip.ttl==64 && tcp.dst==52888 && tcp.src==443'"),
                replySteps.get(1).command());
        assertTrue(replySteps.get(0).reason().contains("ovn-trace does not simulate a gateway router's un-SNAT"), replySteps.get(0).reason());
        assertTrue(replySteps.get(1).exec().stdout().strip().endsWith("/* output to \"" + pod.logicalPort() + "\", type \"\" */"),
                replySteps.get(1).exec().stdout());
        assertEquals(List.of("ovn-trace request pod to IP", "ovs-appctl ofproto/trace request pod to IP", "ovn-detrace request pod to IP"),
                request.steps().stream().map(StepResult::label).toList());
        assertTrue(request.steps().get(0).exec().stdout().contains("ct_snat(" + node.nodeIp() + ");"), "SNATed on the way out");
    }

    /**
     * Not read-only: deletes the gateway router's route to the pod network, on the shared cluster, and adds it back as it
     * was (checked) when it ends, waiting for the chassis so that later tests see the flows again. The request
     * still leaves (by the default route, SNATed) and upstream's steps pass; the un-SNATed reply takes the default route
     * too, back out to the node network, instead of reaching the pod.
     */
    @ParameterizedTest
    @MethodSource("clusters")
    void a_gateway_router_without_its_route_back_to_the_pods_fails_the_reply_only(Cluster cluster) {
        Sandbox sb = Sandboxes.of(cluster);
        String node = pod(sb.topology()).node();
        String routes = "ovn-nbctl lr-route-list GR_" + node;
        String before = ok(sb.run(node, routes));
        String nexthop = before.lines().map(String::trim).filter(l -> l.startsWith("10.244.0.0/16 ")).map(l -> l.split("\\s+")[1])
                .findFirst().orElseThrow(() -> new AssertionError("no route to the pod network on GR_" + node + ":\n" + before));
        try {
            ok(sb.run(node, "ovn-nbctl --wait=sb lr-route-del GR_" + node + " 10.244.0.0/16"));
            TraceResult r = trace(sb);
            assertEquals(255, r.exitCode(), describe(r));
            assertTrue(r.steps().stream().filter(s -> s.leg() == Leg.UPSTREAM_FORWARD).allMatch(s -> s.verdict() == Verdict.PASS), describe(r));
            assertEquals(Verdict.PASS, leg(r, Leg.REQUEST).verdict(), leg(r, Leg.REQUEST).reason());
            LegResult reply = leg(r, Leg.REPLY);
            assertEquals(Verdict.FAIL, reply.verdict());
            assertEquals(List.of(Verdict.PASS, Verdict.FAIL), reply.steps().stream().map(StepResult::verdict).toList(),
                    "it still reaches the un-SNAT; after it the router has no route to the pod");
            assertEquals("ovn-trace reply IP to pod (after un-SNAT): not delivered to " + pod(sb.topology()).logicalPort()
                    + ": output to breth0_" + node + " instead", reply.reason(), "the default route sends it back out");
        } finally {
            ok(sb.run(node, "ovn-nbctl --wait=hv lr-route-add GR_" + node + " 10.244.0.0/16 " + nexthop));
            assertEquals(before, ok(sb.run(node, routes)), "the shared cluster's routes are back as they were");
        }
    }

    private static PodSpec pod(Topology t) {
        return t.pods().stream().filter(p -> p.name().equals(POD)).findFirst().orElseThrow();
    }

    private static String ok(ExecResult r) {
        assertEquals(0, r.exitCode(), r.stderr());
        return r.stdout();
    }
}
