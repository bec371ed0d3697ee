package ovntrace.lib.offline;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import ovntrace.lib.cluster.DbRole;

/**
 * Turns found database pairs into standalone copies in the work folder: gunzipped (by content, as must-gather names
 * vary), converted from a raft cluster file, version-checked, and the NB's zone name read. The originals are only
 * ever read.
 */
final class DatabaseCopies {

    record Copied(List<Zones.Ready> ready, OvnInstall install) {}

    /** A copy's schema version ({@code ovsdb-tool db-version}), and the file it came from. */
    record FileVersion(DbRole role, String version, Path shown) {}

    private DatabaseCopies() {}

    static Copied copy(List<FoundDatabases.Pair> pairs, Path work, List<OvnInstall> installs) {
        if (installs.isEmpty()) throw OfflineInputException.noOvsdbTool();
        OvnInstall host = installs.get(0);
        List<Zones.Ready> ready = new ArrayList<>();
        List<FileVersion> versions = new ArrayList<>();
        for (FoundDatabases.Pair pair : pairs) {
            Path[] copies = new Path[2];
            for (DbRole role : DbRole.values()) {
                FoundDatabases.Source source = pair.source(role);
                String stem = (pair.name().isEmpty() ? "single" : pair.name()) + "_" + role.name().toLowerCase(java.util.Locale.ROOT) + "db";
                Path standalone = work.resolve(stem + ".db");
                withFallback(installs, tool -> standalone(tool, source, work.resolve(stem + ".raw"), standalone));
                copies[role.ordinal()] = standalone;
                versions.add(new FileVersion(role, OvsdbTool.on(host).dbVersion(standalone, source.shown()), source.shown()));
            }
            String zoneName = OvsdbTool.on(host).globalName(copies[0], DbRole.NB, pair.nb().shown());
            ready.add(new Zones.Ready(pair, copies[0], copies[1], zoneName));
        }
        return new Copied(ready, installFor(installs, versions));
    }

    /** The first install (host first) whose schemas are at least every file's; else say which OVN they need. */
    static OvnInstall installFor(List<OvnInstall> installs, List<FileVersion> versions) {
        for (OvnInstall install : installs) {
            if (versions.stream().allMatch(v -> install.serves(v.role(), v.version()))) return install;
        }
        FileVersion newer = versions.stream().filter(v -> !installs.get(0).serves(v.role(), v.version())).findFirst().orElseThrow();
        String needs = installs.stream().anyMatch(i -> i.root().isPresent())
                ? "an OVN newer than 25.03 installed on this host"
                : "OVN 25.03 or later: run 'ovntrace-sandbox prepare --ovn 25.03' (it builds " + OvnInstall.ROOT_25_03 + ") or install it";
        throw OfflineInputException.newerOvn(newer.shown(), newer.version(), installs.get(0).schema(newer.role()), needs);
    }

    interface ToolStep {
        void run(OvsdbTool tool);
    }

    /** The host's ovsdb-tool reads newer OVNs' files; where it cannot, a newer root's tool gets a second try. */
    private static void withFallback(List<OvnInstall> installs, ToolStep step) {
        OfflineInputException first = null;
        for (OvnInstall install : installs) {
            try {
                step.run(OvsdbTool.on(install));
                return;
            } catch (OfflineInputException e) {
                if (first == null) first = e;
            }
        }
        throw first;
    }

    private static void standalone(OvsdbTool tool, FoundDatabases.Source source, Path raw, Path standalone) {
        try {
            Files.deleteIfExists(standalone);
            gunzipOrCopy(source, raw);
            if (tool.isClustered(raw, source.shown())) {
                tool.clusterToStandalone(raw, standalone, source.shown());
                Files.delete(raw);
            } else {
                Files.move(raw, standalone, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw OfflineInputException.unreadable(source.shown(), e);
        }
    }

    private static void gunzipOrCopy(FoundDatabases.Source source, Path to) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(source.file()))) {
            in.mark(2);
            boolean gzip = in.read() == 0x1f && in.read() == 0x8b;
            in.reset();
            Files.copy(gzip ? new GZIPInputStream(in) : in, to, StandardCopyOption.REPLACE_EXISTING);
        } catch (EOFException | ZipException e) {
            throw OfflineInputException.corruptDatabase(source.shown(), "gzip: " + (e.getMessage() == null ? "truncated" : e.getMessage()));
        }
    }
}
