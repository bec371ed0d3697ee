package ovntrace.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import ovntrace.ovn.LogicalTopology;
import ovntrace.ovn.NbTxn;
import ovntrace.ovn.OvnVersion;
import ovntrace.ovn.SandboxLayout;
import ovntrace.topology.Topology;
import ovntrace.topology.TopologyException;
import ovntrace.topology.TopologyGenerator;
import ovntrace.topology.TopologyReader;

/**
 * A large cluster's northbound transactions are applied in several ovn-nbctl command lines, cut only between
 * self-contained parts: 10,000 pods with 500 policies once stopped `up` with "Argument list too long" (one command
 * line held every policy's ACLs, more than Linux's 2 MiB).
 */
class LargeTransactionTest {

    @Test
    void aTransactionIsCutOnlyWherePartsEndAndNoCutLosesAnArgument() {
        NbTxn t = new NbTxn("test");
        t.add("a", "1111").add("b", "2222").endPart().add("c", "3333").endPart().add("d", "4444");

        assertEquals(List.of(t.args()), t.parts(1 << 20), "small: one command line");
        List<List<String>> parts = t.parts(12);
        assertEquals(List.of(List.of("--", "a", "1111", "--", "b", "2222"), List.of("--", "c", "3333"),
                List.of("--", "d", "4444")), parts, "cut at the ends only, even when a part alone is over the limit");
    }

    @Test
    void theGeneratedTenThousandPodClustersPoliciesFitCommandLinesAndEachPartDefinesTheRowsItUses() throws TopologyException {
        Topology t = TopologyReader.parse(TopologyGenerator.yaml(new TopologyGenerator.Size(10, 1000, 100, 1000, 500, "central")),
                "generated.yaml");
        SandboxLayout layout = new SandboxLayout(Path.of("/run/plan-test"));

        int lines = 0;
        for (NbTxn txn : LogicalTopology.forZone(t, layout.zones(t).get(0), OvnVersion.V25_03)) {
            for (List<String> part : txn.parts(1 << 20)) {
                lines++;
                assertTrue(part.stream().mapToInt(a -> a.length() + 1).sum() < 2 << 20, txn.what() + ": a part over 2 MiB");
                Set<String> defined = new HashSet<>();
                List<String> undefined = new ArrayList<>();
                for (String a : part) {
                    if (a.startsWith("--id=@")) defined.add(a.substring("--id=".length()));
                    else if (a.startsWith("@") && !defined.contains(a)) undefined.add(a);
                }
                assertEquals(List.of(), undefined, txn.what() + ": rows used in a part that does not make them");
            }
        }
        assertTrue(lines > LogicalTopology.forZone(t, layout.zones(t).get(0), OvnVersion.V25_03).size(),
                "the policies take more than one command line");
    }
}
