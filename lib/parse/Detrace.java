package ovntrace.parse;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An ovn-detrace run: the underlying ofproto/trace and, for each annotated OpenFlow flow, what ovn-detrace found.
 */
public record Detrace(OfprotoTrace ofproto, List<Annotated> annotated) {

    /** One OpenFlow flow and its annotations, in output order. */
    public record Annotated(OfprotoTable table, List<DetraceAnnotation> annotations) {
        public Annotated {
            annotations = List.copyOf(annotations);
        }

        public <T extends DetraceAnnotation> List<T> all(Class<T> kind) {
            return annotations.stream().filter(kind::isInstance).map(kind::cast).toList();
        }

        /** The logical flow ovn-detrace found for the flow's cookie, if any. */
        public Optional<DetraceAnnotation.LogicalFlow> logicalFlow() {
            return all(DetraceAnnotation.LogicalFlow.class).stream().findFirst();
        }
    }

    public Detrace {
        annotated = List.copyOf(annotated);
    }

    public <T extends DetraceAnnotation> List<T> all(Class<T> kind) {
        return annotated.stream().flatMap(a -> a.all(kind).stream()).toList();
    }

    /**
     * The logical flow that dropped the packet, if the trace ends in a drop: the flow of the table the trace ended at
     * ({@link OfprotoTrace#drop()}), else the last flow of the last pass whose logical actions drop. On OVN 23.03 this
     * is {@code ls_out_acl} with an OpenFlow {@code drop}; on 25.03 it is {@code ls_out_acl_action}, whose logical
     * actions end in {@code /* drop *}{@code /} while its OpenFlow table has no drop action.
     */
    public Optional<Annotated> dropping() {
        Optional<OfprotoTrace.DropSite> site = ofproto.drop();
        if (site.isEmpty()) return Optional.empty();
        Annotated lastDropping = null;
        for (Annotated a : annotated) {
            if (a.logicalFlow().isEmpty()) continue;
            if (a.table() == site.get().table()) return Optional.of(a);
            if (site.get().pass().tables().stream().anyMatch(t -> t == a.table())
                    && (a.table().drops() || a.logicalFlow().get().drops())) lastDropping = a;
        }
        return Optional.ofNullable(lastDropping);
    }

    /**
     * The ACL behind a flow: its own {@code ACL:} annotation (OVN 23.03's {@code ls_out_acl}), else that of the
     * {@code _eval} flow whose verdict it carries out (OVN 24+ annotates the {@code _eval} flow, not the
     * {@code _action} one), looking back only through flows of the same ACL stage family.
     */
    public Optional<DetraceAnnotation.Acl> acl(Annotated flow) {
        int at = -1;
        for (int i = 0; i < annotated.size(); i++) if (annotated.get(i) == flow) at = i;
        if (at < 0) return Optional.empty();
        List<DetraceAnnotation.Acl> own = flow.all(DetraceAnnotation.Acl.class);
        if (!own.isEmpty()) return Optional.of(own.get(0));
        List<String> stages = annotated.stream().map(a -> a.logicalFlow().map(DetraceAnnotation.LogicalFlow::stage)
                .orElse("")).toList();
        int d = AclStage.decision(stages, at);
        return d < 0 ? Optional.empty() : annotated.get(d).all(DetraceAnnotation.Acl.class).stream().findFirst();
    }

    /**
     * The logical datapaths {@code flow} ran in. A logical flow shared by a datapath group (OVN 25.03's ACL action
     * flow in central mode, every priority-0 default) lists all of them; the OpenFlow match's {@code metadata=} is
     * the packet's datapath key, so they are narrowed to those that every annotated flow on the same key lists.
     */
    public List<String> datapaths(Annotated flow) {
        List<String> names = flow.logicalFlow().map(DetraceAnnotation.LogicalFlow::datapaths).orElse(List.of());
        Optional<String> key = flow.table().metadata();
        if (key.isEmpty()) return names;
        List<String> narrowed = new ArrayList<>(names);
        for (Annotated a : annotated)
            if (a.table().metadata().equals(key) && a.logicalFlow().isPresent())
                narrowed.retainAll(a.logicalFlow().get().datapaths());
        return narrowed.isEmpty() ? names : List.copyOf(narrowed);
    }

    /** The ACL behind the drop, if an ACL dropped the packet. */
    public Optional<DetraceAnnotation.Acl> droppingAcl() {
        return dropping().flatMap(this::acl);
    }
}
