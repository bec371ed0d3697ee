package ovntrace.lib;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;
import ovntrace.lib.cluster.Annotations;

/**
 * The documentation example's cluster as Kubernetes objects in fabric8's mock API server (CRUD mode): three nodes
 * in their own zones (or one central zone), an ovnkube-node pod on each, the three fedora pods, a host-network pod,
 * and a Service "web" backed by the pod on ovn-worker.
 */
public final class MockCluster {

    static final String NS = "ovn-kubernetes";
    static final String[] NODES = {"ovn-control-plane", "ovn-worker", "ovn-worker2"};

    /** Held so the setting sticks: the mock web server logs every request at INFO. */
    public static final java.util.logging.Logger QUIET = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

    static {
        QUIET.setLevel(java.util.logging.Level.WARNING);
    }

    private MockCluster() {}

    public static void seed(KubernetesClient c, boolean interconnect) {
        for (String ns : new String[] {NS, "default"}) {
            c.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build()).createOr(r -> r.update());
        }
        for (int i = 0; i < NODES.length; i++) {
            String node = NODES[i];
            c.nodes().resource(new NodeBuilder().withNewMetadata().withName(node)
                    .addToAnnotations(Annotations.ZONE_NAME, interconnect ? node : "global")
                    .addToAnnotations(Annotations.L3_GATEWAY, "{\"default\":{\"mode\":\"shared\",\"bridge-id\":\"breth0\","
                            + "\"mac-address\":\"02:42:ac:12:00:0" + (i + 2) + "\",\"ip-addresses\":[\"172.18.0." + (i + 2) + "/16\"]}}")
                    .addToAnnotations(Annotations.NETWORK_IDS, "{\"default\":\"0\"}")
                    .endMetadata().build()).createOr(r -> r.update());
            c.pods().inNamespace(NS).resource(new PodBuilder().withNewMetadata().withName("ovnkube-node-" + i)
                    .addToLabels("app", "ovnkube-node").endMetadata()
                    .withNewSpec().withNodeName(node).withHostNetwork(true)
                    .addNewContainer().withName("ovn-controller").endContainer()
                    .addNewContainer().withName(interconnect ? "ovnkube-controller" : "ovnkube-node").endContainer()
                    .endSpec().build()).createOr(r -> r.update());
        }
        pod(c, "fedora-deployment-7d49fddf69-vwjt7", "ovn-control-plane", "10.244.0.3", "0a:58:0a:f4:00:03");
        pod(c, "fedora-deployment-7d49fddf69-t4hqw", "ovn-worker", "10.244.1.6", "0a:58:0a:f4:01:06");
        pod(c, "fedora-deployment-7d49fddf69-chmvh", "ovn-worker2", "10.244.2.3", "0a:58:0a:f4:02:03");
        c.pods().inNamespace("default").resource(new PodBuilder().withNewMetadata().withName("host-agent").endMetadata()
                .withNewSpec().withNodeName("ovn-worker").withHostNetwork(true).addNewContainer().withName("agent").endContainer().endSpec()
                .withNewStatus().addNewPodIP().withIp("172.18.0.3").endPodIP().endStatus().build()).createOr(r -> r.update());
        c.services().inNamespace("default").resource(new ServiceBuilder().withNewMetadata().withName("web").endMetadata()
                .withNewSpec().withClusterIP("10.96.0.20").addNewPort().withName("http").withPort(80).withProtocol("TCP").endPort()
                .addNewPort().withName("http-udp").withPort(80).withProtocol("UDP").endPort().endSpec()
                .build()).createOr(r -> r.update());
        c.discovery().v1().endpointSlices().inNamespace("default").resource(new EndpointSliceBuilder().withNewMetadata()
                .withName("web-abcde").addToLabels("kubernetes.io/service-name", "web").endMetadata()
                .withAddressType("IPv4").addNewPort().withName("http").withPort(8080).withProtocol("TCP").endPort()
                .addNewEndpoint().withAddresses("10.244.0.3").withNewConditions().withReady(false).endConditions()
                .withNewTargetRef().withKind("Pod").withNamespace("default").withName("fedora-deployment-7d49fddf69-vwjt7").endTargetRef().endEndpoint()
                .addNewEndpoint().withAddresses("10.244.1.6").withNewConditions().withReady(true).endConditions()
                .withNewTargetRef().withKind("Pod").withNamespace("default").withName("fedora-deployment-7d49fddf69-t4hqw").endTargetRef().endEndpoint()
                .build()).createOr(r -> r.update());
    }

    static void pod(KubernetesClient c, String name, String node, String ip, String mac) {
        c.pods().inNamespace("default").resource(new PodBuilder().withNewMetadata().withName(name)
                .addToAnnotations(Annotations.POD_NETWORKS, "{\"default\":{\"ip_addresses\":[\"" + ip + "/24\"],\"mac_address\":\"" + mac
                        + "\",\"role\":\"primary\"}}").endMetadata()
                .withNewSpec().withNodeName(node).addNewContainer().withName("fedora").endContainer().endSpec()
                .withNewStatus().addNewPodIP().withIp(ip).endPodIP().endStatus().build()).createOr(r -> r.update());
    }

    /** Router-port MACs and interfaces of the nodes, as ovn-kubernetes derives them. */
    static final Map<String, String> RTOS = Map.of("ovn-control-plane", "0a:58:0a:f4:00:01", "ovn-worker", "0a:58:0a:f4:01:01",
            "ovn-worker2", "0a:58:0a:f4:02:01");
    static final Map<String, String> RTOTS = Map.of("ovn-control-plane", "0a:58:a8:fe:00:03", "ovn-worker", "0a:58:a8:fe:00:04",
            "ovn-worker2", "0a:58:a8:fe:00:02");
}
