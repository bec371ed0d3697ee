package ovntrace.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import ovntrace.lib.cluster.ClusterMode;
import ovntrace.lib.cluster.Protocol;
import ovntrace.lib.trace.Leg;
import ovntrace.lib.trace.Endpoint;
import ovntrace.lib.trace.Tool;
import ovntrace.lib.trace.Verdict;
import ovntrace.support.Browser;
import ovntrace.support.Fixtures;
import ovntrace.support.Repo;
import ovntrace.support.TestTraces;

/** The HTML report as a browser shows it: Debian's headless Chromium loads the file, the test reads its DOM. */
class HtmlReportBrowserTest {

    static final Path ARTIFACTS = Repo.file("target/report-artifacts");

    @BeforeAll
    static void needsChromium() {
        boolean e2e = ovntrace.support.E2e.enabled();
        assumeTrue(e2e || Browser.available(), "chromium not installed and -Dovntrace.e2e=false");
    }

    private static Path write(Report report, String name) throws Exception {
        Files.createDirectories(ARTIFACTS);
        Path html = ARTIFACTS.resolve(name + ".html");
        ReportRenderer.create(Optional.empty()).write(report, html);
        return html;
    }

    @Test
    void the_docs_example_shows_both_legs_verdicts_and_the_path() throws Exception {
        Path html = write(Report.from(TestTraces.docsExample()), "docs-example");
        String text = Browser.text(Browser.dumpDom(html));
        assertTrue(text.contains("Request: default/fedora-deployment-7d49fddf69-chmvh → "
                + "default/fedora-deployment-7d49fddf69-t4hqw PASS"), text);
        assertTrue(text.contains("Reverse-initiated: default/fedora-deployment-7d49fddf69-t4hqw → "
                + "default/fedora-deployment-7d49fddf69-chmvh INCONCLUSIVE"), text);
        assertTrue(text.matches(".*switch ovn-worker2 on ovn-worker2 .*router ovn_cluster_router .*transit-switch transit_switch .*"
                + "bridge br-int on ovn-worker2 .*tunnel to ovn-worker on ovn-worker2 .*"), "path in order: " + text);
        Path png = Browser.screenshot(html, ARTIFACTS.resolve("docs-example.png"), 1400, 1600);
        byte[] bytes = Files.readAllBytes(png);
        assertTrue(bytes.length > 20_000, "a real picture, not a blank page: " + bytes.length + " bytes");
        assertEquals((byte) 0x89, bytes[0]);
        assertEquals('P', bytes[1]);
    }

    /**
     * The inline SVG as Chromium lays it out: the request across both nodes with the tunnel between them, the
     * reverse-initiated connection below; the screenshot is for people (target/report-artifacts/cross-node.png).
     */
    @Test
    void the_path_diagram_shows_both_nodes_and_the_tunnel_between_them() throws Exception {
        Path html = write(Report.from(TestTraces.icCrossNode()), "cross-node");
        String dom = Browser.dumpDom(html);
        assertEquals(1, Browser.count(dom, "svg"));
        assertTrue(dom.contains("data-node=\"ovn-worker\"") && dom.contains("data-node=\"ovn-worker2\""), "both nodes drawn");
        assertTrue(dom.contains("data-kind=\"tunnel\""), "the tunnel drawn");
        assertTrue(dom.contains("data-kind=\"bridge\""), "the bridges drawn");
        String svg = dom.substring(dom.indexOf("<svg"), dom.indexOf("</svg>"));
        assertTrue(Browser.text(svg).contains("geneve to ovn-worker2"), Browser.text(svg));
        Path png = Browser.screenshot(html, ARTIFACTS.resolve("cross-node.png"), 1400, 1300);
        assertTrue(Files.size(png) > 20_000, "a real picture");
    }

    @Test
    void a_drop_on_the_receiving_node_is_drawn_there_in_red() throws Exception {
        Path html = write(Report.from(TestTraces.icReceiverBroken()), "receiver-drop");
        String dom = Browser.dumpDom(html);
        assertTrue(dom.contains("data-node=\"ovn-control-plane\"") && dom.contains("data-node=\"ovn-worker\""), dom);
        assertEquals(1, dom.split("data-dropped=\"true\"", -1).length - 1, "one dropped hop");
        String text = Browser.text(dom);
        assertTrue(text.contains("Dropped on ovn-worker, br-int table 40"), text);
        Browser.screenshot(html, ARTIFACTS.resolve("receiver-drop.png"), 1400, 1000);
    }

    @Test
    void markup_in_cluster_names_and_tool_output_renders_inert_as_text() throws Exception {
        String scriptName = "<script>document.title='pwned'</script>";
        String imgNamespace = "<img src=x onerror=alert(1)>";
        Endpoint src = TestTraces.pod(imgNamespace, scriptName, "ovn-worker2", "10.244.2.3", "0a:58:0a:f4:02:03");
        Endpoint dst = TestTraces.pod("default", "b", "ovn-worker", "10.244.1.6", "0a:58:0a:f4:01:06");
        String output = Fixtures.output("docs/ovn-trace-ic-cross-node.txt")
                .replace("ovn-worker2", "ovn-worker2<script>alert(3)</script>") + "\n<img src=y onerror=alert(4)>\n";
        var step = TestTraces.ran("ovn-trace source pod to destination pod <b>x</b>", Tool.OVN_TRACE, Leg.REQUEST,
                false, "<svg onload=alert(5)>", "ovn-trace '<script>'", Verdict.FAIL, "<iframe src=//evil>", output);
        Report report = Report.from(TestTraces.result(ClusterMode.IC, src, dst, null, Protocol.TCP, 80, List.of(step),
                "note <a href=//evil>click</a>"));
        Path html = write(report, "escaping");
        String dom = Browser.dumpDom(html);
        for (String tag : List.of("script", "img", "iframe", "a"))
            assertEquals(0, Browser.count(dom, tag), "no <" + tag + "> element from the data");
        assertEquals(1, Browser.count(dom, "svg"), "only the path diagram's own <svg>");
        assertFalse(dom.matches("(?s).*<[a-zA-Z][^>]*\\sonload=.*"), "no attribute from the data");
        assertTrue(dom.contains("<title>ovntrace FAIL: "), "the title was not rewritten by a script");
        String text = Browser.text(dom);
        for (String literal : List.of(imgNamespace + "/" + scriptName, "<svg onload=alert(5)>", "<iframe src=//evil>",
                "note <a href=//evil>click</a>", "<img src=y onerror=alert(4)>", "ovn-worker2<script>alert(3)</script>"))
            assertTrue(text.contains(literal), "shown as text: " + literal);
        Browser.screenshot(html, ARTIFACTS.resolve("escaping.png"), 1400, 1200);
    }
}
