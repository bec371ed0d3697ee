package ovntrace.report;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import ovntrace.lib.cluster.AddressFamily;
import ovntrace.lib.cluster.ClusterMode;
import ovntrace.lib.cluster.PodExec.ExecResult;
import ovntrace.lib.cluster.PodExec.ExecTarget;
import ovntrace.lib.cluster.PodRef;
import ovntrace.lib.cluster.Protocol;
import ovntrace.lib.policy.AclDirectory;
import ovntrace.lib.policy.Attributions;
import ovntrace.lib.policy.PolicyObjects;
import ovntrace.lib.trace.Connection;
import ovntrace.lib.trace.Endpoint;
import ovntrace.lib.trace.Leg;
import ovntrace.lib.trace.StepResult;
import ovntrace.lib.trace.Tool;
import ovntrace.lib.trace.TraceRequest;
import ovntrace.lib.trace.TraceRequest.Target;
import ovntrace.lib.trace.TraceResult;
import ovntrace.lib.trace.Verdict;

/**
 * A small trace touching every parser and record type, for warming up reporting while the real traces run
 * ({@link ReportRenderer#warmUp()}). Made-up output in the tools' shapes; never shown to anyone.
 */
final class Samples {

    private Samples() {}

    private static final String OVN = """
            # tcp,reg14=0x1,vlan_tci=0x0000,dl_src=0a:58:0a:00:00:01,nw_src=10.0.0.1,nw_dst=10.0.0.2

            ingress(dp="n1", inport="ns_a")
            -------------------------------
             6. ls_in_pre_stateful (northd.c:1): reg0[2] == 1 && ip4.dst == 10.96.0.1 && tcp.dst == 80, priority 120, uuid 00000001
                ct_lb_mark;

            ct_lb_mark
            ----------
            25. ls_in_l2_lkup (northd.c:2): 1, priority 0, uuid 00000002
                outport = "ns_b";
                output;

            egress(dp="n1", inport="ns_a", outport="ns_b")
            ----------------------------------------------
             4. ls_out_acl (northd.c:3): reg0[9] == 1 && (outport == @pg), priority 2000, uuid 00000003
                drop;
            """;
    private static final String OFPROTO = """
            Flow: tcp,in_port=1,nw_src=10.0.0.1,nw_dst=10.0.0.2

            bridge("br-int")
            ----------------
             0. in_port=1, priority 100, cookie 0x1
                set_field:0x1->reg14
                resubmit(,8)
            46. reg15=0x2,metadata=0x1, priority 2000, cookie 0x3
                drop
              * Logical datapaths:
              *     "n1" (00000000-0000-0000-0000-000000000001) [egress]
              * Logical flow: table=4 (ls_out_acl), priority=2000, match=(reg0[9] == 1 && (outport == @pg)), actions=(/* drop */)
               * ACL: to-lport, priority=1000, match=(outport == @pg), drop

            Final flow: unchanged
            Megaflow: recirc_id=0,eth,ip,in_port=1
            Datapath actions: drop
            """;

    static TraceResult result() {
        Endpoint a = new Endpoint(Endpoint.Kind.POD, "ns", "a", "n1", "n1", "10.0.0.1", "0a:58:0a:00:00:01", "v1", "1");
        Endpoint b = new Endpoint(Endpoint.Kind.POD, "ns", "b", "n1", "n1", "10.0.0.2", "0a:58:0a:00:00:02", "v2", "2");
        ExecTarget where = new ExecTarget("ovn-kubernetes", "ovnkube-node-n1", "ovnkube-controller", "n1");
        List<StepResult> steps = List.of(
                step("ovn-trace source pod to destination pod", Tool.OVN_TRACE, Leg.REQUEST, where, OVN),
                step("ovs-appctl ofproto/trace source pod to destination pod", Tool.OFPROTO_TRACE, Leg.REQUEST, where, OFPROTO),
                step("ovn-detrace destination pod to source pod", Tool.OVN_DETRACE, Leg.REVERSE_INITIATED, where, OFPROTO));
        return new TraceResult(new TraceRequest(new PodRef("ns", "a"), new Target.Pod(new PodRef("ns", "b")), Protocol.TCP,
                80, AddressFamily.IP4, false, false), ClusterMode.IC, a, b, null, Connection.toPod(Protocol.TCP, a.ip(), b.ip(), 80), steps, List.of("note"), Duration.ZERO, 3);
    }

    private static StepResult step(String label, Tool tool, Leg d, ExecTarget where, String out) {
        return new StepResult(label, tool, d, false, "a", "b", where, "cmd --lb-dst 10.0.0.2:80", "", Verdict.FAIL, "r",
                new ExecResult(0, out, "", Duration.ofMillis(1)));
    }

    static Report report() {
        return ReportBuilder.build(result(), Attributions.of(result(), AclDirectory.EMPTY, PolicyObjects.NONE), Instant.EPOCH);
    }
}
