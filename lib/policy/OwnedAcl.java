package ovntrace.lib.policy;

import java.util.Map;
import java.util.Optional;
import ovntrace.lib.policy.AclHits.AclHit;
import ovntrace.lib.policy.LegPolicy.AclInfo;

/**
 * An ACL a trace showed deciding, with its Northbound row when one was found and the policy that owns it.
 * {@code action} is the row's (the ACL's own) when found, else what the flow did.
 */
record OwnedAcl(AclHit hit, Optional<AclDirectory.Row> row, PolicyOwner owner, AclAction action) {

    /**
     * Looks the ACL up by direction, priority and match (a logging ACL by the name it logs), and names its owner from
     * the row's external_ids and name, else from the logged name.
     */
    static OwnedAcl of(AclHit hit, AclDirectory acls) {
        Optional<AclDirectory.Row> row = hit.loggedName().isEmpty() ? Optional.empty() : acls.named(hit.loggedName());
        if (row.isEmpty()) row = acls.find(hit.direction(), hit.priority(), hit.match());
        String name = row.map(AclDirectory.Row::name).filter(n -> !n.isEmpty()).orElse(hit.loggedName());
        PolicyOwner owner = PolicyOwner.of(name, hit.direction(), row.map(AclDirectory.Row::externalIds).orElse(Map.of()));
        AclAction action = row.flatMap(r -> AclAction.ofNb(r.action())).orElse(hit.action());
        return new OwnedAcl(hit, row, owner, action);
    }

    String name() {
        return row.map(AclDirectory.Row::name).filter(n -> !n.isEmpty()).orElse(hit.loggedName());
    }

    AclInfo info() {
        return new AclInfo(name(), hit.direction(), hit.priority(), hit.tier(),
                row.map(AclDirectory.Row::match).orElse(hit.match()), action.nb());
    }
}
