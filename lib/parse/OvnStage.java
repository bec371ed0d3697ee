package ovntrace.parse;

import java.util.List;
import java.util.regex.Pattern;

/**
 * One logical flow an ovn-trace --detailed run went through: {@code table}, stage {@code name} (empty when the flow
 * has no stage-name), the northd {@code source} reference (empty when not printed), {@code match}, {@code priority}
 * and the first 8 hex digits of its {@code uuid}, then the action lines printed under it. {@code via} is the ct or
 * clone step that led into this flow ({@code "ct_lb_mark"}, {@code "ct_dnat(ip4.dst=10.244.2.4)"} ...), empty if
 * none. {@code implicitDrop} is set for {@code "no match (implicit drop)"} lines, where match and uuid are empty.
 */
public record OvnStage(int table, String name, String source, String match, int priority, String uuid,
                       List<String> actions, String via, boolean implicitDrop) {

    /** NAT with an address: bare {@code ct_snat;}/{@code ct_dnat;} only undo existing NAT and are left out. */
    private static final Pattern NAT_WITH_ADDRESS = Pattern.compile("^ct_[ds]nat(_in_czone)?\\(.+\\);$");
    private static final Pattern LB_WITH_BACKENDS = Pattern.compile("^ct_lb(_mark)?\\(backends=.*");
    private static final Pattern VIP = Pattern.compile(
            "ip[46]\\.dst == ([0-9a-fA-F.:]+)(?:.*?\\b(?:tcp|udp|sctp)\\.dst == (\\d+))?");
    private static final Pattern LOG_NAME = Pattern.compile("^log\\(.*?name=\"((?:[^\"\\\\]|\\\\.)*)\".*");

    public OvnStage {
        actions = List.copyOf(actions);
    }

    /** The flow ends the packet here: no matching flow, or a {@code drop;} action. */
    public boolean drops() {
        return implicitDrop || actions.stream().anyMatch(a -> a.equals("drop;"));
    }

    /** Logical switch stages are named {@code ls_*}, logical router stages {@code lr_*}. */
    public boolean onRouter() {
        return name.startsWith("lr_");
    }

    /** An ACL stage of a logical switch ({@code ls_out_acl}, {@code ls_out_acl_eval}, {@code ls_in_acl_after_lb_action} ...). */
    public boolean isAcl() {
        return AclStage.of(name).isPresent();
    }

    /** Actions that translate addresses or pick a load-balancer backend, as printed. */
    public List<String> natActions() {
        return actions.stream()
                .filter(a -> NAT_WITH_ADDRESS.matcher(a).matches() || LB_WITH_BACKENDS.matcher(a).matches())
                .toList();
    }

    /**
     * The load-balancer VIP ({@code 10.96.0.10:53}) when this flow hands a Service address to conntrack for load
     * balancing: {@code ct_lb_mark} on a match naming the VIP (OVN 23.03 does this in ls_in_pre_stateful), or
     * {@code ct_lb_mark(backends=...)}. Empty otherwise; a bare {@code ct_lb_mark} on other matches is plain conntrack.
     */
    public String vip() {
        boolean lb = actions.stream().anyMatch(a -> a.equals("ct_lb_mark;") || a.equals("ct_lb;")
                || LB_WITH_BACKENDS.matcher(a).matches());
        if (!lb) return "";
        var m = VIP.matcher(match);
        if (!m.find()) return "";
        String ip = m.group(1).contains(":") ? "[" + m.group(1) + "]" : m.group(1);
        return m.group(2) == null ? m.group(1) : ip + ":" + m.group(2);
    }

    /** The ACL name an ovn-kubernetes ACL carries when it logs: {@code log(name="NP:ns:Ingress", ...)}. */
    public String loggedAclName() {
        for (String a : actions) {
            var m = LOG_NAME.matcher(a);
            if (m.matches()) return m.group(1);
        }
        return "";
    }
}
