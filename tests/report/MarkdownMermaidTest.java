package ovntrace.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import ovntrace.lib.policy.AclDirectory;
import ovntrace.support.Fixtures;
import ovntrace.support.Mermaid;
import ovntrace.support.TestTraces;

/** Every ```mermaid block of the Markdown reports, as the real Mermaid parser (headless Chromium) reads it. */
class MarkdownMermaidTest {

    private static final Pattern BLOCK = Pattern.compile("(?m)^(`{3,})mermaid\\n(.*?)\\n\\1$", Pattern.DOTALL);

    @BeforeAll
    static void needsMermaid() {
        Mermaid.assumeAvailable();
    }

    static List<String> blocks(String md) {
        List<String> out = new ArrayList<>();
        Matcher m = BLOCK.matcher(md);
        while (m.find()) out.add(m.group(2) + "\n");
        return out;
    }

    @Test
    void every_mermaid_block_of_every_scenario_parses_and_shows_each_legs_nodes() throws Exception {
        ReportRenderer renderer = ReportRenderer.create(Optional.empty());
        AclDirectory acls = AclDirectory.parseNbctlJson(Fixtures.output("ic/acl-list.txt"));
        List<String> all = new ArrayList<>();
        List<Report> reports = new ArrayList<>();
        for (var trace : ReportPathTest.scenarios().values()) reports.add(Report.from(trace, acls));
        for (Report r : reports) {
            List<String> blocks = blocks(renderer.render(r, Format.MD));
            assertEquals(r.legs().stream().filter(l -> !l.hops().isEmpty()).count(), blocks.size(), "one flowchart per leg with hops");
            all.addAll(blocks);
        }
        List<Mermaid.Result> results = Mermaid.parseAll(all);
        for (Mermaid.Result r : results) assertTrue(r.ok(), r.describe());
        // the receiving node's drop: both nodes as subgraphs, the tunnel as the edge between them
        Mermaid.Result broken = results.get(results.size() - 1);
        assertTrue(broken.labels().contains("ovn-control-plane") && broken.labels().contains("ovn-worker"), broken.labels().toString());
        assertTrue(broken.labels().contains("geneve to ovn-worker"), broken.labels().toString());
    }
}
