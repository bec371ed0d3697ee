package ovntrace.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import ovntrace.lib.policy.AclDirectory;
import ovntrace.lib.trace.Verdict;
import ovntrace.parse.AclStage;
import ovntrace.parse.Detrace;
import ovntrace.parse.DetraceAnnotation;
import ovntrace.parse.DetraceParser;
import ovntrace.parse.OfprotoTrace;
import ovntrace.parse.OfprotoTraceParser;
import ovntrace.parse.OvnTrace;
import ovntrace.parse.OvnTraceParser;
import ovntrace.support.Fixtures;
import ovntrace.support.TestTraces;

/**
 * The NetworkPolicy drop (restricted/db-0 accepts only TCP 5432 from namespace default) seen by every tool, with the
 * same assertions over the fixtures of every captured OVN version and cluster mode: each layer names where the packet
 * was dropped and the default-deny ACL of namespace restricted. The assertions are about meaning (an ACL stage of the
 * destination switch's egress, the ACL's match and priority, the NetworkPolicy), never a version's wording, table
 * numbers or northd.c lines. Cases: a new TCP 80 connection from the client on ovn-worker (across nodes, dropped in
 * ovn-worker2's zone) and one from a kube-system pod next to db-0 (same node).
 */
class PolicyDropOnEveryVersionTest {

    /** The port group of restricted's pods, which ovn-kubernetes names by hashing the namespace. */
    private static final String DB_GROUP = "@a15582667452452073255";
    private static final DetraceAnnotation.Acl DEFAULT_DENY =
            new DetraceAnnotation.Acl("to-lport", 1000, "outport == " + DB_GROUP, "drop", false);

    /**
     * Fixture folders of real cluster output: OVN 23.03 / OVS 3.1 on Debian 12 ({@code ic}, {@code central}) and
     * OVN 25.03 / OVS 3.5 on Debian 13 ({@code ic-25.03}, {@code central-25.03}), all made by capture.sh.
     */
    static List<String> captures() {
        return List.of("ic", "central", "ic-25.03", "central-25.03");
    }

    /** The destination zone's ovn-trace of a new connection (--ct=new) and of upstream's default, an established one. */
    private static List<String> ovnTracesInDestinationZone(String set) {
        String zone = set.startsWith("ic") ? "-remote" : "";
        return List.of(set + "/policy-drop-ovn-trace" + zone + "-ct-new.txt", set + "/policy-drop-ovn-trace" + zone + ".txt");
    }

    private static AclDirectory acls(String set) throws Exception {
        return AclDirectory.parseNbctlJson(Fixtures.output(set + "/acl-list.txt"));
    }

    private static void assertDefaultDenyOfRestricted(AclRef acl, String where) {
        assertEquals("NP:restricted:Ingress", acl.name(), where);
        assertEquals("to-lport", acl.direction(), where);
        assertEquals(1000, acl.priority(), where);
        assertEquals("outport == " + DB_GROUP, acl.match(), where);
        assertEquals("NetworkPolicy", acl.policyKind(), where);
        assertEquals("restricted (default deny)", acl.policy(), where);
    }

    @ParameterizedTest
    @MethodSource("captures")
    void ovn_trace_stops_in_an_acl_stage_of_the_destination_switch_egress_and_names_the_acl(String set) throws Exception {
        for (String name : ovnTracesInDestinationZone(set)) assertAclDropInOvnTrace(set, name);
    }

    private static void assertAclDropInOvnTrace(String set, String name) throws Exception {
        OvnTrace t = OvnTraceParser.parse(Fixtures.output(name));
        assertFalse(t.delivered(), name);
        OvnTrace.DropSite site = t.drop().orElseThrow(() -> new AssertionError(name + ": no drop site"));
        assertEquals("ovn-worker2", site.pipeline().datapath(), name);
        assertEquals("egress", site.pipeline().kind(), name);
        assertEquals("restricted_db-0", site.pipeline().outport(), name);
        AclStage stage = AclStage.of(site.stage().name()).orElseThrow(() -> new AssertionError(site.stage().name()));
        assertEquals("ls_out_acl", stage.family(), name);
        assertTrue(stage.acts(), "the trace stops where the verdict is carried out: " + stage);
        var decision = site.aclDecision().orElseThrow(() -> new AssertionError(name + ": no ACL decision"));
        assertEquals("outport == " + DB_GROUP, AclStage.aclMatch(decision.match()), name);
        assertEquals(1000, AclStage.aclPriority(decision.priority()), name);
        if (!name.contains("ct-new"))
            assertTrue(decision.actions().stream().anyMatch(a -> a.contains("ct_mark.blocked = 1")),
                    "an established connection is marked blocked by the ACL's verdict flow: " + decision.actions());

        DropPoint drop = Drops.fromOvn(t, "ovn-worker2", "ovn-worker2", acls(set)).orElseThrow();
        assertEquals(site.stage().name(), drop.stage(), name);
        assertDefaultDenyOfRestricted(drop.acl(), name);
    }

    @ParameterizedTest
    @MethodSource("captures")
    void ofproto_trace_gives_the_table_the_dropping_pass_ended_at_and_ovn_detrace_its_acl_stage(String set) {
        for (String where : List.of("policy-drop-ofproto-trace-destination", "policy-drop-same-node-ofproto-trace")) {
            String name = set + "/" + where + ".txt";
            OfprotoTrace of = OfprotoTraceParser.parse(Fixtures.output(name));
            assertTrue(of.dropped(), name);
            OfprotoTrace.DropSite site = of.drop().orElseThrow(() -> new AssertionError(name + ": no drop site"));
            assertFalse(site.table().cookie().isEmpty(), "the dropping flow is a logical flow's: " + site.table());
            DropPoint point = Drops.fromOfproto(of, "ovn-worker2", "").orElseThrow();
            assertEquals(site.table().table(), point.table(), name);
            assertTrue(point.stage().contains(site.table().cookie()), point.stage());
        }
        // ovn-detrace of the same traces: the cookie of the table the pass ended at is the dropping ACL flow
        for (String pair : List.of("policy-drop-ofproto-trace-destination:policy-drop-ovn-detrace-destination",
                "policy-drop-same-node-ofproto-trace:policy-drop-same-node-ovn-detrace")) {
            String[] names = pair.split(":");
            String cookie = OfprotoTraceParser.parse(Fixtures.output(set + "/" + names[0] + ".txt")).drop().orElseThrow()
                    .table().cookie();
            Detrace d = DetraceParser.parse(Fixtures.output(set + "/" + names[1] + ".txt"));
            Detrace.Annotated dropping = d.dropping().orElseThrow(() -> new AssertionError(names[1] + ": no dropping flow"));
            assertEquals(cookie, dropping.table().cookie(), names[1]);
            AclStage stage = AclStage.of(dropping.logicalFlow().orElseThrow().stage()).orElseThrow();
            assertEquals("ls_out_acl", stage.family(), names[1]);
            assertTrue(stage.acts(), names[1] + ": " + stage);
        }
    }

    @ParameterizedTest
    @MethodSource("captures")
    void ovn_detrace_names_the_acl_and_the_network_policy_behind_the_drop(String set) throws Exception {
        for (String where : List.of("policy-drop-ovn-detrace-destination", "policy-drop-same-node-ovn-detrace")) {
            String name = set + "/" + where + ".txt";
            Detrace d = DetraceParser.parse(Fixtures.output(name));
            assertEquals(DEFAULT_DENY, d.droppingAcl().orElseThrow(() -> new AssertionError(name + ": no ACL")), name);
            Detrace.Annotated dropping = d.dropping().orElseThrow();
            DetraceAnnotation.LogicalFlow flow = dropping.logicalFlow().orElseThrow();
            // on 25.03 central the action flow is shared by every node switch: the packet's datapath key narrows it
            assertEquals(List.of("ovn-worker2"), d.datapaths(dropping), name);
            assertEquals("egress", flow.pipeline(), name);
            assertTrue(flow.drops(), "the dropping logical flow's actions drop: " + flow.actions());
            assertTrue(d.ofproto().unparsed().isEmpty(), d.ofproto().unparsed().toString());

            DropPoint drop = Drops.fromDetrace(d, "ovn-worker2", "ovn-worker2", acls(set)).orElseThrow();
            assertEquals(flow.stage(), drop.stage(), name);
            assertEquals("ovn-worker2", drop.datapath(), name);
            assertDefaultDenyOfRestricted(drop.acl(), name);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"ic", "ic-25.03"})
    void the_report_names_the_acl_and_the_policy_and_marks_the_destination_switch_dropped(String set) throws Exception {
        Report r = Report.from(TestTraces.icPolicyDrop(set), acls(set));
        LegReport forward = r.connection().request();
        assertEquals(Verdict.FAIL, forward.verdict(), set);
        assertEquals("ovn-worker2", forward.drop().datapath(), set);
        assertEquals("ls_out_acl", AclStage.of(forward.drop().stage()).map(AclStage::family).orElse(""), set);
        assertDefaultDenyOfRestricted(forward.drop().acl(), set);
        assertTrue(r.summary().contains("dropped by ACL NP:restricted:Ingress of NetworkPolicy restricted (default deny)"),
                r.summary());
        assertTrue(forward.hops().stream().filter(h -> h.name().equals("ovn-worker2")).allMatch(Hop::dropped), set);
        for (StepReport step : forward.steps())
            if (step.verdict() == Verdict.FAIL || step.tool() == ovntrace.lib.trace.Tool.OVN_DETRACE)
                assertDefaultDenyOfRestricted(step.drop().acl(), set + " " + step.label());
    }
}
