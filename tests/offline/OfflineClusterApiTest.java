package ovntrace.lib.offline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ovntrace.lib.cluster.ClusterApi;
import ovntrace.lib.cluster.CustomResource;
import ovntrace.lib.cluster.Discovery;
import ovntrace.lib.cluster.KubeNode;
import ovntrace.lib.cluster.KubePod;
import ovntrace.lib.cluster.PodExec.ExecTarget;

/** Every read of the API answered from gathered objects, and the stand-in ovnkube-node pods of a plain folder. */
class OfflineClusterApiTest {

    /** TwoNodeCluster's inspect tree, plus what it lacks: slices (one of another Service), a policy, an EgressFirewall. */
    private static ClusterApi api(Path tmp, boolean withOvnkubePods) {
        Path image = tmp.resolve(TwoNodeCluster.IMAGE);
        TwoNodeCluster.inspectTree(image);
        Gathers.write(image.resolve("namespaces/default/discovery.k8s.io/endpointslices.yaml"),
                Gathers.list(slice("web-abc12", "web"), slice("web-def34", "web"), slice("db-aaaaa", "db")));
        Gathers.write(image.resolve("namespaces/shop/networking.k8s.io/networkpolicies.yaml"), Gathers.list("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata:
                  name: deny-all
                  namespace: shop
                spec:
                  podSelector: {}
                """));
        Gathers.write(image.resolve("namespaces/shop/k8s.ovn.org/egressfirewalls.yaml"), Gathers.list("""
                apiVersion: k8s.ovn.org/v1
                kind: EgressFirewall
                metadata:
                  name: default
                  namespace: shop
                spec:
                  egress: []
                """));
        if (!withOvnkubePods) TwoNodeCluster.deleteTree(image.resolve("namespaces/" + Gathers.OVNK_NS));
        ObjectFiles files = new ObjectFiles();
        for (Path f : OfflineReader.files(image)) if (ObjectFiles.inspectFileWanted(f)) files.read(image.resolve(f));
        return new OfflineClusterApi(files.objects());
    }

    private static String slice(String name, String service) {
        return """
                apiVersion: discovery.k8s.io/v1
                kind: EndpointSlice
                metadata:
                  name: %s
                  namespace: default
                  labels:
                    kubernetes.io/service-name: %s
                addressType: IPv4
                endpoints: []
                """.formatted(name, service);
    }

    @Test
    void every_read_is_answered_from_the_gathered_objects(@TempDir Path tmp) {
        ClusterApi api = api(tmp, true);
        assertEquals("ovn-worker", api.pod("default", "client").orElseThrow().nodeName());
        assertFalse(api.pod("other", "client").isPresent(), "namespace and name both count");
        assertEquals(List.of("client", "server"), podNames(api.podsWithLabel("default", "app", "web")));
        assertEquals(List.of("client", "server"), podNames(api.podsWithLabel(null, "app", "web")), "null: every namespace");
        assertEquals(List.of(), podNames(api.podsWithLabel("shop", "app", "web")));
        assertEquals(List.of(TwoNodeCluster.OVNKUBE_PODS[0], TwoNodeCluster.OVNKUBE_PODS[1]),
                podNames(api.podsWithLabel(null, "app", "ovnkube-node")), "the gathered ovnkube pods, no stand-ins");
        assertEquals(List.of("ovn-worker", "ovn-worker2"), api.nodes().stream().map(KubeNode::name).sorted().toList());
        assertTrue(api.node("ovn-worker2").isPresent());
        assertFalse(api.node("ovn-control-plane").isPresent());
        assertEquals(80, api.service("default", "web").orElseThrow().getSpec().getPorts().get(0).getPort());
        assertFalse(api.service("shop", "web").isPresent());
        assertEquals(List.of("web-abc12", "web-def34"), names(api.endpointSlices("default", "web")), "by kubernetes.io/service-name");
        assertEquals(List.of(), names(api.endpointSlices("shop", "web")));
        assertTrue(api.namespace("default").isPresent());
        assertFalse(api.namespace("shop").isPresent());
        assertEquals("deny-all", api.networkPolicy("shop", "deny-all").orElseThrow().getMetadata().getName());
        assertEquals(List.of("deny-all"), names(api.networkPolicies("shop")));
        assertEquals(List.of(), names(api.networkPolicies("default")));
        assertTrue(api.customResource(CustomResource.ADMIN_NETWORK_POLICY, "any-namespace", "deny-all").isPresent(),
                "cluster-scoped: the namespace is ignored");
        assertTrue(api.customResource(CustomResource.EGRESS_FIREWALL, "shop", "default").isPresent());
        assertFalse(api.customResource(CustomResource.EGRESS_FIREWALL, "default", "default").isPresent());
        assertFalse(api.customResource(CustomResource.BASELINE_ADMIN_NETWORK_POLICY, null, "default").isPresent());
    }

    @Test
    void a_namespace_exists_if_its_object_or_anything_in_it_was_gathered(@TempDir Path tmp) {
        ClusterApi api = api(tmp, true);
        assertTrue(api.namespaceExists("default"));
        assertTrue(api.namespaceExists("shop"), "no Namespace object, but a policy and an EgressFirewall live there");
        assertFalse(api.namespaceExists("nowhere"));
    }

    @Test
    void without_gathered_ovnkube_pods_each_node_gets_a_stand_in_that_discovery_accepts(@TempDir Path tmp) {
        ClusterApi api = api(tmp, false);
        assertEquals(List.of("ovnkube-node-ovn-worker", "ovnkube-node-ovn-worker2"), podNames(api.podsWithLabel(null, "app", "ovnkube-node")));
        assertEquals(2, api.podsWithLabel("ovn-kubernetes", "app", "ovnkube-node").size());
        assertTrue(api.pod("ovn-kubernetes", "ovnkube-node-ovn-worker2").isPresent());
        assertTrue(api.namespaceExists("ovn-kubernetes"));
        Discovery discovery = new Discovery(api, null);
        assertEquals("ovn-kubernetes", discovery.ovnNamespace());
        assertEquals(new ExecTarget("ovn-kubernetes", "ovnkube-node-ovn-worker2", "ovnkube-node", "ovn-worker2"),
                discovery.execTarget("ovn-worker2"));
        KubePod standIn = api.pod("ovn-kubernetes", "ovnkube-node-ovn-worker").orElseThrow();
        assertTrue(standIn.hostNetwork());
    }

    private static List<String> podNames(List<KubePod> pods) {
        return pods.stream().map(KubePod::name).sorted().toList();
    }

    private static List<String> names(List<? extends HasMetadata> objects) {
        return objects.stream().map(o -> o.getMetadata().getName()).sorted().toList();
    }
}
