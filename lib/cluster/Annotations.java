package ovntrace.lib.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The ovn-kubernetes annotations ovntrace reads, parsed with upstream's error wording. */
public final class Annotations {

    public static final String POD_NETWORKS = "k8s.ovn.org/pod-networks";
    public static final String L3_GATEWAY = "k8s.ovn.org/l3-gateway-config";
    public static final String ZONE_NAME = "k8s.ovn.org/zone-name";
    public static final String NETWORK_IDS = "k8s.ovn.org/network-ids";

    private static final ObjectMapper JSON = new ObjectMapper();

    private Annotations() {}

    /** {@code mac_address} of the {@code "default"} network in {@code k8s.ovn.org/pod-networks}. */
    public static Fact<String> podMac(PodRef pod, Map<String, String> annotations) {
        String raw = annotations == null ? null : annotations.get(POD_NETWORKS);
        if (raw == null) return Fact.missing("could not find OVN pod annotation " + POD_NETWORKS + " on pod " + pod
                + " (is ovn-kubernetes managing its network? check: kubectl -n " + pod.namespace() + " get pod " + pod.name() + " -o yaml)");
        try {
            JsonNode def = JSON.readTree(raw).get("default");
            if (def == null) return Fact.missing("no ovn pod annotation for NAD key default in " + POD_NETWORKS + " on pod " + pod);
            String mac = def.path("mac_address").asText("");
            if (!LookupParsers.isMac(mac)) return Fact.missing("failed to parse pod MAC \"" + mac + "\" in " + POD_NETWORKS + " on pod " + pod);
            return Fact.of(mac.toLowerCase(java.util.Locale.ROOT));
        } catch (Exception e) {
            return Fact.missing("cannot parse " + POD_NETWORKS + " on pod " + pod + ": " + e.getMessage());
        }
    }

    /** Gateway mode from {@code k8s.ovn.org/l3-gateway-config}: local means routing via the host. */
    public static Fact<Boolean> routingViaHost(String node, Map<String, String> annotations) {
        String raw = annotations == null ? null : annotations.get(L3_GATEWAY);
        if (raw == null) return Fact.missing("could not find l3GwConfig annotation '" + L3_GATEWAY + "' on node '" + node + "'");
        try {
            JsonNode def = JSON.readTree(raw).get("default");
            if (def == null) {
                return Fact.missing("could not determine gateway mode from annotations on node " + node + ", no default entry in l3GwConfig: " + raw);
            }
            String mode = def.path("mode").asText("");
            if (mode.equals("local")) return Fact.of(true);
            if (mode.equals("shared")) return Fact.of(false);
            return Fact.missing("could not determine gateway mode from annotations on node " + node + ", unknown mode in l3GwConfig: " + mode);
        } catch (Exception e) {
            return Fact.missing("could not determine gateway mode from annotations on node " + node + ", err: \"" + e.getMessage() + "\"");
        }
    }

    /**
     * The gateway router's side of the node network, from {@code k8s.ovn.org/l3-gateway-config}: its MAC
     * ({@code mac-address}, the node's, which the gateway router takes over in shared gateway mode) and its addresses
     * ({@code ip-addresses}, or the older single {@code ip-address}), prefix lengths dropped. A reply from outside
     * the cluster is addressed to these, so every value is checked (MAC shape, IP literal) before it can reach a
     * command.
     */
    public static Fact<Gateway> gateway(String node, Map<String, String> annotations) {
        String raw = annotations == null ? null : annotations.get(L3_GATEWAY);
        if (raw == null) return Fact.missing("could not find l3GwConfig annotation '" + L3_GATEWAY + "' on node '" + node + "'");
        try {
            JsonNode def = JSON.readTree(raw).get("default");
            if (def == null) return Fact.missing("no default entry in " + L3_GATEWAY + " on node " + node);
            String mac = def.path("mac-address").asText("");
            if (!LookupParsers.isMac(mac)) {
                return Fact.missing("no valid mac-address \"" + mac + "\" in " + L3_GATEWAY + " on node " + node);
            }
            List<String> cidrs = new ArrayList<>();
            def.path("ip-addresses").forEach(a -> cidrs.add(a.asText("")));
            if (cidrs.isEmpty() && def.has("ip-address")) cidrs.add(def.path("ip-address").asText(""));
            if (cidrs.isEmpty()) return Fact.missing("no ip-addresses in " + L3_GATEWAY + " on node " + node);
            List<String> ips = new ArrayList<>();
            for (String cidr : cidrs) {
                String ip = IpAddress.canonical(cidr.contains("/") ? cidr.substring(0, cidr.indexOf('/')) : cidr).orElse("");
                if (ip.isEmpty()) return Fact.missing("not an IP address \"" + cidr + "\" in " + L3_GATEWAY + " on node " + node);
                ips.add(ip);
            }
            return Fact.of(new Gateway(mac.toLowerCase(java.util.Locale.ROOT), ips));
        } catch (Exception e) {
            return Fact.missing("cannot parse " + L3_GATEWAY + " on node " + node + ": " + e.getMessage());
        }
    }

    /** The gateway router's MAC and IP addresses on the node network (checked: a MAC, IP literals). */
    public record Gateway(String mac, List<String> ips) {

        public Gateway {
            ips = List.copyOf(ips);
        }

        /** The address of {@code family}: what the gateway router SNATs a pod's connection of that family to. */
        public Fact<String> ip(AddressFamily family) {
            return ips.stream().filter(ip -> AddressFamily.of(ip) == family).findFirst().map(Fact::of)
                    .orElseGet(() -> Fact.missing("the gateway router has no " + family.ovn() + " address on the node network"));
        }
    }

    /** {@code k8s.ovn.org/network-ids} without the default network; empty if absent. */
    public static Map<String, String> userDefinedNetworks(Map<String, String> annotations) {
        String raw = annotations == null ? null : annotations.get(NETWORK_IDS);
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null) return out;
        try {
            JSON.readTree(raw).properties().forEach(e -> out.put(e.getKey(), e.getValue().asText()));
        } catch (Exception e) {
            throw new TraceError("Failed dumping VRF table IDs: cannot parse " + NETWORK_IDS + ": " + e.getMessage(), e);
        }
        out.remove("default");
        return out;
    }
}
