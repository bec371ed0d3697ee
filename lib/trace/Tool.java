package ovntrace.lib.trace;

public enum Tool {
    OVN_TRACE("ovn-trace"), OFPROTO_TRACE("ovs-appctl ofproto/trace"), OVN_DETRACE("ovn-detrace");

    private final String label;

    Tool(String label) {
        this.label = label;
    }

    /** The name upstream prints at the start of its result lines. */
    public String label() {
        return label;
    }
}
