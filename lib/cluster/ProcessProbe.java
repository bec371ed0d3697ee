package ovntrace.lib.cluster;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import ovntrace.lib.cluster.PodExec.ExecResult;

/**
 * What release-1.3 reads from the ovnkube command line in a node pod ({@link #COMMAND}): interconnect or not, the
 * zone, and the NB/SB addresses. {@code found} is false when no ovnkube process showed up (a probe that printed
 * nothing, failed, or ran where {@code ps} is missing); the caller then falls back to the node annotations.
 */
public record ProcessProbe(boolean found, boolean interconnect, String zone, String nbAddress, String sbAddress) {

    public static final String COMMAND = "ps -eo args | grep '/usr/bin/[o]vnkube'";

    private static final Pattern ZONE = Pattern.compile("--zone(=| )[^\\s]+");
    private static final Pattern NB = Pattern.compile("--nb-address(=| )[^\\s]+");
    private static final Pattern SB = Pattern.compile("--sb-address(=| )[^\\s]+");

    public static ProcessProbe notFound() {
        return new ProcessProbe(false, false, "", "", "");
    }

    public static ProcessProbe parse(ExecResult probe) {
        if (probe == null || !probe.ok() || probe.stdout().isBlank()) return notFound();
        String out = probe.stdout();
        boolean ic = out.contains("--enable-interconnect");
        String zone = "";
        Matcher z = ZONE.matcher(out);
        // upstream keeps match[6:] trimmed; "=name" is a quirk we drop so zones compare with annotations
        if (ic && z.find()) zone = z.group().substring(6).trim().replaceFirst("^=", "");
        return new ProcessProbe(true, ic, zone, address(NB, out), address(SB, out));
    }

    /** release-1.3: {@code match[13:]} with every {@code ://} turned into {@code :}, if anything follows the flag. */
    private static String address(Pattern p, String out) {
        Matcher m = p.matcher(out);
        if (!m.find() || m.group().length() <= 13) return "";
        return m.group().substring(13).replace("://", ":");
    }
}
