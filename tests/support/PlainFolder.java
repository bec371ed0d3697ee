package ovntrace.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import ovntrace.lib.cluster.ClusterMode;
import ovntrace.lib.offline.Gathered;
import ovntrace.lib.offline.OfflineReader;
import ovntrace.lib.offline.ZoneDatabases;

/**
 * A must-gather turned into the plain layout a user assembles by hand: the object Lists of every namespace but
 * ovn-kubernetes' own (so no ovnkube-node pod is known), each namespace and cluster-scoped object, flat in one folder;
 * each zone's databases as standalone {@code <zone>_nbdb.db}/{@code <zone>_sbdb.db}, or one central
 * {@code ovnnb_db.db}/{@code ovnsb_db.db}.
 */
public final class PlainFolder {

    private PlainFolder() {}

    public static Path of(Path mustGatherImage, Path plain) throws IOException {
        Path objects = Files.createDirectories(plain.resolve("objects"));
        try (Stream<Path> walk = Files.walk(mustGatherImage)) {
            for (Path f : walk.filter(PlainFolder::wanted).toList()) {
                Path rel = mustGatherImage.relativize(f);
                if (rel.startsWith("namespaces/ovn-kubernetes")) continue;
                Files.copy(f, objects.resolve(rel.toString().replace('/', '_')));
            }
        }
        try (Gathered g = OfflineReader.read(mustGatherImage)) {
            List<ZoneDatabases> zones = g.zones();
            for (ZoneDatabases z : zones) {
                boolean central = g.mode() == ClusterMode.CENTRAL;
                Files.copy(z.nb(), plain.resolve(central ? "ovnnb_db.db" : z.zone() + "_nbdb.db"));
                Files.copy(z.sb(), plain.resolve(central ? "ovnsb_db.db" : z.zone() + "_sbdb.db"));
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return plain;
    }

    /** Lists ({@code namespaces/<ns>/<group>/<resource>.yaml}), namespaces and cluster-scoped objects; not the per-pod copies. */
    private static boolean wanted(Path f) {
        String name = f.toString();
        if (!name.endsWith(".yaml")) return false;
        if (name.contains("/cluster-scoped-resources/")) return true;
        Path parent = f.getParent();
        boolean namespaceObject = f.getFileName().toString().equals(parent.getFileName() + ".yaml") && named(parent.getParent(), "namespaces");
        boolean list = parent.getParent() != null && named(parent.getParent().getParent(), "namespaces") && !named(parent, "pods");
        return namespaceObject || list;
    }

    private static boolean named(Path p, String name) {
        return p != null && p.getFileName() != null && p.getFileName().toString().equals(name);
    }
}
