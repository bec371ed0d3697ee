package ovntrace.parse;

import java.util.List;

/** What ovn-detrace says about one OpenFlow flow, one record per kind of annotation it prints. */
public sealed interface DetraceAnnotation {

    /** {@code Logical flow: table=4 (ls_out_acl), priority=2000, match=(...), actions=(...)} and its datapaths. */
    record LogicalFlow(List<String> datapaths, String pipeline, int table, String stage, int priority, String match,
                       String actions) implements DetraceAnnotation {
        public LogicalFlow {
            datapaths = List.copyOf(datapaths);
        }

        /**
         * The logical actions drop the packet: ovn-detrace prints an empty action list as {@code /* drop *}{@code /}
         * (OVN 23.03's ACL drop); OVN 25.03's ACL action flow clears its registers first
         * ({@code reg8[16] = 0; reg8[17] = 0; reg8[18] = 0; /* drop *}{@code /}); {@code drop;} is the explicit action.
         */
        public boolean drops() {
            String a = actions.strip();
            return a.endsWith("/* drop */") || a.equals("drop;") || a.endsWith(" drop;");
        }
    }

    /** {@code Port Binding: logical_port "x", tunnel_key 5, chassis-name "n", chassis-str "n"}. */
    record PortBinding(String datapath, String logicalPort, int tunnelKey, String chassis)
            implements DetraceAnnotation {}

    /** {@code ACL: to-lport, priority=1000, match=(...), drop} (ovn-detrace prints neither name nor external_ids). */
    record Acl(String direction, int priority, String match, String action, boolean log) implements DetraceAnnotation {}

    /** {@code Load Balancer: Service_ns/name_UDP_cluster protocol ['udp'] vips {...}}. */
    record LoadBalancer(String name, String protocol, String vips) implements DetraceAnnotation {}

    /** {@code OVS Interface: name (iface-id)}. */
    record OvsInterface(String name, String ifaceId) implements DetraceAnnotation {}

    /** Any other annotation (NAT, route, MAC binding, chassis ...), as printed. */
    record Other(String text) implements DetraceAnnotation {}
}
