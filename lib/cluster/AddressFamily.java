package ovntrace.lib.cluster;

public enum AddressFamily {
    IP4, IP6;

    /** {@code ip4} or {@code ip6}, as in ovn-trace matches and upstream's {@code -addr-family}. */
    public String ovn() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** "IPv4" or "IPv6", as Kubernetes spells {@code ipFamilies}. */
    public String label() {
        return this == IP4 ? "IPv4" : "IPv6";
    }

    public static AddressFamily of(String ip) {
        return ip.contains(":") ? IP6 : IP4;
    }
}
