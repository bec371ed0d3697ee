package ovntrace.lib.policy;

/**
 * One ACL whose verdict a trace shows, as the trace shows it: the logical flow northd made of the ACL (its priority
 * is the ACL's plus 1000, its match the ACL's wrapped in register tests, and on OVN 24+ a tier test
 * {@code reg8[30..31] == N}).
 *
 * @param node the node whose trace showed it (its Northbound holds the ACL row in an interconnect cluster)
 * @param direction {@code from-lport} (the logical switch's ingress pipeline) or {@code to-lport} (its egress one)
 * @param stage the logical flow's stage, e.g. {@code ls_out_acl_eval}
 * @param tier the ACL's tier from the flow's tier test, -1 when the flow has none (OVN 23.03, or no tiers in use)
 * @param action the action the flow carries out; the Northbound row's, when found, is the ACL's own
 * @param loggedName the name a logging ACL prints ({@code log(name="...")}), else empty
 */
public record AclHit(String node, String direction, String stage, int priority, int tier, String match,
                     AclAction action, String loggedName) {

    /** "to-lport ACL priority 1000 (outport == @a1)", for when nothing names it. */
    public String describe() {
        return direction + " ACL priority " + priority + (tier >= 0 ? " tier " + tier : "") + " (" + match + ")";
    }
}
