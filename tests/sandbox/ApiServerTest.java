package ovntrace.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.ExecWatch;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import ovntrace.kubesim.ApiServer;
import ovntrace.kubesim.ExecBackend;
import ovntrace.kubesim.OvnkubePods;
import ovntrace.topology.PodSpec;
import ovntrace.topology.Topology;
import ovntrace.topology.TopologyReader;

/**
 * The emulated API server without OVN (no root needed): objects as ovnkube-trace reads them, and pods/exec with a
 * backend that runs a local shell, so the channel plumbing (stdout, stderr, exit code, stdin) is exercised.
 */
class ApiServerTest {

    private static final Topology TOPOLOGY = TopologyReader.defaultTopology();
    private static final List<ExecBackend.ExecRequest> REQUESTS = new CopyOnWriteArrayList<>();
    private static ApiServer server;
    private static KubernetesClient client;

    @BeforeAll
    static void start() throws Exception {
        ExecBackend shell = r -> {
            REQUESTS.add(r);
            return r.namespace().equals(OvnkubePods.NAMESPACE)
                    ? new ExecBackend.ExecStart.Run(new ProcessBuilder(r.command()))
                    : new ExecBackend.ExecStart.RuntimeError("executable file not found in $PATH");
        };
        server = ApiServer.start(TOPOLOGY, shell, 0);
        client = server.client();
    }

    @AfterAll
    static void stop() {
        client.close();
        server.close();
    }

    @Test
    void servesNodesPodsAndEndpointSlicesTheWayOvnkubeTraceReadsThem() {
        List<Pod> ovnkube = client.pods().inAnyNamespace().withLabel("app", "ovnkube-node").list().getItems();
        assertEquals(TOPOLOGY.nodes().size(), ovnkube.size());
        assertEquals(List.of("nb-ovsdb", "sb-ovsdb", "ovn-northd", "ovnkube-controller", "ovn-controller",
                "ovs-metrics-exporter"), ovnkube.get(0).getSpec().getContainers().stream().map(c -> c.getName()).toList());

        PodSpec chmvh = TOPOLOGY.pods().stream().filter(p -> p.name().endsWith("chmvh")).findFirst().orElseThrow();
        Pod pod = client.pods().inNamespace("default").withName(chmvh.name()).get();
        assertEquals(chmvh.ip(), pod.getStatus().getPodIPs().get(0).getIp());
        assertTrue(pod.getMetadata().getAnnotations().get("k8s.ovn.org/pod-networks")
                .contains("\"mac_address\":\"" + chmvh.mac() + "\""));

        Node node = client.nodes().withName("ovn-worker").get();
        assertTrue(node.getMetadata().getAnnotations().get("k8s.ovn.org/l3-gateway-config").contains("\"mode\":\"shared\""));
        assertEquals("ovn-worker", node.getMetadata().getAnnotations().get("k8s.ovn.org/zone-name"));

        EndpointSlice dns = client.discovery().v1().endpointSlices().inNamespace("kube-system")
                .withLabel("kubernetes.io/service-name", "kube-dns").list().getItems().get(0);
        assertEquals(2, dns.getEndpoints().stream().map(e -> e.getNodeName()).distinct().count());
        assertEquals("10.96.0.10", client.services().inNamespace("kube-system").withName("kube-dns").get()
                .getSpec().getClusterIP());
    }

    @Test
    void aLongLivedServerKeepsNoRequestItHasServed() {
        // the sandbox's server runs for hours with a 40 MiB heap: every request kept, body and all, once filled it
        for (int i = 0; i < 300; i++) client.pods().inNamespace("default").list();
        client.nodes().withName("ovn-worker").get();
        assertEquals(0, server.requestsHeld(), "requests still held after being served");
    }

    @Test
    void servesNetworkPoliciesWithIpBlocksExpressionsNamedPortsAndRanges() {
        NetworkPolicy api = client.network().v1().networkPolicies().inNamespace("shop").withName("api-ingress").get();
        assertEquals("In", api.getSpec().getPodSelector().getMatchExpressions().get(0).getOperator());
        assertEquals("http", api.getSpec().getIngress().get(0).getPorts().get(0).getPort().getStrVal());
        NetworkPolicyPort range = api.getSpec().getIngress().get(1).getPorts().get(0);
        assertEquals(9000, range.getPort().getIntVal());
        assertEquals(9100, range.getEndPort());
        assertEquals(List.of("10.244.2.0/24"), api.getSpec().getIngress().get(1).getFrom().get(0).getIpBlock().getExcept());
        Pod pod = client.pods().inNamespace("shop").withName("api-0").get();
        assertEquals("http", pod.getSpec().getContainers().get(0).getPorts().get(0).getName());
        assertEquals(9090, pod.getSpec().getContainers().get(0).getPorts().get(1).getContainerPort());
    }

    @Test
    void servesAdminNetworkPoliciesTheBaselineAndEgressFirewallsAsTheirCrdsDefineThem() {
        ResourceDefinitionContext anp = context("policy.networking.k8s.io", "v1alpha1", "AdminNetworkPolicy",
                "adminnetworkpolicies", false);
        assertEquals(List.of("allow-monitoring", "deny-dev-to-db", "pass-dev"), client.genericKubernetesResources(anp)
                .list().getItems().stream().map(r -> r.getMetadata().getName()).sorted().toList());
        GenericKubernetesResource pass = client.genericKubernetesResources(anp).withName("pass-dev").get();
        assertEquals("policy.networking.k8s.io/v1alpha1", pass.getApiVersion());
        assertEquals(20, ((Number) pass.get("spec", "priority")).intValue());
        assertEquals("Pass", pass.get("spec", "ingress", 0, "action"));
        assertEquals("delegate-dev", pass.get("spec", "ingress", 0, "name"));
        assertTrue(pass.getMetadata().getCreationTimestamp() != null && pass.getMetadata().getUid() != null);

        GenericKubernetesResource banp = client.genericKubernetesResources(context("policy.networking.k8s.io",
                "v1alpha1", "BaselineAdminNetworkPolicy", "baselineadminnetworkpolicies", false)).withName("default").get();
        assertEquals("BaselineAdminNetworkPolicy", banp.getKind());
        assertEquals("Deny", banp.get("spec", "ingress", 0, "action"));

        ResourceDefinitionContext ef = context("k8s.ovn.org", "v1", "EgressFirewall", "egressfirewalls", true);
        assertEquals(1, client.genericKubernetesResources(ef).inAnyNamespace().list().getItems().size());
        GenericKubernetesResource shop = client.genericKubernetesResources(ef).inNamespace("shop").withName("default").get();
        assertEquals("8.8.8.0/24", shop.get("spec", "egress", 1, "to", "cidrSelector"));
        assertEquals(443, ((Number) shop.get("spec", "egress", 1, "ports", 0, "port")).intValue());
        assertTrue(client.genericKubernetesResources(ef).inNamespace("dev").list().getItems().isEmpty());
    }

    @Test
    void kubectlDiscoversThePolicyGroups() throws Exception {
        assertTrue(get("/apis", "application/json").contains("\"groupVersion\":\"policy.networking.k8s.io/v1alpha1\""));
        String anp = get("/apis/policy.networking.k8s.io/v1alpha1", "application/json");
        assertTrue(anp.contains("\"name\":\"baselineadminnetworkpolicies\"") && anp.contains("\"namespaced\":false"), anp);
        assertTrue(get("/apis/k8s.ovn.org/v1", "application/json").contains("\"kind\":\"EgressFirewall\""));
    }

    private static ResourceDefinitionContext context(String group, String version, String kind, String plural,
                                                     boolean namespaced) {
        return new ResourceDefinitionContext.Builder().withGroup(group).withVersion(version).withKind(kind)
                .withPlural(plural).withNamespaced(namespaced).build();
    }

    @Test
    void execPassesOutputErrorsAndTheExitCodeThrough() throws Exception {
        String pod = OvnkubePods.podName("ovn-worker");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (ExecWatch w = client.pods().inNamespace(OvnkubePods.NAMESPACE).withName(pod).inContainer("ovn-controller")
                .writingOutput(out).writingError(err).exec("bash", "-c", "echo 'a+b \"c\"'; echo oops >&2; exit 3")) {
            assertEquals(3, w.exitCode().get(30, TimeUnit.SECONDS));
        }
        assertEquals("a+b \"c\"\n", out.toString(StandardCharsets.UTF_8));
        assertEquals("oops\n", err.toString(StandardCharsets.UTF_8));
        ExecBackend.ExecRequest seen = REQUESTS.get(REQUESTS.size() - 1);
        assertEquals(List.of("bash", "-c", "echo 'a+b \"c\"'; echo oops >&2; exit 3"), seen.command());
        assertEquals("ovn-controller", seen.container());
    }

    @Test
    void stdinReachesTheCommand() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ExecWatch w = client.pods().inNamespace(OvnkubePods.NAMESPACE).withName(OvnkubePods.podName("ovn-worker2"))
                .inContainer("ovnkube-controller").redirectingInput().writingOutput(out).exec("bash", "-c", "head -c 6")) {
            w.getInput().write("flows!and more".getBytes(StandardCharsets.UTF_8));
            w.getInput().flush();
            assertEquals(0, w.exitCode().get(30, TimeUnit.SECONDS));
        }
        assertEquals("flows!", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void execIntoAnApplicationPodFailsWithoutAnExitCode() throws Exception {
        try (ExecWatch w = client.pods().inNamespace("default").withName("fedora-deployment-7d49fddf69-vwjt7")
                .writingOutput(new ByteArrayOutputStream()).exec("bash", "-c", "ovn-nbctl show")) {
            assertEquals(-1, w.exitCode().get(30, TimeUnit.SECONDS));
        }
    }

    @Test
    void kubectlFindsTheResourcesAndGetsTablesWithPodAddresses() throws Exception {
        assertTrue(get("/api/v1", "application/json").contains("\"name\":\"pods\""));
        String table = get("/api/v1/namespaces/restricted/pods", "application/json;as=Table;v=v1;g=meta.k8s.io");
        assertTrue(table.contains("\"kind\":\"Table\"") && table.contains("\"10.244.2.5\""), table);
    }

    @Test
    void spdyExecIsRefusedWithAHint() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.url()
                + "/api/v1/namespaces/ovn-kubernetes/pods/" + OvnkubePods.podName("ovn-worker") + "/exec?command=true"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(400, r.statusCode());
        assertTrue(r.body().contains("ovntrace-sandbox exec"), r.body());
    }

    private static String get(String path, String accept) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.url() + path))
                .header("Accept", accept).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    @Test
    void aTakenPortIsReportedAsSuch() {
        assertThrows(ApiServer.PortInUseException.class, () -> ApiServer.start(TOPOLOGY, r -> null, server.port()));
    }
}
