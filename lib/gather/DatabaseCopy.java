package ovntrace.gather;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import ovntrace.lib.cluster.DbRole;
import ovntrace.lib.cluster.PodExec.ExecResult;
import ovntrace.ovn.Commands;
import ovntrace.ovn.NodeShell;
import ovntrace.ovn.SandboxException;
import ovntrace.ovn.SandboxLayout;
import ovntrace.ovn.Tools;
import ovntrace.ovn.Zone;

/**
 * A consistent copy of one of a running zone's databases, taken with {@code ovsdb-client backup} over the server's
 * unix socket rather than by copying its file: the server may append or compact the file at any moment, a backup
 * is one transaction's snapshot, and it only reads. The client runs the way the sandbox runs every command in a
 * node's pod ({@link NodeShell}), so it is the sandbox's own OVN version's; it prints the standalone database file
 * on stdout, which lands straight in the gathered file, outside the sandbox.
 *
 * <p>Real clusters keep clustered (RAFT) files; {@link #toClustered} turns a copy into one with
 * {@code ovsdb-tool create-cluster}, using the host's ovsdb-tool: it needs file paths, which a separate OVN root's
 * namespaces cannot see outside the sandbox directory, and the file carries its own schema, which the host's
 * tool reads whatever OVN wrote it (checked with 23.03's tool on 25.03 databases).
 */
final class DatabaseCopy {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    private DatabaseCopy() {}

    /** Writes {@code zone}'s {@code db} to {@code target} as a standalone database file. */
    static void backup(SandboxLayout layout, Zone zone, DbRole db, Path target) throws SandboxException {
        // Any node the zone serves can reach the zone's socket: the sandbox directory is visible at the same path.
        String node = zone.nodes().get(0).name();
        String what = db.schemaName() + " of zone " + zone.name();
        try {
            Files.createDirectories(target.getParent());
            ProcessBuilder pb = new NodeShell(layout).processBuilder(node,
                    List.of("ovsdb-client", "backup", "unix:" + (db == DbRole.NB ? zone.nbSocket() : zone.sbSocket()), db.schemaName()));
            pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            pb.redirectOutput(target.toFile());
            ExecResult r = Commands.finish(pb.start(), TIMEOUT);
            if (!r.ok() || Files.size(target) == 0) {
                throw new SandboxException(SandboxException.FAILED, "cannot back up " + what + ": "
                        + firstLine(r.stderr(), "exit code " + r.exitCode()));
            }
        } catch (IOException e) {
            throw new SandboxException(SandboxException.FAILED, "cannot back up " + what + " into " + target + ": "
                    + e.getMessage(), e);
        }
    }

    /** Replaces the standalone file {@code file} by a one-server clustered database of the same content. */
    static void toClustered(Path file, DbRole db) throws SandboxException {
        Path tool = Tools.find("ovsdb-tool").orElseThrow(() -> new SandboxException(SandboxException.MISSING_PACKAGES,
                "--clustered needs the host's ovsdb-tool; install it with: apt-get install openvswitch-common"));
        Path standalone = file.resolveSibling(file.getFileName() + ".standalone");
        try {
            Files.move(file, standalone);
            // ovn-ctl's default RAFT ports; the address only matters to a server started on the file, and the
            // reader converts it back to standalone (ovsdb-tool cluster-to-standalone) without starting one.
            String local = "tcp:127.0.0.1:" + (db == DbRole.NB ? 6643 : 6644);
            Commands.check(List.of(tool.toString(), "create-cluster", file.toString(), standalone.toString(), local),
                    Map.of(), TIMEOUT);
            Files.delete(standalone);
            // ovsdb-tool leaves a lock file beside each database it opened.
            for (Path p : List.of(file, standalone)) {
                Files.deleteIfExists(p.resolveSibling("." + p.getFileName() + ".~lock~"));
            }
        } catch (IOException e) {
            throw new SandboxException(SandboxException.FAILED, "cannot make a clustered copy of " + file + ": "
                    + e.getMessage(), e);
        }
    }

    private static String firstLine(String text, String otherwise) {
        return text.strip().lines().findFirst().orElse(otherwise);
    }
}
