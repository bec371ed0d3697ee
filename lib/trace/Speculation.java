package ovntrace.lib.trace;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import ovntrace.lib.cluster.Fact;
import ovntrace.lib.cluster.LookupParsers;
import ovntrace.lib.cluster.NodeLookup;
import ovntrace.lib.cluster.PodRef;
import ovntrace.lib.cluster.ShellVariables;
import ovntrace.lib.exec.BatchRunner.Outcome;
import ovntrace.lib.exec.BatchScript.Item;
import ovntrace.lib.exec.NodeSurvey;

/**
 * One exec per node: the whole trace is planned before the lookups, each fact a lookup gives standing in the
 * commands as a shell variable ({@link NodeLookup#symbolic}), and every step whose command needs only its own node's
 * facts runs in that node's lookup exec, right after the lookups (ofproto/trace first, its ovn-detrace in the
 * background beside the ovn-trace steps). The real plan, made from the facts afterwards, takes a result only where a
 * command, with the values the variables held filled in, is exactly the step's own; the other steps run after, as they
 * would have without this (a step that needs another node's facts, or a fact the shell read differently).
 */
final class Speculation {

    /** What one node runs ahead: its variables' prefix, the items by key, and the symbolic step each key runs. */
    record Node(String prefix, Map<String, Item> items, Map<String, PlannedStep> steps) implements NodeSurvey.Ahead {
        @Override
        public Set<String> variables() {
            Set<String> names = new java.util.TreeSet<>();
            steps.values().forEach(s -> names.addAll(ShellVariables.names(s.command())));
            return names;
        }
    }

    private Speculation() {}

    /**
     * The steps each node can run with its lookups, planned by {@code plan} from symbolic facts. {@code requests}: the
     * nodes' lookups, in order; the prefix of the n-th node's variables is {@code N<n>_}.
     */
    static Map<String, Node> plan(Map<String, NodeLookup.Request> requests, Function<Map<String, NodeSurvey.Result>, List<PlannedStep>> plan) {
        Map<String, NodeSurvey.Result> symbolic = new LinkedHashMap<>();
        Map<String, String> prefixes = new LinkedHashMap<>();
        for (NodeLookup.Request r : requests.values()) {
            String prefix = "N" + prefixes.size() + "_";
            prefixes.put(r.node(), prefix);
            Map<PodRef, Fact<LookupParsers.Iface>> ifaces = new LinkedHashMap<>();
            for (int i = 0; i < r.pods().size(); i++) ifaces.put(r.pods().get(i), NodeLookup.symbolicIface(prefix, i));
            symbolic.put(r.node(), new NodeSurvey.Result(NodeLookup.symbolic(r, NodeLookup.guess(r), prefix), ifaces));
        }
        List<PlannedStep> steps = plan.apply(symbolic);
        // a receiving node's ovn-detrace waits for its arrival's exec, to run there once over every trace
        Set<PlannedStep> waiting = ConnectionSteps.waitingForArrivals(steps);
        Map<String, Node> out = new LinkedHashMap<>();
        prefixes.forEach((node, prefix) -> {
            List<PlannedStep> mine = new ArrayList<>();
            for (PlannedStep s : steps) {
                if (!s.node().equals(node) || !s.runnable()) continue;
                boolean own = s.tool() == Tool.OVN_DETRACE ? !waiting.contains(s) && mine.contains(s.reads())
                        : ShellVariables.names(s.command()).stream().allMatch(v -> v.startsWith(prefix));
                if (own) mine.add(s);
            }
            if (!mine.isEmpty()) out.put(node, node(prefix, mine));
        });
        return out;
    }

    /** ofproto/trace first (ovn-detrace reads it), ovn-detrace in the background, then the rest meanwhile. */
    private static Node node(String prefix, List<PlannedStep> mine) {
        Map<String, Item> items = new LinkedHashMap<>();
        Map<String, PlannedStep> steps = new LinkedHashMap<>();
        Map<PlannedStep, String> captured = new IdentityHashMap<>();
        for (PlannedStep s : mine) {
            if (!s.capturesOutput()) continue;
            String key = "s" + steps.size(), variable = prefix + "O" + captured.size();
            captured.put(s, variable);
            items.put(key, Item.captured(ShellVariables.expand(s.command()), variable));
            steps.put(key, s);
        }
        for (PlannedStep s : mine) {
            if (s.tool() != Tool.OVN_DETRACE) continue;
            String key = "s" + steps.size();
            items.put(key, Item.fed("if type -p ovn-detrace >/dev/null 2>&1; then " + s.feeding(s.command())
                    + "; else echo 'ovn-detrace not found' >&2; exit 127; fi", captured.get(s.reads()),
                    ShellVariables.expand(s.reads().command())).inBackground());
            steps.put(key, s);
        }
        for (PlannedStep s : mine) {
            if (s.capturesOutput() || s.tool() == Tool.OVN_DETRACE) continue;
            String key = "s" + steps.size();
            items.put(key, Item.plain(ShellVariables.expand(s.command())));
            steps.put(key, s);
        }
        return new Node(prefix, items, steps);
    }

    /**
     * What the real plan takes from the steps that ran ahead: {@code outcomes}, and for each such step that captured
     * its output, the shell variable that holds it in its node's exec ({@code captured}: a later round in that exec,
     * kept open, feeds it to ovn-detrace as it is).
     */
    record Adopted(Map<PlannedStep, Outcome> outcomes, Map<PlannedStep, String> captured) {}

    /**
     * The real plan's steps that ran ahead, with their outcomes: a step whose command is, with the values the node's
     * variables held, the one a step ran ahead (an ovn-detrace: reading the output of an ofproto/trace taken so, with
     * the same command, and found); none where the exec did not finish it.
     */
    static Adopted adopt(Map<String, Node> ahead, Map<String, NodeSurvey.Result> nodes, List<PlannedStep> plan) {
        Map<PlannedStep, Outcome> out = new LinkedHashMap<>();
        Map<PlannedStep, String> captured = new IdentityHashMap<>();
        Map<PlannedStep, PlannedStep> standsFor = new IdentityHashMap<>();
        for (PlannedStep s : plan) {
            Node node = ahead.get(s.node());
            NodeSurvey.Result facts = nodes.get(s.node());
            if (node == null || facts == null || !s.runnable() || s.tool() == Tool.OVN_DETRACE) continue;
            node.steps().forEach((key, symbolic) -> {
                if (out.containsKey(s) || symbolic.tool() != s.tool()) return;
                Outcome o = facts.ahead().get(key);
                if (o == null || o.result() == null) return;
                if (s.command().equals(ShellVariables.substitute(symbolic.command(), facts.variables()))) {
                    out.put(s, o);
                    standsFor.put(symbolic, s);
                    String variable = node.items().get(key).captureAs();
                    if (variable != null) captured.put(s, variable);
                }
            });
        }
        for (PlannedStep d : plan) {
            Node node = ahead.get(d.node());
            if (node == null || !d.runnable() || d.tool() != Tool.OVN_DETRACE || !out.containsKey(d.reads())) continue;
            node.steps().forEach((key, symbolic) -> {
                Outcome o = nodes.get(d.node()).ahead().get(key);
                if (out.containsKey(d) || symbolic.tool() != Tool.OVN_DETRACE || o == null || o.result() == null
                        || o.result().exitCode() == 127 || standsFor.get(symbolic.reads()) != d.reads()
                        || !symbolic.command().equals(d.command())) {
                    return;
                }
                out.put(d, o);
            });
        }
        return new Adopted(out, captured);
    }
}
