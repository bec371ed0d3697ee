package ovntrace.lib.policy;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;

/** What a policy rule does to the traffic it matches, in the words of the policy APIs. */
public enum PolicyAction {
    ALLOW("Allow", "allowed"),
    DENY("Deny", "dropped"),
    /** AdminNetworkPolicy only: hand the decision to NetworkPolicies, then to the BaselineAdminNetworkPolicy. */
    PASS("Pass", "passed on");

    private final String label, past;

    PolicyAction(String label, String past) {
        this.label = label;
        this.past = past;
    }

    @JsonValue
    public String label() {
        return label;
    }

    /** {@code allowed}, {@code dropped}, {@code passed on}: how an explanation says it. */
    public String past() {
        return past;
    }

    @JsonCreator
    public static PolicyAction of(String label) {
        return Arrays.stream(values()).filter(a -> a.label.equals(label)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown policy action " + label));
    }
}
