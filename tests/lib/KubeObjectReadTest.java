package ovntrace.lib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import ovntrace.lib.cluster.KubeClients;
import ovntrace.lib.cluster.KubeNode;
import ovntrace.lib.cluster.KubePod;

/**
 * Pods and nodes as ovntrace keeps them, read from what an API server answers: every field a trace, a matrix or an
 * offline check reads, and nothing that stops the read when a field ovntrace ignores (or one of an odd type) is there.
 */
class KubeObjectReadTest {

    /** A pod as a kind cluster's API server returns it, with the parts ovntrace does not read (volumes, probes, ...). */
    private static final String POD = """
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"fedora-deployment-7d49fddf69-chmvh","namespace":"default",
              "labels":{"app":"fedora","pod-template-hash":"7d49fddf69"},
              "annotations":{"k8s.ovn.org/pod-networks":"{\\"default\\":{\\"mac_address\\":\\"0a:58:0a:f4:02:03\\"}}"},
              "ownerReferences":[{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"fedora-deployment-7d49fddf69","uid":"u1","controller":true}],
              "managedFields":[{"manager":"kube-controller-manager","operation":"Update","fieldsType":"FieldsV1","fieldsV1":{"f:metadata":{}}}]},
             "spec":{"nodeName":"ovn-worker2","hostNetwork":false,"dnsPolicy":"ClusterFirst",
              "containers":[{"name":"fedora","image":"fedora:39","command":["sleep","infinity"],
                "readinessProbe":{"exec":{"command":["true"]},"periodSeconds":5},
                "resources":{"limits":{"cpu":"500m","memory":"128Mi"}},
                "volumeMounts":[{"name":"kube-api-access-x","mountPath":"/var/run/secrets/kubernetes.io/serviceaccount","readOnly":true}]},
               {"name":"sidecar","image":"busybox"}],
              "volumes":[{"name":"kube-api-access-x","projected":{"sources":[{"serviceAccountToken":{"path":"token"}}]}}],
              "tolerations":[{"key":"node.kubernetes.io/not-ready","operator":"Exists","effect":"NoExecute","tolerationSeconds":300}]},
             "status":{"phase":"Running","hostIP":"172.18.0.4","podIP":"10.244.2.3",
              "podIPs":[{"ip":"10.244.2.3"},{"ip":"fd00:10:244:3::3"}],
              "conditions":[{"type":"Ready","status":"True","lastTransitionTime":"2026-12-06T07:26:17Z"}]}}
            """;

    private static final String NODE = """
            {"apiVersion":"v1","kind":"Node","metadata":{"name":"ovn-control-plane",
              "labels":{"kubernetes.io/hostname":"ovn-control-plane","node-role.kubernetes.io/control-plane":""},
              "annotations":{"k8s.ovn.org/zone-name":"ovn-control-plane","k8s.ovn.org/node-subnets":"{\\"default\\":[\\"10.244.0.0/24\\"]}"}},
             "spec":{"podCIDR":"10.244.0.0/24","taints":[{"key":"node-role.kubernetes.io/control-plane","effect":"NoSchedule"}]},
             "status":{"addresses":[{"address":"172.18.0.2","type":"InternalIP"},{"address":"ovn-control-plane","type":"Hostname"}],
              "capacity":{"cpu":"8","memory":"16Gi"},"nodeInfo":{"kubeletVersion":"v1.31.0"}}}
            """;

    private static GenericKubernetesResource read(String json) {
        return KubeClients.lean().unmarshal(json, GenericKubernetesResource.class);
    }

    @Test
    void a_running_pod_gives_its_node_addresses_containers_labels_and_annotations() {
        KubePod pod = KubePod.of(read(POD));
        assertEquals("default", pod.namespace());
        assertEquals("fedora-deployment-7d49fddf69-chmvh", pod.name());
        assertEquals("ovn-worker2", pod.nodeName());
        assertTrue(pod.scheduled());
        assertFalse(pod.hostNetwork());
        assertEquals(List.of("fedora", "sidecar"), pod.containers(), "in spec order: the first known one runs commands");
        assertEquals(List.of("10.244.2.3", "fd00:10:244:3::3"), pod.ips());
        assertEquals("Running", pod.phase());
        assertTrue(pod.hasLabel("app", "fedora"));
        assertFalse(pod.hasLabel("app", "web"));
        assertTrue(pod.annotations().get("k8s.ovn.org/pod-networks").contains("0a:58:0a:f4:02:03"));
    }

    @Test
    void a_pending_pod_has_no_node_no_addresses_and_no_phase_yet() {
        KubePod pod = KubePod.of(read("""
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"web-0","namespace":"shop"},
                 "spec":{"containers":[{"name":"web"}]},"status":{}}
                """));
        assertFalse(pod.scheduled());
        assertEquals("", pod.nodeName());
        assertEquals(List.of(), pod.ips());
        assertEquals("", pod.phase());
        assertEquals(Map.of(), pod.labels());
        assertEquals(Map.of(), pod.annotations());
    }

    @Test
    void host_network_and_fields_of_an_odd_type_do_not_stop_the_read() {
        KubePod pod = KubePod.of(read("""
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"ovnkube-node-x","namespace":"ovn-kubernetes",
                  "labels":{"app":"ovnkube-node","empty":null}},
                 "spec":{"nodeName":"ovn-worker","hostNetwork":true,"containers":"not a list"},
                 "status":{"podIPs":[{"ip":"172.18.0.3"},{"hostIP":"no ip here"},"10.0.0.9"],"phase":7}}
                """));
        assertTrue(pod.hostNetwork());
        assertEquals(List.of(), pod.containers());
        assertEquals(List.of("172.18.0.3"), pod.ips(), "entries without an ip are no address");
        assertEquals("", pod.phase());
        assertEquals(Map.of("app", "ovnkube-node"), pod.labels(), "a null label value is no label");
    }

    @Test
    void a_node_gives_its_addresses_in_order_its_annotations_and_whether_it_is_control_plane() {
        KubeNode node = KubeNode.of(read(NODE));
        assertEquals("ovn-control-plane", node.name());
        assertEquals(List.of(new KubeNode.Address("InternalIP", "172.18.0.2"), new KubeNode.Address("Hostname", "ovn-control-plane")),
                node.addresses());
        assertEquals("ovn-control-plane", node.annotations().get("k8s.ovn.org/zone-name"));
        assertTrue(node.controlPlane());
        assertFalse(KubeNode.of(read("{\"apiVersion\":\"v1\",\"kind\":\"Node\",\"metadata\":{\"name\":\"w\","
                + "\"labels\":{\"node-role.kubernetes.io/worker\":\"\"}}}")).controlPlane());
        assertTrue(KubeNode.of(read("{\"apiVersion\":\"v1\",\"kind\":\"Node\",\"metadata\":{\"name\":\"m\","
                + "\"labels\":{\"node-role.kubernetes.io/master\":\"\"}}}")).controlPlane(), "the label before control-plane");
    }
}
