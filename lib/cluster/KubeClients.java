package ovntrace.lib.cluster;

import io.fabric8.kubernetes.api.model.NamedContext;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.PodList;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.internal.KubeConfigUtils;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Builds the fabric8 client the way kubectl finds its configuration, with the JDK HTTP client. A kubeconfig is
 * checked before it is used, so that an empty file, a missing context or a dangling current-context is reported
 * as such rather than as an unreachable server at fabric8's fallback address.
 */
public final class KubeClients {

    private KubeClients() {}

    /** {@link #connect(String, String, Duration)} with the default deadline. */
    public static KubernetesClient connect(String kubeconfig, String context) {
        return connect(kubeconfig, context, EngineOptions.DEFAULT_TIMEOUT);
    }

    /**
     * {@code kubeconfig} blank: {@code $KUBECONFIG} (merged), then {@code ~/.kube/config}, then the in-cluster
     * service account. {@code context} blank: the kubeconfig's current context. Every API request must be answered
     * within {@code timeout} (a server that accepts connections and never answers would otherwise hold the run).
     */
    public static KubernetesClient connect(String kubeconfig, String context, Duration timeout) {
        KubernetesSerialization serialization = warmedUp(new KubernetesSerialization());
        Config config = config(kubeconfig, context);
        // fabric8 retries a refused connection for ~20 s by default; a wrong kubeconfig should fail at once
        config.setRequestRetryBackoffLimit(0);
        int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        config.setRequestTimeout(millis);
        config.setConnectionTimeout(millis);
        return new KubernetesClientBuilder().withConfig(config).withKubernetesSerialization(serialization)
                .withHttpClientFactory(new JdkHttpClientFactory()).build();
    }

    /** What every trace reads first: the ovnkube-node pods, the two pods, their nodes. */
    private static final String WARM_UP_POD_LIST = "{\"apiVersion\":\"v1\",\"kind\":\"PodList\",\"items\":[{\"apiVersion\":\"v1\","
            + "\"kind\":\"Pod\",\"metadata\":{\"name\":\"p\",\"annotations\":{\"a\":\"b\"}},\"spec\":{\"containers\":[{\"name\":\"c\"}]},"
            + "\"status\":{\"podIPs\":[{\"ip\":\"10.0.0.1\"}]}}]}";
    private static final String WARM_UP_NODE = "{\"apiVersion\":\"v1\",\"kind\":\"Node\",\"metadata\":{\"name\":\"n\"},"
            + "\"status\":{\"addresses\":[{\"type\":\"InternalIP\",\"address\":\"10.0.0.2\"}]}}";

    /**
     * {@code serialization}, with Jackson's deserializers for pods and nodes being built on another core meanwhile:
     * building them (reflection over the whole Pod model) is the first API answer's main cost in a fresh JVM, about
     * 0.2 s, and a run's first request waits for the kubeconfig and the HTTP client anyway. The answers are parsed
     * with the same instance, so they find the deserializers made (Jackson builds each once, under its own lock).
     */
    private static KubernetesSerialization warmedUp(KubernetesSerialization serialization) {
        Thread warm = new Thread(() -> {
            try {
                serialization.unmarshal(WARM_UP_POD_LIST, PodList.class);
                serialization.unmarshal(WARM_UP_NODE, Node.class);
            } catch (RuntimeException e) {
                // only a head start: the run parses real answers the same way and reports what fails there
            }
        }, "ovntrace-warm-up");
        warm.setDaemon(true);
        warm.start();
        return serialization;
    }

    /** The JDK HTTP client's selector thread (one per client; JDK 17 has no way to close a client). */
    static final String JDK_SELECTOR_THREAD = "jdk.internal.net.http.HttpClientImpl$SelectorManager";

    /**
     * Ends the JDK HTTP clients' selector threads, so that a following {@code System.exit} is immediate: HotSpot's exit
     * waits up to 300 ms for any thread still in native code, and a selector thread sits in epoll_wait for as long as
     * the JVM lives (a third of every run's wall time went there). An interrupted selector wakes, leaves its loop and
     * closes its selector (what {@code HttpClient.close()} does from JDK 21). Only once no client is used any more: the
     * clients of this JVM stop working. Waits at most {@code limit} for them; one still running costs only the wait.
     */
    public static void endHttpSelectors(Duration limit) {
        List<Thread> selectors = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getClass().getName().equals(JDK_SELECTOR_THREAD)).toList();
        selectors.forEach(Thread::interrupt);
        long deadline = System.nanoTime() + limit.toNanos();
        try {
            for (Thread t : selectors) t.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public static Config config(String kubeconfig, String context) {
        String ctx = context == null || context.isBlank() ? null : context;
        try {
            if (kubeconfig != null && !kubeconfig.isBlank()) {
                File file = new File(kubeconfig);
                if (!file.isFile()) throw new TraceError("kubeconfig file " + kubeconfig + " not found (-kubeconfig)");
                requireUsable(file, ctx);
                return Config.fromKubeconfig(ctx, file);
            }
            List<File> files = Config.getKubeconfigFilenames().stream().map(File::new).filter(File::isFile).toList();
            boolean inCluster = new File("/var/run/secrets/kubernetes.io/serviceaccount/token").isFile();
            if (files.isEmpty() && !inCluster && System.getProperty("kubernetes.master") == null) {
                throw new TraceError("no kubeconfig found: pass -kubeconfig FILE, set $KUBECONFIG, or create ~/.kube/config");
            }
            if (files.size() == 1) requireUsable(files.get(0), ctx);
            Config config = Config.autoConfigure(ctx);
            if (ctx != null && (config.getCurrentContext() == null || !ctx.equals(config.getCurrentContext().getName()))) {
                throw new TraceError("context \"" + ctx + "\" not found in " + String.join(":", Config.getKubeconfigFilenames())
                        + " (--context)");
            }
            return config;
        } catch (TraceError e) {
            throw e;
        } catch (RuntimeException e) {
            throw new TraceError("cannot load the kubeconfig: " + KubeErrors.firstLine(e.getMessage())
                    + " (check -kubeconfig / $KUBECONFIG)", e);
        }
    }

    /** The file parses as a kubeconfig and the context to use ({@code ctx}, else its current-context) exists in it. */
    private static void requireUsable(File file, String ctx) {
        io.fabric8.kubernetes.api.model.Config parsed;
        try {
            if (Files.size(file.toPath()) == 0) throw new TraceError("kubeconfig " + file + " is empty, not a valid kubeconfig"
                    + " (check -kubeconfig / $KUBECONFIG)");
            parsed = KubeConfigUtils.parseConfig(file);
        } catch (TraceError e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new TraceError("kubeconfig " + file + " is not a valid kubeconfig (" + KubeErrors.firstLine(e.getMessage())
                    + "); check -kubeconfig / $KUBECONFIG", e);
        }
        if (parsed == null || (parsed.getClusters() == null && parsed.getContexts() == null)) {
            throw new TraceError("kubeconfig " + file + " is not a valid kubeconfig (no clusters, no contexts);"
                    + " check -kubeconfig / $KUBECONFIG");
        }
        List<String> names = parsed.getContexts() == null ? List.of()
                : parsed.getContexts().stream().map(NamedContext::getName).filter(Objects::nonNull).toList();
        String existing = names.isEmpty() ? "it has no contexts" : "its contexts are " + String.join(", ", names);
        if (ctx != null) {
            if (!names.contains(ctx)) throw new TraceError("context \"" + ctx + "\" not found in " + file + "; " + existing + " (--context)");
            return;
        }
        String current = parsed.getCurrentContext();
        if (current == null || current.isEmpty()) {
            if (names.isEmpty()) throw new TraceError("kubeconfig " + file + " has no current-context and no contexts; check -kubeconfig");
            return;
        }
        if (!names.contains(current)) {
            throw new TraceError("kubeconfig " + file + ": current-context \"" + current + "\" does not exist; " + existing
                    + " (pick one with --context)");
        }
    }
}
