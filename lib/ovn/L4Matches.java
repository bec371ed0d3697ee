package ovntrace.ovn;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import ovntrace.topology.PolicySpec;

/**
 * ovn-kubernetes' {@code GetL4MatchesFromNetworkPolicyPorts}, shared by NetworkPolicies and AdminNetworkPolicies:
 * per protocol {@code tcp}, {@code tcp && tcp.dst==80}, {@code tcp && tcp.dst=={80,443}},
 * {@code tcp && 9000<=tcp.dst<=9100} or {@code tcp && (tcp.dst==80 || 9000<=tcp.dst<=9100)}; no ports at all gives
 * {@code "None" -> ""} (no L4 match).
 */
final class L4Matches {

    static final String NONE = "None";

    private L4Matches() {}

    /**
     * The matches of {@code ports}, keyed by protocol. A named port counts as port 0 (ovn-kubernetes reads
     * {@code port.IntVal}, which is 0 for a name), so a NetworkPolicy's named port matches every port of its protocol.
     */
    static Map<String, String> of(List<PolicySpec.Port> ports) {
        Map<String, List<String>> numbers = new TreeMap<>();
        Map<String, List<String>> ranges = new TreeMap<>();
        for (PolicySpec.Port p : ports) {
            String proto = p.protocol().ovn();
            numbers.computeIfAbsent(proto, k -> new ArrayList<>());
            ranges.computeIfAbsent(proto, k -> new ArrayList<>());
            if (p.endPort() != null && !p.endPort().equals(p.port())) {
                ranges.get(proto).add(p.port() + "<=" + proto + ".dst<=" + p.endPort());
            } else if (p.port() != null) {
                numbers.get(proto).add(Integer.toString(p.port()));
            }
        }
        if (numbers.isEmpty()) {
            return Map.of(NONE, "");
        }
        Map<String, String> out = new TreeMap<>();
        numbers.forEach((proto, list) -> {
            List<String> all = new ArrayList<>();
            if (!list.isEmpty()) {
                all.add(proto + (list.size() == 1 ? ".dst==" + list.get(0) : ".dst=={" + String.join(",", list) + "}"));
            }
            all.addAll(ranges.get(proto));
            out.put(proto, all.isEmpty() ? proto
                    : all.size() == 1 ? proto + " && " + all.get(0) : proto + " && (" + String.join(" || ", all) + ")");
        });
        return out;
    }

    /** {@code l3 && l4 && lport}, leaving out an empty L4 part. */
    static String join(String... parts) {
        return String.join(" && ", java.util.Arrays.stream(parts).filter(p -> !p.isEmpty()).toList());
    }
}
