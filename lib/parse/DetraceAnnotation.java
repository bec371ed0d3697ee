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
