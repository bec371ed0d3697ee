package ovntrace.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * What an offline run could leave behind: a folder of its own (named {@code ovntrace-offline-*}) in a temporary
 * directory, the host's or the OVN 25.03 root's, or a process whose command line names one (a database server). Other
 * tests' local clusters run database servers too, so processes are matched by that folder name, never by program name.
 */
public record OfflineLeftovers(Set<String> entries) {

    static final String PREFIX = "ovntrace-offline";
    static final List<Path> TEMPS = List.of(Path.of(System.getProperty("java.io.tmpdir")), Path.of("/var/cache/ovntrace/root-25.03/tmp"));

    public static OfflineLeftovers now() {
        Set<String> found = new TreeSet<>();
        for (Path dir : TEMPS) {
            if (!Files.isDirectory(dir)) continue;
            try (Stream<Path> s = Files.list(dir)) {
                s.filter(p -> p.getFileName().toString().startsWith(PREFIX)).forEach(p -> found.add(p.toString()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        ProcessHandle.allProcesses().forEach(p -> p.info().commandLine().filter(c -> c.contains(PREFIX))
                .ifPresent(c -> found.add("pid " + p.pid() + ": " + c)));
        return new OfflineLeftovers(found);
    }

    /** What is there now and was not at this snapshot. */
    public Set<String> newSince() {
        Set<String> now = new TreeSet<>(now().entries());
        now.removeAll(entries);
        return now;
    }
}
