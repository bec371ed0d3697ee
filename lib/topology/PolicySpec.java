package ovntrace.topology;

import java.util.List;
import ovntrace.lib.cluster.Protocol;

/**
 * A NetworkPolicy, restricted to what the sandbox renders: label selectors ({@code matchLabels}) and numeric ports.
 * {@code ingress}/{@code egress} say which policy types it has; the rule lists may be empty (deny all).
 */
public record PolicySpec(String namespace, String name, Selector podSelector, boolean ingress, boolean egress,
                         List<Rule> ingressRules, List<Rule> egressRules) {

    public PolicySpec {
        ingressRules = List.copyOf(ingressRules);
        egressRules = List.copyOf(egressRules);
    }

    /** One {@code from}/{@code to} rule; no peers means every peer, no ports means every port. */
    public record Rule(List<Peer> peers, List<Port> ports) {
        public Rule {
            peers = List.copyOf(peers);
            ports = List.copyOf(ports);
        }
    }

    /**
     * A peer. A null {@code namespaceSelector} means the policy's own namespace; a null {@code podSelector} means
     * every pod of the selected namespaces.
     */
    public record Peer(Selector namespaceSelector, Selector podSelector) {}

    /** A port; null {@code port} means every port of the protocol. */
    public record Port(Protocol protocol, Integer port) {}
}
