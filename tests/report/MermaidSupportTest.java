package ovntrace.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ovntrace.support.Mermaid;
import ovntrace.support.Processes;

/** The test-side Mermaid checker itself: it must accept what Mermaid accepts and report what Mermaid rejects. */
class MermaidSupportTest {

    @BeforeAll
    static void needsMermaid() {
        Mermaid.assumeAvailable();
    }

    @Test
    void a_valid_flowchart_is_accepted_and_rendered_and_a_broken_one_is_rejected_with_mermaids_message() {
        String valid = """
                flowchart LR
                  subgraph g0["ovn-worker2"]
                    h0["switch ovn-worker2"] --> h1["router ovn_cluster_router"]
                  end
                  h1 -->|"geneve"| h2["switch ovn-worker"]
                  classDef drop fill:#fdd,stroke:#c00
                  class h2 drop
                """;
        String unbalanced = "flowchart LR\n  h0[\"switch\" --> h1[\"router\"]\n";
        String unknownType = "flowchat LR\n  a --> b\n";
        List<Mermaid.Result> results = Mermaid.parseAll(List.of(valid, unbalanced, unknownType));

        Mermaid.Result ok = results.get(0);
        assertTrue(ok.ok(), ok.describe());
        assertTrue(ok.svg().startsWith("<svg"), ok.svg());
        assertEquals(sortedNonEmpty(List.of("switch ovn-worker2", "router ovn_cluster_router", "switch ovn-worker",
                "geneve", "ovn-worker2")), sortedNonEmpty(ok.labels()), "labels as displayed");

        Mermaid.Result broken = results.get(1);
        assertFalse(broken.ok(), broken.describe());
        assertTrue(broken.error().contains("Parse error on line 2"), broken.error());
        assertFalse(results.get(2).ok(), results.get(2).describe());
        assertTrue(results.get(2).error().contains("No diagram type detected"), results.get(2).error());
    }

    @Test
    void labels_come_back_as_mermaid_displays_them() {
        Mermaid.Result r = Mermaid.assertValid("flowchart LR\n  a[\"say #quot;hi#quot; #lt;b#gt;\"] --> b[\"x → y | z\"]\n");
        assertEquals(List.of("say \"hi\" <b>", "x → y | z"), r.labels().stream().filter(l -> !l.isEmpty()).toList());
    }

    /** The copy of mermaid.min.js goes with the test JVM that made it (its folder stayed in /tmp after every run). */
    @Test
    void the_bundle_folder_is_gone_when_the_jvm_exits(@TempDir Path tmp) throws Exception {
        Path child = tmp.resolve("MakeBundle.java");
        Files.writeString(child, """
                public class MakeBundle {
                    public static void main(String[] args) throws Exception {
                        var m = Class.forName("ovntrace.support.Mermaid").getDeclaredMethod("bundleDir");
                        m.setAccessible(true);
                        System.out.println(m.invoke(null));
                    }
                }
                """);
        Processes.Outcome o = Processes.run(Processes.java(child.toString()), tmp, Map.of(), Duration.ofMinutes(2));
        assertEquals(0, o.exitCode(), o.describe());
        Path bundle = Path.of(o.stdout().strip());
        assertTrue(bundle.getFileName().toString().startsWith("ovntrace-mermaid-"), o.describe());
        assertFalse(Files.exists(bundle), bundle + " left behind");
    }

    private static List<String> sortedNonEmpty(List<String> labels) {
        return labels.stream().filter(l -> !l.isEmpty()).sorted().toList();
    }
}
