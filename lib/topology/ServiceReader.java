package ovntrace.topology;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import ovntrace.lib.cluster.IpAddress;
import ovntrace.lib.cluster.Protocol;

/** Reads the {@code services} list: ClusterIP Services with a selector and numeric ports. */
final class ServiceReader {

    private ServiceReader() {}

    static List<ServiceSpec> services(Fields root, Map<String, NamespaceSpec> namespaces) throws TopologyException {
        return services(root, namespaces, true, false);
    }

    /**
     * On a dual-stack cluster every Service is PreferDualStack: its IPv6 ClusterIP is {@code clusterIP6} from the
     * file, else derived from the IPv4 one ({@link Addressing#serviceIp6}). On an IPv6-only cluster
     * {@code clusterIP6} is its only ClusterIP and {@code clusterIP} is refused.
     */
    static List<ServiceSpec> services(Fields root, Map<String, NamespaceSpec> namespaces, boolean ipv4, boolean ipv6)
            throws TopologyException {
        List<ServiceSpec> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        Set<String> ips = new HashSet<>();
        for (Fields s : root.objects("services")) {
            s.allowOnly("namespace", "name", "clusterIP", "clusterIP6", "selector", "ports");
            String namespace = TopologyReader.namespaceOf(s, namespaces);
            String name = TopologyReader.name(s, 63);
            if (!names.add(namespace + "/" + name)) {
                throw s.error("name", "service " + namespace + "/" + name + " is listed twice");
            }
            if (!ipv4 && s.has("clusterIP")) {
                throw s.error("clusterIP", "an IPv6-only cluster has no IPv4 ClusterIPs; give it as clusterIP6");
            }
            if (!ipv4 && !s.has("clusterIP6")) {
                throw s.error("clusterIP6", "required field is missing (an IPv6-only cluster's Services need one)");
            }
            String ip = ipv4 ? s.string("clusterIP") : null;
            if (ipv4 && (!Addressing.isIpv4(ip) || !ip.startsWith("10.96.") || ip.equals("10.96.0.0"))) {
                throw s.error("clusterIP", ip + " is not an address in the service CIDR " + Addressing.SERVICE_CIDR);
            }
            if (ip != null && !ips.add(ip)) {
                throw s.error("clusterIP", ip + " is given to two services");
            }
            String ip6 = ipv6 ? clusterIp6(s, ip) : null;
            if (ip6 == null && s.has("clusterIP6")) {
                throw s.error("clusterIP6", "an IPv6 ClusterIP needs IPv6 in ipFamilies: [IPv4, IPv6] or [IPv6]");
            }
            if (ip6 != null && !ips.add(ip6)) {
                throw s.error("clusterIP6", ip6 + " is given to two services");
            }
            Selector selector = new Selector(TopologyReader.labels(s, "selector"));
            out.add(new ServiceSpec(namespace, name, ip, selector, ports(s), ip6));
        }
        return out;
    }

    private static String clusterIp6(Fields s, String ip) throws TopologyException {
        if (!s.has("clusterIP6")) {
            return Addressing.serviceIp6(ip);
        }
        String ip6 = IpAddress.canonical(s.string("clusterIP6")).orElse("");
        if (!ip6.startsWith("fd00:10:96::") || ip6.equals("fd00:10:96::") || ip6.substring(12).length() > 4) {
            throw s.error("clusterIP6", s.string("clusterIP6") + " is not an address in the service CIDR "
                    + Addressing.SERVICE_CIDR6);
        }
        return ip6;
    }

    private static List<ServiceSpec.Port> ports(Fields s) throws TopologyException {
        List<Fields> list = s.objects("ports");
        if (list.isEmpty()) {
            throw s.error("ports", "a service needs at least one port");
        }
        List<ServiceSpec.Port> ports = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Fields p : list) {
            p.allowOnly("name", "protocol", "port", "targetPort");
            String name = p.optString("name").orElse("");
            if (list.size() > 1 && name.isEmpty()) {
                throw p.error("name", "a service with several ports must name each of them");
            }
            if (!name.isEmpty() && Names.checkLabel(name) != null) {
                throw p.error("name", Names.checkLabel(name));
            }
            Protocol protocol = protocol(p);
            int port = p.optInt("port", 1, 65535).orElseThrow(() -> p.error("port", "required field is missing"));
            int target = p.optInt("targetPort", 1, 65535).orElse(port);
            if (!seen.add(protocol + "/" + port)) {
                throw p.error("port", protocol + " port " + port + " is listed twice");
            }
            ports.add(new ServiceSpec.Port(name, protocol, port, target));
        }
        return ports;
    }

    static Protocol protocol(Fields p) throws TopologyException {
        String text = p.optString("protocol").orElse("TCP");
        return switch (text.toUpperCase(Locale.ROOT)) {
            case "TCP" -> Protocol.TCP;
            case "UDP" -> Protocol.UDP;
            default -> throw p.error("protocol", "\"" + text + "\" is not supported: use TCP or UDP");
        };
    }
}
