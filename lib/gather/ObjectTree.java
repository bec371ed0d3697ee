package ovntrace.gather;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Kubernetes objects of a must-gather, written as {@code oc adm inspect} writes them (see
 * {@link MustGatherPaths}): each namespace's objects of one kind as a {@code <Kind>List} (the dynamic client's list
 * kind, items carrying their apiVersion and kind), the namespace itself, each pod once more in its pod directory,
 * and every cluster-scoped object in a file of its own. The YAML looks like oc's printer's (sigs.k8s.io/yaml):
 * keys sorted, strings quoted only where YAML needs it (numbers and booleans written as strings stay quoted), no
 * document marker, so that a reader meets what it will meet in a real must-gather.
 */
public final class ObjectTree {

    /** fabric8's own serialization knows its model (IntOrString, generic resources); it only makes the tree. */
    private static final KubernetesSerialization FABRIC8 = new KubernetesSerialization();
    private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .disable(YAMLGenerator.Feature.SPLIT_LINES)
            .build()).enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

    private ObjectTree() {}

    /** Writes {@code objects} below {@code root} and returns the files written, relative to {@code root}, in order. */
    public static List<Path> write(Path root, List<HasMetadata> objects) throws IOException {
        Map<Path, List<HasMetadata>> lists = new LinkedHashMap<>();
        Map<Path, InspectKind> listKinds = new LinkedHashMap<>();
        List<Path> written = new ArrayList<>();
        for (HasMetadata o : objects) {
            InspectKind kind = InspectKind.of(o);
            String name = o.getMetadata().getName();
            if (kind == InspectKind.NAMESPACE) {
                written.add(writeYaml(root, MustGatherPaths.namespaceFile(name), o));
            } else if (!kind.namespaced()) {
                written.add(writeYaml(root, MustGatherPaths.clusterScopedFile(kind, name), o));
            } else {
                String namespace = o.getMetadata().getNamespace();
                Path list = MustGatherPaths.listFile(namespace, kind);
                lists.computeIfAbsent(list, p -> new ArrayList<>()).add(o);
                listKinds.put(list, kind);
                if (kind == InspectKind.POD) {
                    written.add(writeYaml(root, MustGatherPaths.podFile(namespace, name), o));
                }
            }
        }
        for (Map.Entry<Path, List<HasMetadata>> e : lists.entrySet()) {
            written.add(writeYaml(root, e.getKey(), list(listKinds.get(e.getKey()), e.getValue())));
        }
        return written;
    }

    /** A list as the API server returns it to oc's dynamic client, keys in the order oc's printer sorts them. */
    static Map<String, Object> list(InspectKind kind, List<HasMetadata> items) {
        Map<String, Object> list = new LinkedHashMap<>();
        list.put("apiVersion", kind.apiVersion());
        list.put("items", items);
        list.put("kind", kind.kind() + "List");
        list.put("metadata", Map.of("resourceVersion", ""));
        return list;
    }

    static String yaml(Object object) {
        try {
            return YAML.writeValueAsString(JSON.readValue(FABRIC8.asJson(object), MAP));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("fabric8's JSON of " + object.getClass().getSimpleName() + " does not read back", e);
        }
    }

    private static Path writeYaml(Path root, Path relative, Object object) throws IOException {
        Path file = root.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, yaml(object), StandardCharsets.UTF_8);
        return relative;
    }
}
