package ovntrace.lib.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import ovntrace.lib.policy.AclHits.AclHit;

/**
 * A default-network pod's packet to a UDN pod's default-network address is dropped by the DenySecondary ACL on the
 * port group SecondaryPods (ovn-kubernetes pkg/ovn/udn_isolation.go): no name, owner type UDNIsolation. The
 * attribution names it "UDN isolation" rather than an ACL no policy owns.
 */
class UdnIsolationAttributionTest {

    private static final Map<String, String> DENY_INGRESS = Map.of("k8s.ovn.org/owner-type", "UDNIsolation",
            "k8s.ovn.org/owner-controller", "default-network-controller", "k8s.ovn.org/name", "DenySecondary",
            "direction", "Ingress");

    @Test
    void the_deny_secondary_acl_is_owned_by_udn_isolation() {
        PolicyOwner o = PolicyOwner.of("", "to-lport", DENY_INGRESS);
        assertEquals(PolicyKind.UDN_ISOLATION, o.kind());
        assertEquals("DenySecondary", o.name());
        assertEquals(Direction.INGRESS, o.direction());
        assertEquals("UDN isolation", o.kind().label());
    }

    @Test
    void a_drop_by_it_is_explained_as_udn_isolation() {
        String match = "outport == @a11335257209939462335";
        AclHit hit = new AclHit("ovn-worker", "to-lport", "ls_out_acl_eval", 1000, 2, match, AclAction.DROP, "");
        AclDirectory.Row row = new AclDirectory.Row("", "to-lport", 1000, match, "drop", DENY_INGRESS);
        OwnedAcl acl = new OwnedAcl(hit, Optional.of(row), PolicyOwner.of("", "to-lport", DENY_INGRESS), AclAction.DROP);
        LegPolicy p = Explainer.explain(List.of(acl), false, PolicyObjects.NONE, LegEnds.NONE);
        assertEquals(LegPolicy.PolicyOutcome.DENIED, p.outcome());
        assertEquals("UDN isolation (ACL DenySecondary)", p.deciding().owner());
        assertTrue(p.explanation().startsWith("dropped: UDN isolation (ACL DenySecondary): the pod's primary network is a"
                + " user-defined network"), p.explanation());
    }
}
