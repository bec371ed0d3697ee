package ovntrace.lib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import ovntrace.lib.api.TraceOptions;
import ovntrace.lib.cluster.AddressFamily;
import ovntrace.lib.cluster.PodRef;
import ovntrace.lib.cluster.Protocol;
import ovntrace.lib.cluster.TraceError;
import ovntrace.lib.trace.TraceRequest;
import ovntrace.lib.trace.TraceRequest.Target;

/** Bad option values are refused in upstream's order with upstream's messages, then with ovntrace's own checks. */
class TraceOptionsTest {

    private static TraceOptions opts(String src, String dst, String service, String dstIp, String port, boolean tcp, boolean udp, String family) {
        return new TraceOptions(src, "default", dst, "default", service, dstIp, port, tcp, udp, family, false, false);
    }

    private static String error(TraceOptions o) {
        TraceError e = assertThrows(TraceError.class, o::validate);
        assertEquals(1, e.exitCode(), "upstream exits 1 (klog.Exitf) for these");
        return e.getMessage();
    }

    @Test
    void source_pod_is_checked_first() {
        assertEquals("Usage: source pod must be specified", error(opts("", "", "", "not-an-ip", "x", true, true, "ipx")));
    }

    @Test
    void then_exactly_one_protocol() {
        assertEquals("Usage: either tcp or udp must be specified", error(opts("a", "", "", "", "80", false, false, "ip4")));
        assertEquals("Usage: Both tcp and udp cannot be specified at the same time", error(opts("a", "b", "", "", "80", true, true, "ip4")));
    }

    @Test
    void then_the_ip_is_parsed_before_targets_are_counted() {
        assertEquals("Usage: cannot parse IP address provided in -dst-ip", error(opts("a", "b", "svc", "8.8.8", "80", true, false, "ip4")));
        assertEquals("Usage: cannot parse IP address provided in -dst-ip", error(opts("a", "", "", "example.com", "80", true, false, "ip4")));
    }

    @Test
    void then_exactly_one_target() {
        assertEquals("Usage: exactly one of -dst, -service or -dst-ip must be set", error(opts("a", "", "", "", "80", true, false, "ip4")));
        assertEquals("Usage: exactly one of -dst, -service or -dst-ip must be set", error(opts("a", "b", "svc", "", "80", true, false, "ip4")));
    }

    @Test
    void udp_to_a_service_is_allowed_unlike_upstream() {
        TraceRequest r = opts("a", "", "dns", "", "53", false, true, "ip4").validate();
        assertEquals(Protocol.UDP, r.protocol());
        assertEquals(new Target.Service(new PodRef("default", "dns")), r.target());
    }

    @Test
    void port_must_be_a_number_in_range() {
        for (String bad : new String[] {"abc", "0", "65536", "80;reboot", "", " 8 0"}) {
            assertEquals("Usage: -dst-port must be a port number from 1 to 65535, got \"" + bad + "\"",
                    error(opts("a", "b", "", "", bad, true, false, "ip4")));
        }
        assertEquals(65535, opts("a", "b", "", "", "65535", true, false, "ip4").validate().dstPort());
    }

    @Test
    void family_must_be_ip4_or_ip6() {
        assertEquals("Usage: -addr-family must be ip4, ip6 or dual, got \"ipv4\"", error(opts("a", "b", "", "", "80", true, false, "ipv4")));
        assertEquals(AddressFamily.IP6, opts("a", "b", "", "", "80", true, false, "ip6").validate().family());
    }

    @Test
    void shell_metacharacters_in_any_name_are_refused() {
        assertEquals("Usage: -src \"a;reboot\" is not a valid Kubernetes name (lowercase letters, digits, '-', '.'); nothing was run",
                error(opts("a;reboot", "b", "", "", "80", true, false, "ip4")));
        assertEquals("Usage: -dst \"b' && rm -rf / '\" is not a valid Kubernetes name (lowercase letters, digits, '-', '.'); nothing was run",
                error(opts("a", "b' && rm -rf / '", "", "", "80", true, false, "ip4")));
        assertEquals("Usage: -service \"$(id)\" is not a valid Kubernetes name (lowercase letters, digits, '-'); nothing was run",
                error(opts("a", "", "$(id)", "", "80", true, false, "ip4")));
        TraceOptions ns = new TraceOptions("a", "kube system", "b", "default", "", "", "80", true, false, "ip4", false, false);
        assertEquals("Usage: -src-namespace \"kube system\" is not a valid Kubernetes name (lowercase letters, digits, '-'); nothing was run",
                error(ns));
        TraceOptions newline = opts("a\nb", "b", "", "", "80", true, false, "ip4");
        assertEquals("Usage: -src \"a\\x0ab\" is not a valid Kubernetes name (lowercase letters, digits, '-', '.'); nothing was run",
                error(newline));
    }

    @Test
    void a_good_request_carries_the_canonical_ip() {
        TraceRequest r = opts("a", "", "", "2001:DB8:0:0:0:0:0:1", "443", true, false, "ip6").validate();
        assertEquals(new Target.Ip("2001:db8::1"), r.target());
        assertEquals(new PodRef("default", "a"), r.source());
    }

    @Test
    void addresses_no_connection_leaves_for_are_refused_with_the_reason() {
        assertEquals("Usage: -dst-ip 0.0.0.0 is the unspecified address, not a host a pod connects to; give the address of a host"
                + " outside the cluster", error(opts("a", "", "", "0.0.0.0", "80", true, false, "ip4")));
        assertEquals("Usage: -dst-ip 255.255.255.255 is the broadcast address, not a host a pod connects to; give the address of a"
                + " host outside the cluster", error(opts("a", "", "", "255.255.255.255", "80", true, false, "ip4")));
        for (String ip : new String[] {"224.0.0.1", "239.255.255.250", "ff02::1"}) {
            assertEquals(true, error(opts("a", "", "", ip, "80", false, true, "ip4")).contains("is a multicast address"), ip);
        }
        for (String ip : new String[] {"127.0.0.1", "127.1.2.3", "::1"}) {
            assertEquals(true, error(opts("a", "", "", ip, "80", true, false, "ip4")).contains("loopback address"), ip);
        }
        assertEquals(true, error(opts("a", "", "", "::", "80", true, false, "ip6")).contains("the unspecified address"));
        assertEquals(new Target.Ip("8.8.8.8"), opts("a", "", "", "8.8.8.8", "53", false, true, "ip4").validate().target());
        assertEquals(new Target.Ip("10.255.255.255"), opts("a", "", "", "10.255.255.255", "53", false, true, "ip4").validate().target(),
                "a subnet's broadcast address is not knowable here and may be a host elsewhere");
    }
}
