package ovntrace.parse;

/**
 * A {@code /* output to "port", type "type" *}{@code /} line: the packet leaves {@code datapath} through {@code port}.
 * Type {@code patch} continues into the peer datapath; {@code ""} is a VIF (a pod), {@code remote} a transit switch
 * port of another zone, {@code localnet} the physical network.
 */
public record OvnOutput(String datapath, String port, String type) {

    public boolean patch() {
        return type.equals("patch");
    }
}
