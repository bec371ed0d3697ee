package ovntrace.parse;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One OpenFlow table visit in ofproto/trace output: {@code bridge}, the line's {@code indent} (nested resubmits and
 * clones are indented further), {@code table}, the flow's {@code match} (empty for a catch-all), {@code priority}
 * (-1 when not printed), {@code cookie} ({@code 0x...}, empty when not printed; OVN sets it to the first 32 bits of the
 * logical flow or port binding UUID), {@code noMatch} for "No match." lines, the lines printed under it, and the
 * ovn-detrace annotation lines that follow it ({@code "* "} stripped).
 */
public record OfprotoTable(String bridge, int indent, int table, String match, int priority, String cookie,
                           boolean noMatch, List<String> actions, List<String> annotations) {

    /** OVN keeps the logical datapath's tunnel key in the metadata field. */
    private static final Pattern METADATA = Pattern.compile("(?:^|,)metadata=(0x[0-9a-fA-F]+)(?:,|$)");

    public OfprotoTable {
        actions = List.copyOf(actions);
        annotations = List.copyOf(annotations);
    }

    /** The flow's only effect is a drop ({@code drop} action or a table miss). */
    public boolean drops() {
        return noMatch || actions.stream().anyMatch(a -> a.equals("drop"));
    }

    /** The {@code metadata=0x..} the flow matches on (the logical datapath's key in OVN), if it matches on one. */
    public Optional<String> metadata() {
        Matcher m = METADATA.matcher(match);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }
}
