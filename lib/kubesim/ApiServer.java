package ovntrace.kubesim;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import java.util.logging.Level;
import java.util.logging.Logger;
import ovntrace.ovn.SandboxLayout;
import ovntrace.topology.Topology;

/**
 * The emulated Kubernetes API server: fabric8's mock server in CRUD mode on 127.0.0.1, seeded with the topology's
 * objects ({@link ClusterObjects}), answering pods/exec through an {@link ExecBackend}. Usable in-process (tests)
 * or as the sandbox's background process ({@link ApiServerMain}).
 */
public final class ApiServer implements AutoCloseable {

    /** Held strongly: java.util.logging forgets the level of loggers nobody references. */
    private static final Logger MOCK_LOG = Logger.getLogger(MockWebServer.class.getName());

    private final KubernetesMockServer server;
    private final ExecDispatcher dispatcher;
    private final MockWebServer http;

    private ApiServer(KubernetesMockServer server, ExecDispatcher dispatcher, MockWebServer http) {
        this.server = server;
        this.dispatcher = dispatcher;
        this.http = http;
    }

    /**
     * Starts on {@code port} (0: any free port) and creates every object of {@code topology}.
     *
     * @throws PortInUseException if {@code port} is taken
     */
    public static ApiServer start(Topology topology, ExecBackend backend, int port) throws IOException {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        if (port != 0 && !isFree(port)) {
            throw new PortInUseException(port);
        }
        MOCK_LOG.setLevel(Level.WARNING); // it logs every request at INFO
        Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
        MockWebServer http = new MockWebServer();
        // the mock server keeps every request, body and all, for a test's takeRequest(); nothing here asks, so a
        // long-lived sandbox forgot them only when its 40 MiB heap ran out (after ~17,000 requests)
        ExecDispatcher dispatcher = new ExecDispatcher(new KubernetesMixedDispatcher(responses), backend, http::reset);
        KubernetesMockServer server = new KubernetesMockServer(new Context(), http, responses, dispatcher, false);
        server.init(loopback, port);
        ApiServer api = new ApiServer(server, dispatcher, http);
        try (KubernetesClient client = api.client()) {
            for (HasMetadata object : ClusterObjects.of(topology)) {
                client.resource(object).create();
            }
        }
        return api;
    }

    /**
     * From now on, log every request to the sandbox's request log and obey its fault switches ({@link Fault}).
     * Called after {@link #start}, so the seeding's own requests are not in the log.
     */
    public void serveSandbox(SandboxLayout layout) {
        dispatcher.observe(new RequestLog(layout.requestLog()), new Faults(layout));
    }

    /** How many requests the mock server holds for a takeRequest() nobody makes: none once each is served. */
    public int requestsHeld() {
        return http.getRequestCount();
    }

    public int port() {
        return server.getPort();
    }

    /** {@code http://127.0.0.1:<port>}. */
    public String url() {
        return "http://127.0.0.1:" + port();
    }

    /**
     * A client for this server (JDK HTTP client, 60 s request timeout: the 10 s default is too short for a first
     * exec on a loaded CI machine); close it after use.
     */
    public KubernetesClient client() {
        Config config = new ConfigBuilder(Config.empty()).withMasterUrl(url()).withNamespace("default")
                .withRequestTimeout(60_000).withConnectionTimeout(30_000).build();
        return new KubernetesClientBuilder().withConfig(config).withHttpClientFactory(new JdkHttpClientFactory()).build();
    }

    @Override
    public void close() {
        server.destroy();
    }

    /** True if a server could listen on 127.0.0.1:{@code port} now. */
    public static boolean isFree(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The requested port is taken. */
    public static final class PortInUseException extends IOException {
        public PortInUseException(int port) {
            super("port " + port + " on 127.0.0.1 is already in use");
        }
    }
}
