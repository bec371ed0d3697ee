package ovntrace.topology;

import java.util.List;
import ovntrace.lib.cluster.Protocol;

/**
 * A NetworkPolicy: pod and namespace selectors (matchLabels and matchExpressions), ipBlock peers, numeric and named
 * ports and port ranges. {@code ingress}/{@code egress} say which policy types it has; the rule lists may be empty
 * (deny all).
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

        public List<IpBlock> ipBlocks() {
            return peers.stream().filter(IpBlock.class::isInstance).map(IpBlock.class::cast).toList();
        }

        public List<Selectors> selectorPeers() {
            return peers.stream().filter(Selectors.class::isInstance).map(Selectors.class::cast).toList();
        }
    }

    /** A peer: pods picked by selectors, or addresses of an ipBlock. */
    public sealed interface Peer permits Selectors, IpBlock {}

    /**
     * Pods by selectors. A null {@code namespaceSelector} means the policy's own namespace; a null
     * {@code podSelector} means every pod of the selected namespaces.
     */
    public record Selectors(Selector namespaceSelector, Selector podSelector) implements Peer {}

    /** {@code cidr} without the {@code except} ranges inside it. */
    public record IpBlock(Cidr cidr, List<Cidr> except) implements Peer {
        public IpBlock {
            except = List.copyOf(except);
        }

        public boolean contains(String ip) {
            return cidr.contains(ip) && except.stream().noneMatch(c -> c.contains(ip));
        }
    }

    /**
     * A port: a number ({@code endPort} null), a range {@code port..endPort}, a container port's {@code name}, or
     * (all null) every port of the protocol.
     */
    public record Port(Protocol protocol, Integer port, Integer endPort, String name) {
        public Port(Protocol protocol, Integer port) {
            this(protocol, port, null, null);
        }

        public static Port named(Protocol protocol, String name) {
            return new Port(protocol, null, null, name);
        }
    }
}
