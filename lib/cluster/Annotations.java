package ovntrace.lib.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
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
