package ovntrace.lib.trace;

import ovntrace.lib.cluster.AddressFamily;
import ovntrace.lib.cluster.PodRef;
import ovntrace.lib.cluster.Protocol;

/**
 * One trace as the user asked for it, already validated: names are Kubernetes names, the port is 1..65535,
 * an IP target is a literal address.
 */
public record TraceRequest(PodRef source, Target target, Protocol protocol, int dstPort, AddressFamily family,
                           boolean skipDetrace, boolean failFast) {

    /** Where the traced packet goes: another pod, a Service's ClusterIP, or an IP outside the cluster. */
    public sealed interface Target {

        record Pod(PodRef pod) implements Target {}

        /**
         * A Service's ClusterIP; {@code endpoint} (null: any) pins the backend pod the trace is steered to, as a
         * matrix does to trace every endpoint, instead of the one the resolver would choose.
         */
        record Service(PodRef service, PodRef endpoint) implements Target {

            public Service(PodRef service) {
                this(service, null);
            }
        }

        record Ip(String address) implements Target {}
    }
}
