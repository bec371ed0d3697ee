package ovntrace.kubesim;

/** The kubeconfig of a sandbox: one cluster, user and context, all named {@code ovntrace-sandbox}. */
public final class Kubeconfig {

    public static final String CONTEXT = "ovntrace-sandbox";

    private Kubeconfig() {}

    /** Kubeconfig text for an API server at {@code url} (plain HTTP on loopback; the token is not checked). */
    public static String text(String url) {
        return """
                apiVersion: v1
                kind: Config
                clusters:
                - name: %1$s
                  cluster:
                    server: %2$s
                users:
                - name: %1$s
                  user:
                    token: ovntrace-sandbox
                contexts:
                - name: %1$s
                  context:
                    cluster: %1$s
                    user: %1$s
                    namespace: default
                current-context: %1$s
                """.formatted(CONTEXT, url);
    }
}
