package ovntrace.report;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
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

/** An IPv6 connection's tuple reads as ip:port only with the address in brackets (fd00::1:52888 is one address). */
class Ipv6ReportTest {

    private static Report report() {
        Endpoint a = new Endpoint(Endpoint.Kind.POD, "ns", "a", "n1", "n1", "fd00:10:244:2::6", "0a:58:0a:f4:01:06", "v1", "1");
        Endpoint b = new Endpoint(Endpoint.Kind.POD, "ns", "b", "n1", "n1", "fd00:10:244:2::8", "0a:58:0a:f4:01:08", "v2", "2");
        ExecTarget where = new ExecTarget("ovn-kubernetes", "ovnkube-node-n1", "ovnkube-controller", "n1");
        TraceResult r = new TraceResult(new TraceRequest(new PodRef("ns", "a"), new Target.Pod(new PodRef("ns", "b")),
                Protocol.TCP, 8080, AddressFamily.IP6, false, false), ClusterMode.IC, a, b, null,
                Connection.toPod(Protocol.TCP, a.ip(), b.ip(), 8080), List.of(new StepResult("ovn-trace source pod to "
                + "destination pod", Tool.OVN_TRACE, Leg.REQUEST, false, "a", "b", where, "ovn-trace", "", Verdict.PASS, "",
                new ExecResult(0, "", "", Duration.ofMillis(1)))), List.of(), Duration.ZERO, 1);
        return ReportBuilder.build(r, Attributions.of(r, AclDirectory.EMPTY, PolicyObjects.NONE), Instant.EPOCH);
    }

    @Test
    void markdown_and_html_bracket_ipv6_addresses_in_the_tuple() throws Exception {
        ReportRenderer renderer = ReportRenderer.create(Optional.empty());
        String tuple = "[fd00:10:244:2::6]:52888 → [fd00:10:244:2::8]:8080";
        String md = renderer.render(report(), Format.MD);
        assertTrue(md.contains("tcp `" + tuple + "`"), md);
        String html = renderer.render(report(), Format.HTML);
        assertTrue(html.contains("tcp " + tuple + "</p>"), html);
    }
}
