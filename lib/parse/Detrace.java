package ovntrace.parse;

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
    }

    public Detrace {
        annotated = List.copyOf(annotated);
    }

    public <T extends DetraceAnnotation> List<T> all(Class<T> kind) {
        return annotated.stream().flatMap(a -> a.all(kind).stream()).toList();
    }

    /** The last annotated flow that drops the packet, if the trace ends in a drop. */
    public Optional<Annotated> dropping() {
        if (!ofproto.dropped()) return Optional.empty();
        Annotated last = null;
        for (Annotated a : annotated)
            if (a.table().drops() && !a.all(DetraceAnnotation.LogicalFlow.class).isEmpty()) last = a;
        return Optional.ofNullable(last);
    }
}
