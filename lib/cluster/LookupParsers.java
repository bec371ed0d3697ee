package ovntrace.lib.cluster;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import ovntrace.lib.cluster.PodExec.ExecResult;

/**
 * Reads the per-node lookup outputs the way upstream does, and checks the shape of every value, because each one is
 * pasted into a later shell command.
 */
public final class LookupParsers {

    private static final Pattern MAC = Pattern.compile("[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}");
    private static final Pattern OFPORT = Pattern.compile("[0-9]+");
    private static final Pattern PORT_NAME = Pattern.compile("[A-Za-z0-9_.:@+-]{1,64}");

    private LookupParsers() {}

    /** An OVS interface and its OpenFlow port number. */
    public record Iface(String name, String ofport) {}

    public static boolean isMac(String s) {
        return s != null && MAC.matcher(s).matches();
    }

    /** {@code --column=mac list Port_Binding X}: "MAC IP/len [IP/len]"; the first word is the MAC. */
    public static Fact<String> routerPortMac(ExecResult r, String port) {
        if (r == null) return Fact.missing("no answer for the MAC of " + port);
        if (!r.ok()) return Fact.missing("cannot read the MAC of " + port + ": " + firstLine(r.stderr(), r.exitCode()));
        String mac = r.stdout().replace("\n", "").split(" ")[0];
        if (mac.isEmpty()) return Fact.missing("no Port_Binding " + port + " in the southbound database");
        if (!isMac(mac)) return Fact.missing("unexpected MAC \"" + mac + "\" for " + port);
        return Fact.of(mac.toLowerCase(java.util.Locale.ROOT));
    }

    /** {@code ovs-vsctl --columns name,ofport find interface ...}: "key : value" lines. */
    public static Fact<Iface> podInterface(ExecResult r, PodRef pod) {
        return podInterface(r, pod.logicalPort());
    }

    public static Fact<Iface> podInterface(ExecResult r, String ifaceId) {
        String what = "OVS interface with external_ids:iface-id=" + ifaceId;
        if (r == null) return Fact.missing("no answer for the " + what);
        if (!r.ok()) return Fact.missing("cannot look up the " + what + ": " + firstLine(r.stderr(), r.exitCode()));
        String name = "", ofport = "";
        for (String line : r.stdout().split("\n")) {
            String[] kv = line.split(":");
            if (kv.length != 2) continue;
            String key = kv[0].trim(), value = kv[1].trim();
            if (key.equals("name")) name = value.replace("\"", "");
            else if (key.equals("ofport")) ofport = value;
        }
        if (name.isEmpty() || ofport.isEmpty()) return Fact.missing("no " + what + " on the node");
        if (!PORT_NAME.matcher(name).matches() || !OFPORT.matcher(ofport).matches()) {
            return Fact.missing("unexpected " + what + ": name \"" + name + "\", ofport \"" + ofport + "\"");
        }
        return Fact.of(new Iface(name, ofport));
    }

    /**
     * The node's tunnel address and its Geneve ports by the address they lead to, from {@link LookupCommands#ENCAP_IP}
     * and {@link LookupCommands#TUNNEL_PORTS}. Only well-formed names and addresses are kept: they go into commands.
     */
    public static Fact<Tunnels> tunnels(ExecResult encap, ExecResult ports) {
        if (encap == null || ports == null) return Fact.missing("no answer for the node's tunnel ports");
        if (!encap.ok()) return Fact.missing("cannot read the node's tunnel address: " + firstLine(encap.stderr(), encap.exitCode()));
        if (!ports.ok()) return Fact.missing("cannot list the node's tunnel ports: " + firstLine(ports.stderr(), ports.exitCode()));
        String ip = encap.stdout().replace("\"", "").strip();
        if (!IpAddress.isIp(ip)) return Fact.missing("the node has no tunnel address (external_ids:ovn-encap-ip is \"" + ip + "\")");
        java.util.Map<String, String> byRemote = new java.util.LinkedHashMap<>();
        for (String line : ports.stdout().split("\n")) {
            int comma = line.indexOf(',');
            if (comma < 0) continue;
            String name = line.substring(0, comma).strip();
            Matcher m = REMOTE_IP.matcher(line.substring(comma + 1));
            if (PORT_NAME.matcher(name).matches() && m.find() && IpAddress.isIp(m.group(1))) byRemote.put(m.group(1), name);
        }
        return Fact.of(new Tunnels(ip, java.util.Map.copyOf(byRemote)));
    }

    /** A node's tunnel address ({@code external_ids:ovn-encap-ip}) and its Geneve port towards each other node's. */
    public record Tunnels(String encapIp, java.util.Map<String, String> portByRemoteIp) {}

    private static final Pattern REMOTE_IP = Pattern.compile("(?:^|\\s)remote_ip=([0-9a-fA-F.:]+)");

    public static Fact<String> ofport(ExecResult r, String iface) {
        if (r == null) return Fact.missing("no answer for the ofport of " + iface);
        if (!r.ok()) return Fact.missing("cannot read the ofport of " + iface + ": " + firstLine(r.stderr(), r.exitCode()));
        String v = r.stdout().replace("\n", "").trim();
        return OFPORT.matcher(v).matches() ? Fact.of(v) : Fact.missing("unexpected ofport \"" + v + "\" for " + iface);
    }

    /** {@code ovs-vsctl get Interface ovn-k8s-mp0 mac_in_use}: a quoted MAC. */
    public static Fact<String> interfaceMac(ExecResult r, String iface) {
        if (r == null) return Fact.missing("no answer for the MAC of " + iface);
        if (!r.ok()) return Fact.missing("cannot read the MAC of " + iface + ": " + firstLine(r.stderr(), r.exitCode()));
        String v = r.stdout().replace("\n", "").replace("\"", "").trim();
        return isMac(v) ? Fact.of(v.toLowerCase(java.util.Locale.ROOT)) : Fact.missing("unexpected MAC \"" + v + "\" for " + iface);
    }

    /** Localnet ports of the {@code physnet} network are named {@code <bridge>_<node>}. */
    public static Fact<String> externalBridge(ExecResult r, String node) {
        String what = "external bridge for node " + node;
        if (r == null) return Fact.missing("no answer for the " + what);
        if (!r.ok()) return Fact.missing("cannot find the " + what + ": " + firstLine(r.stderr(), r.exitCode()));
        String loose = null;
        for (String line : r.stdout().split("\n")) {
            String[] parts = line.trim().split("_");
            if (parts.length != 2 || !line.contains("_" + node)) continue;
            if (parts[1].equals(node)) return checkedBridge(parts[0], what);
            if (loose == null) loose = parts[0];
        }
        return loose != null ? checkedBridge(loose, what)
                : Fact.missing("could not find external bridge for node " + node + " (no physnet localnet port <bridge>_" + node + ")");
    }

    private static Fact<String> checkedBridge(String bridge, String what) {
        return PORT_NAME.matcher(bridge).matches() ? Fact.of(bridge) : Fact.missing("unexpected " + what + " \"" + bridge + "\"");
    }

    /** Upstream's dependency check prints {@code true} when ovn-detrace is on the PATH. */
    public static boolean detracePresent(ExecResult r) {
        return r != null && r.ok() && r.stdout().replace("\n", "").equals("true");
    }

    public static String firstLine(String stderr, int exitCode) {
        String s = stderr == null ? "" : stderr.strip();
        int nl = s.indexOf('\n');
        String line = nl < 0 ? s : s.substring(0, nl);
        return line.isEmpty() ? "command terminated with exit code " + exitCode : line;
    }
}
