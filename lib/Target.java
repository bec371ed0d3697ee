package ovntrace.lib;

/** Where the traced packet goes: another pod, a Service's ClusterIP, or an IP outside the cluster. */
public sealed interface Target {

    record Pod(PodRef pod) implements Target {}

    record Service(PodRef service) implements Target {}

    record Ip(String address) implements Target {}
}
