package ovntrace.topology;

import java.util.List;
import ovntrace.lib.cluster.Protocol;

/**
 * A namespace's EgressFirewall (k8s.ovn.org/v1, always named {@code default}): rules in order, each allowing or
 * denying traffic to a CIDR, optionally only to some ports.
 */
public record EgressFirewallSpec(String namespace, List<Rule> rules) {

    public static final String NAME = "default";

    public EgressFirewallSpec {
        rules = List.copyOf(rules);
    }

    public enum Type {
        ALLOW("Allow"), DENY("Deny");

        private final String spelling;

        Type(String spelling) {
            this.spelling = spelling;
        }

        public String spelling() {
            return spelling;
        }
    }

    public record Rule(Type type, Cidr cidr, List<Port> ports) {
        public Rule {
            ports = List.copyOf(ports);
        }
    }

    /** A destination port; null {@code port} means every port of the protocol. */
    public record Port(Protocol protocol, Integer port) {}
}
