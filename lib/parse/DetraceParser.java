package ovntrace.parse;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads ovn-detrace output: ofproto/trace text (parsed by {@link OfprotoTraceParser}) whose flows carry
 * {@code * ...} annotation lines. Annotations it does not recognise become {@link DetraceAnnotation.Other}.
 */
public final class DetraceParser {

    private static final Pattern DATAPATH = Pattern.compile("^\\s*\"((?:[^\"\\\\]|\\\\.)*)\" \\(([^)]*)\\)(?: \\[(\\w+)])?$");
    private static final Pattern ONE_DATAPATH = Pattern.compile("^Logical datapath: \"((?:[^\"\\\\]|\\\\.)*)\".*");
    private static final Pattern LFLOW = Pattern.compile(
            "^Logical flow: table=(\\d+) \\(([^)]*)\\), priority=(\\d+), match=\\((.*)\\), actions=\\((.*)\\)$");
    private static final Pattern PORT_BINDING = Pattern.compile(
            "^Port Binding: logical_port \"((?:[^\"\\\\]|\\\\.)*)\", tunnel_key (\\d+),?(?: chassis-name \"([^\"]*)\")?.*");
    private static final Pattern ACL = Pattern.compile(
            "^ACL: ([\\w-]+), priority=(\\d+), match=\\((.*)\\), ([\\w-]+)( \\(log\\))?$");
    private static final Pattern LB = Pattern.compile("^Load Balancer: (\\S+) protocol (\\S+|\\[.*?]) vips (\\{.*?})(?: .*)?$");
    private static final Pattern OVS_IFACE = Pattern.compile("^OVS Interface: (\\S+) \\((.*)\\)$");

    private DetraceParser() {}

    public static Detrace parse(String text) {
        OfprotoTrace trace = OfprotoTraceParser.parse(text);
        List<Detrace.Annotated> annotated = new ArrayList<>();
        for (OfprotoTable table : trace.tables())
            if (!table.annotations().isEmpty()) annotated.add(new Detrace.Annotated(table, annotations(table.annotations())));
        return new Detrace(trace, annotated);
    }

    static List<DetraceAnnotation> annotations(List<String> lines) {
        List<DetraceAnnotation> out = new ArrayList<>();
        List<String> datapaths = new ArrayList<>();
        String pipeline = "", single = "";
        for (String line : lines) {
            String t = line.strip();
            Matcher m;
            if (t.equals("Logical datapaths:")) {
                datapaths.clear();
            } else if ((m = DATAPATH.matcher(line)).matches() && !line.startsWith("Logical")) {
                datapaths.add(m.group(1));
                if (m.group(3) != null) pipeline = m.group(3);
            } else if ((m = ONE_DATAPATH.matcher(t)).matches()) {
                single = m.group(1);
            } else if ((m = LFLOW.matcher(t)).matches()) {
                out.add(new DetraceAnnotation.LogicalFlow(datapaths, pipeline, Integer.parseInt(m.group(1)),
                        m.group(2), Integer.parseInt(m.group(3)), m.group(4), m.group(5)));
            } else if ((m = PORT_BINDING.matcher(t)).matches()) {
                out.add(new DetraceAnnotation.PortBinding(single, m.group(1), Integer.parseInt(m.group(2)),
                        m.group(3) == null ? "" : m.group(3)));
            } else if ((m = ACL.matcher(t)).matches()) {
                out.add(new DetraceAnnotation.Acl(m.group(1), Integer.parseInt(m.group(2)), m.group(3), m.group(4),
                        m.group(5) != null));
            } else if ((m = LB.matcher(t)).matches()) {
                out.add(new DetraceAnnotation.LoadBalancer(m.group(1), m.group(2), m.group(3)));
            } else if ((m = OVS_IFACE.matcher(t)).matches()) {
                out.add(new DetraceAnnotation.OvsInterface(m.group(1), m.group(2)));
            } else {
                out.add(new DetraceAnnotation.Other(t));
            }
        }
        return out;
    }
}
