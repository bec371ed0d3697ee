package ovntrace.parse;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An ovn-trace --detailed run: the {@code microflow} it printed on its first line, the pipelines in the order the
 * packet went through them, and every line the parser did not understand ({@code unparsed}), so nothing is lost.
 */
public record OvnTrace(String microflow, List<OvnPipeline> pipelines, List<String> unparsed) {

    /**
     * Where ovn-trace stopped the packet: the pipeline, the flow, and how it stopped there ({@code drop;}, no matching
     * flow, or the trace just ends after it: an OVN 24+ ACL drop, or an ACL marking an established connection blocked).
     */
    public record DropSite(OvnPipeline pipeline, OvnStage stage, DropKind kind) {

        public boolean explicit() {
            return kind.explicit();
        }

        /** The flow that took the ACL verdict: {@code stage} itself, or the {@code _eval} flow before an {@code _action}. */
        public Optional<OvnStage> aclDecision() {
            return pipeline.aclDecision(stage);
        }
    }

    public OvnTrace {
        pipelines = List.copyOf(pipelines);
        unparsed = List.copyOf(unparsed);
    }

    public List<OvnOutput> outputs() {
        return pipelines.stream().flatMap(p -> p.outputs().stream()).toList();
    }

    /**
     * Outputs that leave the logical network: not those into a peer datapath (patch and l3gateway ports), which the
     * trace follows with an ingress pipeline.
     */
    public List<OvnOutput> finalOutputs() {
        List<OvnOutput> out = new ArrayList<>();
        for (int i = 0; i < pipelines.size(); i++) {
            boolean continued = i + 1 < pipelines.size() && pipelines.get(i + 1).ingress();
            for (OvnOutput o : pipelines.get(i).outputs()) if (!o.patch() && !continued) out.add(o);
        }
        return out;
    }

    public boolean delivered() {
        return !finalOutputs().isEmpty();
    }

    /**
     * When the packet never left the logical network: the last dropping flow, else the flow the trace ends at (how an
     * OVN 24+ ACL drop shows: the {@code _acl_action} flow ends the pipeline without {@code drop;}).
     */
    public Optional<DropSite> drop() {
        if (delivered()) return Optional.empty();
        DropSite last = null, end = null;
        for (OvnPipeline p : pipelines)
            for (OvnStage s : p.stages()) {
                if (s.drops()) last = new DropSite(p, s, s.implicitDrop() ? DropKind.NO_MATCH : DropKind.DROP_ACTION);
                end = new DropSite(p, s, DropKind.PIPELINE_ENDS);
            }
        return Optional.ofNullable(last != null ? last : end);
    }

    /** ovn-trace's own complaints: {@code *** ...} lines such as "*** no load balancing destination". */
    public List<String> errors() {
        List<String> errors = new ArrayList<>();
        for (OvnPipeline p : pipelines)
            for (OvnStage s : p.stages())
                s.actions().stream().filter(a -> a.startsWith("***")).forEach(errors::add);
        return errors;
    }

    /** The datapaths in the order the packet visited them, consecutive repeats folded (ingress then egress). */
    public List<String> datapaths() {
        List<String> names = new ArrayList<>();
        for (OvnPipeline p : pipelines)
            if (names.isEmpty() || !names.get(names.size() - 1).equals(p.datapath())) names.add(p.datapath());
        return names;
    }
}
