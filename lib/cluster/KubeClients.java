package ovntrace.lib.cluster;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.NamedContext;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.internal.KubeConfigUtils;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.kubernetes.client.utils.Utils;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
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
        KubernetesSerialization serialization = lean();
        Config config = config(kubeconfig, context, serialization);
        // fabric8 retries a refused connection for ~20 s by default; a wrong kubeconfig should fail at once
        config.setRequestRetryBackoffLimit(0);
        int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        config.setRequestTimeout(millis);
        config.setConnectionTimeout(millis);
        return new KubernetesClientBuilder().withConfig(config).withKubernetesSerialization(serialization)
                .withHttpClientFactory(new JdkHttpClientFactory()).build();
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

    /**
     * A serialization that reads what ovntrace asks for by its type and does not search the class path for every kind
     * it might meet: fabric8's default one (and its static one, with which fabric8 parses kubeconfigs) loads and
     * instantiates each of the ~800 Kubernetes model classes the class path lists the first time it builds a
     * deserializer for a field of an unknown kind (the kubeconfig's extensions are one), about 0.3 s of CPU in every
     * run for kinds ovntrace never reads.
     */
    public static KubernetesSerialization lean() {
        return new KubernetesSerialization(new ObjectMapper(), false);
    }

    public static Config config(String kubeconfig, String context) {
        return config(kubeconfig, context, lean());
    }

    /**
     * The client configuration fabric8 would make ({@code Config.fromKubeconfig} for {@code -kubeconfig},
     * {@code Config.autoConfigure} otherwise), each kubeconfig file parsed once, with {@code serialization}; several
     * kubeconfig files (merged) and the in-cluster service account are left to fabric8.
     */
    static Config config(String kubeconfig, String context, KubernetesSerialization serialization) {
        String ctx = context == null || context.isBlank() ? null : context;
        try {
            if (kubeconfig != null && !kubeconfig.isBlank()) {
                File file = new File(kubeconfig);
                if (!file.isFile()) throw new TraceError("kubeconfig file " + kubeconfig + " not found (-kubeconfig)");
                return fromFile(file, ctx, serialization, false);
            }
            List<File> files = Config.getKubeconfigFilenames().stream().map(File::new).filter(File::isFile).toList();
            boolean inCluster = new File("/var/run/secrets/kubernetes.io/serviceaccount/token").isFile();
            if (files.isEmpty() && !inCluster && System.getProperty("kubernetes.master") == null) {
                throw new TraceError("no kubeconfig found: pass -kubeconfig FILE, set $KUBECONFIG, or create ~/.kube/config");
            }
            boolean tryKubeconfig = Utils.getSystemPropertyOrEnvVar(Config.KUBERNETES_AUTH_TRYKUBECONFIG_SYSTEM_PROPERTY, true);
            Config config = files.size() == 1 && tryKubeconfig ? fromFile(files.get(0), ctx, serialization, true)
                    : Config.autoConfigure(ctx);
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

    /**
     * What {@code Config.fromKubeconfig(ctx, file)} makes (an empty configuration merged with the file), and with
     * {@code discovered} what {@code Config.autoConfigure(ctx)} makes of a lone kubeconfig (the system properties and
     * environment variables on top). The one difference: fabric8 marks the latter auto-configured, which only changes
     * how it re-reads credentials on a refresh, and for one file both ways read the same file the same way.
     */
    private static Config fromFile(File file, String ctx, KubernetesSerialization serialization, boolean discovered) {
        io.fabric8.kubernetes.api.model.Config parsed = parse(file, serialization);
        requireUsable(file, parsed, ctx);
        Config config = Config.empty();
        KubeConfigUtils.merge(config, ctx, parsed);
        if (discovered) Config.configFromSysPropsOrEnvVars(config);
        return config;
    }

    /**
     * {@code KubeConfigUtils.parseConfig(file)} with {@code serialization}: each context, cluster and user remembers
     * the file it came from, so that relative certificate paths resolve against the file's folder (fabric8's keys,
     * pinned by KubeconfigTest against fabric8's own parse).
     */
    private static io.fabric8.kubernetes.api.model.Config parse(File file, KubernetesSerialization serialization) {
        if (file.length() == 0) throw new TraceError("kubeconfig " + file + " is empty, not a valid kubeconfig"
                + " (check -kubeconfig / $KUBECONFIG)");
        io.fabric8.kubernetes.api.model.Config parsed;
        try (InputStream in = Files.newInputStream(file.toPath())) {
            parsed = serialization.unmarshal(in, io.fabric8.kubernetes.api.model.Config.class);
        } catch (IOException | RuntimeException e) {
            throw new TraceError("kubeconfig " + file + " is not a valid kubeconfig (" + KubeErrors.firstLine(e.getMessage())
                    + "); check -kubeconfig / $KUBECONFIG", e);
        }
        if (parsed == null) return null;
        if (parsed.getContexts() != null) parsed.getContexts().forEach(c -> c.setAdditionalProperty(CONTEXT_FILE_KEY, file));
        if (parsed.getClusters() != null) parsed.getClusters().forEach(c -> c.setAdditionalProperty(CLUSTER_FILE_KEY, file));
        if (parsed.getUsers() != null) parsed.getUsers().forEach(u -> u.setAdditionalProperty(AUTH_INFO_FILE_KEY, file));
        return parsed;
    }

    // fabric8's own (private) keys, which its merge reads back
    private static final String CONTEXT_FILE_KEY = "KUBERNETES_CONFIG_CONTEXT_FILE_KEY";
    private static final String CLUSTER_FILE_KEY = "KUBERNETES_CONFIG_CLUSTER_FILE_KEY";
    private static final String AUTH_INFO_FILE_KEY = "KUBERNETES_CONFIG_AUTH_INFO_FILE_KEY";

    /** The parsed file is a kubeconfig and the context to use ({@code ctx}, else its current-context) exists in it. */
    private static void requireUsable(File file, io.fabric8.kubernetes.api.model.Config parsed, String ctx) {
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
