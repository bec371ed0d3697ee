package ovntrace.lib.policy;

import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import ovntrace.lib.trace.LegResult;
import ovntrace.lib.trace.Leg;
import ovntrace.lib.trace.TraceResult;

/**
 * The policy behind every leg of a run ({@link LegPolicy}), with the Northbound ACL rows it was named from (the report
 * names a dropping ACL from the same rows). Built by pure functions from the run, the rows and the objects read:
 * {@link #wanted} says which objects to read, {@link #of} explains; {@link PolicyLookup} does the reading.
 */
public record Attributions(AclDirectory acls, Map<Leg, LegPolicy> legs) {

    /** Nothing looked up: the report then has no policy objects (a report re-rendered from an old file, a test). */
    public static final Attributions NONE = new Attributions(AclDirectory.EMPTY, Map.of());

    public Attributions {
        legs = Map.copyOf(legs);
    }

    /** The leg's policy; null when it was not attributed. */
    public LegPolicy leg(Leg leg) {
        return legs.get(leg);
    }

    /** Explains every leg of {@code result} from the ACL rows and the objects read. */
    public static Attributions of(TraceResult result, AclDirectory acls, PolicyObjects objects) {
        Map<Leg, LegPolicy> legs = new EnumMap<>(Leg.class);
        for (LegResult l : result.legs()) {
            AclHits.Found found = AclHits.ofLeg(l);
            List<OwnedAcl> owned = found.hits().stream().map(h -> OwnedAcl.of(h, acls)).toList();
            legs.put(l.leg(), Explainer.explain(owned, found.establishedReply(), objects, ends(result, l)));
        }
        return new Attributions(acls, legs);
    }

    /** The Kubernetes objects {@link #of} would quote for {@code result}. */
    public static Set<PolicyObjects.Ref> wanted(TraceResult result, AclDirectory acls) {
        Set<PolicyObjects.Ref> refs = new LinkedHashSet<>();
        for (LegResult l : result.legs()) {
            List<OwnedAcl> owned = AclHits.ofLeg(l).hits().stream().map(h -> OwnedAcl.of(h, acls)).toList();
            refs.addAll(Explainer.wanted(owned, ends(result, l)));
        }
        return refs;
    }

    private static LegEnds ends(TraceResult result, LegResult l) {
        boolean out = l.leg().fromSource();
        return LegEnds.of(out ? result.source() : result.destination(), out ? result.destination() : result.source())
                .carrying(l.tuple(), result.request() == null ? null : result.request().protocol());
    }
}
