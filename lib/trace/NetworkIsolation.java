package ovntrace.lib.trace;

import java.util.List;
import java.util.Optional;
import ovntrace.lib.cluster.PodInfo;
import ovntrace.lib.cluster.PodNetwork;

/**
 * Traffic between two networks when one is a primary user-defined network. A UDN pod's packet for an address
 * outside its network is routed by the network's own routers to its gateway router and handed to the node: OVN
 * drops nothing, so every trace "succeeds" in leaving, but the node's {@code udn-isolation} nftables chain and the
 * network's VRF drop it (ovn-kubernetes {@code go-controller/pkg/node/udn_isolation.go}; {@code pkg/node/gateway_udn.go}
 * puts each UDN in a VRF of its own). The other way, a default-network pod reaches only a UDN pod's default-network
 * port, which OVN drops itself (the DenySecondary ACLs of {@code pkg/ovn/udn_isolation.go}); that trace runs on the
 * default network and its drop is attributed by the policy lookup, so it needs nothing here.
 *
 * <p>So when the two ends are on different networks the steps' own verdicts cannot be the answer: every step that
 * passed is turned into a failure naming the isolation, and failures get the isolation as their reason.
 */
public final class NetworkIsolation {

    /** What reports and lines call it, after ovn-kubernetes' own name for the feature. */
    public static final String NAME = "UDN isolation";

    private NetworkIsolation() {}

    /** Why traffic between {@code src} and {@code dst} cannot flow, when they are traced on different networks. */
    public static Optional<String> between(PodInfo src, PodInfo dst) {
        if (dst == null || src.hostNetwork() || dst.hostNetwork()) return Optional.empty();
        PodNetwork a = src.network(), b = dst.network();
        if (a.sameNetwork(b)) return Optional.empty();
        PodNetwork udn = a.isDefault() ? b : a;
        return Optional.of("blocked by " + NAME + ": " + src.ref() + " is on network " + a.display() + " and " + dst.ref()
                + " on network " + b.display() + "; OVN routes the packet out of " + udn.name() + " through its gateway router "
                + udn.gatewayRouter(udn == a ? src.node() : dst.node()) + " to the node, whose udn-isolation nftables chain"
                + " and the network's VRF drop it (ovn-kubernetes pkg/node/udn_isolation.go)");
    }

    /** Every passing step fails with {@code reason}; every failing one gets it in front of its own. */
    public static List<StepResult> apply(List<StepResult> steps, String reason) {
        return steps.stream().map(s -> switch (s.verdict()) {
            case PASS -> with(s, Verdict.FAIL, reason);
            case FAIL -> with(s, Verdict.FAIL, s.reason().isEmpty() ? reason : reason + "; " + s.reason());
            default -> s;
        }).toList();
    }

    private static StepResult with(StepResult s, Verdict v, String reason) {
        return new StepResult(s.label(), s.tool(), s.leg(), s.remote(), s.from(), s.to(), s.where(), s.command(),
                s.searchRegex(), v, reason, s.exec());
    }
}
