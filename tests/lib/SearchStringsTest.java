package ovntrace.lib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import ovntrace.lib.cluster.DbAccess;
import ovntrace.lib.trace.SearchStrings;
import ovntrace.lib.trace.Side;

/** Upstream's success strings, one per row of its table, applied as unanchored regex searches. */
class SearchStringsTest {

    private final Side src = DocsSides.src(DocsSides.ic(DocsSides.SRC_NODE)), dst = DocsSides.dst(DocsSides.ic(DocsSides.DST_NODE));

    @Test
    void pod_to_pod_across_zones_stops_at_the_transit_switch_port_of_the_destination_node() {
        String regex = SearchStrings.ovnTraceToPod(src, dst);
        assertEquals("output to \"tstor-ovn-worker\"", regex);
        assertTrue(SearchStrings.matches(regex, "    /* output to \"tstor-ovn-worker\", type \"remote\" */"));
        assertEquals("output to \"default_fedora-deployment-7d49fddf69-t4hqw\"", SearchStrings.ovnTraceRemote(dst));
    }

    @Test
    void central_or_same_zone_traces_reach_the_destination_pod() {
        Side s = DocsSides.src(DocsSides.central()), d = DocsSides.dst(DocsSides.central());
        assertEquals("output to \"default_fedora-deployment-7d49fddf69-t4hqw\"", SearchStrings.ovnTraceToPod(s, d));
        assertEquals("output to \"default_fedora-deployment-7d49fddf69-t4hqw\"", SearchStrings.ovnTraceToService(s, d));
        assertEquals("output to \"tstor-ovn-worker\"", SearchStrings.ovnTraceToService(src, dst));
    }

    @Test
    void host_network_destination_depends_on_gateway_mode_and_node() {
        DbAccess db = DocsSides.ic(DocsSides.DST_NODE);
        Side hostShared = DocsSides.hostNetwork("h", DocsSides.DST_NODE, "172.18.0.3", db, false);
        assertEquals("output to \"breth0_ovn-worker2\"", SearchStrings.ovnTraceToPod(src, hostShared));
        assertEquals("ct\\(.*,nat", SearchStrings.ofprotoToPod(src, hostShared));
        Side localSrc = new Side(src.pod(), DocsSides.node(DocsSides.SRC_NODE, src.node().db(), true), src.mac(), src.iface(), src.ofport());
        assertEquals("output to \"k8s-ovn-worker2\"", SearchStrings.ovnTraceToPod(localSrc, hostShared));
        assertEquals("output:2\\n\\nFinal flow:", SearchStrings.ofprotoToPod(localSrc, hostShared));
        assertTrue(SearchStrings.matches("output:2\\n\\nFinal flow:", "    output:2\n\nFinal flow: ..."));
    }

    @Test
    void ofproto_same_node_needs_the_destination_ofport_followed_by_the_final_flow() {
        Side sameNode = DocsSides.pod("other", DocsSides.SRC_NODE, "10.244.2.9", "0a:58:0a:f4:02:09", src.node().db());
        String regex = SearchStrings.ofprotoToPod(src, sameNode);
        assertEquals("output:7\n\nFinal flow:", regex);
        assertTrue(SearchStrings.matches(regex, "65. reg15=0x3, priority 100\n    output:7\n\nFinal flow: udp"));
        assertFalse(SearchStrings.matches(regex, "    output:7\n    drop\n\nFinal flow: udp"));
        assertEquals(SearchStrings.KERNEL_TUNNEL, SearchStrings.ofprotoToPod(src, dst));
    }

    @Test
    void external_ip_regex_and_egress_detection_follow_upstream() {
        String regex = SearchStrings.ovnTraceToIp("ovn-worker2");
        assertEquals("output to \"(.*)_(.*)\", type \"localnet\"|output to \"k8s-ovn-worker2\"|remote", regex);
        String shared = "ct_snat(172.18.0.3);\n    /* output to \"breth0_ovn-worker2\", type \"localnet\" */";
        assertTrue(SearchStrings.matches(regex, shared));
        SearchStrings.Egress e = SearchStrings.egressOf(shared, "ovn-worker2");
        assertEquals(new SearchStrings.Egress("ovn-worker2", "breth0"), e);
        assertEquals("bridge\\(\"breth0\"\\)", SearchStrings.ofprotoToIp("ovn-worker2", e, "2"));
        assertTrue(SearchStrings.matches("bridge\\(\"breth0\"\\)", "bridge(\"breth0\")\n---"));

        SearchStrings.Egress local = SearchStrings.egressOf("/* output to \"k8s-ovn-worker2\", type \"\" */", "ovn-worker2");
        assertEquals(new SearchStrings.Egress("ovn-worker2", ""), local);
        assertEquals("output:2", SearchStrings.ofprotoToIp("ovn-worker2", local, "2"));

        SearchStrings.Egress remote = SearchStrings.egressOf("/* output to \"tstor-ovn-worker\", type \"remote\" */", "ovn-worker2");
        assertEquals(SearchStrings.KERNEL_TUNNEL, SearchStrings.ofprotoToIp("ovn-worker2", remote, "2"));
        assertNull(SearchStrings.egressOf("drop;", "ovn-worker2"));
        assertEquals(new SearchStrings.Egress("ovn-worker2", "breth0"),
                SearchStrings.egressOf("arp { ... }\n    /* output to \"breth0_ovn-worker2\", type \"localnet\" */", "ovn-worker2"),
                "without SNAT the localnet port still names the egress (upstream gives up)");
    }
}
