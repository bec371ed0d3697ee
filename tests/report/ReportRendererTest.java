package ovntrace.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ovntrace.support.TestTraces;

class ReportRendererTest {

    private final Report report = Report.from(TestTraces.docsExample());

    private static ReportRenderer builtIn() throws ReportException {
        return ReportRenderer.create(Optional.empty());
    }

    @Test
    void markdown_has_the_verdicts_the_path_and_the_raw_output_in_details() throws Exception {
        String md = builtIn().render(report, Format.MD);
        assertTrue(md.startsWith("# ovntrace: ❔ INCONCLUSIVE"), md.lines().findFirst().orElse(""));
        assertTrue(md.contains("## Request: default/fedora-deployment-7d49fddf69-chmvh → default/fedora-deployment-7d49fddf69-t4hqw — ✅ PASS"));
        assertTrue(md.contains("## Reverse-initiated: "));
        assertTrue(md.contains("## Reply — not traced"), md);
        assertTrue(md.contains("2. *ovn-worker2* — router **ovn\\_cluster\\_router**"), "a numbered hop list, names Markdown-escaped");
        assertTrue(md.contains("5. *ovn-worker2* — ⇢ tunnel **to ovn-worker**: tunnel key 0xff0003, remote 172.18.0.2"), md);
        assertTrue(md.contains("```mermaid\nflowchart LR\n"), "a Mermaid flowchart per leg");
        assertTrue(md.contains("<details><summary>1. ovn-trace source pod to destination pod"));
        assertTrue(md.contains("```text\n# udp,reg14=0x3"), "raw output is a fenced block, unescaped");
        assertTrue(md.contains("| 3 | ovs-appctl ofproto/trace source pod to destination pod | ovn-worker2 | ✅ PASS | geneve tunnel to 172.18.0.2"));
    }

    @Test
    void html_is_one_self_contained_file() throws Exception {
        String html = builtIn().render(report, Format.HTML);
        assertTrue(html.startsWith("<!DOCTYPE html>"));
        assertFalse(html.contains("<script"), "no script at all");
        assertFalse(html.matches("(?s).*(src|href)=\"(https?:)?//.*"), "nothing loaded from the network");
        assertEquals(1, html.split("<style>", -1).length - 1);
        assertTrue(html.contains("<details class=\"raw\">"));
        assertTrue(html.contains("id=\"leg-request\"") && html.contains("id=\"leg-reverse-initiated\""));
        assertEquals(1, html.split("<svg ", -1).length - 1, "one inline SVG for the paths of all legs");
    }

    @Test
    void json_renders_through_the_same_call() throws Exception {
        assertEquals(ReportJson.toJson(report), builtIn().render(report, Format.JSON));
    }

    @Test
    void a_template_dir_overrides_one_template_and_the_others_fall_back_to_the_built_ins(@TempDir Path dir)
            throws Exception {
        Files.writeString(dir.resolve("report.md.ftl"), "custom ${report.verdict} ${report.source.display}\n");
        ReportRenderer custom = ReportRenderer.create(Optional.of(dir));
        assertEquals("custom INCONCLUSIVE default/fedora-deployment-7d49fddf69-chmvh\n", custom.render(report, Format.MD));
        assertTrue(custom.render(report, Format.HTML).startsWith("<!DOCTYPE html>"));
    }

    @Test
    void user_templates_are_escaped_too(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("report.html.ftl"), "<p>${report.notes[0]}</p>");
        Files.writeString(dir.resolve("report.md.ftl"), "| ${report.notes[0]} |");
        var evil = Report.from(TestTraces.result(ovntrace.lib.cluster.ClusterMode.IC,
                TestTraces.pod("default", "a", "n1", "10.244.1.3", "0a:58:0a:f4:01:03"),
                TestTraces.pod("default", "b", "n2", "10.244.2.3", "0a:58:0a:f4:02:03"), null,
                ovntrace.lib.cluster.Protocol.TCP, 80, java.util.List.of(), "<img src=x onerror=alert(1)>|x_y"));
        ReportRenderer custom = ReportRenderer.create(Optional.of(dir));
        assertEquals("<p>&lt;img src=x onerror=alert(1)&gt;|x_y</p>", custom.render(evil, Format.HTML));
        assertEquals("| &lt;img src=x onerror=alert(1)&gt;\\|x\\_y |", custom.render(evil, Format.MD));
    }

    @Test
    void a_missing_template_dir_or_a_broken_template_is_one_clear_error(@TempDir Path dir) throws Exception {
        ReportException missing = assertThrows(ReportException.class,
                () -> ReportRenderer.create(Optional.of(dir.resolve("nope"))));
        assertTrue(missing.getMessage().startsWith("--template-dir " + dir.resolve("nope") + ": not a directory"));
        Files.writeString(dir.resolve("report.md.ftl"), "line one\n${report.noSuchField}\n");
        ReportException broken = assertThrows(ReportException.class,
                () -> ReportRenderer.create(Optional.of(dir)).render(report, Format.MD));
        assertTrue(broken.getMessage().startsWith("template report.md.ftl failed at line 2"), broken.getMessage());
        Files.writeString(dir.resolve("report.md.ftl"), "<#if>\n");
        String syntax = assertThrows(ReportException.class, () -> ReportRenderer.create(Optional.of(dir)).render(report, Format.MD))
                .getMessage();
        assertTrue(syntax.startsWith("template " + dir.resolve("report.md.ftl") + ":1:2: syntax error"), syntax);
        ReportException early = assertThrows(ReportException.class, () -> ReportRenderer.create(Optional.of(dir)).check(List.of(Format.MD)));
        assertTrue(early.getMessage().startsWith("template " + dir.resolve("report.md.ftl") + ":1:2: syntax error"),
                "a syntax error is found before any report is rendered: " + early.getMessage());
    }

    @Test
    void warming_up_renders_every_format_and_reports_a_broken_user_template(@TempDir Path dir) throws Exception {
        builtIn().warmUp();
        Files.writeString(dir.resolve("report.html.ftl"), "${report.nope}");
        assertThrows(ReportException.class, () -> ReportRenderer.create(Optional.of(dir)).warmUp());
    }

    @Test
    void the_format_comes_from_the_file_name(@TempDir Path dir) throws Exception {
        assertEquals(Optional.of(Format.HTML), Format.ofFile(Path.of("out/report.HTML")));
        assertEquals(Optional.of(Format.MD), Format.ofFile(Path.of("r.md")));
        assertEquals(Optional.empty(), Format.ofFile(Path.of("r.txt")));
        Path json = dir.resolve("sub/r.json");
        builtIn().write(report, json);
        assertEquals(report, ReportJson.read(json));
        assertTrue(assertThrows(ReportException.class, () -> builtIn().write(report, dir.resolve("r.txt")))
                .getMessage().contains("end it in .md, .html or .json"));
    }

    @Test
    void a_run_that_ended_before_tracing_still_renders_in_every_format_and_says_why() throws Exception {
        ovntrace.lib.trace.TraceRequest asked = new ovntrace.lib.trace.TraceRequest(new ovntrace.lib.cluster.PodRef("default", "client"),
                new ovntrace.lib.trace.TraceRequest.Target.Service(new ovntrace.lib.cluster.PodRef("shop", "web")), ovntrace.lib.cluster.Protocol.TCP, 443,
                ovntrace.lib.cluster.AddressFamily.IP4, false, false);
        Report unfinished = Report.unfinished(asked, "the Kubernetes API server at https://api:6443/ did not answer in 30 s");
        assertEquals(ovntrace.lib.trace.Verdict.INCONCLUSIVE, unfinished.verdict());
        for (Format f : Format.values()) {
            String text = builtIn().render(unfinished, f);
            assertTrue(text.contains("did not answer in 30 s"), f + " says why:\n" + text);
            assertTrue(text.contains("default/client"), f + " names the source:\n" + text);
        }
        assertEquals(unfinished, ReportJson.parse(ReportJson.toJson(unfinished), "unfinished"), "reads back as written");
    }
}
