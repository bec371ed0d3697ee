package ovntrace.lib.policy;

/**
 * The direction a policy rule applies in, as ovn-kubernetes writes it in {@code direction}: Ingress rules become
 * {@code to-lport} ACLs (evaluated in the logical switch's egress pipeline, towards the pod), Egress rules
 * {@code from-lport} ones. EgressFirewall rules are Egress although their ACLs are {@code to-lport}.
 */
public enum Direction {
    INGRESS("Ingress"),
    EGRESS("Egress");

    private final String label;

    Direction(String label) {
        this.label = label;
    }

    @com.fasterxml.jackson.annotation.JsonValue
    public String label() {
        return label;
    }

    /** {@code ingress}, {@code egress}: as the policy's YAML names its rule lists. */
    public String field() {
        return label.toLowerCase(java.util.Locale.ROOT);
    }

    /** From an ACL's direction column, when external_ids do not say. */
    static Direction ofAcl(String aclDirection) {
        return "from-lport".equals(aclDirection) ? EGRESS : INGRESS;
    }

    static Direction of(String label, Direction otherwise) {
        for (Direction d : values()) if (d.label.equalsIgnoreCase(label)) return d;
        return otherwise;
    }

    @com.fasterxml.jackson.annotation.JsonCreator
    public static Direction ofLabel(String label) {
        return of(label, INGRESS);
    }
}
