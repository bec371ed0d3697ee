package ovntrace.lib.policy;

import java.util.Arrays;
import java.util.Optional;

/** A Northbound ACL's {@code action} column, and what it means for the traffic it matches. */
public enum AclAction {
    ALLOW("allow", PolicyAction.ALLOW),
    ALLOW_RELATED("allow-related", PolicyAction.ALLOW),
    ALLOW_STATELESS("allow-stateless", PolicyAction.ALLOW),
    DROP("drop", PolicyAction.DENY),
    REJECT("reject", PolicyAction.DENY),
    /** OVN 23.06+: evaluation continues with the next tier. */
    PASS("pass", PolicyAction.PASS);

    private final String nb;
    private final PolicyAction effect;

    AclAction(String nb, PolicyAction effect) {
        this.nb = nb;
        this.effect = effect;
    }

    /** As {@code ovn-nbctl} prints it. */
    public String nb() {
        return nb;
    }

    public PolicyAction effect() {
        return effect;
    }

    public static Optional<AclAction> ofNb(String action) {
        return Arrays.stream(values()).filter(a -> a.nb.equals(action)).findFirst();
    }
}
