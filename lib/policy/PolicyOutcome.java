package ovntrace.lib.policy;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What policy did to a leg's packet: an ACL dropped it, ACLs allowed it, or no policy ACL decided. */
public enum PolicyOutcome {
    DENIED,
    ALLOWED,
    NONE;

    @JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static PolicyOutcome of(String id) {
        return valueOf(id.toUpperCase(Locale.ROOT));
    }
}
