package ovntrace.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import ovntrace.support.Fixtures;

class OfprotoTraceParserTest {

    private static final String DOCS_TEXT = Fixtures.output("docs/ofproto-trace-ic-cross-node.txt");
    private static final OfprotoTrace DOCS = OfprotoTraceParser.parse(DOCS_TEXT);

    @Test
    void docs_example_has_a_first_pass_and_one_resumed_after_conntrack() {
        assertEquals(2, DOCS.passes().size());
        OfprotoPass first = DOCS.passes().get(0), second = DOCS.passes().get(1);
        assertTrue(first.flow().startsWith("udp,in_port=7,"));
        assertEquals("", first.resume());
        assertEquals("ct(zone=19,nat),recirc(0x12)", first.datapathActions());
        assertTrue(first.megaflow().startsWith("recirc_id=0,eth,udp,in_port=7"));
        assertTrue(second.resume().startsWith("recirc(0x12) - resume conntrack with default ct_state=trk|new"));
        assertEquals(List.of("Replacing src/dst IP/ports to simulate NAT:", "Initial flow:", "Modified flow:"),
                second.natRewrite());
        assertEquals(List.of("thaw", "Resuming from table 15"), second.notes());
        assertTrue(second.finalFlow().startsWith("recirc_id=0x12,eth,udp,reg0=0x300"));
        assertEquals(List.of("0x12"), DOCS.recirculations());
        assertTrue(DOCS.unfollowedRecirculation().isEmpty());
    }

    @Test
    void docs_example_leaves_through_a_kernel_geneve_tunnel_to_the_other_node() {
        assertEquals(List.of("br-int"), DOCS.bridges());
        assertEquals(new TunnelOutput("0xff0003", "172.18.0.2", "0x20004", "kernel"), DOCS.tunnel().orElseThrow());
        assertTrue(DOCS.results().contains("-> output to kernel tunnel"));
        assertFalse(DOCS.dropped());
        assertEquals(List.of("ct(commit,zone=19,mark=0/0x1,nat(src))"), DOCS.finalActions().conntrack());
    }

    @Test
    void tables_carry_priority_cookie_and_nesting() {
        OfprotoTable first = DOCS.tables().get(0);
        assertEquals(new OfprotoTable("br-int", 1, 0, "in_port=7", 100, "0x6c1d0b4a", false,
                first.actions(), List.of()), first);
        assertEquals("resubmit(,8)", first.actions().get(first.actions().size() - 1));
        OfprotoTable nested = DOCS.tables().stream().filter(t -> t.table() == 73 && !t.noMatch()).findFirst().orElseThrow();
        assertEquals(4, nested.indent());
        OfprotoTable catchAll = DOCS.tables().stream().filter(t -> t.table() == 37).findFirst().orElseThrow();
        assertEquals("", catchAll.match());
        assertEquals(0, catchAll.priority());
        assertEquals("", catchAll.cookie());
        assertEquals(4, DOCS.tables().stream().filter(OfprotoTable::noMatch).count(), "tables 68, 69, 75 and 73 miss");
        assertTrue(DOCS.cookies().contains("0xb6badb74"));
        assertTrue(DOCS.unparsed().isEmpty(), DOCS.unparsed().toString());
    }

    @Test
    void every_line_of_the_docs_output_is_accounted_for() {
        long nonBlank = DOCS_TEXT.lines().filter(l -> !l.isBlank()).count();
        long separators = DOCS_TEXT.lines().filter(l -> !l.isBlank() && l.strip().chars().allMatch(c -> c == '=')).count();
        long bridges = DOCS_TEXT.lines().filter(l -> l.strip().startsWith("bridge(\"")).count();
        long tables = DOCS.tables().size();
        long actions = DOCS.tables().stream().mapToLong(t -> t.actions().size()).sum();
        long perPass = DOCS.passes().stream().mapToLong(p -> 4 + (p.resume().isEmpty() ? 0 : 1)
                + p.natRewrite().size() + p.notes().size()).sum();   // Flow, Final flow, Megaflow, Datapath actions
        assertEquals(nonBlank, separators + 2 * bridges + tables + actions + perPass + DOCS.unparsed().size());
    }

    @Test
    void datapath_actions_name_drops_ports_recirculations_and_native_tunnels() {
        assertTrue(DatapathActions.parse("drop").drop());
        DatapathActions local = DatapathActions.parse("ct(commit,zone=23,mark=0/0x1,nat(src)),86568");
        assertEquals(List.of("86568"), local.ports());
        assertEquals(List.of("ct(commit,zone=23,mark=0/0x1,nat(src))"), local.conntrack());
        assertEquals(List.of("0x3"), DatapathActions.parse("hash(l4(0)),recirc(0x3)").recirculations());
        DatapathActions nativeTunnel = DatapathActions.parse("ct_clear,tnl_push(tnl_port(6081),header(size=58,type=5,"
                + "eth(dst=02:42:ac:12:00:04,src=02:42:ac:12:00:03,dl_type=0x0800),ipv4(src=127.0.0.3,dst=127.0.0.4,"
                + "proto=17,tos=0,ttl=64,frag=0x4000),udp(src=0,dst=6081,csum=0xffff),geneve(crit,vni=0x9,"
                + "options({class=0x102,type=0x80,len=4,0x20003}))),out_port(100)),2");
        assertEquals(new TunnelOutput("0x9", "127.0.0.4", "0x20003", "native"), nativeTunnel.tunnel().orElseThrow());
        assertEquals(List.of("2"), nativeTunnel.ports());
    }

    @Test
    void a_pass_that_ends_without_sending_the_packet_anywhere_is_a_drop_at_its_last_table() {
        // the receiving node's br-int after its flow to the pod's port went missing: conntrack commits, nothing outputs
        OfprotoTrace t = OfprotoTraceParser.parse(Fixtures.output("ic/receiver-flow-missing-ofproto-trace.txt"));
        assertTrue(t.dropped(), "datapath actions " + t.finalActions().text());
        OfprotoTable end = t.drop().orElseThrow().table();
        assertEquals("br-int", end.bridge());
        assertTrue(end.table() > 0);
        assertFalse(OfprotoTraceParser.parse(Fixtures.output("ic/cross-node-ofproto-trace.txt")).dropped(), "a tunnel is not a drop");
    }

    @Test
    void a_packet_handed_to_ovn_controller_for_an_arp_is_neither_delivered_nor_dropped() {
        // a gateway router with no MAC binding yet for another node's address: ARP via the controller
        OfprotoTrace t = OfprotoTraceParser.parse(Fixtures.output("ic/node-address-arp-pending-ofproto-trace.txt"));
        assertTrue(t.toController(), t.finalActions().text());
        assertFalse(t.dropped(), "a packet-in is not a drop");
        assertFalse(OfprotoTraceParser.parse(Fixtures.output("ic/receiver-flow-missing-ofproto-trace.txt")).toController());
    }
}
