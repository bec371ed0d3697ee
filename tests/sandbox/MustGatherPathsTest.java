package ovntrace.gather;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ovntrace.kubesim.ClusterObjects;
import ovntrace.lib.cluster.DbRole;
import ovntrace.ovn.OvnVersion;
import ovntrace.ovn.SandboxException;
import ovntrace.support.MustGatherTrees;
import ovntrace.topology.TopologyReader;

/**
 * The names a gather writes are the ones the real tools write (openshift/oc's must-gather and inspect,
 * openshift/must-gather's network scripts), and every object of the sandbox lands in the file its kind says.
 */
class MustGatherPathsTest {

    @Test
    void the_local_directory_is_oc_s_must_gather_local_with_a_random_non_negative_number() {
        assertEquals("must-gather.local.000042", MustGatherPaths.localDirName(42));
        assertEquals("must-gather.local.9223372036854775807", MustGatherPaths.localDirName(-1));
        assertTrue(MustGatherPaths.localDirName(Long.MIN_VALUE + 7).matches("must-gather\\.local\\.\\d{6,}"));
    }

    @Test
    void the_image_directory_is_the_image_id_with_every_run_of_non_alphanumerics_made_a_dash() {
        assertEquals("quay-io-openshift-release-dev-ocp-v4-0-art-dev-sha256-0fd3",
                MustGatherPaths.imageDirName("quay.io/openshift-release-dev/ocp-v4.0-art-dev@sha256:0fd3"));
        String id = MustGatherPaths.sandboxImageId(OvnVersion.V25_03);
        assertTrue(MustGatherPaths.imageDirName(id).matches("quay-io-openshift-ovntrace-sandbox-sha256-[0-9a-f]{64}"), id);
        assertEquals(id, MustGatherPaths.sandboxImageId(OvnVersion.V25_03), "stable from run to run");
        assertNotEquals(id, MustGatherPaths.sandboxImageId(OvnVersion.V23_03), "one image per OVN version");
    }

    @Test
    void namespaced_objects_are_lists_per_group_and_cluster_scoped_ones_files_of_their_own() {
        assertEquals(Path.of("namespaces/shop/shop.yaml"), MustGatherPaths.namespaceFile("shop"));
        assertEquals(Path.of("namespaces/default/core/pods.yaml"), MustGatherPaths.listFile("default", InspectKind.POD));
        assertEquals(Path.of("namespaces/default/core/services.yaml"), MustGatherPaths.listFile("default", InspectKind.SERVICE));
        assertEquals(Path.of("namespaces/default/discovery.k8s.io/endpointslices.yaml"),
                MustGatherPaths.listFile("default", InspectKind.ENDPOINT_SLICE));
        assertEquals(Path.of("namespaces/shop/networking.k8s.io/networkpolicies.yaml"),
                MustGatherPaths.listFile("shop", InspectKind.NETWORK_POLICY));
        assertEquals(Path.of("namespaces/shop/k8s.ovn.org/egressfirewalls.yaml"),
                MustGatherPaths.listFile("shop", InspectKind.EGRESS_FIREWALL));
        assertEquals(Path.of("namespaces/shop/pods/api-0/api-0.yaml"), MustGatherPaths.podFile("shop", "api-0"));
        assertEquals(Path.of("cluster-scoped-resources/core/nodes/ovn-worker.yaml"),
                MustGatherPaths.clusterScopedFile(InspectKind.NODE, "ovn-worker"));
        assertEquals(Path.of("cluster-scoped-resources/policy.networking.k8s.io/adminnetworkpolicies/pass-dev.yaml"),
                MustGatherPaths.clusterScopedFile(InspectKind.ADMIN_NETWORK_POLICY, "pass-dev"));
        assertEquals(Path.of("cluster-scoped-resources/policy.networking.k8s.io/baselineadminnetworkpolicies/default.yaml"),
                MustGatherPaths.clusterScopedFile(InspectKind.BASELINE_ADMIN_NETWORK_POLICY, "default"));
        assertThrows(IllegalArgumentException.class, () -> MustGatherPaths.listFile("default", InspectKind.NODE));
        assertThrows(IllegalArgumentException.class, () -> MustGatherPaths.clusterScopedFile(InspectKind.POD, "p"));
    }

    @Test
    void databases_are_named_as_gather_network_logs_basics_names_them() {
        assertEquals(Path.of("network_logs/ovnk_database_store/ovnkube-node-x2b4c_nbdb"),
                MustGatherPaths.nodeDatabase("ovnkube-node-x2b4c", DbRole.NB));
        assertEquals(Path.of("network_logs/ovnk_database_store/ovnkube-node-x2b4c_sbdb"),
                MustGatherPaths.nodeDatabase("ovnkube-node-x2b4c", DbRole.SB));
        assertEquals(Path.of("network_logs/ovnk_database_store.tar.gz"), MustGatherPaths.databaseStoreArchive());
        assertEquals(Path.of("network_logs/leader_nbdb.gz"), MustGatherPaths.leaderDatabase(DbRole.NB));
        assertEquals(Path.of("network_logs/leader_sbdb.gz"), MustGatherPaths.leaderDatabase(DbRole.SB));
    }

    @Test
    void every_object_of_the_default_cluster_is_in_the_file_its_kind_names(@TempDir Path root) throws Exception {
        List<HasMetadata> objects = ClusterObjects.of(TopologyReader.defaultTopology());
        ObjectTree.write(root, objects);
        MustGatherTrees.assertEveryObjectIsWhereOcAdmInspectPutsIt(root, objects);
    }

    @Test
    void strings_that_look_like_numbers_or_booleans_stay_strings() {
        String yaml = ObjectTree.yaml(java.util.Map.of("metadata", java.util.Map.of("labels",
                java.util.Map.of("ovn-db-pod", "true", "port", "8080", "b", "plain"))));
        assertTrue(yaml.contains("ovn-db-pod: \"true\"") && yaml.contains("port: \"8080\"") && yaml.contains("b: plain"), yaml);
        assertTrue(yaml.indexOf("b: plain") < yaml.indexOf("ovn-db-pod"), "keys sorted as oc's printer sorts them:\n" + yaml);
    }

    @Test
    void a_gather_goes_only_into_a_new_or_empty_directory(@TempDir Path dir) throws Exception {
        MustGather.checkDestination(dir.resolve("new"));
        MustGather.checkDestination(dir);
        Files.writeString(dir.resolve("notes.txt"), "x");
        SandboxException notEmpty = assertThrows(SandboxException.class, () -> MustGather.checkDestination(dir));
        assertEquals(SandboxException.USAGE, notEmpty.exitCode());
        assertEquals(dir + " is not empty; gather writes into a new or empty directory", notEmpty.getMessage());
        SandboxException file = assertThrows(SandboxException.class, () -> MustGather.checkDestination(dir.resolve("notes.txt")));
        assertEquals(SandboxException.USAGE, file.exitCode());
    }
}
