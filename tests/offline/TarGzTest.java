package ovntrace.lib.offline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Archives made by GNU tar, extracted only inside the folder they are given. */
class TarGzTest {

    @TempDir
    Path dir;

    @Test
    void extractsFilesFoldersAndNamesLongerThanAUstarHeaderHolds() throws IOException {
        String longName = "ovnkube-node-" + "x".repeat(120) + "_nbdb";
        Path src = Files.createDirectories(dir.resolve("src/ovnk_database_store"));
        Files.writeString(src.resolve(longName), "nb");
        Files.writeString(src.resolve("ovnkube-node-7xk2p_sbdb"), "sb".repeat(1000));
        Path archive = Gathers.tarGz(dir.resolve("store.tar.gz"), dir.resolve("src"), "ovnk_database_store");

        TarGz.extract(archive, dir.resolve("out"));

        assertEquals("nb", Files.readString(dir.resolve("out/ovnk_database_store/" + longName)));
        assertEquals("sb".repeat(1000), Files.readString(dir.resolve("out/ovnk_database_store/ovnkube-node-7xk2p_sbdb")));
    }

    @Test
    void anEntryClimbingOutWithDotDotIsRefusedBeforeAnythingIsWritten() throws IOException {
        Path inner = Files.createDirectories(dir.resolve("a/b"));
        Files.writeString(dir.resolve("a/evil"), "x");
        Path archive = dir.resolve("evil.tar.gz");
        Gathers.run(List.of(), "tar", "-P", "-zcf", archive.toString(), "-C", inner.toString(), "../evil");

        OfflineInputException e = assertThrows(OfflineInputException.class, () -> TarGz.extract(archive, dir.resolve("x/out")));

        assertTrue(e.getMessage().contains("entry '../evil' would be written outside"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("x/evil")));
    }

    @Test
    void anAbsoluteEntryIsRefused() throws IOException {
        Path file = Files.writeString(dir.resolve("abs"), "x");
        Path archive = dir.resolve("abs.tar.gz");
        Gathers.run(List.of(), "tar", "-P", "-zcf", archive.toString(), file.toString());

        OfflineInputException e = assertThrows(OfflineInputException.class, () -> TarGz.extract(archive, dir.resolve("out")));

        assertTrue(e.getMessage().contains("entry '" + file + "' would be written outside"), e.getMessage());
    }

    @Test
    void aSymlinkPointingOutsideIsRefusedAndOneInsideIsNotRecreated() throws IOException {
        Path src = Files.createDirectories(dir.resolve("src/g"));
        Files.writeString(src.resolve("pods.yaml"), "kind: List\n");
        Files.createSymbolicLink(src.resolve("inside"), Path.of("pods.yaml"));
        Path ok = Gathers.tarGz(dir.resolve("ok.tar.gz"), dir.resolve("src"), "g");
        Files.createSymbolicLink(src.resolve("passwd"), Path.of("/etc/passwd"));
        Path evil = Gathers.tarGz(dir.resolve("evil.tar.gz"), dir.resolve("src"), "g");

        TarGz.extract(ok, dir.resolve("ok"));
        OfflineInputException e = assertThrows(OfflineInputException.class, () -> TarGz.extract(evil, dir.resolve("evil")));

        assertTrue(Files.isRegularFile(dir.resolve("ok/g/pods.yaml")));
        assertFalse(Files.exists(dir.resolve("ok/g/inside"), java.nio.file.LinkOption.NOFOLLOW_LINKS));
        assertTrue(e.getMessage().contains("entry 'g/passwd -> /etc/passwd' would be written outside"), e.getMessage());
    }

    @Test
    void aTruncatedArchiveSaysSo() throws IOException {
        Path src = Files.createDirectories(dir.resolve("src"));
        Files.write(src.resolve("big"), new byte[200_000]);
        Path archive = Gathers.tarGz(dir.resolve("t.tar.gz"), src, "big");
        byte[] whole = Files.readAllBytes(archive);
        Files.write(archive, java.util.Arrays.copyOf(whole, whole.length / 2));

        OfflineInputException e = assertThrows(OfflineInputException.class, () -> TarGz.extract(archive, dir.resolve("out")));

        assertTrue(e.getMessage().startsWith("cannot extract " + archive + ": "), e.getMessage());
    }
}
