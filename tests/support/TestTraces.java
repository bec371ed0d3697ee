package ovntrace.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import ovntrace.lib.cluster.AddressFamily;
import ovntrace.lib.cluster.ClusterMode;
import ovntrace.lib.cluster.PodExec.ExecResult;
import ovntrace.lib.cluster.PodExec.ExecTarget;
import ovntrace.lib.cluster.PodRef;
import ovntrace.lib.cluster.Protocol;
import ovntrace.lib.trace.Connection;
import ovntrace.lib.trace.Leg;
import ovntrace.lib.trace.Endpoint;
import ovntrace.lib.trace.ServiceInfo;
import ovntrace.lib.trace.StepResult;
import ovntrace.lib.trace.Tool;
import ovntrace.lib.trace.TraceRequest;
import ovntrace.lib.trace.TraceRequest.Target;
import ovntrace.lib.trace.TraceResult;
import ovntrace.lib.trace.Verdict;

/**
 * The one place report tests build {@link TraceResult}s, so that a change to the shared records costs one edit here.
 * Step outputs come from saved fixtures; verdicts are given as the engine would have judged them.
 */
public final class TestTraces {

    private TestTraces() {}

    public static Endpoint pod(String ns, String name, String node, String ip, String mac) {
        return new Endpoint(Endpoint.Kind.POD, ns, name, node, node, ip, mac, "veth" + name.hashCode(), "7");
    }

    /** A step that ran and printed {@code stdout} (exit status 0), run in the ovnkube-node pod of {@code node}. */
    public static StepResult ran(String label, Tool tool, Leg dir, boolean remote, String node, String command,
                                 Verdict verdict, String reason, String stdout) {
        return new StepResult(label, tool, dir, remote, "a", "b", where(node), command, "", verdict, reason,
                new ExecResult(0, stdout, "", Duration.ofMillis(180)));
    }

    public static StepResult skipped(String label, Tool tool, Leg dir, String node, String reason) {
        return new StepResult(label, tool, dir, false, "a", "b", where(node), "", "", Verdict.SKIPPED, reason, null);
    }

    public static ExecTarget where(String node) {
        return new ExecTarget("ovn-kubernetes", "ovnkube-node-" + node, "ovnkube-controller", node);
    }

    public static TraceResult result(ClusterMode mode, Endpoint src, Endpoint dst, ServiceInfo svc, Protocol proto,
                                     int port, List<StepResult> steps, String... notes) {
        Target target = svc != null ? new Target.Service(new PodRef(svc.namespace(), svc.name()))
                : dst.kind() == Endpoint.Kind.EXTERNAL_IP ? new Target.Ip(dst.ip())
                : new Target.Pod(new PodRef(dst.namespace(), dst.name()));
        TraceRequest request = new TraceRequest(new PodRef(src.namespace(), src.name()), target, proto, port,
                AddressFamily.IP4, false, false);
        return new TraceResult(request, mode, src, dst, svc, connection(src, dst, svc, proto, port), List.copyOf(steps),
                List.of(notes), Duration.ofMillis(1234), steps.size());
    }

    /** The connection the engine would trace: to a Service's backend through its DNAT, else as addressed. */
    public static Connection connection(Endpoint src, Endpoint dst, ServiceInfo svc, Protocol proto, int port) {
        if (svc != null) return Connection.toService(proto, src.ip(), svc);
        if (dst.kind() == Endpoint.Kind.EXTERNAL_IP) return Connection.toIp(proto, src.ip(), dst.ip(), port, "");
        return Connection.toPod(proto, src.ip(), dst.ip(), port);
    }

    /**
     * The upstream documentation example: IC cluster, UDP 53 from fedora-...-chmvh (ovn-worker2) to fedora-...-t4hqw
     * (ovn-worker). The docs quote the forward ovn-trace and ofproto/trace outputs; the other steps did not run here.
     */
    public static TraceResult docsExample() {
        Endpoint src = pod("default", "fedora-deployment-7d49fddf69-chmvh", "ovn-worker2", "10.244.2.3", "0a:58:0a:f4:02:03");
        Endpoint dst = pod("default", "fedora-deployment-7d49fddf69-t4hqw", "ovn-worker", "10.244.1.6", "0a:58:0a:f4:01:06");
        var ovn = Fixtures.load("docs/ovn-trace-ic-cross-node.txt");
        var of = Fixtures.load("docs/ofproto-trace-ic-cross-node.txt");
        List<StepResult> steps = new ArrayList<>();
        steps.add(ran("ovn-trace source pod to destination pod", Tool.OVN_TRACE, Leg.REQUEST, false,
                "ovn-worker2", command(ovn.header()), Verdict.PASS, "matched output to \"tstor-ovn-worker\"", ovn.output()));
        steps.add(skipped("ovn-trace (remote) source pod to destination pod", Tool.OVN_TRACE, Leg.REQUEST,
                "ovn-worker", "not quoted in the docs"));
        steps.add(ran("ovs-appctl ofproto/trace source pod to destination pod", Tool.OFPROTO_TRACE, Leg.REQUEST,
                false, "ovn-worker2", command(of.header()), Verdict.PASS, "matched -> output to kernel tunnel", of.output()));
        steps.add(skipped("ovn-trace destination pod to source pod", Tool.OVN_TRACE, Leg.REVERSE_INITIATED, "ovn-worker",
                "not quoted in the docs"));
        return result(ClusterMode.IC, src, dst, null, Protocol.UDP, 53, steps);
    }

    // Scenarios over the outputs saved from ovntrace-sandbox (tests/fixtures/ic, tests/fixtures/central; made by
    // tests/fixtures/capture.sh). The client is always the fedora pod on ovn-worker.

    public static final Endpoint FEDORA_T4HQW =
            pod("default", "fedora-deployment-7d49fddf69-t4hqw", "ovn-worker", "10.244.1.6", "0a:58:0a:f4:01:06");
    public static final Endpoint FEDORA_CHMVH =
            pod("default", "fedora-deployment-7d49fddf69-chmvh", "ovn-worker2", "10.244.2.3", "0a:58:0a:f4:02:03");
    public static final Endpoint COREDNS_A =
            pod("kube-system", "coredns-5d78c9869d-7kl2p", "ovn-worker", "10.244.1.4", "0a:58:0a:f4:01:04");
    public static final Endpoint COREDNS_B =
            pod("kube-system", "coredns-5d78c9869d-x9vqz", "ovn-worker2", "10.244.2.4", "0a:58:0a:f4:02:04");
    public static final Endpoint DB_0 = pod("restricted", "db-0", "ovn-worker2", "10.244.2.5", "0a:58:0a:f4:02:05");

    /** A step whose command and output are the saved fixture's; "(remote)" in the label marks a remote step. */
    public static StepResult saved(Leg dir, String label, Tool tool, String node, Verdict verdict, String fixture) {
        var f = Fixtures.load(fixture);
        String reason = verdict == Verdict.FAIL ? "the output does not contain the success string" : "";
        return ran(label, tool, dir, label.contains("(remote)"), node, command(f.header()), verdict, reason, f.output());
    }

    private static final Leg F = Leg.REQUEST, R = Leg.REVERSE_INITIATED;
    private static final Tool OVN = Tool.OVN_TRACE, OF = Tool.OFPROTO_TRACE, DE = Tool.OVN_DETRACE;
    private static final Verdict PASS = Verdict.PASS, FAIL = Verdict.FAIL;
    private static final String FWD = " source pod to destination pod", REV = " destination pod to source pod";
    private static final String W1 = "ovn-worker", W2 = "ovn-worker2";

    public static TraceResult sameNode() {
        return result(ClusterMode.IC, FEDORA_T4HQW, COREDNS_A, null, Protocol.UDP, 53, List.of(
                saved(F, "ovn-trace" + FWD, OVN, W1, PASS, "ic/same-node-ovn-trace.txt"),
                saved(F, "ovs-appctl ofproto/trace" + FWD, OF, W1, PASS, "ic/same-node-ofproto-trace.txt"),
                saved(F, "ovn-detrace" + FWD, DE, W1, PASS, "ic/same-node-ovn-detrace.txt")));
    }

    /** Both directions between the fedora pods on ovn-worker and ovn-worker2, in upstream's step order. */
    public static TraceResult icCrossNode() {
        return result(ClusterMode.IC, FEDORA_T4HQW, FEDORA_CHMVH, null, Protocol.TCP, 8080, List.of(
                saved(F, "ovn-trace" + FWD, OVN, W1, PASS, "ic/cross-node-ovn-trace.txt"),
                saved(F, "ovn-trace (remote)" + FWD, OVN, W2, PASS, "ic/cross-node-ovn-trace-remote.txt"),
                saved(R, "ovn-trace" + REV, OVN, W2, PASS, "ic/cross-node-reverse-ovn-trace.txt"),
                saved(R, "ovn-trace (remote)" + REV, OVN, W1, PASS, "ic/cross-node-reverse-ovn-trace-remote.txt"),
                saved(F, "ovs-appctl ofproto/trace" + FWD, OF, W1, PASS, "ic/cross-node-ofproto-trace.txt"),
                saved(R, "ovs-appctl ofproto/trace" + REV, OF, W2, PASS, "ic/cross-node-reverse-ofproto-trace.txt"),
                saved(F, "ovn-detrace" + FWD, DE, W1, PASS, "ic/cross-node-ovn-detrace.txt"),
                saved(R, "ovn-detrace" + REV, DE, W2, PASS, "ic/cross-node-reverse-ovn-detrace.txt")));
    }

    public static TraceResult centralCrossNode() {
        return result(ClusterMode.CENTRAL, FEDORA_T4HQW, FEDORA_CHMVH, null, Protocol.TCP, 8080, List.of(
                saved(F, "ovn-trace" + FWD, OVN, W1, PASS, "central/cross-node-ovn-trace.txt"),
                saved(R, "ovn-trace" + REV, OVN, W2, PASS, "central/cross-node-reverse-ovn-trace.txt"),
                saved(F, "ovs-appctl ofproto/trace" + FWD, OF, W1, PASS, "central/cross-node-ofproto-trace.txt"),
                saved(R, "ovs-appctl ofproto/trace" + REV, OF, W2, PASS, "central/cross-node-reverse-ofproto-trace.txt"),
                saved(F, "ovn-detrace" + FWD, DE, W1, PASS, "central/cross-node-ovn-detrace.txt"),
                saved(R, "ovn-detrace" + REV, DE, W2, PASS, "central/cross-node-reverse-ovn-detrace.txt")));
    }

    /** To Service kube-system/kube-dns (10.96.0.10:53/UDP), steered to coredns on ovn-worker2. */
    public static TraceResult icService() {
        ServiceInfo svc = new ServiceInfo("kube-system", "kube-dns", "10.96.0.10", 53, COREDNS_B, 53);
        return result(ClusterMode.IC, FEDORA_T4HQW, COREDNS_B, svc, Protocol.UDP, 53, List.of(
                saved(F, "ovn-trace source pod to service clusterIP", OVN, W1, PASS, "ic/service-ovn-trace.txt"),
                saved(F, "ovn-trace (remote) source pod to service clusterIP", OVN, W2, PASS,
                        "ic/service-ovn-trace-remote.txt"),
                saved(F, "ovs-appctl ofproto/trace" + FWD, OF, W1, PASS, "ic/service-ofproto-trace.txt"),
                saved(F, "ovn-detrace" + FWD, DE, W1, PASS, "ic/service-ovn-detrace.txt")));
    }

    /** To restricted/db-0 TCP 80: the namespace is isolated by a NetworkPolicy that only allows TCP 5432. */
    public static TraceResult icPolicyDrop() {
        return icPolicyDrop("ic");
    }

    /** The same from another interconnect fixture folder, such as {@code ic-25.03}. */
    public static TraceResult icPolicyDrop(String dir) {
        return result(ClusterMode.IC, FEDORA_T4HQW, DB_0, null, Protocol.TCP, 80, List.of(
                saved(F, "ovn-trace" + FWD, OVN, W1, PASS, dir + "/policy-drop-ovn-trace.txt"),
                saved(F, "ovn-trace (remote)" + FWD, OVN, W2, FAIL, dir + "/policy-drop-ovn-trace-remote.txt"),
                saved(F, "ovs-appctl ofproto/trace" + FWD, OF, W1, PASS, dir + "/policy-drop-ofproto-trace.txt"),
                saved(F, "ovn-trace --ct=new (remote)" + FWD, OVN, W2, FAIL, dir + "/policy-drop-ovn-trace-remote-ct-new.txt"),
                saved(F, "ovn-detrace (remote)" + FWD, DE, W2, PASS, dir + "/policy-drop-ovn-detrace-destination.txt")));
    }

    public static TraceResult centralPolicyDrop() {
        return result(ClusterMode.CENTRAL, FEDORA_T4HQW, DB_0, null, Protocol.TCP, 80, List.of(
                saved(F, "ovn-trace" + FWD, OVN, W1, FAIL, "central/policy-drop-ovn-trace.txt"),
                saved(F, "ovn-trace --ct=new" + FWD, OVN, W1, FAIL, "central/policy-drop-ovn-trace-ct-new.txt")));
    }

    /**
     * To 8.8.8.8 TCP 443. The gateway router GR_ovn-worker has learnt the MAC of its next hop 172.18.0.1, so it SNATs
     * the packet to the node IP 172.18.0.3 and sends it out of breth0_ovn-worker; ofproto/trace follows it into bridge
     * breth0 (upstream's success string for this step).
     */
    public static TraceResult externalIp() {
        return result(ClusterMode.IC, FEDORA_T4HQW, Endpoint.externalIp("8.8.8.8"), null, Protocol.TCP, 443, List.of(
                saved(F, "ovn-trace from pod to IP", OVN, W1, PASS, "ic/external-ip-ovn-trace.txt"),
                saved(F, "ovs-appctl ofproto/trace pod to IP", OF, W1, PASS, "ic/external-ip-ofproto-trace.txt"),
                saved(F, "ovn-detrace pod to external IP", DE, W1, PASS, "ic/external-ip-ovn-detrace.txt")));
    }

    public static final Endpoint FEDORA_VWJT7 =
            pod("default", "fedora-deployment-7d49fddf69-vwjt7", "ovn-control-plane", "10.244.0.3", "0a:58:0a:f4:00:03");

    /**
     * From fedora-...-vwjt7 on ovn-control-plane to fedora-...-t4hqw on ovn-worker TCP 8080, after t4hqw's OVS port
     * was deleted on ovn-worker (the sandbox run behind /work/scratch-ct/FINDINGS.md §5): both halves of ovn-trace
     * still deliver to t4hqw's logical port and the sender's ofproto/trace tunnels the packet as usual; the receiving
     * node's ofproto/trace, injected at its tunnel port, finds the destination port unbound and drops the packet in
     * br-int table 40. Only the receiving node's trace can tell.
     */
    public static TraceResult icReceiverBroken() {
        return result(ClusterMode.IC, FEDORA_VWJT7, FEDORA_T4HQW, null, Protocol.TCP, 8080, List.of(
                saved(F, "ovn-trace" + FWD, OVN, "ovn-control-plane", PASS, "ic/receiver-broken-ovn-trace.txt"),
                saved(F, "ovn-trace (remote)" + FWD, OVN, W1, PASS, "ic/receiver-broken-ovn-trace-remote.txt"),
                saved(F, "ovs-appctl ofproto/trace" + FWD, OF, "ovn-control-plane", PASS, "ic/receiver-broken-ofproto-trace.txt"),
                saved(F, "ovs-appctl ofproto/trace (remote)" + FWD, OF, W1, FAIL,
                        "ic/receiver-broken-ofproto-trace-destination.txt")));
    }

    /** The command part of a fixture header ({@code <source>: <command>}). */
    public static String command(String header) {
        int i = header.indexOf(": ");
        return i < 0 ? header : header.substring(i + 2);
    }
}
