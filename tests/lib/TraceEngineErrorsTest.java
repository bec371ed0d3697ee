package ovntrace.lib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import ovntrace.lib.cluster.AddressFamily;
import ovntrace.lib.cluster.Annotations;
import ovntrace.lib.cluster.EngineOptions;
import ovntrace.lib.cluster.FabricClusterApi;
import ovntrace.lib.cluster.Fact;
import ovntrace.lib.cluster.PodRef;
import ovntrace.lib.cluster.Protocol;
import ovntrace.lib.cluster.TraceError;
import ovntrace.lib.cluster.TraceLog;
import ovntrace.lib.trace.StepResult;
import ovntrace.lib.trace.TraceEngine;
import ovntrace.lib.trace.TraceRequest;
import ovntrace.lib.trace.TraceRequest.Target;
import ovntrace.lib.trace.TraceResult;
import ovntrace.lib.trace.Verdict;

/**
 * Each kind of bad input or broken cluster ends in one clear line and exit code 1, and nothing runs in a node pod
 * when the problem is already visible in the API.
 */
@EnableKubernetesMockClient(crud = true)
class TraceEngineErrorsTest {

    static KubernetesClient client;
    static KubernetesMockServer server;

    static {
        MockCluster.QUIET.getName();
    }

    private static final String A = "fedora-deployment-7d49fddf69-chmvh", B = "fedora-deployment-7d49fddf69-t4hqw";
    private ScriptedPodExec exec;

    @BeforeEach
    void cluster() {
        MockCluster.seed(client, true);
        exec = new ScriptedPodExec(new FakeNodes(true));
    }

    private TraceResult run(String src, Target target, AddressFamily family, Duration timeout) {
        TraceRequest req = new TraceRequest(new PodRef("default", src), target, Protocol.TCP, 80, family, false, false);
        return new TraceEngine(new FabricClusterApi(client), exec, new EngineOptions("", null, timeout, 4, true, true, TraceLog.NONE)).run(req);
    }

    private TraceError error(String src, Target target) {
        return error(src, target, AddressFamily.IP4);
    }

    private TraceError error(String src, Target target, AddressFamily family) {
        TraceError e = assertThrows(TraceError.class, () -> run(src, target, family, Duration.ofSeconds(5)));
        assertEquals(1, e.exitCode());
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        return e;
    }

    private static Target pod(String ns, String name) {
        return new Target.Pod(new PodRef(ns, name));
    }

    @Test
    void missing_pod() {
        assertEquals("Failed to get information from pod nope: pods \"nope\" not found in namespace default (check -dst and -dst-namespace)",
                error(A, pod("default", "nope")).getMessage());
        assertEquals(List.of(), exec.calls(), "nothing ran in the cluster");
    }

    @Test
    void missing_namespace() {
        assertEquals("Failed to get information from pod x: namespace \"nope\" not found (check -src and -src-namespace)",
                assertThrows(TraceError.class, () -> new TraceEngine(new FabricClusterApi(client), exec, EngineOptions.defaults())
                        .run(new TraceRequest(new PodRef("nope", "x"), pod("default", B), Protocol.TCP, 80, AddressFamily.IP4, false, false)))
                        .getMessage());
        assertEquals(List.of(), exec.calls());
    }

    @Test
    void missing_service_and_service_without_endpoints() {
        assertEquals("Failed to get information from service nope: service nope in namespace default not found (check -service and -dst-namespace)",
                error(A, new Target.Service(new PodRef("default", "nope"))).getMessage());
        client.services().inNamespace("default").resource(new io.fabric8.kubernetes.api.model.ServiceBuilder().withNewMetadata()
                .withName("empty").endMetadata().withNewSpec().withClusterIP("10.96.0.30").addNewPort().withPort(80).endPort().endSpec().build()).create();
        assertTrue(error(A, new Target.Service(new PodRef("default", "empty"))).getMessage().startsWith(
                "Failed to get information from service empty: could not extract pod and port information from endpointslice for service empty"));
        assertEquals(List.of(), exec.calls());
    }

    @Test
    void a_service_port_that_is_not_exposed_for_the_protocol_is_an_error_that_lists_the_ports() {
        TraceRequest req = new TraceRequest(new PodRef("default", A), new Target.Service(new PodRef("default", "web")), Protocol.TCP,
                443, AddressFamily.IP4, false, false);
        TraceError e = assertThrows(TraceError.class, () -> new TraceEngine(new FabricClusterApi(client), exec, EngineOptions.defaults()).run(req));
        assertEquals("Failed to get information from service web: service web in namespace default does not expose TCP port 443;"
                + " its ports are 80/TCP, 80/UDP (check -dst-port and -tcp/-udp)", e.getMessage());
        assertEquals(List.of(), exec.calls(), "nothing was traced towards a port no client could reach");
    }

    @Test
    void a_pod_without_the_ovn_annotation_is_named() {
        Fact<String> mac = Annotations.podMac(new PodRef("shop", "cart-0"), java.util.Map.of());
        assertEquals("could not find OVN pod annotation k8s.ovn.org/pod-networks on pod shop/cart-0 (is ovn-kubernetes managing its"
                + " network? check: kubectl -n shop get pod cart-0 -o yaml)", mac.problem());
    }

    @Test
    void pod_without_an_ip_of_the_family() {
        assertEquals("Failed to get information from pod " + A + ": could not find desired pod ip address for the given address family"
                + " (-addr-family ip6; the pod has 10.244.2.3)", error(A, pod("default", B), AddressFamily.IP6).getMessage());
        assertEquals(List.of(), exec.calls());
    }

    @Test
    void external_ip_of_the_other_family() {
        assertEquals("Pod src IP address family (address: 10.244.2.3) and destination IP address family (address: 2001:db8::1) do not match"
                + " (use -addr-family ip6)", error(A, new Target.Ip("2001:db8::1")).getMessage());
    }

    @Test
    void node_without_an_ovnkube_node_pod() {
        client.pods().inNamespace("ovn-kubernetes").withName("ovnkube-node-1").delete();
        assertEquals("cannot find ovnkube-node pod on node ovn-worker in namespace ovn-kubernetes (is ovnkube-node running there?"
                + " check: kubectl -n ovn-kubernetes get pods -o wide)", error(A, pod("default", B)).getMessage());
        assertEquals(List.of(), exec.calls());
    }

    @Test
    void no_ovn_kubernetes_at_all() {
        for (int i = 0; i < 3; i++) client.pods().inNamespace("ovn-kubernetes").withName("ovnkube-node-" + i).delete();
        assertTrue(error(A, pod("default", B)).getMessage().startsWith("Cannot find ovnkube pods in any namespace"));
    }

    @Test
    void a_node_that_hangs_during_the_lookups_spoils_only_its_own_steps() {
        exec.hang("ovn-worker");
        TraceResult r = run(A, pod("default", B), AddressFamily.IP4, Duration.ofSeconds(1));
        String why = "cannot run commands in pod ovn-kubernetes/ovnkube-node-1 on node ovn-worker: timed out after 1s in pod"
                + " ovn-kubernetes/ovnkube-node-1 (container ovnkube-controller) (raise --timeout if the node is just slow)";
        List<StepResult> onWorker = r.steps().stream().filter(s -> s.where().node().equals("ovn-worker")).toList();
        assertFalse(onWorker.isEmpty());
        assertTrue(onWorker.stream().allMatch(s -> s.verdict() == Verdict.INCONCLUSIVE && s.reason().equals(why)), onWorker.toString());
        assertTrue(r.steps().stream().filter(s -> s.where().node().equals("ovn-worker2")).anyMatch(s -> s.verdict() == Verdict.PASS),
                "the source node's steps still ran: " + r.steps());
        assertEquals(1, r.exitCode());
        // bounded by --timeout: every exec carries it as its deadline (not measured: a loaded machine is slow anyway)
        assertEquals(java.util.Set.of(Duration.ofSeconds(1)), exec.deadlines(), "every exec call gets the --timeout deadline");
        assertTrue(exec.calls().stream().filter(c -> c.where().node().equals("ovn-worker")).count() <= 2,
                "the silent node is not asked again for every step: " + exec.commands());
    }

    @Test
    void exec_that_hangs_during_the_traces_makes_those_steps_inconclusive_and_the_others_still_judged() {
        // the two nodes' lookup execs (which run every step that needs only that node's facts) work, the receiving
        // nodes' steps hang
        exec.hangAfter(2);
        TraceResult r = run(A, pod("default", B), AddressFamily.IP4, Duration.ofSeconds(1));
        long inconclusive = r.steps().stream().filter(s -> s.verdict() == Verdict.INCONCLUSIVE).count();
        long passed = r.steps().stream().filter(s -> s.verdict() == Verdict.PASS).count();
        assertTrue(inconclusive > 0 && passed > 0, r.steps().toString());
        assertTrue(r.steps().stream().filter(s -> s.verdict() == Verdict.INCONCLUSIVE).allMatch(s -> s.reason().contains("timed out after 1s")));
        assertEquals(1, r.exitCode());
    }

    @Test
    void exec_forbidden_by_rbac() {
        exec.forbid("ovn-worker2");
        TraceResult r = run(A, pod("default", B), AddressFamily.IP4, Duration.ofSeconds(5));
        assertEquals("cannot run commands in pod ovn-kubernetes/ovnkube-node-2 on node ovn-worker2: forbidden: the current user may not"
                + " create pods/exec in namespace ovn-kubernetes (needed to run ovn-trace in ovnkube-node-2; ask for that RBAC permission)",
                r.steps().get(0).reason());
        assertEquals(1, r.exitCode());
    }

    @Test
    void api_reads_forbidden_by_rbac() {
        server.expect().get().withPath("/api/v1/namespaces/default/pods/" + A)
                .andReturn(403, new StatusBuilder().withCode(403).withReason("Forbidden")
                        .withMessage("pods \"" + A + "\" is forbidden: User \"dev\" cannot get resource \"pods\"").build()).once();
        assertEquals("forbidden: the current user may not get pods in namespace default; ovntrace needs get/list on pods, nodes,"
                + " services and endpointslices and create on pods/exec in the ovn-kubernetes namespace (see rbac.yaml,"
                + " or use an admin kubeconfig)", error(A, pod("default", B)).getMessage());
        assertEquals(List.of(), exec.calls());
    }
}
