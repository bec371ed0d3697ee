package ovntrace.lib;

/**
 * What a trace needs to know about one node, gathered from its Node object and one batch of lookups in its
 * ovnkube-node pod. Each lookup is a {@link Fact}: a missing one only spoils the steps that need it.
 *
 * @param routingViaHost gateway mode from {@code k8s.ovn.org/l3-gateway-config}: true for local, false for shared
 * @param externalBridge the bridge of the node's {@code physnet} localnet port, e.g. {@code breth0}
 * @param detraceProblem empty if ovn-detrace can run in the pod, else why not
 */
public record NodeFacts(String node, ExecTarget where, DbAccess db, Fact<Boolean> routingViaHost,
                        Fact<String> rtosMac, Fact<String> rtotsMac, Fact<String> mp0Ofport, Fact<String> mp0Mac,
                        Fact<String> externalBridge, String detraceProblem) {

    public boolean detraceAvailable() {
        return detraceProblem.isEmpty();
    }
}
