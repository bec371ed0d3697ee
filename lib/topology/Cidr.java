package ovntrace.topology;

/** An IPv4 CIDR such as {@code 10.244.0.0/16}, as written (ipBlock peers and EgressFirewall destinations). */
public record Cidr(String text, long network, int prefix) {

    /** Null if {@code text} is not an IPv4 CIDR with no host bits set, else the CIDR. */
    public static Cidr parse(String text) {
        int slash = text.indexOf('/');
        if (slash < 0 || !Addressing.isIpv4(text.substring(0, slash)) || !text.substring(slash + 1).matches("\\d{1,2}")) {
            return null;
        }
        int prefix = Integer.parseInt(text.substring(slash + 1));
        long address = toLong(text.substring(0, slash));
        if (prefix > 32 || (address & ~mask(prefix) & 0xffffffffL) != 0) {
            return null;
        }
        return new Cidr(text, address, prefix);
    }

    public boolean contains(String ip) {
        return (toLong(ip) & mask(prefix)) == network;
    }

    /** True if the two ranges share an address (one contains the other). */
    public boolean overlaps(Cidr other) {
        int p = Math.min(prefix, other.prefix);
        return (network & mask(p)) == (other.network & mask(p));
    }

    private static long mask(int prefix) {
        return prefix == 0 ? 0 : (0xffffffffL << (32 - prefix)) & 0xffffffffL;
    }

    private static long toLong(String ip) {
        long v = 0;
        for (String part : ip.split("\\.")) {
            v = (v << 8) | Integer.parseInt(part);
        }
        return v;
    }

    @Override
    public String toString() {
        return text;
    }
}
