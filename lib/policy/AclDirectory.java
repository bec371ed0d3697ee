package ovntrace.lib.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Northbound ACL rows of a cluster, used to name the ACL behind a drop: neither ovn-trace (unless the ACL logs)
 * nor ovn-detrace prints an ACL's name or external_ids. Read from the read-only command
 * {@code ovn-nbctl --format=json --columns=name,direction,priority,match,action,external_ids list acl}.
 */
public record AclDirectory(List<Row> rows) {

    public static final AclDirectory EMPTY = new AclDirectory(List.of());

    /** The NB command whose output {@link #parseNbctlJson} reads. */
    public static final String NBCTL_COLUMNS = "name,direction,priority,match,action,external_ids";

    public record Row(String name, String direction, int priority, String match, String action,
                      Map<String, String> externalIds) {
        public Row {
            externalIds = Map.copyOf(externalIds);
        }
    }

    public AclDirectory {
        rows = List.copyOf(rows);
    }

    /** The ACL with this match and priority (and direction, when given), as ovn-detrace or ovn-trace show it. */
    public Optional<Row> find(String direction, int priority, String match) {
        String wanted = normalize(match);
        return rows.stream()
                .filter(r -> r.priority() == priority && normalize(r.match()).equals(wanted))
                .filter(r -> direction.isEmpty() || r.direction().equals(direction))
                .findFirst();
    }

    public Optional<Row> named(String name) {
        return rows.stream().filter(r -> r.name().equals(name)).findFirst();
    }

    /** Parses {@code ovn-nbctl --format=json ... list acl}: {@code {"headings": [...], "data": [[...], ...]}}. */
    public static AclDirectory parseNbctlJson(String json) throws IOException {
        JsonNode root = new ObjectMapper().readTree(json);
        if (root == null || !root.path("headings").isArray() || !root.path("data").isArray())
            throw new IOException("not ovn-nbctl --format=json output (no headings/data)");
        List<String> headings = new ArrayList<>();
        root.get("headings").forEach(h -> headings.add(h.asText()));
        List<Row> rows = new ArrayList<>();
        for (JsonNode data : root.get("data")) {
            Map<String, JsonNode> cell = new LinkedHashMap<>();
            for (int i = 0; i < headings.size() && i < data.size(); i++) cell.put(headings.get(i), data.get(i));
            rows.add(new Row(atom(cell.get("name")), atom(cell.get("direction")),
                    number(atom(cell.get("priority"))),
                    atom(cell.get("match")), atom(cell.get("action")), map(cell.get("external_ids"))));
        }
        return new AclDirectory(rows);
    }

    /** OVSDB JSON: a plain atom, or {@code ["set", []]} for an empty optional column. */
    private static String atom(JsonNode node) {
        if (node == null || node.isNull()) return "";
        if (node.isArray() && node.size() == 2 && node.get(0).asText().equals("set"))
            return node.get(1).size() > 0 ? atom(node.get(1).get(0)) : "";
        if (node.isArray() && node.size() == 2 && node.get(0).asText().equals("uuid")) return node.get(1).asText();
        return node.asText();
    }

    private static int number(String text) {
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static Map<String, String> map(JsonNode node) {
        Map<String, String> out = new LinkedHashMap<>();
        if (node != null && node.isArray() && node.size() == 2 && node.get(0).asText().equals("map"))
            node.get(1).forEach(pair -> out.put(pair.get(0).asText(), atom(pair.get(1))));
        return out;
    }

    private static String normalize(String match) {
        return match == null ? "" : match.replaceAll("\\s+", " ").strip();
    }
}
