package ovntrace.lib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import ovntrace.lib.cluster.Annotations;
import ovntrace.lib.cluster.ClusterMode;
import ovntrace.lib.cluster.DbAccess;
import ovntrace.lib.cluster.EngineOptions;
import ovntrace.lib.cluster.Fact;
import ovntrace.lib.cluster.LookupCommands;
import ovntrace.lib.cluster.NodeAccess;
import ovntrace.lib.cluster.NodeFacts;
import ovntrace.lib.cluster.NodeLookup;
import ovntrace.lib.cluster.PodExec.ExecResult;
import ovntrace.lib.cluster.PodExec.ExecTarget;
import ovntrace.lib.cluster.PodRef;
import ovntrace.lib.exec.ExecRounds;
import ovntrace.lib.exec.NodeSurvey;

/** Offline a node's survey asks its zone's Southbound only: no process probe, no Open vSwitch, no ovn-detrace check. */
class NodeSurveyOfflineTest {

    private static final String NODE = "ovn-worker";
    private static final PodRef POD = new PodRef("default", "fedora-deployment-7d49fddf69-t4hqw");
    private static final NodeAccess OFFLINE = NodeAccess.DATABASES_ONLY;

    private static NodeLookup.Request request(boolean hostNetworkPod, ClusterMode mode) {
        return new NodeLookup.Request(NODE, new ExecTarget("ovn-kubernetes", "ovnkube-node-1", "ovnkube-controller", NODE),
                Map.of(Annotations.ZONE_NAME, NODE), List.of(POD), hostNetworkPod, true, mode);
    }

    private static ExecResult ok(String out) {
        return new ExecResult(0, out, "", Duration.ZERO);
    }

    @Test
    void the_commands_are_the_southbound_lookups_only() {
        DbAccess ic = DbAccess.interconnect(NODE);
        assertEquals(List.of(NodeLookup.RTOS, NodeLookup.RTOTS, NodeLookup.PHYSNET),
                List.copyOf(NodeLookup.commands(request(false, ClusterMode.IC), ic, true, OFFLINE).keySet()), "the probe is never asked for");
        Map<String, String> host = NodeLookup.commands(request(true, ClusterMode.IC), ic, false, OFFLINE);
        assertEquals(List.of(NodeLookup.RTOS, NodeLookup.RTOTS, NodeLookup.MP0_MAC, NodeLookup.PHYSNET), List.copyOf(host.keySet()));
        assertEquals(LookupCommands.routerPortMac(ic, "k8s-" + NODE), host.get(NodeLookup.MP0_MAC), "the management port's Port_Binding");
        DbAccess central = DbAccess.fromAddresses(ClusterMode.CENTRAL, DbAccess.CENTRAL_ZONE, "", "");
        assertEquals(List.of(NodeLookup.RTOS, NodeLookup.PHYSNET),
                List.copyOf(NodeLookup.commands(request(false, ClusterMode.CENTRAL), central, false, OFFLINE).keySet()));
        assertTrue(host.values().stream().allMatch(c -> c.startsWith("ovn-sbctl ")), host.toString());
        assertTrue(NodeLookup.commands(request(true, ClusterMode.IC), ic, true).containsKey(NodeLookup.PROBE), "live: as before");
    }

    @Test
    void the_facts_only_open_vswitch_knows_are_missing_as_not_available_offline() {
        NodeLookup.Request r = request(true, ClusterMode.IC);
        Map<String, ExecResult> out = Map.of(NodeLookup.RTOS, ok("0a:58:0a:f4:01:01 10.244.1.1/24\n"),
                NodeLookup.RTOTS, ok("0a:58:a8:fe:00:04 100.88.0.4/16\n"), NodeLookup.MP0_MAC, ok("0A:58:0A:F4:01:02 10.244.1.2/24\n"),
                NodeLookup.PHYSNET, ok("breth0_ovn-worker\n"));
        NodeFacts f = NodeLookup.facts(r, DbAccess.interconnect(NODE), out, OFFLINE);
        assertEquals(Fact.of("0a:58:0a:f4:01:01"), f.rtosMac());
        assertEquals(Fact.of("0a:58:a8:fe:00:04"), f.rtotsMac());
        assertEquals(Fact.of("0a:58:0a:f4:01:02"), f.mp0Mac(), "from Port_Binding k8s-ovn-worker");
        assertEquals(Fact.of("breth0"), f.externalBridge());
        assertEquals(Fact.missing(NodeAccess.NOT_OFFLINE), f.mp0Ofport());
        assertEquals(Fact.missing(NodeAccess.NOT_OFFLINE), f.tunnels());
        assertEquals("", f.detraceProblem(), "ovn-detrace is asked for, yet not looked for: its steps are not available instead");
        assertEquals(OFFLINE, f.access());
        assertEquals(Fact.missing(NodeAccess.NOT_OFFLINE), NodeLookup.iface(out, POD, OFFLINE));
        assertEquals("no Port_Binding k8s-ovn-worker in the southbound database",
                NodeLookup.facts(r, DbAccess.interconnect(NODE), Map.of(NodeLookup.MP0_MAC, ok("\n")), OFFLINE).mp0Mac().problem());
    }

    @Test
    void the_survey_runs_one_exec_of_southbound_lookups_on_each_node() {
        ScriptedPodExec exec = new ScriptedPodExec(new FakeNodes(true)).offline();
        EngineOptions options = new EngineOptions("", ClusterMode.IC, Duration.ofSeconds(5), 2, true, true, ovntrace.lib.cluster.TraceLog.NONE);
        NodeSurvey.Result r;
        try (ExecRounds rounds = new ExecRounds(exec, options)) {
            r = rounds.survey(List.of(request(true, ClusterMode.IC)), Map.<String, ovntrace.lib.exec.NodeSurvey.Ahead>of()).get(NODE);
        }
        assertEquals(1, exec.calls().size());
        assertEquals(List.of(NODE + ": " + LookupCommands.routerPortMac(DbAccess.interconnect(NODE), "rtos-" + NODE),
                NODE + ": " + LookupCommands.routerPortMac(DbAccess.interconnect(NODE), "rtots-" + NODE),
                NODE + ": " + LookupCommands.routerPortMac(DbAccess.interconnect(NODE), "k8s-" + NODE),
                NODE + ": " + LookupCommands.physnetPorts(DbAccess.interconnect(NODE))), exec.commands());
        assertEquals(Fact.of(FakeNodes.MGMT_MAC), r.facts().mp0Mac());
        assertEquals(Fact.missing(NodeAccess.NOT_OFFLINE), r.interfaces().get(POD));
        assertEquals(ClusterMode.IC, r.facts().db().mode());
    }

    @Test
    void offline_without_a_mode_is_a_programming_error_that_says_so() {
        ScriptedPodExec exec = new ScriptedPodExec(new FakeNodes(true)).offline();
        try (ExecRounds rounds = new ExecRounds(exec, EngineOptions.defaults())) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> rounds.survey(List.of(request(false, null)), Map.<String, ovntrace.lib.exec.NodeSurvey.Ahead>of()));
            assertEquals("node ovn-worker: an exec with access DATABASES_ONLY needs the cluster mode in EngineOptions.mode,"
                    + " as there is no ovnkube process to probe", e.getMessage());
        }
        assertEquals(List.of(), exec.calls());
    }
}
