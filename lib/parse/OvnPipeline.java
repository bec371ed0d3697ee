package ovntrace.parse;

import java.util.List;

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
}
