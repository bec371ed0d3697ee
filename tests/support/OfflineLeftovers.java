package ovntrace.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import ovntrace.lib.offline.OvnInstall;

/**
 * What offline runs could leave behind, watched from {@link #watch} to {@link #close}: anything in the folder their
 * copies go to (the runs are pointed at a folder of the test's own with the {@code ovntrace.tmpdir} property), a new
 * {@code ovntrace-offline-<this JVM's pid>-*} folder in the OVN 25.03 root's {@code /tmp} (where that version's
 * servers keep their sockets), or a process started by this JVM whose command line names such a folder (a database
 * server). Other processes on the machine (another test JVM, a user's offline trace) may make and remove their own
 * folders there at the same time, so nothing of theirs is counted.
 */
public final class OfflineLeftovers implements AutoCloseable {

    static final String PROPERTY = "ovntrace.tmpdir";
    static final Path ROOT_TMP = OvnInstall.ROOT_25_03.resolve("tmp");

    private final Path tmp;
    private final Set<String> rootTmpBefore;

    private OfflineLeftovers(Path tmp) {
        this.tmp = tmp;
        this.rootTmpBefore = list(ROOT_TMP);
    }

    /** From now on offline runs in this JVM put their copies in {@code tmp} (created), until {@link #close}. */
    public static OfflineLeftovers watch(Path tmp) {
        try {
            Files.createDirectories(tmp);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.setProperty(PROPERTY, tmp.toString());
        return new OfflineLeftovers(tmp);
    }

    /** What is left now: every entry of the runs' folder, new root folders, processes of this JVM naming a folder. */
    public Set<String> left() {
        Set<String> found = new TreeSet<>(list(tmp));
        Set<String> root = list(ROOT_TMP);
        root.removeAll(rootTmpBefore);
        found.addAll(root);
        ProcessHandle.current().descendants().forEach(p -> p.info().commandLine().filter(c -> c.contains(OvnInstall.TMP_PREFIX))
                .ifPresent(c -> found.add("pid " + p.pid() + ": " + c)));
        return found;
    }

    @Override
    public void close() {
        System.clearProperty(PROPERTY);
    }

    private static Set<String> list(Path dir) {
        Set<String> found = new TreeSet<>();
        if (!Files.isDirectory(dir)) return found;
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(p -> !dir.equals(ROOT_TMP) || p.getFileName().toString().startsWith(OvnInstall.ownTmpPrefix()))
                    .forEach(p -> found.add(p.toString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return found;
    }
}
