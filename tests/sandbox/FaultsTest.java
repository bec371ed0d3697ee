package ovntrace.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ovntrace.kubesim.Fault;
import ovntrace.kubesim.Faults;
import ovntrace.ovn.SandboxLayout;

/** The fault switch files as the API server reads them at request time: absent or unreadable means off. */
class FaultsTest {

    @TempDir
    Path dir;

    private Faults faults(Fault fault, String content) throws Exception {
        SandboxLayout layout = new SandboxLayout(dir);
        Files.createDirectories(layout.faultsDir());
        Files.writeString(fault.file(layout), content);
        return new Faults(layout);
    }

    @Test
    void all_off_without_files() {
        Faults f = new Faults(new SandboxLayout(dir));
        assertEquals(Optional.empty(), f.api());
        assertFalse(f.execHangs("ovn-worker"));
        assertEquals(Set.of(), f.hiddenTools("ovn-worker"));
        assertEquals(600, f.execMaxSeconds());
    }

    @Test
    void api_switch_takes_the_four_spellings_and_ignores_anything_else() throws Exception {
        assertEquals(Optional.of(Fault.ApiFault.HANG), faults(Fault.API, "hang\n").api());
        assertEquals(Optional.of(Fault.ApiFault.FORBIDDEN), faults(Fault.API, "403").api());
        assertEquals(Optional.empty(), faults(Fault.API, "teapot").api());
    }

    @Test
    void exec_hang_by_node_or_everywhere() throws Exception {
        assertTrue(faults(Fault.EXEC_HANG, "ovn-worker\n").execHangs("ovn-worker"));
        assertFalse(faults(Fault.EXEC_HANG, "ovn-worker\n").execHangs("ovn-worker2"));
        assertTrue(faults(Fault.EXEC_HANG, "*\n").execHangs("ovn-worker2"));
    }

    @Test
    void hidden_tools_per_node_and_for_all() throws Exception {
        Faults f = faults(Fault.HIDE_TOOLS, "* ovn-detrace\novn-worker ovn-trace ovs-appctl\n# comment\n");
        assertEquals(Set.of("ovn-detrace", "ovn-trace", "ovs-appctl"), f.hiddenTools("ovn-worker"));
        assertEquals(Set.of("ovn-detrace"), f.hiddenTools("ovn-worker2"));
    }

    @Test
    void exec_limit_is_a_number_of_seconds() throws Exception {
        assertEquals(20, faults(Fault.EXEC_MAX_SECONDS, "20\n").execMaxSeconds());
        assertEquals(600, faults(Fault.EXEC_MAX_SECONDS, "soon").execMaxSeconds());
    }
}
