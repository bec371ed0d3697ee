package ovntrace.lib.offline;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import ovntrace.lib.cluster.DbRole;

/**
 * Decides the layout from the names of the files below the input folder alone (no file is opened), so detection is a
 * pure function a test can feed any tree.
 */
public final class LayoutDetector {

    static final String NETWORK_LOGS = "network_logs";
    static final String STORE = "ovnk_database_store";
    private static final List<String> INSPECT_DIRS = List.of("namespaces", "cluster-scoped-resources");
    /** must-gather.local.<n>/<image>/network_logs: deeper than this is not a gather's image folder. */
    private static final int MAX_WRAPPERS = 3;

    private LayoutDetector() {}

    /** {@code files}: every regular file below {@code root}, relative to it. */
    public static Detection detect(Path root, List<Path> files) {
        Path image = imageDir(files).map(root::resolve).orElse(root);
        Path rel = root.relativize(image);
        List<Path> inImage = files.stream().filter(f -> f.startsWith(rel) || rel.toString().isEmpty())
                .map(f -> rel.toString().isEmpty() ? f : rel.relativize(f)).toList();
        ObjectLayout objects = inImage.stream().anyMatch(f -> f.getNameCount() > 1 && INSPECT_DIRS.contains(f.getName(0).toString()))
                ? new ObjectLayout.InspectTree(image) : new ObjectLayout.LooseFiles(root);
        DatabaseLayout databases = mustGatherDatabases(image, inImage).orElseGet(() -> zoneFiles(root, files));
        return new Detection(image, objects, databases);
    }

    /** The shallowest folder holding network_logs (else namespaces/cluster-scoped-resources) below the wrappers. */
    static Optional<Path> imageDir(List<Path> files) {
        Optional<Path> withLogs = shallowestParentOf(files, List.of(NETWORK_LOGS));
        return withLogs.isPresent() ? withLogs : shallowestParentOf(files, INSPECT_DIRS);
    }

    private static Optional<Path> shallowestParentOf(List<Path> files, List<String> markers) {
        return files.stream().flatMap(f -> {
            List<Path> hits = new ArrayList<>();
            for (int i = 0; i < Math.min(f.getNameCount() - 1, MAX_WRAPPERS + 1); i++) {
                if (markers.contains(f.getName(i).toString())) hits.add(i == 0 ? Path.of("") : f.subpath(0, i));
            }
            return hits.stream();
        }).min(Comparator.comparingInt((Path p) -> p.toString().isEmpty() ? 0 : p.getNameCount()).thenComparing(Path::toString));
    }

    private static Optional<DatabaseLayout> mustGatherDatabases(Path image, List<Path> inImage) {
        Path logs = Path.of(NETWORK_LOGS);
        if (inImage.contains(logs.resolve(STORE + ".tar.gz"))) {
            return Optional.of(new DatabaseLayout.InterconnectStore(image.resolve(logs).resolve(STORE + ".tar.gz"), true));
        }
        if (inImage.stream().anyMatch(f -> f.startsWith(logs.resolve(STORE)))) {
            return Optional.of(new DatabaseLayout.InterconnectStore(image.resolve(logs).resolve(STORE), false));
        }
        Optional<Path> nb = leader(inImage, DbRole.NB), sb = leader(inImage, DbRole.SB);
        if (nb.isEmpty() && sb.isEmpty()) return Optional.empty();
        if (nb.isEmpty() || sb.isEmpty()) {
            DbRole present = nb.isPresent() ? DbRole.NB : DbRole.SB;
            throw OfflineInputException.unpaired("the central leader", present, image.resolve(nb.or(() -> sb).get()));
        }
        return Optional.of(new DatabaseLayout.CentralLeaders(image.resolve(nb.get()), image.resolve(sb.get())));
    }

    private static Optional<Path> leader(List<Path> inImage, DbRole role) {
        Path logs = Path.of(NETWORK_LOGS);
        return inImage.stream().filter(f -> f.equals(logs.resolve(role.leaderName() + ".gz")) || f.equals(logs.resolve(role.leaderName())))
                .sorted().findFirst();
    }

    private static DatabaseLayout zoneFiles(Path root, List<Path> files) {
        List<Path> single = new ArrayList<>(), zoned = new ArrayList<>();
        for (Path f : files) {
            String name = f.getFileName().toString();
            if (name.equals(DbRole.NB.singleZoneName()) || name.equals(DbRole.SB.singleZoneName())) single.add(root.resolve(f));
            else if (name.endsWith(".db") && DbRole.owned(name.substring(0, name.length() - 3)).isPresent()) zoned.add(root.resolve(f));
        }
        if (!zoned.isEmpty()) return new DatabaseLayout.ZoneFiles(zoned.stream().sorted().toList(), false);
        if (!single.isEmpty()) return new DatabaseLayout.ZoneFiles(single.stream().sorted().toList(), true);
        throw OfflineInputException.noDatabases(root);
    }
}
