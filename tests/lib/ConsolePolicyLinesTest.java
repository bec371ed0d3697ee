package ovntrace.lib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import ovntrace.lib.api.ConsoleReport;
import ovntrace.lib.policy.AclDirectory;
import ovntrace.lib.policy.Attributions;
import ovntrace.lib.policy.PolicyObjects;
import ovntrace.lib.trace.TraceResult;
import ovntrace.support.Fixtures;
import ovntrace.support.TestTraces;

/** The console says the policy behind each leg at -loglevel 1, and prints upstream's bytes, unchanged, at 0. */
class ConsolePolicyLinesTest {

    private static List<String> print(TraceResult r, Attributions policy, int level) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        ConsoleReport console = new ConsoleReport(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), level, false);
        if (policy == null) console.print(r);
        else console.print(r, policy);
        return List.of(out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static Attributions policy(TraceResult r) throws Exception {
        return Attributions.of(r, AclDirectory.parseNbctlJson(Fixtures.output("ic/acl-list.txt")), PolicyObjects.NONE);
    }

    @Test
    void loglevel_0_prints_the_same_bytes_with_or_without_the_policy() throws Exception {
        TraceResult r = TestTraces.icPolicyDrop();
        assertEquals(print(r, null, 0), print(r, policy(r), 0));
    }

    @Test
    void loglevel_1_adds_one_policy_line_after_each_legs_line() throws Exception {
        TraceResult r = TestTraces.icPolicyDrop();
        List<String> without = print(r, null, 1), with = print(r, policy(r), 1);
        assertEquals(without.get(0), with.get(0), "stdout keeps upstream's lines only");
        List<String> lines = with.get(1).lines().toList();
        int leg = lines.indexOf(lines.stream().filter(l -> l.startsWith("ovntrace request ")).findFirst().orElseThrow());
        assertEquals("ovntrace request policy: dropped: default deny of namespace restricted for ingress", lines.get(leg + 1));
        assertEquals(with.get(1).lines().filter(l -> !l.contains(" policy: ")).toList(), without.get(1).lines().toList(),
                "nothing else changes");
        assertTrue(with.get(1).lines().filter(l -> l.contains(" policy: ")).count() == r.legs().size());
    }
}
