package ovntrace.parse;

import java.util.List;

/**
 * One translation in ofproto/trace output: the first one, or one resumed after a recirculation. {@code resume} is the
 * {@code recirc(0x..) - resume conntrack ...} header (empty for the first pass); {@code natRewrite} the "Initial flow"
 * and "Modified flow" lines ofproto/trace prints when it simulates NAT; {@code notes} lines such as "thaw".
 */
public record OfprotoPass(String flow, String resume, List<String> natRewrite, List<String> notes,
                          List<OfprotoTable> tables, String finalFlow, String megaflow, String datapathActions) {

    public OfprotoPass {
        natRewrite = List.copyOf(natRewrite);
        notes = List.copyOf(notes);
        tables = List.copyOf(tables);
    }

    public DatapathActions actions() {
        return DatapathActions.parse(datapathActions);
    }
}
