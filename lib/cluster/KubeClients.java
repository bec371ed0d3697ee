package ovntrace.lib.cluster;

import io.fabric8.kubernetes.api.model.NamedContext;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.internal.KubeConfigUtils;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
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
        Config config = config(kubeconfig, context);
        // fabric8 retries a refused connection for ~20 s by default; a wrong kubeconfig should fail at once
        config.setRequestRetryBackoffLimit(0);
        int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        config.setRequestTimeout(millis);
        config.setConnectionTimeout(millis);
        return new KubernetesClientBuilder().withConfig(config).withHttpClientFactory(new JdkHttpClientFactory()).build();
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
