package ovntrace.lib.offline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import ovntrace.lib.cluster.DbRole;

/**
 * Reads a gathered cluster (a folder, or a {@code .tar.gz}/{@code .tgz} of one) into a {@link Gathered}: detect the
 * layout, read the objects, pair the database files and make standalone copies in a new temporary folder. The input
 * is only read; on any failure the temporary folder is removed before the error is thrown.
 */
public final class OfflineReader {

    private OfflineReader() {}

    public static Gathered read(Path input) {
        return read(input, WorkDir.create());
    }

    /** As {@link #read(Path)}, into {@code work}: an empty folder the caller made, removed here on failure. */
    static Gathered read(Path input, Path work) {
        try {
            if (!Files.exists(input)) throw OfflineInputException.noSuchInput(input);
            Path root = input;
            if (Files.isRegularFile(input)) {
                if (!isArchive(input)) throw OfflineInputException.noSuchInput(input);
                root = work.resolve("input");
                TarGz.extract(input, root);
            }
            Detection detection = LayoutDetector.detect(root, files(root));
            KubeObjects objects = readObjects(detection.objects());
            ObjectChecks.check(objects);
            List<FoundDatabases.Pair> pairs = FoundDatabases.pair(found(detection.databases(), work));
            Path copies = Files.createDirectories(work.resolve("db"));
            DatabaseCopies.Copied copied = DatabaseCopies.copy(pairs, copies, OvsdbTool.installs());
            Zones.Assignment zones = Zones.assign(objects, copied.ready());
            return new Gathered(detection, zones.mode(), objects, zones.zones(), copied.install(), work);
        } catch (RuntimeException | IOException e) {
            WorkDir.delete(work);
            if (e instanceof IOException io) throw new UncheckedIOException(io);
            throw (RuntimeException) e;
        }
    }

    static boolean isArchive(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(".tar.gz") || name.endsWith(".tgz");
    }

    private static KubeObjects readObjects(ObjectLayout layout) {
        ObjectFiles reader = new ObjectFiles();
        Path root = layout.root();
        for (Path f : files(root)) {
            boolean wanted = layout instanceof ObjectLayout.InspectTree ? ObjectFiles.inspectFileWanted(f) : ObjectFiles.isObjectFile(f);
            if (wanted) reader.read(root.resolve(f));
        }
        return reader.objects();
    }

    /** The layout's database files; an interconnect store in an archive is extracted into the work folder first. */
    private static List<FoundDatabases.Found> found(DatabaseLayout layout, Path work) {
        if (layout instanceof DatabaseLayout.InterconnectStore s) {
            Path dir = s.store();
            if (s.archived()) {
                dir = work.resolve("store");
                TarGz.extract(s.store(), dir);
            }
            Path base = dir;
            return FoundDatabases.byOwnerSuffix(FoundDatabases.Owner.POD, files(dir).stream()
                    .map(f -> new FoundDatabases.Source(base.resolve(f), s.archived() ? s.store().resolve(f) : base.resolve(f))).toList());
        }
        if (layout instanceof DatabaseLayout.CentralLeaders c) {
            return List.of(new FoundDatabases.Found(FoundDatabases.Owner.EVERY_NODE, "", DbRole.NB, FoundDatabases.Source.of(c.nb())),
                    new FoundDatabases.Found(FoundDatabases.Owner.EVERY_NODE, "", DbRole.SB, FoundDatabases.Source.of(c.sb())));
        }
        DatabaseLayout.ZoneFiles z = (DatabaseLayout.ZoneFiles) layout;
        List<FoundDatabases.Source> sources = z.files().stream().map(FoundDatabases.Source::of).toList();
        return z.singleZone() ? FoundDatabases.singleZone(sources) : FoundDatabases.byOwnerSuffix(FoundDatabases.Owner.ZONE, sources);
    }

    /** Regular files below {@code root}, relative to it, in a stable order; links are not followed. */
    static List<Path> files(Path root) {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(f -> Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)).map(root::relativize).sorted().toList();
        } catch (IOException e) {
            throw OfflineInputException.unreadable(root, e);
        }
    }
}
