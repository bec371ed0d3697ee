package ovntrace.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;

/**
 * Reads a report saved by an ovntrace of schema version 1 as version 2, so that {@code ovntrace-report} re-renders
 * old files. Version 1 had {@code directions}: {@code forward} becomes the connection's request, {@code reverse}
 * (upstream's destination-to-source checks) the reverse-initiated leg; the reply was never traced then, so the
 * connection is inconclusive for that reason whatever the request says. The verdicts the file holds are kept (lower
 * case); hops gain the node they were traced on (the zone, or the node of the step that traced them).
 */
final class ReportJsonV1 {

    static final String NO_REPLY = "reply not traced (schema v1 report)";
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private ReportJsonV1() {}

    static ObjectNode upgrade(ObjectNode v1) {
        ObjectNode v2 = v1.deepCopy();
        v2.put("schemaVersion", 2);
        v2.put("verdict", lower(v1.path("verdict").asText("inconclusive")));
        JsonNode request = null, reverse = null;
        for (JsonNode d : v1.path("directions")) {
            String direction = d.path("direction").asText();
            if (direction.equals("forward") && request == null) request = leg(d, "request");
            else if (direction.equals("reverse") && reverse == null) reverse = leg(d, "reverse-initiated");
        }
        ObjectNode connection = JSON.objectNode();
        connection.put("verdict", "inconclusive");
        connection.put("reason", request == null ? "not traced" : NO_REPLY);
        connection.set("request", request == null ? JSON.nullNode() : request);
        connection.putNull("reply");
        v2.remove("directions");
        v2.set("connection", connection);
        v2.set("reverseInitiated", reverse == null ? JSON.nullNode() : reverse);
        v2.putNull("upstreamForward");
        return v2;
    }

    /** The report as read, its summary said again in version 2's words (connection, reverse-initiated). */
    static Report resummarized(Report r) {
        return new Report(r.schemaVersion(), r.generator(), r.generatedAt(), r.request(), r.mode(), r.source(),
                r.destination(), r.service(), r.verdict(), r.connection().request() == null ? r.summary()
                : Summary.of(r.connection(), r.reverseInitiated()), r.connection(), r.reverseInitiated(), r.upstreamForward(), r.notes(),
                r.elapsedMs(), r.execCalls());
    }

    private static ObjectNode leg(JsonNode d, String leg) {
        ObjectNode out = JSON.objectNode();
        out.put("leg", leg);
        out.set("from", d.path("from"));
        out.set("to", d.path("to"));
        out.putNull("tuple");
        out.set("translations", JSON.arrayNode());
        out.put("verdict", lower(d.path("verdict").asText()));
        out.set("reason", d.path("reason"));
        String node = "";
        for (JsonNode s : d.path("steps")) {
            if (!s.path("node").asText().isEmpty()) {
                node = s.path("node").asText();
                break;
            }
        }
        out.set("hops", hops(d.path("path"), node, true));
        out.set("drop", drop(d.path("drop"), node));
        ArrayNode steps = JSON.arrayNode();
        for (JsonNode s : d.path("steps")) {
            ObjectNode step = ((ObjectNode) s).deepCopy();
            step.put("leg", leg);
            step.put("verdict", lower(s.path("verdict").asText()));
            step.set("hops", hops(s.path("hops"), s.path("node").asText(), false));
            step.set("drop", drop(s.path("drop"), s.path("node").asText()));
            steps.add(step);
        }
        out.set("steps", steps);
        return out;
    }

    /**
     * Version 1 hops with their node: the zone when there is one (interconnect: zone = node), else the node of the
     * step; in a direction's path, hops after a tunnel are on the node it led to ("geneve to ovn-worker2").
     */
    private static ArrayNode hops(JsonNode v1, String node, boolean followTunnels) {
        ArrayNode out = JSON.arrayNode();
        String current = node;
        for (JsonNode h : v1) {
            ObjectNode hop = JSON.objectNode();
            String zone = h.path("zone").asText(), kind = h.path("kind").asText(), name = h.path("name").asText();
            hop.put("node", zone.isEmpty() ? current : zone);
            hop.put("kind", kind);
            hop.put("name", kind.equals("tunnel") ? name.replaceFirst("^geneve ", "") : name);
            hop.put("detail", kind.equals("port") && !h.path("outport").asText().isEmpty() ? "type " + h.path("outport").asText() : "");
            hop.put("dropped", h.path("dropped").asBoolean());
            hop.put("zone", zone);
            hop.set("inport", h.path("inport"));
            hop.set("outport", h.path("outport"));
            hop.set("applied", h.path("applied").isArray() ? h.path("applied") : JSON.arrayNode());
            out.add(hop);
            if (followTunnels && kind.equals("tunnel") && name.startsWith("geneve to ")) current = name.substring(10);
        }
        return out;
    }

    private static JsonNode drop(JsonNode d, String node) {
        if (d == null || !d.isObject()) return JSON.nullNode();
        ObjectNode out = ((ObjectNode) d).deepCopy();
        boolean openflow = d.path("tool").asText().equals("ofproto/trace");
        out.put("node", d.path("zone").asText().isEmpty() ? node : d.path("zone").asText());
        out.put("bridge", openflow ? d.path("datapath").asText() : "");
        if (openflow) out.put("datapath", "");
        return out;
    }

    private static String lower(String verdict) {
        return verdict.toLowerCase(Locale.ROOT);
    }
}
