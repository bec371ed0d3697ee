package ovntrace.lib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import ovntrace.lib.api.TraceBuilder;
import ovntrace.lib.cluster.AddressFamily;
import ovntrace.lib.cluster.PodRef;
import ovntrace.lib.cluster.Protocol;
import ovntrace.lib.cluster.TraceError;
import ovntrace.lib.trace.TraceRequest;
import ovntrace.lib.trace.TraceRequest.Target;

/** The fluent API describes the same requests the command line does, and refuses the same mistakes. */
class TraceBuilderTest {

    private static TraceBuilder from(String pod) {
        return TraceBuilder.from(null, PodRef.parse(pod));
    }

    @Test
    void pod_to_pod_over_udp_53() {
        TraceRequest r = from("default/pod-a").to("restricted/db-0").udp(53).options().validate();
        assertEquals(new PodRef("default", "pod-a"), r.source());
        assertEquals(new Target.Pod(new PodRef("restricted", "db-0")), r.target());
        assertEquals(Protocol.UDP, r.protocol());
        assertEquals(53, r.dstPort());
        assertEquals(AddressFamily.IP4, r.family());
    }

    @Test
    void the_last_target_and_protocol_win_so_a_half_built_trace_can_be_finished_several_ways() {
        TraceBuilder half = from("pod-a").toService("kube-system/kube-dns").tcp(53);
        TraceRequest viaIp = half.toIp("8.8.8.8").udp(443).skipDetrace().failFast().options().validate();
        assertEquals(new Target.Ip("8.8.8.8"), viaIp.target());
        assertEquals(Protocol.UDP, viaIp.protocol());
        assertTrue(viaIp.skipDetrace() && viaIp.failFast());
        assertEquals(AddressFamily.IP6, half.ip6().options().validate().family());
        assertEquals(new Target.Service(new PodRef("kube-system", "kube-dns")), half.options().validate().target());
    }

    @Test
    void a_trace_without_a_protocol_is_refused_with_the_command_lines_message() {
        TraceError e = assertThrows(TraceError.class, () -> from("pod-a").to("pod-b").options().validate());
        assertEquals("Usage: either tcp or udp must be specified", e.getMessage());
    }
}
