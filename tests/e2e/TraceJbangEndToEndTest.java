package ovntrace.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import ovntrace.lib.cluster.ClusterMode;
import ovntrace.support.Processes;
import ovntrace.support.Repo;
import ovntrace.support.Sandboxes;

/**
 * The script as a user runs it from a checkout, {@code jbang ovntrace.java ...} and through the catalog alias
 * {@code jbang ovntrace ...}, with $KUBECONFIG set.
 */
class TraceJbangEndToEndTest {

    @BeforeAll
    static void e2e() {
        Sandboxes.assumeE2e();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ovntrace.java", "ovntrace"})
    void docs_example_through_jbang_prints_exactly_the_eight_documented_lines(String scriptOrAlias) {
        String kubeconfig = Sandboxes.ic().kubeconfig().toString();
        Processes.Outcome o = Processes.run(List.of("./jbang", scriptOrAlias, "-src-namespace", "default", "-src", TraceEndToEndTest.CHMVH,
                "-dst-namespace", "default", "-dst", TraceEndToEndTest.T4HQW, "-udp", "-dst-port", "53", "-loglevel", "0"),
                Repo.root(), Map.of("KUBECONFIG", kubeconfig, "NO_COLOR", "1"), Duration.ofMinutes(5));
        assertEquals(0, o.exitCode(), o.describe());
        assertEquals(TraceEndToEndTest.podLines(TraceEndToEndTest.CHMVH, TraceEndToEndTest.T4HQW, true), o.stdout().lines().toList());
        assertEquals(ClusterMode.IC, Sandboxes.ic().mode());
    }
}
