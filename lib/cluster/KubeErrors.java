package ovntrace.lib.cluster;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.ConnectException;

/** Kubernetes client failures as one line a user can act on. */
public final class KubeErrors {

    private KubeErrors() {}

    public static TraceError translate(KubernetesClientException e, String verb, String namespace, Config config) {
        String where = namespace == null ? "at cluster scope" : "in namespace " + namespace;
        String server = config.getMasterUrl();
        if (e.getCode() == 403) {
            return new TraceError("forbidden: the current user may not " + verb + " " + where
                    + "; ovntrace needs get/list on pods, nodes, services and endpointslices and create on pods/exec"
                    + " in the ovn-kubernetes namespace (see rbac.yaml, or use an admin kubeconfig)", e);
        }
        if (e.getCode() == 401) {
            return new TraceError("unauthorized: the API server at " + server + " rejected the credentials;"
                    + " log in again or check -kubeconfig / --context", e);
        }
        if (timedOut(e)) {
            return new TraceError("the Kubernetes API server at " + server + " did not answer in "
                    + Math.max(1, config.getRequestTimeout() / 1000) + " s (" + verb + " " + where
                    + "); check that the cluster is up, or raise --timeout if it is just slow", e);
        }
        if (hasCause(e, ConnectException.class) || hasCause(e, java.net.UnknownHostException.class)
                || hasCause(e, java.net.http.HttpConnectTimeoutException.class)) {
            return new TraceError("cannot reach the Kubernetes API server at " + server
                    + "; check -kubeconfig / --context and that the cluster is up", e);
        }
        if (e.getCode() >= 500) {
            return new TraceError("the Kubernetes API server at " + server + " failed with HTTP " + e.getCode() + " (" + verb
                    + " " + where + "): " + firstLine(message(e)) + "; try again, or check the API server's health", e);
        }
        return new TraceError("Kubernetes API error (" + verb + " " + where + "): " + firstLine(message(e)), e);
    }

    /** A request that got no answer in time: the JDK client's timeout, or fabric8's own wait giving up. */
    static boolean timedOut(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof java.net.http.HttpTimeoutException && !(c instanceof java.net.http.HttpConnectTimeoutException)) return true;
            if (c instanceof java.util.concurrent.TimeoutException || c instanceof java.net.SocketTimeoutException) return true;
        }
        return false;
    }

    private static String message(KubernetesClientException e) {
        return e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage() : e.getMessage();
    }

    private static boolean hasCause(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause()) if (type.isInstance(c)) return true;
        return false;
    }

    static String firstLine(String s) {
        if (s == null) return "(no message)";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
