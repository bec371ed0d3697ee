package ovntrace.parse;

import java.util.List;

/**
 * One OpenFlow table visit in ofproto/trace output: {@code bridge}, the line's {@code indent} (nested resubmits and
 * clones are indented further), {@code table}, the flow's {@code match} (empty for a catch-all), {@code priority}
 * (-1 when not printed), {@code cookie} ({@code 0x...}, empty when not printed; OVN sets it to the first 32 bits of the
 * logical flow or port binding UUID), {@code noMatch} for "No match." lines, the lines printed under it, and the
 * ovn-detrace annotation lines that follow it ({@code "* "} stripped).
 */
public record OfprotoTable(String bridge, int indent, int table, String match, int priority, String cookie,
                           boolean noMatch, List<String> actions, List<String> annotations) {

    public OfprotoTable {
        actions = List.copyOf(actions);
        annotations = List.copyOf(annotations);
    }

    /** The flow's only effect is a drop ({@code drop} action or a table miss). */
    public boolean drops() {
        return noMatch || actions.stream().anyMatch(a -> a.equals("drop"));
    }
}
