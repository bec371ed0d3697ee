package ovntrace.lib;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.ConnectException;
import java.net.URL;

/** Kubernetes client failures as one line a user can act on. */
public final class KubeErrors {

    private KubeErrors() {}

    public static TraceError translate(KubernetesClientException e, String verb, String namespace, URL server) {
        String where = namespace == null ? "at cluster scope" : "in namespace " + namespace;
        if (e.getCode() == 403) {
            return new TraceError("forbidden: the current user may not " + verb + " " + where
                    + "; ovntrace needs get/list on pods, nodes, services and endpointslices and create on pods/exec"
                    + " in the ovn-kubernetes namespace (ask for a role with these, or use an admin kubeconfig)", e);
        }
        if (e.getCode() == 401) {
            return new TraceError("unauthorized: the API server at " + server + " rejected the credentials;"
                    + " log in again or check -kubeconfig / --context", e);
        }
        if (hasCause(e, ConnectException.class) || hasCause(e, java.net.UnknownHostException.class)
                || hasCause(e, java.net.http.HttpConnectTimeoutException.class)) {
            return new TraceError("cannot reach the Kubernetes API server at " + server
                    + "; check -kubeconfig / --context and that the cluster is up", e);
        }
        String msg = e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage() : e.getMessage();
        return new TraceError("Kubernetes API error (" + verb + " " + where + "): " + firstLine(msg), e);
    }

    private static boolean hasCause(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause()) if (type.isInstance(c)) return true;
        return false;
    }

    private static String firstLine(String s) {
        if (s == null) return "(no message)";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
