package ovntrace.lib;

/** A container to run commands in: the ovnkube-node pod of a node. */
public record ExecTarget(String namespace, String pod, String container, String node) {}
