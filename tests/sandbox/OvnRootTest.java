package ovntrace.ovn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** OVN versions and roots as the command line names them, recorded and read back; the host's Debian mirror. */
class OvnRootTest {

    @Test
    void versions_parse_and_name_the_choices() {
        assertEquals(OvnVersion.V25_03, OvnVersion.parse("25.03"));
        assertEquals(OvnVersion.V23_03, OvnVersion.parse("V23_03"));
        assertEquals("unknown OVN version \"24.09\"; supported: 23.03, 25.03",
                assertThrows(IllegalArgumentException.class, () -> OvnVersion.parse("24.09")).getMessage());
    }

    @Test
    void roots_default_to_the_host_for_23_03_and_to_the_cache_for_25_03(@TempDir Path tmp) throws Exception {
        assertEquals(new OvnRoot.Host(OvnVersion.V23_03), OvnRoot.of(OvnVersion.V23_03, null));
        OvnRoot trixie = OvnRoot.of(OvnVersion.V25_03, null);
        assertEquals(new OvnRoot.Tree(OvnVersion.V25_03, Path.of("/var/cache/ovntrace/root-25.03")), trixie);
        for (OvnRoot r : List.of(trixie, OvnRoot.of(OvnVersion.V23_03, null), OvnRoot.of(OvnVersion.V25_03, tmp))) {
            r.write(tmp.resolve("ovn-root"));
            assertEquals(r, OvnRoot.read(tmp.resolve("ovn-root")));
        }
        assertEquals(new OvnRoot.Host(OvnVersion.V23_03), OvnRoot.read(tmp.resolve("absent")), "older sandboxes");
    }

    @Test
    void entering_a_node_always_carries_its_root() {
        // nsenter -m alone lands at the mount namespace's root: the host's, if the sandbox runs in a chroot.
        List<String> pod = NodeNamespace.nsenter(42, NodeNamespace.Scope.POD);
        assertTrue(pod.containsAll(List.of("-m", "-r", "-w")), pod.toString());
        assertTrue(NodeNamespace.nsenter(42, NodeNamespace.Scope.ROOT).containsAll(List.of("-m", "-r", "-w")));
        assertEquals(List.of("-t", "42", "-p", "--"), NodeNamespace.nsenter(42, NodeNamespace.Scope.PID).subList(1, 5));
    }

    @Test
    void the_mirror_is_the_hosts_debian_one_in_either_sources_format() {
        assertEquals(Optional.of("http://deb.debian.org/debian"), AptMirror.find("""
                Types: deb
                URIs: http://deb.debian.org/debian-security
                Suites: bookworm-security
                Components: main

                Types: deb
                # http://snapshot.debian.org/archive/debian/20250520T000000Z
                URIs: http://deb.debian.org/debian
                Suites: bookworm bookworm-updates
                Components: main
                """));
        assertEquals(Optional.of("http://mirror.example/debian"), AptMirror.find(
                "deb http://security.debian.org/debian-security bookworm-security main\n"
                        + "deb [arch=amd64 signed-by=/x.gpg] http://mirror.example/debian/ bookworm main\n"));
        assertEquals(Optional.empty(), AptMirror.find("deb https://packages.cloud.google.com/apt cloud-sdk-bookworm main\n"));
    }

    @Test
    void a_missing_debootstrap_is_one_line_with_the_apt_get_command(@TempDir Path tmp) {
        if (Tools.find("debootstrap").isPresent()) {
            return; // the host has it: the message cannot be provoked without hiding it
        }
        SandboxException e = assertThrows(SandboxException.class,
                () -> RootBuilder.prepare(new OvnRoot.Tree(OvnVersion.V25_03, tmp.resolve("root")), l -> { }));
        assertEquals(SandboxException.MISSING_PACKAGES, e.exitCode());
        assertTrue(e.getMessage().endsWith("install it with: apt-get install -y --no-install-recommends debootstrap"));
        assertTrue(!Files.exists(tmp.resolve("root")));
    }
}
