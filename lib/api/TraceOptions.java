package ovntrace.lib.api;

import java.util.Locale;
import java.util.Optional;
import ovntrace.lib.cluster.AddressFamily;
import ovntrace.lib.cluster.IpAddress;
import ovntrace.lib.cluster.KubeNames;
import ovntrace.lib.cluster.PodRef;
import ovntrace.lib.cluster.Protocol;
import ovntrace.lib.cluster.TraceError;
import ovntrace.lib.trace.TraceRequest;
import ovntrace.lib.trace.TraceRequest.Target;

/**
 * The trace options as typed, with upstream's defaults, before validation. {@link #validate()} checks them in
 * upstream ovnkube-trace's order with its messages, then adds the checks upstream lacks (names, port, family), so a
 * bad value is refused before anything runs in the cluster.
 */
public record TraceOptions(String src, String srcNamespace, String dst, String dstNamespace, String service,
                           String dstIp, String dstPort, boolean tcp, boolean udp, String addrFamily,
                           boolean skipDetrace, boolean failFast) {

    /** Upstream's defaults: namespaces {@code default}, port {@code 80}, family {@code ip4}. */
    public static TraceOptions defaults() {
        return new TraceOptions("", "default", "", "default", "", "", "80", false, false, "ip4", false, false);
    }

    /** The same options with another target: set one of {@code dst}, {@code service} or {@code dstIp}. */
    public TraceOptions withTarget(String dst, String dstNamespace, String service, String dstIp) {
        return new TraceOptions(src, srcNamespace, dst, dstNamespace, service, dstIp, dstPort, tcp, udp, addrFamily,
                skipDetrace, failFast);
    }

    public TraceOptions withProtocol(boolean tcp, boolean udp, String dstPort) {
        return new TraceOptions(src, srcNamespace, dst, dstNamespace, service, dstIp, dstPort, tcp, udp, addrFamily,
                skipDetrace, failFast);
    }

    public TraceOptions withSwitches(String addrFamily, boolean skipDetrace, boolean failFast) {
        return new TraceOptions(src, srcNamespace, dst, dstNamespace, service, dstIp, dstPort, tcp, udp, addrFamily,
                skipDetrace, failFast);
    }

    public TraceRequest validate() {
        if (blank(src)) throw usage("Usage: source pod must be specified");
        if (!tcp && !udp) throw usage("Usage: either tcp or udp must be specified");
        if (tcp && udp) throw usage("Usage: Both tcp and udp cannot be specified at the same time");
        int targets = 0;
        if (!blank(dst)) targets++;
        if (!blank(service)) targets++;
        Optional<String> ip = Optional.empty();
        if (!blank(dstIp)) {
            targets++;
            ip = IpAddress.canonical(dstIp);
            if (ip.isEmpty()) throw usage("Usage: cannot parse IP address provided in -dst-ip");
            Optional<String> why = IpAddress.notAHost(dstIp);
            if (why.isPresent()) {
                throw usage("Usage: -dst-ip " + ip.get() + " is " + why.get() + ", not a host a pod connects to;"
                        + " give the address of a host outside the cluster");
            }
        }
        if (targets != 1) throw usage("Usage: exactly one of -dst, -service or -dst-ip must be set");

        requireName("-src-namespace", srcNamespace, false);
        requireName("-src", src, true);
        Target target;
        if (!blank(dst)) {
            requireName("-dst-namespace", dstNamespace, false);
            requireName("-dst", dst, true);
            target = new Target.Pod(new PodRef(dstNamespace, dst));
        } else if (!blank(service)) {
            requireName("-dst-namespace", dstNamespace, false);
            requireName("-service", service, false);
            target = new Target.Service(new PodRef(dstNamespace, service));
        } else {
            target = new Target.Ip(ip.get());
        }
        return new TraceRequest(new PodRef(srcNamespace, src), target, tcp ? Protocol.TCP : Protocol.UDP,
                port(dstPort), family(addrFamily), skipDetrace, failFast);
    }

    private static int port(String text) {
        String t = text == null ? "" : text.trim();
        if (t.matches("[0-9]{1,5}")) {
            int p = Integer.parseInt(t);
            if (p >= 1 && p <= 65535) return p;
        }
        throw usage("Usage: -dst-port must be a port number from 1 to 65535, got \"" + printable(text) + "\"");
    }

    private static AddressFamily family(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("ip4")) return AddressFamily.IP4;
        if (t.equals("ip6")) return AddressFamily.IP6;
        throw usage("Usage: -addr-family must be ip4, ip6 or dual, got \"" + printable(text) + "\"");
    }

    /**
     * {@code -addr-family dual}: both families in one run. One trace holds one family (as upstream's), so a dual run
     * is a fan-out of two traces per pair ({@link MatrixOptions}); {@link #validate()} itself takes one family.
     */
    public boolean dual() {
        return addrFamily != null && addrFamily.trim().equalsIgnoreCase(DUAL);
    }

    public static final String DUAL = "dual";

    /** The families this run traces: one, or both for {@code dual}. */
    public java.util.List<AddressFamily> families() {
        return dual() ? java.util.List.of(AddressFamily.IP4, AddressFamily.IP6) : java.util.List.of(family(addrFamily));
    }

    private static void requireName(String flag, String value, boolean podName) {
        boolean ok = podName ? KubeNames.isPodName(value) : KubeNames.isLabel(value);
        if (!ok) {
            throw usage("Usage: " + flag + " \"" + printable(value) + "\" is not a valid Kubernetes name"
                    + " (lowercase letters, digits, '-'" + (podName ? ", '.'" : "") + "); nothing was run");
        }
    }

    /** Keeps control characters out of the one error line. */
    static String printable(String s) {
        if (s == null) return "";
        StringBuilder b = new StringBuilder();
        s.codePoints().forEach(c -> {
            if (c < 0x20 || c == 0x7f) b.append(String.format("\\x%02x", c));
            else b.appendCodePoint(c);
        });
        return b.toString();
    }

    private static boolean blank(String s) {
        return s == null || s.isEmpty();
    }

    /** Upstream exits 1 (klog.Exitf) for these; exit 2 stays reserved for a command line that does not parse. */
    private static TraceError usage(String message) {
        return new TraceError(message, TraceError.ERROR, null);
    }
}
