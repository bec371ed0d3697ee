package ovntrace.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import ovntrace.gather.InspectKind;
import ovntrace.gather.MustGatherPaths;

/** Reading a gathered tree back: each object where {@code oc adm inspect} would have written it, in parseable YAML. */
public final class MustGatherTrees {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private MustGatherTrees() {}

    /**
     * Every one of {@code objects} is below {@code root}: a namespace in its own file, a cluster-scoped object in a
     * file of its own with its kind, a namespaced one among the items of its namespace's {@code <Kind>List} (and a pod
     * once more in its pod directory).
     */
    public static void assertEveryObjectIsWhereOcAdmInspectPutsIt(Path root, List<HasMetadata> objects) {
        for (HasMetadata o : objects) {
            InspectKind kind = InspectKind.of(o);
            String name = o.getMetadata().getName(), namespace = o.getMetadata().getNamespace();
            if (kind == InspectKind.NAMESPACE) {
                assertEquals(name, read(root.resolve(MustGatherPaths.namespaceFile(name))).at("/metadata/name").asText());
            } else if (!kind.namespaced()) {
                JsonNode file = read(root.resolve(MustGatherPaths.clusterScopedFile(kind, name)));
                assertEquals(kind.apiVersion() + " " + kind.kind() + " " + name, file.get("apiVersion").asText() + " "
                        + file.get("kind").asText() + " " + file.at("/metadata/name").asText());
            } else {
                Path listFile = MustGatherPaths.listFile(namespace, kind);
                JsonNode list = read(root.resolve(listFile));
                assertEquals(kind.kind() + "List", list.get("kind").asText(), listFile.toString());
                assertTrue(items(list).anyMatch(i -> i.at("/metadata/name").asText().equals(name)
                        && i.get("kind").asText().equals(kind.kind())), kind + " " + namespace + "/" + name + " in " + listFile);
                if (kind == InspectKind.POD) {
                    assertEquals(name, read(root.resolve(MustGatherPaths.podFile(namespace, name))).at("/metadata/name").asText());
                }
            }
        }
    }

    /** The items of a {@code <Kind>List} file. */
    public static Stream<JsonNode> items(JsonNode list) {
        return StreamSupport.stream(list.get("items").spliterator(), false);
    }

    public static JsonNode read(Path file) {
        assertTrue(Files.isRegularFile(file), "missing " + file);
        try {
            return YAML.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(file + " is not YAML", e);
        }
    }
}
