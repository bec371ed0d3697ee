package ovntrace.lib.cluster;

import ovntrace.lib.cluster.PodExec.ExecTarget;

/**
 * What a trace needs to know about one node, gathered from its Node object and one batch of lookups in its
 * ovnkube-node pod. Each lookup is a {@link Fact}: a missing one only spoils the steps that need it.
 *
 * @param routingViaHost gateway mode from {@code k8s.ovn.org/l3-gateway-config}: true for local, false for shared
 * @param externalBridge the bridge of the node's {@code physnet} localnet port, e.g. {@code breth0}
 * @param gateway the gateway router's MAC and IP addresses on the node network, from
 *                {@code k8s.ovn.org/l3-gateway-config}: where a reply from outside the cluster comes back to
 * @param tunnels the node's tunnel address and Geneve ports, for tracing a packet tunnelled to this node
 * @param detraceProblem empty if ovn-detrace can run in the pod, else why not
 * @param execProblem empty if commands ran in the node's pod, else why none could: every step there is then
 *                    inconclusive without being tried again, and the other nodes' steps still run
 * @param access what the node's exec reaches: offline only its zone databases, so the steps that need Open vSwitch
 *               are planned {@link NodeAccess#NOT_OFFLINE}
 */
public record NodeFacts(String node, ExecTarget where, DbAccess db, Fact<Boolean> routingViaHost,
                        Fact<String> rtosMac, Fact<String> rtotsMac, Fact<String> mp0Ofport, Fact<String> mp0Mac,
                        Fact<String> externalBridge, Fact<Annotations.Gateway> gateway, Fact<LookupParsers.Tunnels> tunnels,
                        String detraceProblem, String execProblem, NodeAccess access) {

    public NodeFacts(String node, ExecTarget where, DbAccess db, Fact<Boolean> routingViaHost, Fact<String> rtosMac,
                     Fact<String> rtotsMac, Fact<String> mp0Ofport, Fact<String> mp0Mac, Fact<String> externalBridge,
                     String detraceProblem) {
        this(node, where, db, routingViaHost, rtosMac, rtotsMac, mp0Ofport, mp0Mac, externalBridge,
                Fact.missing("gateway config not read"), Fact.missing("tunnel ports not looked up"), detraceProblem, "",
                NodeAccess.LIVE);
    }

    /** A node whose pod ran nothing (exec timed out, refused, pod gone): every fact is missing for {@code problem}. */
    public static NodeFacts unreachable(String node, ExecTarget where, DbAccess db, String problem, NodeAccess access) {
        Fact<String> none = Fact.missing(problem);
        return new NodeFacts(node, where, db, Fact.missing(problem), none, none, none, none, none, Fact.missing(problem),
                Fact.missing(problem), problem, problem, access);
    }

    /** The same facts with the gateway config {@code gateway}. */
    public NodeFacts withGateway(Fact<Annotations.Gateway> gateway) {
        return new NodeFacts(node, where, db, routingViaHost, rtosMac, rtotsMac, mp0Ofport, mp0Mac, externalBridge, gateway,
                tunnels, detraceProblem, execProblem, access);
    }

    public boolean reachable() {
        return execProblem.isEmpty();
    }

    public boolean detraceAvailable() {
        return detraceProblem.isEmpty();
    }

    /** Offline: the node's zone databases are there, its Open vSwitch is not. */
    public boolean databasesOnly() {
        return access == NodeAccess.DATABASES_ONLY;
    }
}
