package ovntrace.report;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One end of the trace: {@code kind} is {@code pod}, {@code host-network-pod} or {@code external-ip};
 * {@code display} is {@code ns/name} for pods and the address for an IP. Unknown values are empty strings.
 * {@code network} and {@code topology} name a pod's primary user-defined network ({@code layer3}, {@code layer2});
 * for the default network they are empty and left out of the JSON, so a default-network report is as before.
 */
public record ReportEndpoint(String kind, String display, String namespace, String name, String node, String zone,
                             String ip, String mac, String ovsInterface, String ofport,
                             @JsonInclude(JsonInclude.Include.NON_EMPTY) String network,
                             @JsonInclude(JsonInclude.Include.NON_EMPTY) String topology) {

    public ReportEndpoint(String kind, String display, String namespace, String name, String node, String zone,
                          String ip, String mac, String ovsInterface, String ofport) {
        this(kind, display, namespace, name, node, zone, ip, mac, ovsInterface, ofport, "", "");
    }

    /** Reports written before the field have none: read as the default network. */
    public ReportEndpoint {
        network = network == null ? "" : network;
        topology = topology == null ? "" : topology;
    }
}
