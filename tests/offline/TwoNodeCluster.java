package ovntrace.lib.offline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import ovntrace.lib.cluster.DbRole;

/**
 * The cluster most tests gather: ovn-worker and ovn-worker2, each its own interconnect zone with an ovnkube-node pod,
 * a client and a server pod, a Service, an AdminNetworkPolicy; written in the layouts the reader knows.
 */
final class TwoNodeCluster {

    static final String IMAGE = "must-gather.local.5463012845/quay-io-openshift-release-dev-ocp-v4-0-art-dev-sha256-4b1f0c";
    static final String[] NODES = {"ovn-worker", "ovn-worker2"};
    static final String[] OVNKUBE_PODS = {"ovnkube-node-7xk2p", "ovnkube-node-q9tzm"};

    private TwoNodeCluster() {}

    /** oc adm inspect's tree: namespace Lists, each pod again in its own folder, nodes one file each. */
    static void inspectTree(Path image) {
        for (String node : NODES) {
            Gathers.write(image.resolve("cluster-scoped-resources/core/nodes/" + node + ".yaml"), Gathers.node(node, node));
        }
        Gathers.write(image.resolve("cluster-scoped-resources/policy.networking.k8s.io/adminnetworkpolicies/deny-all.yaml"),
                Gathers.adminNetworkPolicy("deny-all"));
        Gathers.write(image.resolve("namespaces/default/default.yaml"), Gathers.namespace("default"));
        Gathers.write(image.resolve("namespaces/default/core/pods.yaml"), Gathers.list(client(), server()));
        Gathers.write(image.resolve("namespaces/default/pods/client/client.yaml"), client());
        Gathers.write(image.resolve("namespaces/default/core/services.yaml"), Gathers.list(Gathers.service("default", "web")));
        Gathers.write(image.resolve("namespaces/default/core/events.yaml"), "apiVersion: v1\nkind: EventList\nitems: []\n");
        Gathers.write(image.resolve("namespaces/" + Gathers.OVNK_NS + "/" + Gathers.OVNK_NS + ".yaml"), Gathers.namespace(Gathers.OVNK_NS));
        Gathers.write(image.resolve("namespaces/" + Gathers.OVNK_NS + "/core/pods.yaml"),
                Gathers.list(Gathers.ovnkubeNode(OVNKUBE_PODS[0], NODES[0]), Gathers.ovnkubeNode(OVNKUBE_PODS[1], NODES[1])));
        Gathers.write(image.resolve("timestamp"), "2026-12-01 05:00:00.000000000 +0000 UTC m=+0.1\n");
    }

    /** What gather_network_logs leaves: each ovnkube-node pod's raft files, tarred into ovnk_database_store.tar.gz. */
    static Path databaseStore(Path image, boolean keepExtracted) {
        Path logs = image.resolve("network_logs");
        for (int i = 0; i < NODES.length; i++) {
            Gathers.clustered(logs.resolve("ovnk_database_store/" + OVNKUBE_PODS[i] + "_nbdb"), DbRole.NB, NODES[i]);
            Gathers.clustered(logs.resolve("ovnk_database_store/" + OVNKUBE_PODS[i] + "_sbdb"), DbRole.SB, NODES[i]);
        }
        if (keepExtracted) return logs.resolve("ovnk_database_store");
        Path archive = Gathers.tarGz(logs.resolve("ovnk_database_store.tar.gz"), logs, "ovnk_database_store");
        deleteTree(logs.resolve("ovnk_database_store"));
        return archive;
    }

    /** A complete interconnect must-gather below its must-gather.local wrapper; returns the top folder. */
    static Path interconnectMustGather(Path dir) {
        Path image = dir.resolve(IMAGE);
        inspectTree(image);
        databaseStore(image, false);
        return dir;
    }

    static String client() {
        return Gathers.pod("default", "client", NODES[0], "10.244.1.5");
    }

    static String server() {
        return Gathers.pod("default", "server", NODES[1], "10.244.2.6");
    }

    static void deleteTree(Path dir) {
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
