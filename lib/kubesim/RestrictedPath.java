package ovntrace.kubesim;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Set;
import ovntrace.ovn.SandboxLayout;

/**
 * A directory of links to every program on the standard {@code PATH} except some: used as {@code PATH} so that
 * those tools are genuinely absent ({@code command -v} and {@code type -p} fail, bash says "command not found"),
 * as in a node image built without them. Built once per set of hidden tools, atomically, so concurrent execs share it.
 */
final class RestrictedPath {

    /** The PATH of a root shell on Debian, where the node images' tools are. */
    private static final List<String> STANDARD = List.of("/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin",
            "/sbin", "/bin");

    private RestrictedPath() {}

    static synchronized Path without(SandboxLayout layout, Set<String> hidden) throws IOException {
        Path dir = layout.restrictedPathsDir().resolve(String.join(",", hidden).replace('/', '_'));
        if (Files.isDirectory(dir)) {
            return dir;
        }
        Files.createDirectories(dir.getParent());
        Path tmp = Files.createTempDirectory(dir.getParent(), ".building");
        for (String bin : STANDARD) {
            Path binDir = Path.of(bin);
            if (!Files.isDirectory(binDir)) {
                continue;
            }
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(binDir)) {
                for (Path tool : entries) {
                    String name = tool.getFileName().toString();
                    if (hidden.contains(name) || !Files.isExecutable(tool)) {
                        continue;
                    }
                    try {
                        Files.createSymbolicLink(tmp.resolve(name), tool);
                    } catch (FileAlreadyExistsException e) {
                        // an earlier PATH entry has it: the earlier one wins, as in a PATH lookup
                    }
                }
            }
        }
        Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
        return dir;
    }
}
