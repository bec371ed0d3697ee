package ovntrace.parse;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code Datapath actions:} line of ofproto/trace, split into what matters for a verdict: a drop, output ports,
 * tunnels, recirculations and conntrack/NAT actions. {@code text} keeps the line as printed.
 */
public record DatapathActions(String text, boolean drop, List<String> ports, List<TunnelOutput> tunnels,
                              List<String> recirculations, List<String> conntrack) {

    private static final Pattern KERNEL_TUNNEL = Pattern.compile(
            "set\\(tunnel\\((?:tun_id=(0x[0-9a-fA-F]+),)?[^)]*?dst=([0-9a-fA-F.:]+)(.*?)\\)\\)");
    private static final Pattern NATIVE_TUNNEL = Pattern.compile(
            "tnl_push\\(.*?ipv[46]\\(src=[^,]+,dst=([^,)]+)(.*?),out_port");
    private static final Pattern VNI = Pattern.compile("vni=(0x[0-9a-fA-F]+)");
    private static final Pattern GENEVE_OPTION = Pattern.compile("class=0x102,type=0x80,len=4,(0x[0-9a-fA-F]+)");
    private static final Pattern RECIRC = Pattern.compile("recirc\\((0x[0-9a-fA-F]+)\\)");

    public DatapathActions {
        ports = List.copyOf(ports);
        tunnels = List.copyOf(tunnels);
        recirculations = List.copyOf(recirculations);
        conntrack = List.copyOf(conntrack);
    }

    public static DatapathActions parse(String text) {
        String t = text == null ? "" : text.strip();
        List<TunnelOutput> tunnels = new ArrayList<>();
        Matcher k = KERNEL_TUNNEL.matcher(t);
        while (k.find()) tunnels.add(new TunnelOutput(nz(k.group(1)), k.group(2), option(k.group(3)), "kernel"));
        Matcher n = NATIVE_TUNNEL.matcher(t);
        while (n.find()) {
            Matcher vni = VNI.matcher(n.group(2));
            tunnels.add(new TunnelOutput(vni.find() ? vni.group(1) : "", n.group(1), option(n.group(2)), "native"));
        }
        List<String> recircs = new ArrayList<>();
        Matcher r = RECIRC.matcher(t);
        while (r.find()) recircs.add(r.group(1));
        List<String> ports = new ArrayList<>(), ct = new ArrayList<>();
        for (String action : topLevel(t)) {
            if (action.matches("\\d+")) ports.add(action);
            else if (action.startsWith("ct(") || action.equals("ct_clear")) ct.add(action);
        }
        return new DatapathActions(t, t.equals("drop"), ports, tunnels, recircs, ct);
    }

    public Optional<TunnelOutput> tunnel() {
        return tunnels.isEmpty() ? Optional.empty() : Optional.of(tunnels.get(tunnels.size() - 1));
    }

    /** Comma-separated actions at nesting depth 0: {@code ct(commit,zone=19),5} gives {@code ct(commit,zone=19)}, {@code 5}. */
    static List<String> topLevel(String text) {
        List<String> parts = new ArrayList<>();
        int depth = 0, start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '(' || c == '{') depth++;
            else if (c == ')' || c == '}') depth--;
            else if (c == ',' && depth == 0) {
                parts.add(text.substring(start, i).strip());
                start = i + 1;
            }
        }
        if (start < text.length()) parts.add(text.substring(start).strip());
        return parts;
    }

    private static String option(String rest) {
        Matcher m = GENEVE_OPTION.matcher(rest == null ? "" : rest);
        return m.find() ? m.group(1) : "";
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
