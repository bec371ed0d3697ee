package ovntrace.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ovntrace.support.Processes;
import ovntrace.support.Processes.Outcome;
import ovntrace.support.Repo;
import ovntrace.support.Sandboxes;

/** An SRE scripting an incident in JShell: the prelude loads the library and the fluent API traces the local cluster. */
class JShellScriptTest {

    @Test
    void a_jsh_script_traces_the_docs_example_through_the_fluent_api(@TempDir Path dir) throws Exception {
        Sandboxes.assumeE2e();
        Path kubeconfig = Sandboxes.ic().kubeconfig();
        Path script = dir.resolve("incident.jsh");
        Files.writeString(script, """
                var ovn = Ovntrace.connect("%s");
                var run = ovn.trace("default/fedora-deployment-7d49fddf69-chmvh").to("default/fedora-deployment-7d49fddf69-t4hqw").udp(53).run();
                System.out.println("passed=" + run.passed());
                run.lines().forEach(System.out::println);
                System.out.println(run.markdown());
                ovn.close();
                /exit
                """.formatted(kubeconfig));

        Outcome o = Processes.run(List.of("./jbang", "ovntrace-shell", script.toString()), Repo.root(),
                Map.of("NO_COLOR", "1"), Duration.ofMinutes(5));

        assertEquals(0, o.exitCode(), o.describe());
        assertTrue(o.stdout().contains("passed=true"), o.describe());
        assertTrue(o.stdout().contains("ovn-trace (remote) source pod to destination pod indicates success from "
                + "fedora-deployment-7d49fddf69-chmvh to fedora-deployment-7d49fddf69-t4hqw"), o.describe());
        assertTrue(o.stdout().contains("destination pod to source pod"), "the Markdown report holds both directions\n" + o.describe());
        assertTrue(o.stderr().contains("ovntrace library loaded"), "the prelude ran\n" + o.describe());
    }
}
