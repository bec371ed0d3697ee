package ovntrace.lib;

import io.fabric8.kubernetes.api.model.NamedContext;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.internal.KubeConfigUtils;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import java.io.File;
import java.util.List;

/** Builds the fabric8 client the way kubectl finds its configuration, with the JDK HTTP client. */
public final class KubeClients {

    private KubeClients() {}

    /**
     * {@code kubeconfig} blank: {@code $KUBECONFIG} (merged), then {@code ~/.kube/config}, then the in-cluster
     * service account. {@code context} blank: the kubeconfig's current context.
     */
    public static KubernetesClient connect(String kubeconfig, String context) {
        Config config = config(kubeconfig, context);
        // fabric8 retries a refused connection for ~20 s by default; a wrong kubeconfig should fail at once
        config.setRequestRetryBackoffLimit(1);
        return new KubernetesClientBuilder().withConfig(config).withHttpClientFactory(new JdkHttpClientFactory()).build();
    }

    public static Config config(String kubeconfig, String context) {
        String ctx = context == null || context.isBlank() ? null : context;
        try {
            if (kubeconfig != null && !kubeconfig.isBlank()) {
                File file = new File(kubeconfig);
                if (!file.isFile()) throw new TraceError("kubeconfig file " + kubeconfig + " not found (-kubeconfig)");
                if (ctx != null) requireContext(KubeConfigUtils.parseConfig(file).getContexts(), ctx, kubeconfig);
                return Config.fromKubeconfig(ctx, file);
            }
            boolean anyFile = Config.getKubeconfigFilenames().stream().anyMatch(f -> new File(f).isFile());
            boolean inCluster = new File("/var/run/secrets/kubernetes.io/serviceaccount/token").isFile();
            if (!anyFile && !inCluster && System.getProperty("kubernetes.master") == null) {
                throw new TraceError("no kubeconfig found: pass -kubeconfig FILE, set $KUBECONFIG, or create ~/.kube/config");
            }
            Config config = Config.autoConfigure(ctx);
            if (ctx != null && (config.getCurrentContext() == null || !ctx.equals(config.getCurrentContext().getName()))) {
                throw new TraceError("context \"" + ctx + "\" not found in " + String.join(":", Config.getKubeconfigFilenames())
                        + " (--context)");
            }
            return config;
        } catch (TraceError e) {
            throw e;
        } catch (RuntimeException e) {
            throw new TraceError(" Unexpected error: cannot load the kubeconfig: " + e.getMessage(), e);
        }
    }

    private static void requireContext(List<NamedContext> contexts, String ctx, String file) {
        if (contexts == null || contexts.stream().noneMatch(c -> ctx.equals(c.getName()))) {
            throw new TraceError("context \"" + ctx + "\" not found in " + file + " (--context)");
        }
    }
}
