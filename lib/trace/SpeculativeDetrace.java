package ovntrace.lib.trace;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import ovntrace.lib.cluster.DbAccess;
import ovntrace.lib.cluster.Fact;
import ovntrace.lib.cluster.LookupCommands;
import ovntrace.lib.cluster.NodeFacts;
import ovntrace.lib.cluster.NodeLookup;
import ovntrace.lib.cluster.PodExec.ExecTarget;
import ovntrace.lib.cluster.PodInfo;
import ovntrace.lib.cluster.PortNames;
import ovntrace.lib.cluster.Protocol;
import ovntrace.lib.exec.BatchRunner.Outcome;
import ovntrace.lib.exec.BatchScript.Item;
import ovntrace.lib.exec.ExecRounds;
import ovntrace.lib.trace.ConnectionSteps.CtState;

/**
 * ovn-detrace is the slowest step of a run (a Python start and three database connections), and it can only start
 * once the ofproto/trace it reads has run, which needs the node's lookups. This starts those pairs at the same time as
 * the lookups instead, one exec per sending node: the pod's interface and router MAC are looked up by the shell of
 * the same exec and pasted into the ofproto/trace flows (upstream's, and ovntrace's own for the leg sent from that
 * node). A result is used only if the flow the shell built is exactly the one built from the checked lookups
 * afterwards (and the database access guessed for ovn-detrace was right); otherwise the pair simply runs again with
 * the other steps.
 */
final class SpeculativeDetrace {

    /** One ofproto/trace + ovn-detrace pair of a leg; its items in the lane are keyed {@code key + "flow"} etc. */
    record Pair(Leg leg, String key, String ofprotoCommand, String detraceCommand) {}

    /** The pairs sent from one pod's node, ready to run there in one exec. */
    record Lane(PodInfo pod, ExecTarget where, String prelude, Map<String, Item> items, List<Pair> pairs)
            implements ExecRounds.Ahead {}

    /** What a pair traces: the leg, where to, the ports and the conntrack state (null: upstream's flow). */
    record Flow(Leg leg, String dstIp, int srcPort, int dstPort, CtState state) {}

    private SpeculativeDetrace() {}

    /** The lane sending from {@code pod} on its node, with the database access guessed for it. */
    static Lane lane(PodInfo pod, NodeLookup.Request node, DbAccess guess, Protocol p, List<Flow> flows) {
        NodeFacts symbolic = new NodeFacts(node.node(), node.where(), guess, Fact.missing("not needed"), Fact.of("$RTOS"),
                Fact.missing("not needed"), Fact.missing("not needed"), Fact.of("$MP0MAC"), Fact.missing("not needed"), "");
        Side side = pod.hostNetwork()
                ? new Side(pod, symbolic, Fact.of("$MP0MAC"), Fact.of(PortNames.MGMT_PORT), Fact.missing("not needed"))
                : new Side(pod, symbolic, pod.annotationMac(), Fact.of("$IF"), Fact.missing("not needed"));
        String detrace = UpstreamSteps.ovnDetrace(guess);
        StringBuilder prelude = new StringBuilder();
        if (pod.hostNetwork()) {
            prelude.append("MP0MAC=$(").append(LookupCommands.MP0_MAC).append(" 2>/dev/null);MP0MAC=${MP0MAC//\\\"/}\n");
        } else {
            prelude.append("IF=$(ovs-vsctl --bare --columns=name find interface external_ids:iface-id=")
                    .append(pod.logicalPort()).append(" 2>/dev/null)\n");
        }
        prelude.append("read -r RTOS _ <<<\"$(").append(LookupCommands.routerPortMac(guess, pod.network().routerToSwitch(node.node()))).append(" 2>/dev/null)\"");
        Map<String, Item> items = new LinkedHashMap<>();
        List<Pair> pairs = new ArrayList<>();
        for (Flow f : flows) {
            String key = f.leg().id() + "-", variable = "O" + pairs.size();
            String ofproto = f.state() == null ? UpstreamSteps.ofprotoTrace(side, f.dstIp(), p, f.dstPort())
                    : ConnectionSteps.ofprotoTrace(side, f.dstIp(), p, f.srcPort(), f.dstPort(), f.state());
            items.put(key + FLOW, Item.plain("printf %s \"" + flow(ofproto) + "\""));
            items.put(key + OFPROTO, Item.captured(ofproto, variable));
            items.put(key + DETRACE, Item.fed("if type -p ovn-detrace >/dev/null 2>&1; then " + detrace
                    + "; else echo 'ovn-detrace not found' >&2; exit 127; fi", variable, ofproto));
            pairs.add(new Pair(f.leg(), key, ofproto, detrace));
        }
        return new Lane(pod, node.where(), prelude.toString(), items, pairs);
    }

    static final String FLOW = "flow", OFPROTO = "ofproto", DETRACE = "detrace";

    /** The part of an ofproto/trace command between its double quotes. */
    static String flow(String ofprotoCommand) {
        return ofprotoCommand.substring(ofprotoCommand.indexOf('"') + 1, ofprotoCommand.lastIndexOf('"'));
    }

    /** The part of an ofproto/trace command before its flow: the options (conntrack states) and the bridge. */
    private static String options(String ofprotoCommand) {
        return ofprotoCommand.substring(0, ofprotoCommand.indexOf('"'));
    }

    /** The plan's ofproto/trace step a pair stands for: the sending node's of that leg. */
    private static boolean standsFor(Pair pair, PlannedStep s) {
        return s.tool() == Tool.OFPROTO_TRACE && s.leg() == pair.leg() && !s.remote();
    }

    /** The plan's steps the lanes are running already: each pair's ofproto/trace and the ovn-detrace that reads it. */
    static Set<PlannedStep> covered(Set<Lane> lanes, List<PlannedStep> plan) {
        Set<PlannedStep> out = new LinkedHashSet<>();
        for (Lane lane : lanes) {
            for (Pair pair : lane.pairs()) {
                for (PlannedStep s : plan) {
                    if (!s.runnable()) continue;
                    if (standsFor(pair, s)) out.add(s);
                    if (s.reads() != null && standsFor(pair, s.reads()) && s.command().equals(pair.detraceCommand())) out.add(s);
                }
            }
        }
        return out;
    }

    /**
     * The lanes' outcomes for the plan's ofproto/trace steps and the ovn-detrace steps that read them: those whose
     * commands match what a lane actually ran (the interface and MAC its shell looked up, the database access it
     * guessed); none where they do not.
     */
    static Map<PlannedStep, Outcome> adopt(Map<Lane, Map<String, Outcome>> lanes, List<PlannedStep> plan) {
        Map<PlannedStep, Outcome> out = new LinkedHashMap<>();
        lanes.forEach((lane, ran) -> {
            for (Pair pair : lane.pairs()) {
                Outcome flow = ran.get(pair.key() + FLOW), d = ran.get(pair.key() + DETRACE);
                for (PlannedStep ofproto : plan) {
                    if (!standsFor(pair, ofproto) || !ofproto.runnable() || flow == null || flow.result() == null
                            || !flow.result().ok() || !flow.result().stdout().equals(flow(ofproto.command()))
                            || !options(ofproto.command()).equals(options(pair.ofprotoCommand()))) {
                        continue;
                    }
                    out.put(ofproto, ran.get(pair.key() + OFPROTO));
                    for (PlannedStep detrace : plan) {
                        if (detrace.reads() == ofproto && detrace.runnable() && d != null && d.result() != null
                                && d.result().exitCode() != 127 && detrace.command().equals(pair.detraceCommand())) {
                            out.put(detrace, d);
                        }
                    }
                }
            }
        });
        return out;
    }
}
