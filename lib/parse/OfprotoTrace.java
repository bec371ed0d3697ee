package ovntrace.parse;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/**
 * An ofproto/trace run: its passes (the first translation, then one per followed recirculation) and the lines the
 * parser did not understand.
 */
public record OfprotoTrace(List<OfprotoPass> passes, List<String> unparsed) {

    /** Where a dropped packet stopped: the last pass, the table it ended at, and how (see {@link #drop()}). */
    public record DropSite(OfprotoPass pass, OfprotoTable table, DropKind kind) {}

    public OfprotoTrace {
        passes = List.copyOf(passes);
        unparsed = List.copyOf(unparsed);
    }

    public List<OfprotoTable> tables() {
        return passes.stream().flatMap(p -> p.tables().stream()).toList();
    }

    public List<String> bridges() {
        LinkedHashSet<String> names = new LinkedHashSet<>();
        tables().forEach(t -> names.add(t.bridge()));
        return List.copyOf(names);
    }

    public List<String> cookies() {
        return tables().stream().map(OfprotoTable::cookie).filter(c -> !c.isEmpty()).distinct().toList();
    }

    /** The datapath actions of the last pass: what the packet finally did. */
    public DatapathActions finalActions() {
        return passes.isEmpty() ? DatapathActions.parse("") : passes.get(passes.size() - 1).actions();
    }

    public List<String> recirculations() {
        return passes.stream().flatMap(p -> p.actions().recirculations().stream()).toList();
    }

    /** A recirculation the last pass asks for that ofproto/trace did not follow (e.g. a dp_hash select group). */
    public Optional<String> unfollowedRecirculation() {
        List<String> last = finalActions().recirculations();
        return last.isEmpty() ? Optional.empty() : Optional.of(last.get(last.size() - 1));
    }

    public Optional<TunnelOutput> tunnel() {
        for (int i = passes.size() - 1; i >= 0; i--) {
            Optional<TunnelOutput> t = passes.get(i).actions().tunnel();
            if (t.isPresent()) return t;
        }
        return Optional.empty();
    }

    /**
     * Whether the datapath drops the packet: its final actions are {@code drop}, or do nothing that sends it on (no
     * output port, no tunnel, no recirculation), as when the flow that would output to a pod's port is missing and the
     * pipeline ends after a conntrack commit. Empty actions (no trace at all) are not a drop.
     */
    public boolean dropped() {
        DatapathActions last = finalActions();
        if (last.drop()) return true;
        return !passes.isEmpty() && !last.text().isEmpty() && last.ports().isEmpty() && last.tunnels().isEmpty()
                && last.recirculations().isEmpty() && !last.text().contains("output") && !toController();
    }

    /**
     * Whether the packet goes up to ovn-controller ({@code userspace(...controller...)}): an ARP or ND for a next hop
     * not learnt yet, or another packet-in. What happens next is decided there, so it is neither delivered nor dropped.
     */
    public boolean toController() {
        return finalActions().text().contains("userspace(") && finalActions().text().contains("controller(");
    }

    /**
     * When the datapath actions are {@code drop}: the last table the last pass visited. On OVS 3.1 / OVN 23.03 that
     * table prints {@code drop}; on OVS 3.5 / OVN 25.03 an ACL drop prints nothing and the pass just ends there, after
     * the ACL action flow's {@code set_field}. A table miss ("No match.") is the end too. Nested lookups that miss and
     * return (OVN's port-security tables) are followed by more tables, so they are never the last one.
     */
    public Optional<DropSite> drop() {
        if (!dropped() || passes.isEmpty()) return Optional.empty();
        OfprotoPass last = passes.get(passes.size() - 1);
        if (last.tables().isEmpty()) return Optional.empty();
        OfprotoTable end = last.tables().get(last.tables().size() - 1);
        DropKind kind = end.noMatch() ? DropKind.NO_MATCH : end.drops() ? DropKind.DROP_ACTION : DropKind.PIPELINE_ENDS;
        return Optional.of(new DropSite(last, end, kind));
    }

    /** The {@code -> ...} result lines ofproto/trace printed, e.g. "-> output to kernel tunnel". */
    public List<String> results() {
        List<String> lines = new ArrayList<>();
        tables().forEach(t -> t.actions().stream().filter(a -> a.startsWith("->")).forEach(lines::add));
        return lines;
    }
}
