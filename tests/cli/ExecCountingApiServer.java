package ovntrace.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import ovntrace.lib.MockCluster;

/**
 * fabric8's mock API server (CRUD mode) holding the documentation example's cluster, which counts every
 * {@code pods/exec} request it receives. "Nothing was run" is then a fact the server saw, not a claim of the CLI:
 * a bad value that slipped through validation shows up as an exec request into an ovnkube-node pod. Requests are
 * counted per bearer token, so each run gets its own kubeconfig and token: an exec still in flight from an earlier
 * run (which a slow machine delivers late) is never counted against a later one.
 */
final class ExecCountingApiServer implements AutoCloseable {

    private static final Pattern EXEC = Pattern.compile("/api/v1/namespaces/[^/]+/pods/[^/]+/exec(\\?.*)?");

    static {
        MockCluster.QUIET.getName(); // the mock web server logs every request at INFO
    }

    private final Map<String, AtomicInteger> execsByToken = new ConcurrentHashMap<>();
    private final KubernetesMockServer server;

    ExecCountingApiServer() {
        KubernetesCrudDispatcher counting = new KubernetesCrudDispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                if (EXEC.matcher(request.getPath()).matches()) {
                    String auth = String.valueOf(request.getHeader("Authorization"));
                    execsByToken.computeIfAbsent(auth.replaceFirst("^Bearer ", ""), t -> new AtomicInteger()).incrementAndGet();
                }
                return super.dispatch(request);
            }
        };
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), counting, false);
        server.init();
        try (KubernetesClient client = server.createClient()) {
            MockCluster.seed(client, true);
        }
    }

    /** Exec requests received from clients that sent {@code token}. */
    int execCount(String token) {
        AtomicInteger n = execsByToken.get(token);
        return n == null ? 0 : n.get();
    }

    String url() {
        return "http://" + server.getHostName() + ":" + server.getPort();
    }

    /** A kubeconfig with one context {@code mock} for this server and user {@code token}; current context {@code currentContext}. */
    Path kubeconfig(Path file, String currentContext, String token) throws Exception {
        Files.writeString(file, String.join("\n", "apiVersion: v1", "kind: Config", "current-context: " + currentContext,
                "clusters:", "- name: mock", "  cluster:", "    server: " + url(),
                "contexts:", "- name: mock", "  context:", "    cluster: mock", "    user: mock",
                "users:", "- name: mock", "  user:", "    token: " + token, ""));
        return file;
    }

    @Override
    public void close() {
        server.destroy();
    }
}
