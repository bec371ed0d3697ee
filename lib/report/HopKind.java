package ovntrace.report;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * What a hop of a packet's path is: an OVN logical datapath (named by ovn-kubernetes' conventions), where the packet
 * left the logical network ({@link #PORT}), an OVS bridge of one node ({@link #BRIDGE}), a Geneve tunnel between two
 * nodes ({@link #TUNNEL}), or an address translation on the way ({@link #NAT}). JSON and templates use {@link #id()}.
 */
public enum HopKind {
    SWITCH("switch"), ROUTER("router"), GATEWAY_ROUTER("gateway-router"), TRANSIT_SWITCH("transit-switch"),
    JOIN_SWITCH("join-switch"), EXTERNAL_SWITCH("external-switch"), PORT("port"), BRIDGE("bridge"), TUNNEL("tunnel"),
    NAT("nat");

    private final String id;

    HopKind(String id) {
        this.id = id;
    }

    @JsonValue
    public String id() {
        return id;
    }

    /** The id, so that templates compare and print {@code h.kind} as in the JSON. */
    @Override
    public String toString() {
        return id;
    }

    public boolean datapath() {
        return this != PORT && this != BRIDGE && this != TUNNEL && this != NAT;
    }

    /** ovn-kubernetes names: ovn_cluster_router, GR_<node>, join, transit_switch, ext_<node>, <node> (node switch). */
    static HopKind ofDatapath(String datapath, boolean router) {
        if (datapath.startsWith("GR_")) return GATEWAY_ROUTER;
        if (datapath.equals("transit_switch")) return TRANSIT_SWITCH;
        if (datapath.equals("join")) return JOIN_SWITCH;
        if (datapath.startsWith("ext_")) return EXTERNAL_SWITCH;
        return router ? ROUTER : SWITCH;
    }
}
