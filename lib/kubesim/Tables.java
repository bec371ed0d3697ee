package ovntrace.kubesim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Server-side printing ({@code meta.k8s.io/v1} Table) for pods, nodes and services, the columns
 * {@code kubectl get [-o wide]} shows for them; kubectl prints only NAME and AGE without it.
 */
final class Tables {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern PODS = Pattern.compile("/api/v1/(namespaces/[^/]+/)?pods(/[^/]+)?");
    private static final Pattern NODES = Pattern.compile("/api/v1/nodes(/[^/]+)?");
    private static final Pattern SERVICES = Pattern.compile("/api/v1/(namespaces/[^/]+/)?services(/[^/]+)?");

    private Tables() {}

    /** The Table for {@code path} rendered from the object or list JSON the CRUD store returned, if supported. */
    static Optional<String> render(String path, String json) {
        String p = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
        try {
            JsonNode body = MAPPER.readTree(json);
            List<JsonNode> items = new ArrayList<>();
            if (body.has("items")) {
                body.get("items").forEach(items::add);
            } else {
                items.add(body);
            }
            if (PODS.matcher(p).matches()) {
                return Optional.of(table(List.of(col("Name", 0), col("Ready", 0), col("Status", 0), col("Restarts", 0),
                        col("Age", 0), col("IP", 1), col("Node", 1), col("Nominated Node", 1), col("Readiness Gates", 1)),
                        items, Tables::podRow));
            }
            if (NODES.matcher(p).matches()) {
                return Optional.of(table(List.of(col("Name", 0), col("Status", 0), col("Roles", 0), col("Age", 0),
                        col("Version", 0), col("Internal-IP", 1), col("External-IP", 1), col("OS-Image", 1),
                        col("Kernel-Version", 1), col("Container-Runtime", 1)), items, Tables::nodeRow));
            }
            if (SERVICES.matcher(p).matches()) {
                return Optional.of(table(List.of(col("Name", 0), col("Type", 0), col("Cluster-IP", 0),
                        col("External-IP", 0), col("Port(s)", 0), col("Age", 0), col("Selector", 1)), items, Tables::serviceRow));
            }
        } catch (java.io.IOException e) {
            // not JSON (an error page): leave it as it is
        }
        return Optional.empty();
    }

    private static List<Object> podRow(JsonNode pod) {
        JsonNode statuses = pod.path("status").path("containerStatuses");
        long ready = 0;
        long restarts = 0;
        for (JsonNode s : statuses) {
            ready += s.path("ready").asBoolean() ? 1 : 0;
            restarts += s.path("restartCount").asLong();
        }
        return List.of(name(pod), ready + "/" + pod.path("spec").path("containers").size(),
                pod.path("status").path("phase").asText("Unknown"), restarts, age(pod),
                pod.path("status").path("podIP").asText("<none>"), pod.path("spec").path("nodeName").asText("<none>"),
                "<none>", "<none>");
    }

    private static List<Object> nodeRow(JsonNode node) {
        String ip = "<none>";
        for (JsonNode a : node.path("status").path("addresses")) {
            if (a.path("type").asText().equals("InternalIP")) {
                ip = a.path("address").asText();
            }
        }
        List<String> roles = new ArrayList<>();
        node.path("metadata").path("labels").fieldNames().forEachRemaining(l -> {
            if (l.startsWith("node-role.kubernetes.io/")) {
                roles.add(l.substring("node-role.kubernetes.io/".length()));
            }
        });
        JsonNode info = node.path("status").path("nodeInfo");
        return List.of(name(node), "Ready", roles.isEmpty() ? "<none>" : String.join(",", roles), age(node),
                info.path("kubeletVersion").asText(), ip, "<none>", info.path("osImage").asText(),
                info.path("kernelVersion").asText("<unknown>"), info.path("containerRuntimeVersion").asText());
    }

    private static List<Object> serviceRow(JsonNode svc) {
        List<String> ports = new ArrayList<>();
        svc.path("spec").path("ports").forEach(p -> ports.add(p.path("port").asText() + "/" + p.path("protocol").asText()));
        List<String> selector = new ArrayList<>();
        svc.path("spec").path("selector").fields().forEachRemaining(e -> selector.add(e.getKey() + "=" + e.getValue().asText()));
        return List.of(name(svc), svc.path("spec").path("type").asText("ClusterIP"),
                svc.path("spec").path("clusterIP").asText("None"), "<none>", String.join(",", ports), age(svc),
                selector.isEmpty() ? "<none>" : String.join(",", selector));
    }

    private static String table(List<Map<String, Object>> columns, List<JsonNode> items,
                                java.util.function.Function<JsonNode, List<Object>> row) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (JsonNode item : items) {
            Map<String, Object> object = new LinkedHashMap<>();
            object.put("kind", "PartialObjectMetadata");
            object.put("apiVersion", "meta.k8s.io/v1");
            object.put("metadata", MAPPER.convertValue(item.path("metadata"), Map.class));
            rows.add(Map.of("cells", row.apply(item), "object", object));
        }
        return Json.of(Map.of("kind", "Table", "apiVersion", "meta.k8s.io/v1", "metadata", Map.of(),
                "columnDefinitions", columns, "rows", rows));
    }

    private static Map<String, Object> col(String name, int priority) {
        return Map.of("name", name, "type", name.equals("Restarts") ? "integer" : "string",
                "format", name.equals("Name") ? "name" : "", "description", "", "priority", priority);
    }

    private static String name(JsonNode object) {
        return object.path("metadata").path("name").asText();
    }

    /** kubectl's short age: 42s, 5m, 3h, 2d. */
    private static String age(JsonNode object) {
        String created = object.path("metadata").path("creationTimestamp").asText("");
        if (created.isEmpty()) {
            return "<unknown>";
        }
        long s = Math.max(0, Duration.between(Instant.parse(created), Instant.now()).toSeconds());
        return s < 120 ? s + "s" : s < 3 * 3600 ? s / 60 + "m" : s < 48 * 3600 ? s / 3600 + "h" : s / 86400 + "d";
    }
}
