package ovntrace.lib.offline;

import java.nio.file.Path;

/** Where the Kubernetes objects are in the input. */
public sealed interface ObjectLayout {

    Path root();

    String why();

    /**
     * {@code oc adm inspect}'s tree (openshift/oc pkg/cli/admin/inspect): Lists in
     * {@code namespaces/<ns>/<group|core>/<resource>.yaml}, the namespace in {@code namespaces/<ns>/<ns>.yaml}, each pod
     * again in {@code namespaces/<ns>/pods/<pod>/<pod>.yaml}, cluster-scoped objects in
     * {@code cluster-scoped-resources/<group|core>/<resource>/<name>.yaml} (or a List in {@code <resource>.yaml}).
     */
    record InspectTree(Path root) implements ObjectLayout {
        public String why() {
            return "oc adm inspect tree under " + root;
        }
    }

    /** Any YAML or JSON files below the folder, single objects or Lists ({@code kubectl get -o yaml} dumps). */
    record LooseFiles(Path root) implements ObjectLayout {
        public String why() {
            return "YAML/JSON files under " + root;
        }
    }
}
