package ovntrace.lib.cluster;

public enum Protocol {
    TCP, UDP;

    /** The spelling OVN and OVS use in match expressions: {@code tcp} or {@code udp}. */
    public String ovn() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
