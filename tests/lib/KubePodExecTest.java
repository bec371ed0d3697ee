package ovntrace.lib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.server.mock.StatusStreamMessage;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import ovntrace.lib.cluster.KubePodExec;
import ovntrace.lib.cluster.PodExec;
import ovntrace.lib.cluster.PodExec.ExecTarget;

/**
 * The fabric8 exec adapter against the mock API server: exit codes and RBAC. Output streams and the deadline are
 * covered against the local cluster's real exec (the mock server can neither hold an exec open nor keep frame order).
 */
@EnableKubernetesMockClient(crud = true)
class KubePodExecTest {

    static KubernetesClient client;
    static KubernetesMockServer server;

    static {
        MockCluster.QUIET.getName();
    }

    /** Only a safety net: these exchanges end on their own, but a loaded machine may be slow to start a WebSocket. */
    private static final Duration SAFETY_NET = Duration.ofSeconds(60);
    private static final ExecTarget T = new ExecTarget("ovn-kubernetes", "ovnkube-node-x", "ovnkube-controller", "n1");
    private static final String PATH = "/api/v1/namespaces/ovn-kubernetes/pods/ovnkube-node-x/exec?";

    @BeforeEach
    void pod() {
        client.pods().inNamespace("ovn-kubernetes").resource(new PodBuilder().withNewMetadata().withName("ovnkube-node-x").endMetadata()
                .withNewSpec().withNodeName("n1").addNewContainer().withName("ovnkube-controller").endContainer().endSpec().build())
                .createOr(r -> r.update());
    }

    /** The exec request for {@code command} under the safety-net deadline: the bounding wrapper, then the command itself. */
    private static String path(String command) {
        StringBuilder query = new StringBuilder();
        for (String arg : KubePodExec.argv(command, SAFETY_NET)) {
            query.append("command=").append(java.net.URLEncoder.encode(arg, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20")).append('&');
        }
        return PATH + query + "container=ovnkube-controller&stdin=true&stdout=true&stderr=true";
    }

    // fabric8's mock server may drop frames after the first one of a scripted exec, so these exchanges carry one frame
    // each; the streams themselves are covered end to end through the local cluster's exec.

    @Test
    void every_command_is_bounded_on_the_node_by_the_deadline_and_by_the_open_stream() {
        java.util.List<String> argv = KubePodExec.argv("ovn-trace --help", Duration.ofSeconds(30));
        assertEquals(java.util.List.of("bash", "-c", KubePodExec.WRAPPER, "ovntrace", "ovn-trace --help", "30"), argv);
        assertTrue(KubePodExec.WRAPPER.contains("timeout -k 2 $2"), "the node ends the command at the deadline");
        assertTrue(KubePodExec.WRAPPER.contains("read -r -u 3"), "and when the client's stream (stdin) closes");
    }

    @Test
    void success_status_is_exit_code_0() throws Exception {
        server.expect().get().withPath(path("true")).andUpgradeToWebSocket().open(new StatusStreamMessage(0)).done().once();
        assertEquals(0, new KubePodExec(client).exec(T, "true", SAFETY_NET).exitCode());
    }

    @Test
    void a_non_zero_exit_is_a_result_not_an_error() throws Exception {
        server.expect().get().withPath(path("exit 3")).andUpgradeToWebSocket().open(new StatusStreamMessage(3)).done().once();
        assertEquals(3, new KubePodExec(client).exec(T, "exit 3", SAFETY_NET).exitCode());
    }

    @Test
    void a_connection_closed_without_exit_status_is_an_exec_failure() {
        server.expect().get().withPath(path("echo x")).andUpgradeToWebSocket().open().done().once();
        PodExec.ExecException e = assertThrows(PodExec.ExecException.class, () -> new KubePodExec(client).exec(T, "echo x", SAFETY_NET));
        assertEquals("the connection to pod ovn-kubernetes/ovnkube-node-x (container ovnkube-controller) closed before the command's exit"
                + " status arrived", e.getMessage());
    }

    @Test
    void the_exec_is_the_only_request_no_read_of_the_pod_before_it() throws Exception {
        server.expect().get().withPath(path("true")).andUpgradeToWebSocket().open(new StatusStreamMessage(0)).done().once();
        int before = server.getRequestCount();
        assertEquals(0, new KubePodExec(client).exec(T, "true", SAFETY_NET).exitCode());
        assertEquals(1, server.getRequestCount() - before, "requests for one exec");
    }

    @Test
    void a_pod_gone_since_it_was_listed_is_named_as_gone_in_the_servers_words_too() {
        PodExec.ExecException e = refusedWith(404, "NotFound", "pods \"ovnkube-node-x\" not found");
        assertEquals("pod ovn-kubernetes/ovnkube-node-x (container ovnkube-controller) is gone (the API server answered the exec"
                + " with HTTP 404: pods \"ovnkube-node-x\" not found): it was deleted, replaced or restarted since ovntrace"
                + " listed it; run ovntrace again", e.getMessage());
    }

    @Test
    void a_refused_exec_says_what_the_api_server_said() {
        PodExec.ExecException e = refusedWith(400, "BadRequest", "container ovnkube-controller is not valid for pod ovnkube-node-x");
        assertEquals("exec into pod ovn-kubernetes/ovnkube-node-x (container ovnkube-controller) was refused by the API server"
                + " with HTTP 400: container ovnkube-controller is not valid for pod ovnkube-node-x", e.getMessage());
    }

    @Test
    void a_request_line_refused_by_a_proxy_without_a_status_suggests_the_command_is_too_long() {
        server.expect().get().withPath(path("true")).andReturn(414, "").once();
        PodExec.ExecException e = assertThrows(PodExec.ExecException.class, () -> new KubePodExec(client).exec(T, "true", SAFETY_NET));
        assertEquals("exec into pod ovn-kubernetes/ovnkube-node-x (container ovnkube-controller) was refused by the API server"
                + " with HTTP 414 (the command may be too long for the server or a proxy on the way)", e.getMessage());
    }

    @Test
    void forbidden_exec_names_the_missing_permission() {
        PodExec.ExecException e = refusedWith(403, "Forbidden",
                "pods \"ovnkube-node-x\" is forbidden: User \"dev\" cannot create resource \"pods/exec\"");
        assertEquals("forbidden: the current user may not create pods/exec in namespace ovn-kubernetes (needed to run ovn-trace in"
                + " ovnkube-node-x; ask for that RBAC permission)", e.getMessage());
    }

    /** The API server answers the exec request with an error status, as it does before any stream opens. */
    private PodExec.ExecException refusedWith(int code, String reason, String message) {
        server.expect().get().withPath(path("true")).andReturn(code, new StatusBuilder().withCode(code).withReason(reason)
                .withMessage(message).build()).once();
        return assertThrows(PodExec.ExecException.class, () -> new KubePodExec(client).exec(T, "true", SAFETY_NET));
    }
}
