package ovntrace.lib.cluster;

import java.util.Optional;

/**
 * IP literals parsed without ever touching DNS ({@code InetAddress.getByName} would resolve host names), and written
 * the way Go's {@code net.IP.String()} writes them: dotted quad, or RFC 5952 IPv6 with the longest zero run as "::".
 */
public final class IpAddress {

    private IpAddress() {}

    /** The canonical spelling of {@code text}, or empty if it is not an IPv4 or IPv6 literal. */
    public static Optional<String> canonical(String text) {
        if (text == null || text.isEmpty()) return Optional.empty();
        byte[] v4 = parseV4(text);
        if (v4 != null) return Optional.of(formatV4(v4, 0));
        byte[] v6 = parseV6(text);
        if (v6 == null) return Optional.empty();
        return Optional.of(isV4Mapped(v6) ? formatV4(v6, 12) : formatV6(v6));
    }

    public static boolean isIp(String text) {
        return canonical(text).isPresent();
    }

    /**
     * Why a packet to {@code text} cannot be traced as traffic to a host outside the cluster, or empty if it can:
     * the unspecified address, loopback, multicast and broadcast are not destinations a pod's connection leaves for.
     */
    public static Optional<String> notAHost(String text) {
        byte[] v4 = parseV4(text == null ? "" : text);
        byte[] b = v4 != null ? v4 : parseV6(text == null ? "" : text);
        if (b == null) return Optional.empty();
        if (v4 == null && isV4Mapped(b)) b = java.util.Arrays.copyOfRange(b, 12, 16);
        if (b.length == 4) {
            int first = b[0] & 0xff;
            if (allZero(b)) return Optional.of("the unspecified address");
            if (first == 127) return Optional.of("a loopback address");
            if (first >= 224 && first <= 239) return Optional.of("a multicast address");
            if (allOnes(b)) return Optional.of("the broadcast address");
            return Optional.empty();
        }
        if (allZero(b)) return Optional.of("the unspecified address");
        if (b[15] == 1 && allZero(java.util.Arrays.copyOf(b, 15))) return Optional.of("the loopback address");
        if ((b[0] & 0xff) == 0xff) return Optional.of("a multicast address");
        return Optional.empty();
    }

    private static boolean allZero(byte[] b) {
        for (byte x : b) if (x != 0) return false;
        return true;
    }

    private static boolean allOnes(byte[] b) {
        for (byte x : b) if (x != (byte) 0xff) return false;
        return true;
    }

    private static byte[] parseV4(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) return null;
        byte[] out = new byte[4];
        for (int i = 0; i < 4; i++) {
            String p = parts[i];
            if (p.isEmpty() || p.length() > 3 || (p.length() > 1 && p.charAt(0) == '0')) return null;
            for (char c : p.toCharArray()) if (c < '0' || c > '9') return null;
            int v = Integer.parseInt(p);
            if (v > 255) return null;
            out[i] = (byte) v;
        }
        return out;
    }

    private static byte[] parseV6(String s) {
        if (!s.contains(":")) return null;
        int gap = s.indexOf("::");
        if (gap >= 0 && s.indexOf("::", gap + 1) >= 0) return null;
        String head = gap >= 0 ? s.substring(0, gap) : s;
        String tail = gap >= 0 ? s.substring(gap + 2) : "";
        byte[] a = groups(head, gap < 0 || tail.isEmpty()), b = gap >= 0 ? groups(tail, true) : new byte[0];
        if (a == null || b == null) return null;
        int total = a.length + b.length;
        if (gap < 0 ? total != 16 : total > 14) return null;
        byte[] out = new byte[16];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, 16 - b.length, b.length);
        return out;
    }

    /** Colon-separated hex groups; the last one may be an IPv4 address if {@code v4Allowed}. */
    private static byte[] groups(String s, boolean v4Allowed) {
        if (s.isEmpty()) return new byte[0];
        String[] parts = s.split(":", -1);
        byte[] out = new byte[parts.length * 2 + 2];
        int n = 0;
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i];
            if (i == parts.length - 1 && v4Allowed && p.contains(".")) {
                byte[] v4 = parseV4(p);
                if (v4 == null) return null;
                System.arraycopy(v4, 0, out, n, 4);
                n += 4;
                continue;
            }
            if (p.isEmpty() || p.length() > 4) return null;
            int v = 0;
            for (char c : p.toCharArray()) {
                int d = Character.digit(c, 16);
                if (d < 0) return null;
                v = v * 16 + d;
            }
            out[n++] = (byte) (v >> 8);
            out[n++] = (byte) v;
        }
        return java.util.Arrays.copyOf(out, n);
    }

    private static boolean isV4Mapped(byte[] b) {
        for (int i = 0; i < 10; i++) if (b[i] != 0) return false;
        return b[10] == (byte) 0xff && b[11] == (byte) 0xff;
    }

    private static String formatV4(byte[] b, int off) {
        return (b[off] & 0xff) + "." + (b[off + 1] & 0xff) + "." + (b[off + 2] & 0xff) + "." + (b[off + 3] & 0xff);
    }

    private static String formatV6(byte[] b) {
        int[] g = new int[8];
        for (int i = 0; i < 8; i++) g[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
        int bestStart = -1, bestLen = 1;
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && g[j] == 0) j++;
            if (j - i > bestLen) { bestStart = i; bestLen = j - i; }
            i = j == i ? i + 1 : j;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') sb.append(':');
            sb.append(Integer.toHexString(g[i]));
        }
        return sb.toString();
    }
}
