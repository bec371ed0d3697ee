package ovntrace.lib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.NamedContext;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ovntrace.kubesim.Kubeconfig;
import ovntrace.lib.cluster.FabricClusterApi;
import ovntrace.lib.cluster.KubeClients;
import ovntrace.lib.cluster.KubeNode;
import ovntrace.lib.cluster.KubePod;
import ovntrace.support.Processes;

/**
 * ovntrace reads a kubeconfig itself (once, and without fabric8's search of the class path for every Kubernetes kind)
 * and must end up with the client configuration fabric8 would have made: the same server, context, namespace,
 * credentials, proxies, and certificate paths resolved against the kubeconfig's folder.
 */
class KubeconfigTest {

    /** Two contexts on two clusters; relative certificate paths; a token user and a certificate user. */
    private static final String KUBECONFIG = """
            apiVersion: v1
            kind: Config
            clusters:
            - name: prod
              cluster:
                server: https://prod.example:6443
                certificate-authority: certs/ca.crt
                proxy-url: http://proxy.example:3128
            - name: lab
              cluster:
                server: https://lab.example:6443
                insecure-skip-tls-verify: true
            users:
            - name: sre
              user:
                client-certificate: certs/sre.crt
                client-key: certs/sre.key
            - name: bot
              user:
                token: t0ken
            contexts:
            - name: prod-sre
              context: {cluster: prod, user: sre, namespace: openshift-ovn-kubernetes}
            - name: lab-bot
              context: {cluster: lab, user: bot}
            current-context: prod-sre
            """;

    @Test
    void aKubeconfigFileGivesTheConfigurationFabric8Makes(@TempDir Path tmp) throws Exception {
        Path kubeconfig = write(tmp);
        for (String context : new String[] {null, "lab-bot", "prod-sre"}) {
            assertEquals(describe(Config.fromKubeconfig(context, kubeconfig.toFile())),
                    describe(KubeClients.config(kubeconfig.toString(), context)), "context " + context);
        }
        assertTrue(describe(KubeClients.config(kubeconfig.toString(), null)).contains("ca " + tmp.resolve("certs/ca.crt")),
                "the relative certificate path resolves against the kubeconfig's folder");
    }

    @Test
    void aDiscoveredKubeconfigGivesWhatFabric8AutoConfigures(@TempDir Path tmp) throws Exception {
        Path kubeconfig = write(tmp);
        // $KUBECONFIG's stand-in (-Dkubeconfig) and an environment variable fabric8 lays on top of a discovered one
        Map<String, String> env = Map.of("KUBERNETES_NAMESPACE", "from-the-environment");
        for (String context : new String[] {"", "lab-bot"}) {
            Processes.Outcome ours = Processes.run(Processes.java("-Dkubeconfig=" + kubeconfig, Child.class.getName(), "ours",
                    context), tmp, env, Duration.ofMinutes(2));
            Processes.Outcome fabric8 = Processes.run(Processes.java("-Dkubeconfig=" + kubeconfig, Child.class.getName(),
                    "fabric8", context), tmp, env, Duration.ofMinutes(2));
            assertEquals(0, ours.exitCode(), ours.describe());
            assertEquals(fabric8.stdout(), ours.stdout(), "context '" + context + "'\n" + ours.describe());
            assertTrue(ours.stdout().contains("namespace from-the-environment"), ours.describe());
        }
    }

    @Test
    void connectingAndReadingPodsAndNodesLoadsNoKindOvntraceNeverReads(@TempDir Path tmp) throws Exception {
        Path log = tmp.resolve("classes.log");
        Processes.Outcome o = Processes.run(Processes.java("-Xlog:class+load:file=" + log, Child.class.getName(), "connect",
                tmp.toString()), tmp, Map.of(), Duration.ofMinutes(2));
        assertEquals(0, o.exitCode(), o.describe());
        assertEquals("ovnkube-node-x on ovn-worker: ovnkube-controller; nodes: ovn-worker InternalIP 172.18.0.3", o.stdout().strip(),
                "the answers were read");
        List<String> loaded = Files.readAllLines(log);
        assertTrue(loaded.stream().anyMatch(l -> l.contains(" ovntrace.lib.cluster.KubePod ")), "the log lists classes");
        // fabric8's search of the class path loads every kind the model jars list, Gateway API routes among them
        List<String> gateway = loaded.stream().filter(l -> l.contains("io.fabric8.kubernetes.api.model.gatewayapi.")).toList();
        assertEquals(0, gateway.size(), gateway.size() + " Gateway API classes loaded, the first: " + gateway.stream().findFirst());
        // nor are fabric8's Pod and Node models read (Jackson would build deserializers for all they reach: see KubePod);
        // the Pod class itself is loaded where fabric8 registers its handlers, which reads none of its fields
        List<String> models = loaded.stream().filter(l -> l.matches(".* io\\.fabric8\\.kubernetes\\.api\\.model\\.(Pod|Node)(Spec|Status) .*"))
                .toList();
        assertEquals(List.of(), models);
    }

    private static Path write(Path tmp) throws Exception {
        Files.createDirectories(tmp.resolve("certs"));
        Files.writeString(tmp.resolve("certs/ca.crt"), "not read\n");
        Files.writeString(tmp.resolve("certs/sre.crt"), "not read\n");
        Files.writeString(tmp.resolve("certs/sre.key"), "-----BEGIN EC PRIVATE KEY-----\nAAAA\n-----END EC PRIVATE KEY-----\n");
        Path kubeconfig = tmp.resolve("kubeconfig");
        Files.writeString(kubeconfig, KUBECONFIG);
        return kubeconfig;
    }

    static String describe(Config c) {
        String contexts = c.getContexts() == null ? "none"
                : c.getContexts().stream().map(NamedContext::getName).sorted().collect(Collectors.joining(","));
        return String.join("\n", "master " + c.getMasterUrl(), "namespace " + c.getNamespace(),
                "context " + (c.getCurrentContext() == null ? null : c.getCurrentContext().getName()), "contexts " + contexts,
                "ca " + c.getCaCertFile(), "ca data " + c.getCaCertData(), "trust " + c.isTrustCerts(),
                "no hostname check " + c.isDisableHostnameVerification(), "cert " + c.getClientCertFile(),
                "key " + c.getClientKeyFile(), "key algorithm " + c.getClientKeyAlgo(), "token " + c.getAutoOAuthToken(),
                "oauth " + c.getOauthToken(), "user " + c.getUsername(), "password " + c.getPassword(),
                "http proxy " + c.getHttpProxy(), "https proxy " + c.getHttpsProxy(), "file " + c.getFile(),
                "cluster file " + c.getFileWithCluster(), "user file " + c.getFileWithAuthInfo(),
                "timeouts " + c.getRequestTimeout() + "/" + c.getConnectionTimeout());
    }

    /** A fresh JVM: system properties and environment variables of its own, and a class loading log of its own. */
    public static final class Child {
        public static void main(String[] args) {
            switch (args[0]) {
                case "ours" -> System.out.println(describe(KubeClients.config(null, args.length > 1 ? args[1] : "")));
                case "fabric8" -> System.out.println(describe(Config.autoConfigure(args.length > 1 && !args[1].isEmpty()
                        ? args[1] : null)));
                default -> connectAndRead(Path.of(args[1]));
            }
            System.exit(0);
        }

        /** What a run does first: connect, list the ovnkube-node pods, read the nodes; from an API server on loopback. */
        private static void connectAndRead(Path dir) {
            HttpServer server;
            try {
                server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
                Files.writeString(dir.resolve("local-kubeconfig"), Kubeconfig.text("http://127.0.0.1:" + server.getAddress().getPort()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            server.createContext("/", exchange -> {
                byte[] body = (exchange.getRequestURI().getPath().endsWith("/pods") ? OVNKUBE_PODS : NODES)
                        .getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.start();
            try (KubernetesClient client = KubeClients.connect(dir.resolve("local-kubeconfig").toString(), "")) {
                FabricClusterApi api = new FabricClusterApi(client);
                KubePod pod = api.podsWithLabel(null, "app", "ovnkube-node").get(0);
                KubeNode node = api.nodes().get(0);
                System.out.println(pod.name() + " on " + pod.nodeName() + ": " + String.join(",", pod.containers()) + "; nodes: "
                        + node.name() + " " + node.addresses().get(0).type() + " " + node.addresses().get(0).address());
            } finally {
                server.stop(0);
            }
        }

        private static final String OVNKUBE_PODS = """
                {"apiVersion":"v1","kind":"PodList","metadata":{"resourceVersion":"1"},"items":[{"apiVersion":"v1","kind":"Pod",
                 "metadata":{"name":"ovnkube-node-x","namespace":"ovn-kubernetes","labels":{"app":"ovnkube-node"}},
                 "spec":{"nodeName":"ovn-worker","hostNetwork":true,"containers":[{"name":"ovnkube-controller","image":"ovn-daemonset",
                  "securityContext":{"privileged":true},"volumeMounts":[{"name":"run-ovn","mountPath":"/var/run/ovn"}]}],
                  "volumes":[{"name":"run-ovn","hostPath":{"path":"/var/run/ovn","type":""}}]},
                 "status":{"phase":"Running","podIPs":[{"ip":"172.18.0.3"}]}}]}
                """;
        private static final String NODES = """
                {"apiVersion":"v1","kind":"NodeList","metadata":{"resourceVersion":"1"},"items":[{"apiVersion":"v1","kind":"Node",
                 "metadata":{"name":"ovn-worker","annotations":{"k8s.ovn.org/zone-name":"ovn-worker"}},
                 "spec":{"podCIDR":"10.244.1.0/24"},"status":{"addresses":[{"address":"172.18.0.3","type":"InternalIP"}]}}]}
                """;
    }
}
