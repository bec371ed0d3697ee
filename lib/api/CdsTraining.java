package ovntrace.lib.api;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import ovntrace.lib.cluster.ClusterApi;
import ovntrace.lib.cluster.CustomResource;
import ovntrace.lib.cluster.FabricClusterApi;
import ovntrace.lib.cluster.KubeClients;
import ovntrace.lib.cluster.KubePodExec;
import ovntrace.lib.cluster.PodExec.ExecException;
import ovntrace.lib.cluster.PodExec.ExecTarget;
import ovntrace.report.ReportException;
import ovntrace.report.ReportRenderer;

/**
 * The training run of the class-data-sharing archive that ./jbang's launch cache keeps for ovntrace
 * ({@code // launch-cache cds-training:} in ovntrace.java). Start-up of a trace is mostly class loading and linking
 * (the fabric8 client and model, Jackson building its deserializers, the JDK HTTP client, FreeMarker); the archive
 * holds the classes this run loaded, so it walks the paths a real trace takes without a cluster: a kubeconfig is
 * read, the client asks a throw-away API server on the loopback for the objects a trace reads, an exec is refused
 * the way a real API server refuses one, and a sample report is rendered in every format. Nothing is printed.
 */
public final class CdsTraining {

    private CdsTraining() {}

    public static void run() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", CdsTraining::answer);
        server.start();
        Path kubeconfig = Files.createTempFile("ovntrace-cds-", ".kubeconfig");
        try {
            Files.writeString(kubeconfig, KUBECONFIG.formatted(server.getAddress().getPort()));
            Duration timeout = Duration.ofSeconds(10);
            try (KubernetesClient client = KubeClients.connect(kubeconfig.toString(), "", timeout)) {
                read(new FabricClusterApi(client));
                try {
                    new KubePodExec(client).exec(new ExecTarget("default", "client", "c", "a"),
                            "ovn-trace --version", timeout);
                } catch (RuntimeException | ExecException expected) {
                    // the refusal's path (status parsing, the error's translation) is part of what is loaded
                }
            }
            ReportRenderer.create(Optional.empty()).warmUp();
        } catch (ReportException e) {
            throw new IOException(e);
        } finally {
            server.stop(0);
            Files.deleteIfExists(kubeconfig);
        }
    }

    /** Every kind of read a trace, a matrix or a policy lookup makes. */
    private static void read(ClusterApi api) {
        api.pod("default", "client");
        api.pods("default");
        api.podsWithLabel("", "app", "ovnkube-node");
        api.namespaceExists("default");
        api.namespace("default");
        api.node("a");
        api.nodes();
        api.service("default", "web");
        api.endpointSlices("default", "web");
        api.networkPolicy("default", "deny");
        api.networkPolicies("default");
        for (CustomResource r : CustomResource.values()) api.customResource(r, "default", "none");
    }

    /** The objects by path; what is not here (custom resources, exec) is refused as a real server refuses it. */
    private static void answer(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String body;
        int status = 200;
        if (path.endsWith("/exec")) {
            status = 403;
            body = STATUS.formatted(403, "Forbidden", "pods \\\"client\\\" is forbidden: cannot create pods/exec");
        } else if (path.matches("/api/v1/(namespaces/[^/]+/)?pods")) {
            body = list("PodList", POD);
        } else if (path.matches("/api/v1/namespaces/[^/]+/pods/[^/]+")) {
            body = POD;
        } else if (path.equals("/api/v1/nodes")) {
            body = list("NodeList", NODE);
        } else if (path.startsWith("/api/v1/nodes/")) {
            body = NODE;
        } else if (path.matches("/api/v1/namespaces/[^/]+")) {
            body = "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"default\",\"labels\":{\"kubernetes.io/metadata.name\":\"default\"}}}";
        } else if (path.matches("/api/v1/namespaces/[^/]+/services/[^/]+")) {
            body = SERVICE;
        } else if (path.endsWith("/endpointslices")) {
            body = list("EndpointSliceList", ENDPOINT_SLICE);
        } else if (path.endsWith("/networkpolicies")) {
            body = list("NetworkPolicyList", NETWORK_POLICY);
        } else if (path.matches(".*/networkpolicies/[^/]+")) {
            body = NETWORK_POLICY;
        } else {
            status = 404;
            body = STATUS.formatted(404, "NotFound", "not found");
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static String list(String kind, String item) {
        return "{\"apiVersion\":\"v1\",\"kind\":\"" + kind + "\",\"metadata\":{\"resourceVersion\":\"1\"},\"items\":[" + item + "]}";
    }

    private static final String KUBECONFIG = """
            apiVersion: v1
            kind: Config
            clusters:
            - name: training
              cluster:
                server: http://127.0.0.1:%d
            contexts:
            - name: training
              context:
                cluster: training
                user: training
                namespace: default
            current-context: training
            users:
            - name: training
              user:
                token: training
            """;

    private static final String STATUS = """
            {"apiVersion":"v1","kind":"Status","status":"Failure","code":%d,"reason":"%s","message":"%s"}""";

    private static final String POD = """
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"client","namespace":"default","uid":"1",
             "labels":{"app":"client"},"annotations":{"k8s.ovn.org/pod-networks":
             "{\\"default\\":{\\"ip_addresses\\":[\\"10.244.0.5/24\\"],\\"mac_address\\":\\"0a:58:0a:f4:00:05\\",\\"gateway_ips\\":[\\"10.244.0.1\\"],\\"role\\":\\"primary\\"}}"},
             "ownerReferences":[{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"client-1","uid":"2","controller":true}]},
             "spec":{"nodeName":"a","hostNetwork":false,"containers":[{"name":"c","image":"fedora",
               "ports":[{"name":"dns","containerPort":53,"protocol":"UDP"}]}]},
             "status":{"phase":"Running","podIP":"10.244.0.5","podIPs":[{"ip":"10.244.0.5"}],"hostIP":"172.18.0.2",
               "conditions":[{"type":"Ready","status":"True"}],
               "containerStatuses":[{"name":"c","ready":true,"restartCount":0,"image":"fedora","imageID":"x",
                 "state":{"running":{"startedAt":"2024-01-01T00:00:00Z"}}}]}}""";

    private static final String NODE = """
            {"apiVersion":"v1","kind":"Node","metadata":{"name":"a","labels":{"kubernetes.io/hostname":"a"},
             "annotations":{"k8s.ovn.org/zone-name":"a","k8s.ovn.org/node-subnets":"{\\"default\\":[\\"10.244.0.0/24\\"]}",
             "k8s.ovn.org/node-primary-ifaddr":"{\\"ipv4\\":\\"172.18.0.2/16\\"}"}},
             "spec":{"podCIDR":"10.244.0.0/24","podCIDRs":["10.244.0.0/24"]},
             "status":{"addresses":[{"type":"InternalIP","address":"172.18.0.2"},{"type":"Hostname","address":"a"}],
               "conditions":[{"type":"Ready","status":"True","lastHeartbeatTime":"2024-01-01T00:00:00Z"}],
               "nodeInfo":{"kubeletVersion":"v1.30.0","osImage":"Debian","architecture":"amd64"}}}""";

    private static final String SERVICE = """
            {"apiVersion":"v1","kind":"Service","metadata":{"name":"web","namespace":"default"},
             "spec":{"type":"ClusterIP","clusterIP":"10.96.0.10","clusterIPs":["10.96.0.10"],"ipFamilies":["IPv4"],
               "selector":{"app":"web"},"ports":[{"name":"http","port":80,"protocol":"TCP","targetPort":8080}]},
             "status":{"loadBalancer":{}}}""";

    private static final String ENDPOINT_SLICE = """
            {"apiVersion":"discovery.k8s.io/v1","kind":"EndpointSlice","metadata":{"name":"web-1","namespace":"default",
             "labels":{"kubernetes.io/service-name":"web"}},"addressType":"IPv4",
             "endpoints":[{"addresses":["10.244.0.5"],"conditions":{"ready":true,"serving":true,"terminating":false},
               "nodeName":"a","targetRef":{"kind":"Pod","name":"client","namespace":"default"}}],
             "ports":[{"name":"http","port":8080,"protocol":"TCP"}]}""";

    private static final String NETWORK_POLICY = """
            {"apiVersion":"networking.k8s.io/v1","kind":"NetworkPolicy","metadata":{"name":"deny","namespace":"default"},
             "spec":{"podSelector":{"matchLabels":{"app":"web"}},"policyTypes":["Ingress","Egress"],
               "ingress":[{"from":[{"podSelector":{"matchExpressions":[{"key":"app","operator":"In","values":["client"]}]}},
                 {"ipBlock":{"cidr":"10.0.0.0/8","except":["10.1.0.0/16"]}}],"ports":[{"protocol":"TCP","port":8080}]}],
               "egress":[{"to":[{"namespaceSelector":{}}]}]}}""";
}
