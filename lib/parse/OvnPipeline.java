package ovntrace.parse;

import java.util.List;
import java.util.Optional;

/**
 * One pipeline section of ovn-trace --detailed output, e.g. {@code egress(dp="ovn-worker2", inport="a", outport="b")}:
 * {@code kind} is {@code ingress}, {@code egress} or {@code multicast}; fields the header does not name are empty.
 * {@code outputs} are the {@code /* output to ... *}{@code /} lines printed in it.
 */
public record OvnPipeline(String kind, String datapath, String inport, String outport, List<OvnStage> stages,
                          List<OvnOutput> outputs) {

    public OvnPipeline {
        stages = List.copyOf(stages);
        outputs = List.copyOf(outputs);
    }

    public boolean ingress() {
        return kind.equals("ingress");
    }

    /** Whether the datapath is a logical router, judged from its stage names ({@code lr_*}). */
    public boolean router() {
        return stages.stream().anyMatch(OvnStage::onRouter);
    }

    /**
     * The flow that took the ACL verdict {@code stage} carries out: the stage itself on OVN 23.03 ({@code ls_out_acl})
     * or for an {@code _eval} flow; for an OVN 24+ {@code _action} or {@code _sample} flow, the {@code _eval} flow
     * before it. Empty for stages that are not ACL verdict stages.
     */
    public Optional<OvnStage> aclDecision(OvnStage stage) {
        int at = -1;
        for (int i = 0; i < stages.size(); i++) if (stages.get(i) == stage) at = i;
        if (at < 0) return Optional.empty();
        int d = AclStage.decision(stages.stream().map(OvnStage::name).toList(), at);
        return d < 0 ? Optional.empty() : Optional.of(stages.get(d));
    }
}
