package ovntrace.topology;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Reads {@code adminNetworkPolicies} (a list) and {@code baselineAdminNetworkPolicy} (one object named
 * {@code default}) in the shape of their spec, flattened like the other objects: {@code name}, {@code priority}
 * (ANP only), {@code subject}, {@code ingress[].from}, {@code egress[].to}, each rule with {@code name},
 * {@code action} and {@code ports} ({@code portNumber}, {@code portRange}, {@code namedPort}).
 */
final class AdminPolicyReader {

    /** ovn-kubernetes turns priority p into OVN priority 30000 - 100 p and supports no more than 0-99. */
    static final int MAX_PRIORITY = 99;

    private AdminPolicyReader() {}

    static List<AdminPolicySpec> admin(Fields root) throws TopologyException {
        List<AdminPolicySpec> out = new ArrayList<>();
        Map<String, String> byPriority = new HashMap<>();
        for (Fields p : root.objects("adminNetworkPolicies")) {
            p.allowOnly("name", "priority", "subject", "ingress", "egress");
            String name = TopologyReader.name(p, 253);
            if (out.stream().anyMatch(a -> a.name().equals(name))) {
                throw p.error("name", "admin network policy " + name + " is listed twice");
            }
            int priority = p.optInt("priority", 0, MAX_PRIORITY)
                    .orElseThrow(() -> p.error("priority", "required field is missing"));
            String other = byPriority.putIfAbsent(Integer.toString(priority), name);
            if (other != null) {
                throw p.error("priority", "priority " + priority + " is taken by " + other
                        + " (ovn-kubernetes refuses two admin network policies with one priority)");
            }
            out.add(policy(p, AdminPolicySpec.Tier.ADMIN, name, priority));
        }
        return out;
    }

    static Optional<AdminPolicySpec> baseline(Fields root) throws TopologyException {
        Optional<Fields> b = root.optObject("baselineAdminNetworkPolicy");
        if (b.isEmpty()) {
            return Optional.empty();
        }
        Fields p = b.get();
        p.allowOnly("name", "subject", "ingress", "egress");
        String name = p.optString("name").orElse("default");
        if (!name.equals("default")) {
            throw p.error("name", "the baseline admin network policy is a singleton named \"default\", not \"" + name + "\"");
        }
        return Optional.of(policy(p, AdminPolicySpec.Tier.BASELINE, name, 0));
    }

    private static AdminPolicySpec policy(Fields p, AdminPolicySpec.Tier tier, String name, int priority)
            throws TopologyException {
        Fields subject = p.optObject("subject").orElseThrow(() -> p.error("subject", "required field is missing"));
        return new AdminPolicySpec(tier, name, priority, pods(subject),
                rules(p, tier, "ingress", "from"), rules(p, tier, "egress", "to"));
    }

    private static List<AdminPolicySpec.Rule> rules(Fields policy, AdminPolicySpec.Tier tier, String key,
                                                    String peersKey) throws TopologyException {
        List<AdminPolicySpec.Rule> rules = new ArrayList<>();
        for (Fields r : policy.objects(key)) {
            r.allowOnly("name", "action", peersKey, "ports");
            String name = r.optString("name").orElse("");
            if (name.length() > 100) {
                throw r.error("name", "at most 100 characters");
            }
            AdminPolicySpec.Action action = action(r, tier);
            List<Fields> peerList = r.objects(peersKey);
            if (peerList.isEmpty()) {
                throw r.error(peersKey, "a rule needs at least one peer");
            }
            List<AdminPolicySpec.Pods> peers = new ArrayList<>();
            for (Fields peer : peerList) {
                if (peer.has("nodes") || peer.has("networks")) {
                    throw peer.error(peer.has("nodes") ? "nodes" : "networks",
                            "nodes and networks peers are not supported by the sandbox; use namespaces or pods");
                }
                peers.add(pods(peer));
            }
            List<PolicySpec.Port> ports = new ArrayList<>();
            for (Fields port : r.objects("ports")) {
                ports.add(port(port));
            }
            rules.add(new AdminPolicySpec.Rule(name, action, peers, ports));
        }
        return rules;
    }

    private static AdminPolicySpec.Action action(Fields r, AdminPolicySpec.Tier tier) throws TopologyException {
        String text = r.string("action");
        List<AdminPolicySpec.Action> allowed = Arrays.stream(AdminPolicySpec.Action.values())
                .filter(a -> tier == AdminPolicySpec.Tier.ADMIN || a != AdminPolicySpec.Action.PASS).toList();
        return allowed.stream().filter(a -> a.spelling().equals(text)).findFirst()
                .orElseThrow(() -> r.error("action", "\"" + text + "\" is not an action of a " + tier.kind() + ": use "
                        + allowed.stream().map(AdminPolicySpec.Action::spelling).collect(Collectors.joining(", "))));
    }

    /** {@code namespaces: <selector>} or {@code pods: {namespaceSelector, podSelector}}, exactly one of them. */
    private static AdminPolicySpec.Pods pods(Fields f) throws TopologyException {
        f.allowOnly("namespaces", "pods");
        if (f.has("namespaces") == f.has("pods")) {
            throw f.error(null, "give exactly one of namespaces and pods");
        }
        Optional<Selector> namespaces = SelectorReader.selector(f, "namespaces");
        if (namespaces.isPresent()) {
            return new AdminPolicySpec.Pods(namespaces.get(), Selector.ALL);
        }
        Fields pods = f.optObject("pods").orElseThrow();
        pods.allowOnly("namespaceSelector", "podSelector");
        Selector ns = SelectorReader.selector(pods, "namespaceSelector")
                .orElseThrow(() -> pods.error("namespaceSelector", "required field is missing"));
        Selector podSelector = SelectorReader.selector(pods, "podSelector")
                .orElseThrow(() -> pods.error("podSelector", "required field is missing"));
        return new AdminPolicySpec.Pods(ns, podSelector);
    }

    /** Exactly one of {@code portNumber: {protocol, port}}, {@code portRange: {protocol, start, end}}, {@code namedPort}. */
    private static PolicySpec.Port port(Fields f) throws TopologyException {
        f.allowOnly("portNumber", "portRange", "namedPort");
        int given = (f.has("portNumber") ? 1 : 0) + (f.has("portRange") ? 1 : 0) + (f.has("namedPort") ? 1 : 0);
        if (given != 1) {
            throw f.error(null, "give exactly one of portNumber, portRange and namedPort");
        }
        if (f.has("namedPort")) {
            String name = f.string("namedPort");
            if (Names.checkLabel(name) != null || name.length() > 15) {
                throw f.error("namedPort", "\"" + name + "\" is not a port name (at most 15 lower-case letters, digits, '-')");
            }
            return PolicySpec.Port.named(null, name);
        }
        if (f.has("portNumber")) {
            Fields n = f.optObject("portNumber").orElseThrow();
            n.allowOnly("protocol", "port");
            int port = n.optInt("port", 1, 65535).orElseThrow(() -> n.error("port", "required field is missing"));
            return new PolicySpec.Port(ServiceReader.protocol(n), port);
        }
        Fields range = f.optObject("portRange").orElseThrow();
        range.allowOnly("protocol", "start", "end");
        int start = range.optInt("start", 1, 65535).orElseThrow(() -> range.error("start", "required field is missing"));
        int end = range.optInt("end", 1, 65535).orElseThrow(() -> range.error("end", "required field is missing"));
        if (end < start) {
            throw range.error("end", "must not be below start " + start);
        }
        return new PolicySpec.Port(ServiceReader.protocol(range), start, end, null);
    }
}
