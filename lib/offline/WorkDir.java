package ovntrace.lib.offline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * The private temporary folder the copies live in; removed as a whole, links never followed out of it. A must-gather's
 * databases can be hundreds of megabytes, so it goes where the user says temporary files go: {@code $TMPDIR}, else
 * {@code /tmp} (the JVM ignores TMPDIR); the system property {@code ovntrace.tmpdir} overrides both, which lets a test
 * keep its runs' folders apart from anything else on the machine.
 */
final class WorkDir {

    static final String PROPERTY = "ovntrace.tmpdir";

    private WorkDir() {}

    static Path base() {
        String chosen = System.getProperty(PROPERTY, System.getenv().getOrDefault("TMPDIR", ""));
        return Path.of(chosen.isBlank() ? System.getProperty("java.io.tmpdir") : chosen);
    }

    static Path create() {
        try {
            return Files.createTempDirectory(base(), OvnInstall.TMP_PREFIX);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary folder for the database copies: " + e.getMessage(), e);
        }
    }

    static void delete(Path dir) {
        if (dir == null || !Files.exists(dir)) return;
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    Files.delete(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the temporary folder " + dir + ": " + e.getMessage(), e);
        }
    }
}
