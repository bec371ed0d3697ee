package ovntrace.lib.offline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import ovntrace.lib.cluster.CustomResource;
import ovntrace.lib.cluster.KubeClients;
import ovntrace.lib.cluster.KubeNode;
import ovntrace.lib.cluster.KubePod;

/**
 * Reads the objects the tracer needs from YAML/JSON files: single objects, multi-document YAML and Lists
 * ({@code kind: List} or {@code PodList}, whose items may leave out their kind). Every other kind is skipped, so a
 * must-gather's hundreds of unrelated files cost a parse each and nothing more.
 */
final class ObjectFiles {

    /** The resources (as oc adm inspect names files and folders) and kinds worth opening. */
    static final Set<String> RESOURCES = Set.of("pods", "nodes", "namespaces", "services", "endpointslices", "networkpolicies",
            "adminnetworkpolicies", "baselineadminnetworkpolicies", "egressfirewalls");
    private static final Set<String> KINDS = Set.of("Pod", "Node", "Namespace", "Service", "EndpointSlice", "NetworkPolicy");

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    // typed reads only: no search of the class path for every kind (see KubeClients.lean)
    private static final KubernetesSerialization KUBE = KubeClients.lean();

    private final Map<String, JsonNode> byKey = new LinkedHashMap<>();

    /** Adds the wanted objects in {@code file}; later copies of an object (same kind, namespace, name) are ignored. */
    void read(Path file) {
        try (var parser = YAML.getFactory().createParser(file.toFile())) {
            for (var docs = YAML.readValues(parser, JsonNode.class); docs.hasNext(); ) {
                add(docs.next(), null);
            }
        } catch (IOException | RuntimeException e) {
            throw OfflineInputException.unreadable(file, e);
        }
    }

    private void add(JsonNode doc, String listItemKind) {
        if (doc == null || !doc.isObject()) return;
        String kind = doc.path("kind").asText(listItemKind == null ? "" : listItemKind);
        if (kind.endsWith("List") && doc.path("items").isArray()) {
            String itemKind = kind.equals("List") ? null : kind.substring(0, kind.length() - 4);
            doc.path("items").forEach(item -> add(item, itemKind));
            return;
        }
        if (!KINDS.contains(kind) && customResource(kind) == null) return;
        if (!doc.has("kind")) ((ObjectNode) doc).put("kind", kind);
        JsonNode meta = doc.path("metadata");
        byKey.putIfAbsent(kind + "/" + meta.path("namespace").asText("") + "/" + meta.path("name").asText(""), doc);
    }

    KubeObjects objects() {
        List<KubePod> pods = new ArrayList<>();
        List<KubeNode> nodes = new ArrayList<>();
        List<Namespace> namespaces = new ArrayList<>();
        List<Service> services = new ArrayList<>();
        List<EndpointSlice> slices = new ArrayList<>();
        List<NetworkPolicy> policies = new ArrayList<>();
        Map<CustomResource, List<GenericKubernetesResource>> custom = new EnumMap<>(CustomResource.class);
        for (JsonNode doc : byKey.values()) {
            String kind = doc.path("kind").asText();
            switch (kind) {
                case "Pod" -> pods.add(KubePod.of(KUBE.convertValue(doc, GenericKubernetesResource.class)));
                case "Node" -> nodes.add(KubeNode.of(KUBE.convertValue(doc, GenericKubernetesResource.class)));
                case "Namespace" -> namespaces.add(KUBE.convertValue(doc, Namespace.class));
                case "Service" -> services.add(KUBE.convertValue(doc, Service.class));
                case "EndpointSlice" -> slices.add(KUBE.convertValue(doc, EndpointSlice.class));
                case "NetworkPolicy" -> policies.add(KUBE.convertValue(doc, NetworkPolicy.class));
                default -> custom.computeIfAbsent(customResource(kind), k -> new ArrayList<>())
                        .add(KUBE.convertValue(doc, GenericKubernetesResource.class));
            }
        }
        return new KubeObjects(pods, nodes, namespaces, services, slices, policies, custom);
    }

    static boolean isObjectFile(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".yaml") || name.endsWith(".yml") || name.endsWith(".json");
    }

    /** In an inspect tree: a file for one of {@link #RESOURCES}, by its own name or a folder it is in, or a namespace's own file. */
    static boolean inspectFileWanted(Path relative) {
        if (!isObjectFile(relative)) return false;
        String stem = relative.getFileName().toString().replaceFirst("\\.[^.]+$", "");
        if (relative.getNameCount() == 3 && relative.getName(0).toString().equals("namespaces")
                && relative.getName(1).toString().equals(stem)) return true;
        if (RESOURCES.contains(stem)) return true;
        for (Path part : relative.getParent() == null ? List.<Path>of() : relative.getParent()) {
            if (RESOURCES.contains(part.toString())) return true;
        }
        return false;
    }

    /** {@code pod ns/name}: pods are checked in this order, so the first one named is the same on every run. */
    static String name(KubePod p) {
        return "pod " + (p.namespace().isEmpty() ? "" : p.namespace() + "/") + p.name();
    }

    private static CustomResource customResource(String kind) {
        for (CustomResource r : CustomResource.values()) if (r.kind().equals(kind)) return r;
        return null;
    }
}
