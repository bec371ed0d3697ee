package ovntrace.report;

import java.util.List;

/**
 * One place the packet went through. {@code kind}: {@code switch}, {@code router}, {@code transit-switch},
 * {@code join-switch}, {@code gateway-router}, {@code external-switch} (OVN logical datapaths), {@code port} (where it
 * left the logical network, {@code outport} holding the port type), {@code bridge} (an OVS bridge in ofproto/trace),
 * {@code tunnel} (a Geneve tunnel to another node). {@code zone} is the interconnect zone the hop was traced in (empty
 * on a central cluster); {@code applied} lists the NAT and load balancing done there.
 */
public record Hop(String kind, String name, String zone, String inport, String outport, List<String> applied,
                  boolean dropped) {

    public Hop {
        applied = List.copyOf(applied);
    }
}
