package ovntrace.lib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import ovntrace.kubesim.UdnObjects;
import ovntrace.lib.cluster.AddressFamily;
import ovntrace.lib.cluster.Annotations;
import ovntrace.lib.cluster.EndpointResolver;
import ovntrace.lib.cluster.EngineOptions;
import ovntrace.lib.cluster.FabricClusterApi;
import ovntrace.lib.cluster.PodInfo;
import ovntrace.lib.cluster.PodNetwork;
import ovntrace.lib.cluster.PodRef;
import ovntrace.lib.cluster.Protocol;
import ovntrace.lib.trace.NetworkIsolation;
import ovntrace.lib.trace.StepResult;
import ovntrace.lib.trace.TraceEngine;
import ovntrace.lib.trace.TraceRequest;
import ovntrace.lib.trace.TraceResult;
import ovntrace.lib.trace.Verdict;
import ovntrace.topology.NodeSpec;
import ovntrace.topology.PodSpec;
import ovntrace.topology.UdnSpec;

/**
 * Pods on primary user-defined networks, in the documentation example's cluster (fabric8's mock API, node pods
 * answered by {@link UdnNodes}): namespace blue has a layer3 UserDefinedNetwork "tenant" (network blue_tenant),
 * namespaces red and green a layer2 ClusterUserDefinedNetwork "happy" (cluster_udn_happy). Pods are annotated by
 * {@link UdnObjects#podNetworks} as ovn-kubernetes annotates them; the NADs are served as the API serves them.
 */
@EnableKubernetesMockClient(crud = true)
class UdnTraceTest {

    static KubernetesClient client;

    static {
        MockCluster.QUIET.getName();
    }

    private static final String DEFAULT_POD = "fedora-deployment-7d49fddf69-t4hqw"; // on ovn-worker
    private final UdnSpec blue = UdnSpec.namespaced("blue", "tenant", UdnSpec.Layer.LAYER3, "10.100.0.0/16", 1);
    private final UdnSpec happy = UdnSpec.cluster("happy", List.of("red", "green"), UdnSpec.Layer.LAYER2, "10.200.0.0/16", 2);
    private final NodeSpec worker = new NodeSpec("ovn-worker", 1, Map.of()), worker2 = new NodeSpec("ovn-worker2", 2, Map.of());
    private UdnNodes nodes;
    private ScriptedPodExec exec;

    @BeforeEach
    void cluster() throws Exception {
        MockCluster.seed(client, true);
        nodes = new UdnNodes();
        exec = new ScriptedPodExec(nodes);
        for (String ns : List.of("blue", "red", "green", "gray")) {
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns)
                    .withLabels(UdnObjects.namespaceLabels()).endMetadata().build()).createOr(r -> r.update());
        }
        nad(blue, "blue");
        nad(happy, "red");
        nad(happy, "green");
        udnPod(blue, "blue", "web-0", worker2, "10.244.2.10", "10.100.2.3", 0);
        udnPod(blue, "blue", "web-1", worker2, "10.244.2.11", "10.100.2.4", 0);
        udnPod(blue, "blue", "web-2", worker, "10.244.1.10", "10.100.1.3", 0);
        udnPod(happy, "red", "db-0", worker2, "10.244.2.12", "10.200.0.3", 51);
        udnPod(happy, "green", "db-1", worker, "10.244.1.11", "10.200.0.4", 52);
    }

    private static final ResourceDefinitionContext NADS = new ResourceDefinitionContext.Builder().withGroup("k8s.cni.cncf.io")
            .withVersion("v1").withPlural("network-attachment-definitions").withKind("NetworkAttachmentDefinition").withNamespaced(true).build();

    private void nad(UdnSpec u, String ns) {
        GenericKubernetesResource nad = UdnObjects.nad(u, ns);
        client.genericKubernetesResources(NADS).inNamespace(ns).resource(nad).createOr(r -> r.update());
    }

    private void udnPod(UdnSpec u, String ns, String name, NodeSpec node, String ip, String udnIp, int tunnelKey) throws Exception {
        PodSpec spec = new PodSpec(ns, name, node.name(), ip, Map.of(), false);
        Map<String, Object> networks = UdnObjects.podNetworks(u, spec, node, udnIp, tunnelKey);
        String mac = String.valueOf(((Map<?, ?>) networks.get(u.nadName(ns))).get("mac_address"));
        client.pods().inNamespace(ns).resource(new PodBuilder().withNewMetadata().withName(name)
                .addToAnnotations(Annotations.POD_NETWORKS, new ObjectMapper().writeValueAsString(networks)).endMetadata()
                .withNewSpec().withNodeName(node.name()).addNewContainer().withName("c").endContainer().endSpec()
                .withNewStatus().addNewPodIP().withIp(ip).endPodIP().endStatus().build()).createOr(r -> r.update());
        nodes.pod(new UdnNodes.UdnPod(u.podPort(ns, name), u.prefix(), u.topology() == UdnSpec.Layer.LAYER2, node.name(), udnIp, mac));
    }

    private TraceResult trace(String src, String dst) {
        TraceRequest req = new TraceRequest(PodRef.parse(src), new TraceRequest.Target.Pod(PodRef.parse(dst)), Protocol.TCP, 8080,
                AddressFamily.IP4, false, false);
        return new TraceEngine(new FabricClusterApi(client), exec, EngineOptions.defaults()).run(req);
    }

    private boolean ran(String node, String command) {
        return exec.commands().contains(node + ": " + command);
    }

    @Test
    void a_pod_on_a_layer3_udn_is_traced_with_its_udn_address_and_port() {
        PodInfo web = new EndpointResolver(new FabricClusterApi(client)).pod(PodRef.parse("blue/web-0"), AddressFamily.IP4, "-src");
        assertEquals(new PodNetwork("blue_tenant", PodNetwork.Topology.LAYER3, "blue/tenant", ""), web.network());
        assertEquals("10.100.2.3", web.ip(), "the primary entry's address, not status.podIPs (the default network's)");
        assertEquals("blue.tenant_blue_web-0", web.logicalPort());
    }

    @Test
    void layer3_pod_to_pod_on_one_node_uses_the_networks_switch_and_router_port() {
        TraceResult r = trace("blue/web-0", "blue/web-1");
        assertEquals(0, r.exitCode(), TraceEngineTest.unpassed(r));
        assertTrue(ran("ovn-worker2", "ovn-trace --db unix:/var/run/ovn/ovnsb_db.sock blue_tenant_ovn-worker2"
                + " 'inport==\"blue.tenant_blue_web-0\" && eth.src==" + nodes.byIp.get("10.100.2.3").mac() + " && eth.dst=="
                + UdnNodes.RTOS_MAC + " && ip4.src==10.100.2.3 && ip4.dst==10.100.2.4 && ip.ttl==64 && tcp.dst==8080 && tcp.src==52888'"),
                exec.commands().toString());
        assertTrue(exec.commands().stream().anyMatch(c -> c.endsWith("list Port_Binding rtos-blue_tenant_ovn-worker2")));
        assertTrue(exec.commands().stream().anyMatch(c -> c.endsWith("find interface external_ids:iface-id=blue.tenant_blue_web-1")));
        assertEquals("blue_tenant", r.source().network());
        assertEquals("layer3", r.destination().topology());
    }

    @Test
    void layer3_pod_to_pod_across_nodes_enters_the_other_zone_from_the_networks_transit_switch() {
        TraceResult r = trace("blue/web-0", "blue/web-2");
        assertEquals(0, r.exitCode(), TraceEngineTest.unpassed(r));
        assertTrue(ran("ovn-worker", "ovn-trace --db unix:/var/run/ovn/ovnsb_db.sock 'inport==\"blue_tenant_tstor-ovn-worker2\""
                + " && eth.src==" + nodes.byIp.get("10.100.2.3").mac() + " && eth.dst==" + UdnNodes.RTOTS_MAC
                + " && ip4.src==10.100.2.3 && ip4.dst==10.100.1.3 && ip.ttl==64 && tcp.dst==8080 && tcp.src==52888'"), exec.commands().toString());
        assertTrue(exec.commands().stream().anyMatch(c -> c.endsWith("list Port_Binding blue_tenant_rtots-ovn-worker")));
        assertTrue(r.steps().stream().filter(s -> s.label().equals("ovn-trace source pod to destination pod")).findFirst().orElseThrow()
                .searchRegex().contains("blue_tenant_tstor-ovn-worker"));
    }

    @Test
    void layer2_pod_to_pod_across_nodes_and_namespaces_of_a_cudn_is_switched_to_the_pods_own_mac_on_the_one_switch() {
        TraceResult r = trace("red/db-0", "green/db-1");
        assertEquals(0, r.exitCode(), TraceEngineTest.unpassed(r));
        String mac0 = nodes.byIp.get("10.200.0.3").mac(), mac1 = nodes.byIp.get("10.200.0.4").mac();
        assertTrue(ran("ovn-worker2", "ovn-trace --db unix:/var/run/ovn/ovnsb_db.sock cluster_udn_happy_ovn_layer2_switch"
                + " 'inport==\"red.happy_red_db-0\" && eth.src==" + mac0 + " && eth.dst==" + mac1
                + " && ip4.src==10.200.0.3 && ip4.dst==10.200.0.4 && ip.ttl==64 && tcp.dst==8080 && tcp.src==52888'"), exec.commands().toString());
        assertTrue(ran("ovn-worker", "ovn-trace --db unix:/var/run/ovn/ovnsb_db.sock 'inport==\"red.happy_red_db-0\""
                + " && eth.src==" + mac0 + " && eth.dst==" + mac1
                + " && ip4.src==10.200.0.3 && ip4.dst==10.200.0.4 && ip.ttl==64 && tcp.dst==8080 && tcp.src==52888'"),
                "the remote half enters from the source pod's remote port: " + exec.commands());
        assertFalse(exec.commands().stream().anyMatch(c -> c.contains("rtots-")), "a layer2 network has no transit router port");
        assertTrue(ran("ovn-worker", "ovs-appctl ofproto/trace --ct-next 'trk,new' --ct-next 'trk,new' br-int \"in_port=ovn-worker-0,"
                + " tun_id=0xff0004, tun_src=172.18.0.4, tun_dst=172.18.0.3, tun_metadata0=0x20003, tcp, dl_src=" + mac0 + ", dl_dst=" + mac1
                + ", nw_src=10.200.0.3, nw_dst=10.200.0.4, nw_ttl=64, tcp_src=52888, tcp_dst=8080\""),
                "the receiving node gets the packet with the Ethernet header it was sent with (switched, not routed): " + exec.commands());
        assertEquals("cluster_udn_happy", r.source().network());
        assertEquals("layer2", r.source().topology());
    }

    @Test
    void a_udn_pod_to_a_default_network_pod_fails_naming_udn_isolation() {
        TraceResult r = trace("blue/web-0", "default/" + DEFAULT_POD);
        assertEquals(255, r.exitCode());
        assertTrue(r.steps().stream().noneMatch(s -> s.verdict() == Verdict.PASS), TraceEngineTest.unpassed(r));
        assertTrue(TraceEngineTest.stdout(r).lines().allMatch(l -> l.contains("indicates failure")), TraceEngineTest.stdout(r));
        StepResult first = r.steps().get(0);
        assertTrue(first.reason().startsWith("blocked by " + NetworkIsolation.NAME + ": blue/web-0 is on network blue_tenant"), first.reason());
        assertTrue(first.reason().contains("GR_blue_tenant_ovn-worker2"), first.reason());
        assertTrue(r.notes().get(0).contains("udn-isolation nftables chain"), r.notes().toString());
        assertEquals("", r.destination().network(), "the default-network pod's report fields are as before");
    }

    @Test
    void a_udn_pod_to_a_pod_of_another_udn_fails_naming_udn_isolation() {
        TraceResult r = trace("blue/web-0", "red/db-0");
        assertEquals(255, r.exitCode());
        assertTrue(r.steps().stream().noneMatch(s -> s.verdict() == Verdict.PASS), TraceEngineTest.unpassed(r));
        assertTrue(r.steps().get(0).reason().contains("red/db-0 on network cluster_udn_happy (layer2, NAD red/happy)"),
                r.steps().get(0).reason());
    }

    @Test
    void a_default_network_pod_reaches_a_udn_pod_only_at_its_default_network_port() {
        TraceResult r = trace("default/" + DEFAULT_POD, "blue/web-2");
        assertTrue(ran("ovn-worker", "ovn-trace --db unix:/var/run/ovn/ovnsb_db.sock ovn-worker 'inport==\"default_" + DEFAULT_POD
                + "\" && eth.src==0a:58:0a:f4:01:06 && eth.dst==0a:58:0a:f4:01:01 && ip4.src==10.244.1.6 && ip4.dst==10.244.1.10"
                + " && ip.ttl==64 && tcp.dst==8080 && tcp.src==52888'"), "default names, the UDN pod's default address: " + exec.commands());
        assertEquals("blue_tenant", r.destination().network(), "the report still names the pod's primary network");
        assertEquals("10.244.1.10", r.destination().ip());
    }

    @Test
    void without_its_nad_the_network_is_derived_from_the_annotation_and_the_run_says_so() throws Exception {
        UdnSpec gray = UdnSpec.namespaced("gray", "orphan", UdnSpec.Layer.LAYER3, "10.150.0.0/16", 3);
        udnPod(gray, "gray", "app-0", worker2, "10.244.2.20", "10.150.2.3", 0);
        udnPod(gray, "gray", "app-1", worker2, "10.244.2.21", "10.150.2.4", 0);
        PodInfo app = new EndpointResolver(new FabricClusterApi(client)).pod(PodRef.parse("gray/app-0"), AddressFamily.IP4, "-src");
        assertEquals("gray_orphan", app.network().name());
        assertEquals(PodNetwork.Topology.LAYER3, app.network().topology(), "no tunnel_id in the entry: layer3");
        assertTrue(app.network().note().startsWith("NetworkAttachmentDefinition gray/orphan not read (not found)"), app.network().note());
        TraceResult r = trace("gray/app-0", "gray/app-1");
        assertEquals(0, r.exitCode(), TraceEngineTest.unpassed(r));
        assertTrue(r.notes().stream().anyMatch(n -> n.contains("derived from the pod's annotation")), r.notes().toString());
    }

    @Test
    void default_network_pods_make_no_nad_request_and_keep_their_names() {
        TraceResult r = trace("default/fedora-deployment-7d49fddf69-chmvh", "default/" + DEFAULT_POD);
        assertEquals(0, r.exitCode(), TraceEngineTest.unpassed(r));
        assertEquals("", r.source().network());
        assertTrue(r.notes().isEmpty(), r.notes().toString());
    }
}
