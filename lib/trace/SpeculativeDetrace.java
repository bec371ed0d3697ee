package ovntrace.lib.trace;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

/**
 * ovn-detrace is the slowest step of a run (a Python start and three database connections), and it can only start
 * once the ofproto/trace it reads has run, which needs the node's lookups. This starts that pair at the same time as
 * the lookups instead: the pod's interface and router MAC are looked up by the shell of the same exec and pasted
 * into upstream's ofproto/trace flow. The result is used only if the flow the shell built is exactly the one built
 * from the checked lookups afterwards (and the database access guessed for ovn-detrace was right); otherwise the
 * pair simply runs again with the other steps.
 */
final class SpeculativeDetrace {

    static final String FLOW = "flow", OFPROTO = "ofproto", DETRACE = "detrace";

    /** One ofproto/trace + ovn-detrace pair of one direction, ready to run on the source pod's node. */
    record Lane(Leg leg, PodInfo pod, ExecTarget where, String prelude, Map<String, Item> items,
                String ofprotoCommand, String detraceCommand) implements ExecRounds.Ahead {}

    private SpeculativeDetrace() {}

    /** The lane tracing from {@code pod} to {@code dstIp} on the pod's node, with the database access guessed for it. */
    static Lane lane(Leg leg, PodInfo pod, NodeLookup.Request node, DbAccess guess, String dstIp, Protocol p, int port) {
        NodeFacts symbolic = new NodeFacts(node.node(), node.where(), guess, Fact.missing("not needed"), Fact.of("$RTOS"),
                Fact.missing("not needed"), Fact.missing("not needed"), Fact.of("$MP0MAC"), Fact.missing("not needed"), "");
        Side side = pod.hostNetwork()
                ? new Side(pod, symbolic, Fact.of("$MP0MAC"), Fact.of(PortNames.MGMT_PORT), Fact.missing("not needed"))
                : new Side(pod, symbolic, pod.annotationMac(), Fact.of("$IF"), Fact.missing("not needed"));
        String ofproto = TraceCommands.ofprotoTrace(side, dstIp, p, port);
        String detrace = TraceCommands.ovnDetrace(guess);
        StringBuilder prelude = new StringBuilder();
        if (pod.hostNetwork()) {
            prelude.append("MP0MAC=$(").append(LookupCommands.MP0_MAC).append(" 2>/dev/null);MP0MAC=${MP0MAC//\\\"/}\n");
        } else {
            prelude.append("IF=$(ovs-vsctl --bare --columns=name find interface external_ids:iface-id=")
                    .append(pod.ref().logicalPort()).append(" 2>/dev/null)\n");
        }
        prelude.append("read -r RTOS _ <<<\"$(").append(LookupCommands.routerPortMac(guess, PortNames.routerToSwitch(node.node()))).append(" 2>/dev/null)\"");
        Map<String, Item> items = new LinkedHashMap<>();
        items.put(FLOW, Item.plain("printf %s \"" + flow(ofproto) + "\""));
        items.put(OFPROTO, Item.captured(ofproto, "O"));
        items.put(DETRACE, Item.fed("if type -p ovn-detrace >/dev/null 2>&1; then " + detrace
                + "; else echo 'ovn-detrace not found' >&2; exit 127; fi", "O", ofproto));
        return new Lane(leg, pod, node.where(), prelude.toString(), items, ofproto, detrace);
    }

    /** The part of an ofproto/trace command between its double quotes. */
    static String flow(String ofprotoCommand) {
        return ofprotoCommand.substring(ofprotoCommand.indexOf('"') + 1, ofprotoCommand.lastIndexOf('"'));
    }

    /**
     * Outcomes to adopt for the real plan's ofproto/trace step ({@code ofproto}) and the ovn-detrace step that reads
     * it ({@code detrace}, -1 if none): those whose commands match what the lane actually ran; empty if none do.
     */
    static Map<Integer, Outcome> adopt(Lane lane, Map<String, Outcome> ran, List<PlannedStep> steps, int ofproto, int detrace) {
        Map<Integer, Outcome> out = new LinkedHashMap<>();
        Outcome flow = ran.get(FLOW);
        PlannedStep real = steps.get(ofproto);
        if (flow == null || flow.result() == null || !flow.result().ok() || !real.runnable()
                || !flow.result().stdout().equals(flow(real.command()))) {
            return out;
        }
        out.put(ofproto, ran.get(OFPROTO));
        Outcome d = ran.get(DETRACE);
        if (detrace >= 0 && steps.get(detrace).runnable() && d != null && d.result() != null && d.result().exitCode() != 127
                && steps.get(detrace).command().equals(lane.detraceCommand())) {
            out.put(detrace, d);
        }
        return out;
    }
}
