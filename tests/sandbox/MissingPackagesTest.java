package ovntrace.ovn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A fresh machine without OVN: the sandbox names exactly the packages to install, in one apt-get line. */
class MissingPackagesTest {

    @Test
    void a_host_without_ovn_gets_the_apt_get_line_for_exactly_what_is_missing() {
        Set<String> missing = Tools.missingPackages(program -> !program.startsWith("ovn-"), file -> !file.startsWith("/usr/share/ovn")
                && !file.equals(Path.of("/usr/lib/python3/dist-packages/ovs")));
        assertEquals(Set.of("ovn-central", "ovn-host", "ovn-common", "python3-openvswitch"), missing);
        assertEquals("apt-get install -y --no-install-recommends ovn-central ovn-host ovn-common python3-openvswitch",
                Prerequisites.installCommand(missing));
    }

    @Test
    void a_host_with_everything_misses_nothing() {
        assertEquals(Set.of(), Tools.missingPackages(program -> true, file -> true));
    }

    @Test
    void this_machine_has_what_the_sandbox_needs_when_end_to_end_tests_run() {
        ovntrace.support.E2e.requireEnabled();
        assertEquals(Set.of(), Tools.missingPackages(), "run: " + Prerequisites.installCommand(Tools.missingPackages()));
    }
}
