package ovntrace.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/**
 * What an offline trace of a must-gather must share with the online trace of the cluster it was gathered from, and
 * where it may differ because a must-gather holds no node: the ovn-trace steps (logical pipeline, from the zone
 * databases) decide the same way with the same drop point and the same policy; the steps that need the live node
 * (ofproto/trace, ovn-detrace fed by it, the receiving node's br-int) are reported "not available offline" instead.
 * Each difference found is one line naming the leg, the step and the two values, so a failing test says what moved.
 */
public final class OfflineComparison {

    /** The reason an offline run gives a step that needs a live node. */
    public static final String NOT_OFFLINE = "not available offline";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> LEGS = List.of("/connection/request", "/connection/reply", "/reverseInitiated", "/upstreamForward");
    /** The tools that need a live node: their console lines and report steps are what offline cannot have. */
    private static final Set<String> NODE_TOOLS = Set.of("ofproto/trace", "ovn-detrace");

    private OfflineComparison() {}

    /** One run's evidence: its exit code, its stdout lines and its JSON report. */
    public record Evidence(int exitCode, List<String> stdout, JsonNode report) {
        public static Evidence of(int exitCode, String stdout, Path report) {
            try {
                return new Evidence(exitCode, stdout.lines().toList(), JSON.readTree(report.toFile()));
            } catch (IOException e) {
                throw new UncheckedIOException("no report at " + report, e);
            }
        }
    }

    /**
     * Every difference between {@code online} and {@code offline} that offline tracing must not have. {@code sameCommands}:
     * also compare the ovn-trace commands (interconnect: online and offline both use the node's local sockets).
     */
    public static List<String> differences(Evidence online, Evidence offline, boolean sameCommands) {
        List<String> out = new ArrayList<>();
        List<String> on = online.stdout().stream().filter(Predicate.not(OfflineComparison::needsNode)).toList();
        List<String> off = offline.stdout().stream().filter(Predicate.not(OfflineComparison::needsNode)).toList();
        if (!on.equals(off)) out.add("stdout without the node-only lines differs:\n  online:  " + on + "\n  offline: " + off);
        boolean anyOvnFails = false, anyNodeFails = false;
        for (String leg : LEGS) {
            JsonNode a = online.report().at(leg), b = offline.report().at(leg);
            if (a.isMissingNode() || a.isNull()) {
                if (!(b.isMissingNode() || b.isNull())) out.add(leg + ": offline has a leg online has not");
                continue;
            }
            if (b.isMissingNode() || b.isNull()) {
                out.add(leg + ": missing offline");
                continue;
            }
            boolean ovnFails = fails(a, false), nodeFails = fails(a, true);
            anyOvnFails |= ovnFails;
            anyNodeFails |= nodeFails;
            compareSteps(leg, a, b, sameCommands, out);
            // a leg only the node's flows fail cannot fail offline: that is the one divergence offline tracing has
            if (ovnFails || !nodeFails) same(leg + " verdict", a.path("verdict"), b.path("verdict"), out);
            if (a.path("drop").path("tool").asText().equals("ovn-trace") || !nodeFails) same(leg + " drop", a.path("drop"), b.path("drop"), out);
            same(leg + " policy", a.path("policy"), b.path("policy"), out);
        }
        if ((anyOvnFails || !anyNodeFails) && online.exitCode() != offline.exitCode()) {
            out.add("exit code: online " + online.exitCode() + ", offline " + offline.exitCode());
        }
        return out;
    }

    /** {@code e} with its request leg's policy attribution taken out: what a comparison that works must notice. */
    public static Evidence withoutRequestPolicy(Evidence e) {
        JsonNode copy = e.report().deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) copy.at("/connection/request")).remove("policy");
        return new Evidence(e.exitCode(), e.stdout(), copy);
    }

    /** A console line of a step that needs a live node, online's verdict or offline's "not available offline". */
    static boolean needsNode(String line) {
        return line.startsWith("ovs-appctl ofproto/trace ") || line.startsWith("ovn-detrace ") || line.endsWith(NOT_OFFLINE)
                || line.startsWith("ovntrace ") && !line.contains(" policy: ");
    }

    /** Whether a step of the node tools ({@code nodeTools}) or of the others failed or could not be judged. */
    private static boolean fails(JsonNode leg, boolean nodeTools) {
        for (JsonNode s : leg.path("steps")) {
            if (needsNode(s) == nodeTools && !Set.of("pass", "skipped").contains(s.path("verdict").asText())) return true;
        }
        return false;
    }

    private static boolean needsNode(JsonNode step) {
        String tool = step.path("tool").asText();
        return NODE_TOOLS.stream().anyMatch(tool::contains);
    }

    private static void compareSteps(String leg, JsonNode a, JsonNode b, boolean sameCommands, List<String> out) {
        Map<String, JsonNode> offline = byKey(b);
        for (Map.Entry<String, JsonNode> e : byKey(a).entrySet()) {
            String where = leg + " step '" + e.getKey() + "'";
            JsonNode on = e.getValue(), off = offline.remove(e.getKey());
            if (off == null) {
                out.add(where + ": missing offline");
            } else if (needsNode(on)) {
                boolean skippedBoth = on.path("verdict").asText().equals("skipped") && off.path("verdict").asText().equals("skipped");
                if (!skippedBoth && !(off.path("verdict").asText().equals("inconclusive") && off.path("reason").asText().equals(NOT_OFFLINE))) {
                    out.add(where + ": offline should be inconclusive, " + NOT_OFFLINE + ", is " + off.path("verdict").asText()
                            + ", " + off.path("reason").asText());
                }
            } else {
                for (String field : sameCommands ? List.of("verdict", "reason", "searchRegex", "command") : List.of("verdict", "reason", "searchRegex")) {
                    same(where + " " + field, on.path(field), off.path(field), out);
                }
                same(where + " drop", on.path("drop"), off.path("drop"), out);
            }
        }
        // the receiving node's steps are planned offline too (as not available); online plans them only for a cross-node leg
        offline.forEach((k, s) -> {
            if (!(needsNode(s) && s.path("reason").asText().equals(NOT_OFFLINE))) out.add(leg + " step '" + k + "': only offline");
        });
    }

    private static Map<String, JsonNode> byKey(JsonNode leg) {
        Map<String, JsonNode> steps = new LinkedHashMap<>();
        for (JsonNode s : leg.path("steps")) {
            steps.put(s.path("label").asText() + " @" + s.path("node").asText() + (s.path("remote").asBoolean() ? " (remote)" : ""), s);
        }
        return steps;
    }

    private static void same(String what, JsonNode online, JsonNode offline, List<String> out) {
        if (!Objects.equals(normal(online), normal(offline))) out.add(what + ": online " + online + ", offline " + offline);
    }

    /** Absent and null mean the same in a report. */
    private static JsonNode normal(JsonNode n) {
        return n == null || n.isMissingNode() ? com.fasterxml.jackson.databind.node.NullNode.getInstance() : n;
    }
}
