package ovntrace.lib.cluster;

import java.util.regex.Pattern;

/**
 * Kubernetes object name rules. Every name the user gives ends up inside a shell command in a node pod, so anything
 * outside these rules (quotes, spaces, ';', '$' ...) is refused before the cluster is contacted.
 */
public final class KubeNames {

    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern SUBDOMAIN = Pattern.compile(LABEL.pattern() + "(\\." + LABEL.pattern() + ")*");

    private KubeNames() {}

    /** Pod names: DNS-1123 subdomains (up to 253 characters). */
    public static boolean isPodName(String s) {
        return s != null && s.length() <= 253 && SUBDOMAIN.matcher(s).matches();
    }

    /** Namespaces and Services: DNS-1123 labels (up to 63 characters). */
    public static boolean isLabel(String s) {
        return s != null && s.length() <= 63 && LABEL.matcher(s).matches();
    }

    /**
     * Network names read from a NAD config: a namespace and a name joined by '_' or '.' ({@code cluster_udn_<name>}
     * for a CUDN); they end up in OVN object names pasted into commands, so nothing else passes.
     */
    public static boolean isNetworkName(String s) {
        return s != null && s.length() <= 253 && NETWORK.matcher(s).matches();
    }

    private static final Pattern NETWORK = Pattern.compile("[a-z0-9]([-a-z0-9._]*[a-z0-9])?");
}
