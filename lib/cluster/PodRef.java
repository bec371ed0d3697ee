package ovntrace.lib.cluster;

/** A namespaced Kubernetes object name, written {@code namespace/name} at the prompt. */
public record PodRef(String namespace, String name) {

    /** Parses {@code "ns/name"}; a bare {@code "name"} lands in {@code defaultNamespace}. */
    public static PodRef parse(String text, String defaultNamespace) {
        int slash = text.indexOf('/');
        return slash < 0 ? new PodRef(defaultNamespace, text)
                         : new PodRef(text.substring(0, slash), text.substring(slash + 1));
    }

    public static PodRef parse(String text) {
        return parse(text, "default");
    }

    /** The OVN logical switch port name and OVS iface-id ovn-kubernetes gives the pod on the default network. */
    public String logicalPort() {
        return namespace + "_" + name;
    }

    @Override
    public String toString() {
        return namespace + "/" + name;
    }
}
