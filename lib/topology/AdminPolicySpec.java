package ovntrace.topology;

import java.util.List;

/**
 * An AdminNetworkPolicy or the BaselineAdminNetworkPolicy (policy.networking.k8s.io/v1alpha1): the pods it is about
 * ({@code subject}), its priority (0-99; the baseline has none and reads 0) and its rules, each with a name, an
 * action, peers and ports. A BANP is a singleton named {@code default} whose rules cannot Pass.
 */
public record AdminPolicySpec(Tier tier, String name, int priority, Pods subject, List<Rule> ingressRules,
                              List<Rule> egressRules) {

    public AdminPolicySpec {
        ingressRules = List.copyOf(ingressRules);
        egressRules = List.copyOf(egressRules);
    }

    /** Which of the two kinds: they differ in kind, OVN ACL tier and priorities. */
    public enum Tier {
        ADMIN("AdminNetworkPolicy", "adminnetworkpolicies", "ANP"),
        BASELINE("BaselineAdminNetworkPolicy", "baselineadminnetworkpolicies", "BANP");

        private final String kind;
        private final String resource;
        private final String aclPrefix;

        Tier(String kind, String resource, String aclPrefix) {
            this.kind = kind;
            this.resource = resource;
            this.aclPrefix = aclPrefix;
        }

        /** The Kubernetes kind, also ovn-kubernetes' owner-type of the objects it renders. */
        public String kind() {
            return kind;
        }

        public String resource() {
            return resource;
        }

        /** {@code ANP} or {@code BANP}, the start of the ACL names. */
        public String aclPrefix() {
            return aclPrefix;
        }
    }

    public enum Action {
        ALLOW("Allow"), DENY("Deny"), PASS("Pass");

        private final String spelling;

        Action(String spelling) {
            this.spelling = spelling;
        }

        public String spelling() {
            return spelling;
        }
    }

    /**
     * Pods picked the ANP way: {@code namespaces: <selector>} (every pod of the selected namespaces; {@code pods} is
     * {@link Selector#ALL}) or {@code pods: {namespaceSelector, podSelector}}.
     */
    public record Pods(Selector namespaces, Selector pods) {}

    /** A rule; no ports means every port. */
    public record Rule(String name, Action action, List<Pods> peers, List<PolicySpec.Port> ports) {
        public Rule {
            peers = List.copyOf(peers);
            ports = List.copyOf(ports);
        }
    }
}
