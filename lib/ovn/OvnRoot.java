package ovntrace.ovn;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a sandbox's OVN and OVS programs come from: the host's own file system, or a separate root file system
 * (Debian trixie's packages for OVN 25.03) that every node's namespaces pivot into, so that daemons, tools and
 * commands exec'd into node pods all see that tree as {@code /}. Recorded in the sandbox directory so that every
 * later command (status, exec, down, the API server) knows it.
 */
public sealed interface OvnRoot {

    OvnVersion version();

    /** The host's packages (Debian 12: OVN 23.03). */
    record Host(OvnVersion version) implements OvnRoot {}

    /** A root file system at {@code dir} holding {@code version}'s packages. */
    record Tree(OvnVersion version, Path dir) implements OvnRoot {
        public Tree {
            dir = dir.toAbsolutePath().normalize();
        }
    }

    /** The root for {@code version}: the host for 23.03, else {@code dir} or the version's cached default. */
    static OvnRoot of(OvnVersion version, Path dir) {
        return version.fromHost() && dir == null ? new Host(version)
                : new Tree(version, dir == null ? version.defaultRoot() : dir);
    }

    /** Written as one line {@code <version> <dir>} ({@code -} for the host). */
    default void write(Path file) throws IOException {
        String dir = this instanceof Tree t ? t.dir().toString() : "-";
        Files.writeString(file, version().label() + " " + dir + "\n");
    }

    /** What {@link #write} wrote; a missing file is the host's 23.03 (sandboxes made before versions existed). */
    static OvnRoot read(Path file) throws IOException {
        if (!Files.exists(file)) {
            return new Host(OvnVersion.V23_03);
        }
        String[] f = Files.readString(file).strip().split(" ", 2);
        OvnVersion v = OvnVersion.parse(f[0]);
        return f.length < 2 || f[1].equals("-") ? new Host(v) : new Tree(v, Path.of(f[1]));
    }
}
