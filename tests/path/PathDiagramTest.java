package ovntrace.path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import ovntrace.lib.path.Lane;
import ovntrace.lib.path.Lane.Hop;
import ovntrace.lib.path.PathDiagram;
import ovntrace.support.Browser;
import ovntrace.support.E2e;
import ovntrace.support.Mermaid;

/** The path diagrams: Mermaid that the real Mermaid accepts and displays verbatim, and SVG a browser draws. */
class PathDiagramTest {

    /** A service request from a pod on ovn-worker2 to a pod on ovn-worker, interconnect mode, through the tunnel. */
    static Lane request() {
        return new Lane("Request: default/client → default/web:80", "pass", List.of(
                new Hop("ovn-worker2", "port", "default_client-7d49f", "from pod 10.244.2.3", false),
                new Hop("ovn-worker2", "switch", "ovn-worker2", "table 11: load balancer", false),
                new Hop("ovn-worker2", "nat", "load balancer", "10.96.100.10:80 → 10.244.1.6:8080 (DNAT)", false),
                new Hop("ovn-worker2", "router", "ovn_cluster_router", "table 13: 10.244.1.0/24 via transit switch", false),
                new Hop("ovn-worker2", "transit-switch", "transit_switch", "tstor-ovn-worker type remote", false),
                new Hop("ovn-worker2", "tunnel", "geneve", "ovn-worker2 172.18.0.2 → ovn-worker 172.18.0.3, key 5", false),
                new Hop("ovn-worker", "transit-switch", "transit_switch", "tstor-ovn-worker", false),
                new Hop("ovn-worker", "router", "ovn_cluster_router", "table 13: 10.244.1.0/24 via rtos-ovn-worker", false),
                new Hop("ovn-worker", "switch", "ovn-worker", "table 44", false),
                new Hop("ovn-worker", "port", "default_web-5c6b", "to pod 10.244.1.6", false)));
    }

    /** The reply, dropped by an ACL on the way back: a two-node path with a tunnel and a drop. */
    static Lane reply() {
        return new Lane("Reply: default/web → default/client", "fail", List.of(
                new Hop("ovn-worker", "port", "default_web-5c6b", "from pod 10.244.1.6", false),
                new Hop("ovn-worker", "switch", "ovn-worker", "table 8", false),
                new Hop("ovn-worker", "router", "ovn_cluster_router", "table 13: via transit switch", false),
                new Hop("ovn-worker", "tunnel", "geneve", "ovn-worker → ovn-worker2 172.18.0.2", false),
                new Hop("ovn-worker2", "switch", "ovn-worker2", "10.244.1.6:8080 → 10.96.100.10:80 (un-DNAT)", false),
                new Hop("ovn-worker2", "switch", "ovn-worker2", "ACL default/deny-ingress (to-lport, priority 1000): drop",
                        true)));
    }

    /** Initiated by the server, IPv6, not decided: colons and brackets in every detail. */
    static Lane reverse() {
        return new Lane("Reverse-initiated: default/web → default/client", "inconclusive", List.of(
                new Hop("ovn-worker", "port", "default_web-5c6b", "from [fd00:10:244:1::6]:41000", false),
                new Hop("ovn-worker", "gateway-router", "GR_ovn-worker", "[fd00:10:244:1::6]:41000 → [fd00:10:244:2::3]:8080 (SNAT to fd00:10:244:1::2)", false),
                new Hop("ovn-worker", "external-switch", "ext_ovn-worker", "", false),
                new Hop("ovn-worker", "bridge", "breth0", "OpenFlow table 0, priority 100", false)));
    }

    static final List<String> HOSTILE = List.of("say \"hi\"", "a → b | c", "x < y & z > w", "[brackets] (parens) {braces}",
            "fd00:10:244:1::5 [::1]:80", "#quot; &amp; &lt;", "```mermaid", "%% comment", "end", "h0 --> h1",
            "click h0 call alert(1)", "<script>alert(1)</script>", "\"]; h9[\"x", "line1\nline2", "a;b:::c", "¶ß ﬂ°",
            "\\ back\\slash", "<br>");

    /** A lane whose every node name, hop name and detail is hostile text. */
    static Lane hostile() {
        List<Hop> hops = new ArrayList<>();
        for (int i = 0; i < HOSTILE.size(); i++) {
            String s = HOSTILE.get(i);
            hops.add(new Hop(i < 3 ? s : "node " + (i / 6), "switch", s, "detail " + s, i == HOSTILE.size() - 1));
            if (i == 1) hops.add(new Hop(s, "tunnel", s, s, false));
        }
        return new Lane("Hostile \"title\" <b>&", "fail", hops);
    }

    /** A report's layout: the connection's request and reply side by side, the reverse-initiated connection below. */
    @Test
    void lanes_laid_out_in_rows_sit_side_by_side_within_a_row_and_rows_stack() {
        Lane one = new Lane("request", "pass", List.of(new Hop("a", "switch", "s", "", false)));
        String svg = PathDiagram.svgRows(List.of(List.of(one, reply()), List.of(one)));
        List<String> origins = new ArrayList<>();
        var m = Pattern.compile("<g transform=\"translate\\((\\d+),(\\d+)\\)\">").matcher(svg);
        while (m.find()) origins.add(m.group(1) + "," + m.group(2));
        assertEquals(3, origins.size(), svg);
        assertEquals(origins.get(0).split(",")[1], origins.get(1).split(",")[1], "same row: " + origins);
        assertEquals(origins.get(0).split(",")[0], origins.get(2).split(",")[0], "first column: " + origins);
        assertTrue(Integer.parseInt(origins.get(2).split(",")[1]) > Integer.parseInt(origins.get(1).split(",")[1]), "below: " + origins);
        assertTrue(svg.contains("width=\"" + (2 * 16 + 2 * 380 + 36) + "\""), "two columns wide");
    }

    @Test
    void the_mermaid_of_a_two_node_path_with_a_tunnel_and_a_drop() {
        String mermaid = PathDiagram.mermaid(reply());
        assertEquals("""
                flowchart LR
                  subgraph g0["ovn-worker"]
                    direction LR
                    h0["port default_web-5c6b<br>from pod 10.244.1.6"]
                    h1["switch ovn-worker<br>table 8"]
                    h2["router ovn_cluster_router<br>table 13: via transit switch"]
                  end
                  subgraph g1["ovn-worker2"]
                    direction LR
                    h4["switch ovn-worker2<br>10.244.1.6:8080 → 10.96.100.10:80 (un-DNAT)"]
                    h5["✕ switch ovn-worker2<br>ACL default/deny-ingress (to-lport, priority 1000): drop<br>dropped"]
                  end
                  h0 --> h1
                  h1 --> h2
                  h2 -.->|"geneve"| h4
                  h4 --> h5
                  classDef router fill:#fbefff,stroke:#c297ff
                  classDef drop fill:#ffebe9,stroke:#cf222e,stroke-width:2px,color:#cf222e
                  class h2 router
                  class h5 drop
                """, mermaid);
        Mermaid.assumeAvailable();
        Mermaid.Result r = Mermaid.assertValid(mermaid);
        assertTrue(r.labels().containsAll(List.of("ovn-worker", "ovn-worker2", "geneve", "switch ovn-worker\ntable 8")), r.labels().toString());
        assertTrue(Pattern.compile("class=\"[^\"]*\\bdrop\\b").matcher(r.svg()).find(), "the dropped hop drawn with the drop class");
    }

    @Test
    void every_lane_kind_parses_and_a_tunnel_at_the_end_or_dropped_stays_a_box() throws Exception {
        Lane droppedTunnel = new Lane("t", "fail", List.of(new Hop("a", "switch", "s", "", false),
                new Hop("a", "tunnel", "geneve", "no route to 172.18.0.9", true)));
        Lane logical = new Lane("l", "", List.of(new Hop("", "router", "r", "", false), new Hop("", "switch", "s", "", false)));
        String dt = PathDiagram.mermaid(droppedTunnel);
        assertTrue(dt.contains("h1[\"✕ tunnel geneve<br>no route to 172.18.0.9<br>dropped\"]") && dt.contains("class h1 tunnel"), dt);
        assertFalse(PathDiagram.mermaid(logical).contains("subgraph"), "logical hops belong to no node");
        Mermaid.assumeAvailable();
        List<Lane> lanes = List.of(request(), reply(), reverse(), droppedTunnel, logical, new Lane("empty", "pass", List.of()));
        List<Mermaid.Result> results = Mermaid.parseAll(lanes.stream().map(PathDiagram::mermaid).toList());
        for (Mermaid.Result r : results) assertTrue(r.ok(), r.describe());
        // Mermaid's own drawings, for a person to compare with the SVG (they carry their own scoped style sheets)
        StringBuilder page = new StringBuilder("<!doctype html><html><head><meta charset=\"utf-8\"><title>mermaid</title></head><body>");
        for (int i = 0; i < lanes.size(); i++)
            page.append("<h2>").append(lanes.get(i).title()).append("</h2>").append(results.get(i).svg());
        Files.createDirectories(Browser.ARTIFACTS);
        Path html = Files.writeString(Browser.ARTIFACTS.resolve("path-mermaid.html"), page.append("</body></html>"));
        Browser.screenshot(html, "path-mermaid.png");
    }

    @Test
    void hostile_labels_cannot_escape_their_quotes_and_mermaid_shows_them_verbatim() {
        Lane lane = hostile();
        String mermaid = PathDiagram.mermaid(lane);
        for (String line : mermaid.lines().filter(l -> l.contains("\"")).toList()) {
            String inQuotes = line.replaceAll("^[^\"]*\"(.*)\"[^\"]*$", "$1");
            assertFalse(inQuotes.contains("\""), "a quote inside a label: " + line);
            assertFalse(inQuotes.replace("<br>", "").matches(".*[<>`].*"), "markup or backtick inside a label: " + line);
        }
        assertFalse(mermaid.contains("```"), "a Markdown fence could end the block");
        assertEquals(lane.hops().size() - 1, mermaid.lines().filter(l -> l.matches("\\s+h\\d+\\[\".*")).count(),
                "one box per hop but the tunnel: no statement was injected");
        Mermaid.assumeAvailable();
        Mermaid.Result r = Mermaid.assertValid(mermaid);
        for (String s : HOSTILE) {
            if (s.equals("¶ß ﬂ°")) continue; // Mermaid's own entity placeholders: it shows them as "; &" whatever we write
            String shown = s.replace('\n', ' ');
            assertTrue(r.labels().contains("switch " + shown + "\ndetail " + shown)
                    || r.labels().contains("✕ switch " + shown + "\ndetail " + shown + "\ndropped"), "shown verbatim: " + shown + " in " + r.labels());
        }
        assertTrue(r.labels().contains("geneve a → b | c"), r.labels().toString());
        assertFalse(r.svg().contains("<script"), "no script element reached the SVG");
    }

    @Test
    void the_svg_is_well_formed_with_node_groups_the_tunnel_and_the_drop_marked() throws Exception {
        String svg = PathDiagram.svg(List.of(request(), reply(), reverse()));
        Document doc = xml(svg);
        var xpath = XPathFactory.newInstance().newXPath();
        Element root = doc.getDocumentElement();
        assertEquals("svg", root.getLocalName());
        assertEquals("http://www.w3.org/2000/svg", root.getNamespaceURI());
        NodeList lanes = (NodeList) xpath.evaluate("/*/*[local-name()='g']/*[@class='lane']", doc, XPathConstants.NODESET);
        assertEquals(3, lanes.getLength());
        Element reply = (Element) lanes.item(1);
        assertEquals("fail", reply.getAttribute("data-verdict"));
        assertEquals(List.of("ovn-worker", "ovn-worker2"), attributes(xpath.evaluate("*[@data-node]", reply, XPathConstants.NODESET), "data-node"));
        NodeList tunnels = (NodeList) xpath.evaluate(".//*[@class='tunnel']", reply, XPathConstants.NODESET);
        assertEquals(1, tunnels.getLength());
        assertEquals("tunnel", ((Element) tunnels.item(0)).getAttribute("data-kind"));
        assertTrue(tunnels.item(0).getTextContent().contains("geneve"));
        assertTrue(((Element) tunnels.item(0)).getElementsByTagName("path").getLength() == 1, "an arrow head");
        assertTrue(svg.contains("stroke-dasharray"), "the tunnel dashed");
        NodeList dropped = (NodeList) xpath.evaluate("//*[@data-dropped='true']", doc, XPathConstants.NODESET);
        assertEquals(1, dropped.getLength(), "one dropped hop");
        Element drop = (Element) dropped.item(0);
        assertEquals("ovn-worker2", ((Element) drop.getParentNode()).getAttribute("data-node"));
        assertEquals("switch", drop.getAttribute("data-kind"));
        assertEquals(1, drop.getElementsByTagName("circle").getLength(), "the ✕ mark");
        assertTrue(drop.getElementsByTagName("title").item(0).getTextContent().endsWith("dropped here"));
        assertEquals(List.of("port", "switch", "nat", "router", "transit-switch", "transit-switch", "router", "switch", "port"),
                attributes(xpath.evaluate(".//*[@class='hop']", lanes.item(0), XPathConstants.NODESET), "data-kind"),
                "the request's tunnel is an arrow, not a box");
        for (String banned : List.of("script", "style", "foreignObject", "image", "a", "use"))
            assertEquals(0, doc.getElementsByTagNameNS("*", banned).getLength(), "no <" + banned + ">");
        assertFalse(svg.matches("(?s).*\\s(href|xlink:href|on\\w+|id)=.*"), "no links, handlers or ids");
    }

    @Test
    void hostile_text_is_escaped_in_the_svg_and_survives_as_text() throws Exception {
        Lane lane = hostile();
        String svg = PathDiagram.svg(List.of(lane, new Lane("\u0000\u0007 control \uFFFF", "x\"y", List.of())));
        Document doc = xml(svg);
        assertEquals(0, doc.getElementsByTagNameNS("*", "script").getLength());
        String titles = allText(doc.getElementsByTagNameNS("*", "title"));
        for (String s : HOSTILE) assertTrue(titles.contains(s), "hover text keeps " + s);
        assertTrue(titles.contains("Hostile \"title\" <b>& FAIL"), titles);
    }

    @Test
    void long_text_is_wrapped_then_cut_to_fit_its_box_with_the_whole_text_in_the_hover_title() throws Exception {
        String detail = "[fd00:10:244:1::6]:41000 → [fd00:10:244:2::3]:8080 " + "x".repeat(300);
        String name = "a-logical-port-name-far-too-long-for-any-box-" + "y".repeat(40);
        Document doc = xml(PathDiagram.svg(List.of(new Lane("t", "pass", List.of(new Hop("n", "port", name, detail, false))))));
        Element hop = (Element) doc.getElementsByTagNameNS("*", "g").item(3);
        assertEquals("port", hop.getAttribute("data-kind"));
        List<String> lines = new ArrayList<>();
        NodeList texts = hop.getElementsByTagNameNS("*", "text");
        for (int i = 0; i < texts.getLength(); i++) lines.add(texts.item(i).getTextContent());
        assertEquals(5, lines.size(), "kind, name and three detail lines: " + lines);
        assertEquals("PORT", lines.get(0));
        assertTrue(lines.get(1).endsWith("…") && name.startsWith(lines.get(1).replace("…", "")), lines.get(1));
        assertEquals("[fd00:10:244:1::6]:41000 → [fd00:10:244:2::3]:8080", lines.get(2), "broken at a space");
        assertTrue(lines.get(4).endsWith("…"), lines.get(4));
        for (String line : lines) assertTrue(line.length() <= 51, "fits the box: " + line);
        assertTrue(hop.getElementsByTagNameNS("*", "title").item(0).getTextContent().contains(name + " on node n\n" + detail));
    }

    @Test
    void chromium_draws_the_svg_inline() throws Exception {
        assumeTrue(E2e.enabled() || Browser.available(), "chromium not installed and -Dovntrace.e2e=false");
        Files.createDirectories(Browser.ARTIFACTS);
        Path html = Browser.ARTIFACTS.resolve("path-diagram.html");
        Files.writeString(html, "<!doctype html><html><head><meta charset=\"utf-8\"><title>path diagram</title></head>"
                + "<body style=\"margin:16px;font-family:sans-serif\"><h1>Path</h1>\n"
                + PathDiagram.svg(List.of(request(), reply(), reverse())) + "\n<h1>Hostile</h1>\n"
                + PathDiagram.svg(List.of(hostile())) + "</body></html>\n");
        String dom = Browser.dumpDom(html);
        assertEquals(2, Browser.count(dom, "svg"));
        for (String node : List.of("ovn-worker", "ovn-worker2"))
            assertTrue(dom.contains("data-node=\"" + node + "\""), "node group " + node);
        assertTrue(dom.contains("data-kind=\"tunnel\"") && dom.contains("data-dropped=\"true\""));
        assertEquals(0, Browser.count(dom, "script"), "the hostile text stayed text");
        Path png = Browser.screenshot(html, "path-diagram.png");
        assertTrue(Files.size(png) > 20_000, "a real picture: " + Files.size(png) + " bytes");
    }

    private static Document xml(String svg) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<String> attributes(Object nodes, String name) {
        NodeList list = (NodeList) nodes;
        List<String> values = new ArrayList<>();
        for (int i = 0; i < list.getLength(); i++) values.add(((Element) list.item(i)).getAttribute(name));
        return values;
    }

    private static String allText(NodeList nodes) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < nodes.getLength(); i++) s.append(nodes.item(i).getTextContent()).append('\n');
        return s.toString();
    }
}
