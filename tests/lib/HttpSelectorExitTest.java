package ovntrace.lib;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ovntrace.lib.cluster.KubeClients;
import ovntrace.support.Processes;

/**
 * Before ovntrace calls System.exit it ends the JDK HTTP client's selector thread: HotSpot's exit otherwise waits
 * 300 ms for that thread, which sits in native code (epoll_wait) for as long as the JVM lives. Runs in a JVM of its
 * own, since ending the selectors stops every client of the JVM (the test JVM's shared clusters use theirs).
 */
class HttpSelectorExitTest {

    @Test
    void aClosedClientLeavesNoSelectorThreadInNativeCode(@TempDir Path tmp) throws Exception {
        Path kubeconfig = tmp.resolve("kubeconfig");
        // nothing listens there and nothing is asked: building a client starts its selector thread
        Files.writeString(kubeconfig, """
                apiVersion: v1
                kind: Config
                clusters: [{name: c, cluster: {server: "https://127.0.0.1:9"}}]
                users: [{name: u, user: {token: t}}]
                contexts: [{name: x, context: {cluster: c, user: u}}]
                current-context: x
                """);
        Processes.Outcome o = Processes.run(Processes.java(Child.class.getName(), kubeconfig.toString()), tmp, Map.of(),
                Duration.ofMinutes(2));
        assertEquals("selectors with a client: 1, after the client was closed and the selectors ended: 0", o.stdout().strip(),
                o.describe());
    }

    /** The CLI's way out: client closed, selectors ended, then exit. */
    public static final class Child {
        public static void main(String[] args) {
            long with;
            try (KubernetesClient client = KubeClients.connect(args[0], null)) {
                client.getMasterUrl();
                with = selectors();
            }
            KubeClients.endHttpSelectors(Duration.ofMinutes(1));
            System.out.println("selectors with a client: " + with + ", after the client was closed and the selectors ended: "
                    + selectors());
            System.exit(0);
        }

        private static long selectors() {
            return Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.isAlive() && t.getClass().getName().endsWith("HttpClientImpl$SelectorManager")).count();
        }
    }
}
