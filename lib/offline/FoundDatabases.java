package ovntrace.lib.offline;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import ovntrace.lib.cluster.DbRole;

/**
 * The database files a layout holds, paired NB with SB by their owner: an ovnkube-node pod (interconnect
 * must-gather), a zone (plain {@code <zone>_nbdb.db}) or every node (central leaders, {@code ovnnb_db.db}).
 */
final class FoundDatabases {

    enum Owner { POD, ZONE, EVERY_NODE }

    /**
     * A file to read ({@code .gz} or not; never written to) and the name errors give it: the same path, or for a
     * file extracted from an archive, the archive's path followed by the entry's.
     */
    record Source(Path file, Path shown) {
        static Source of(Path file) {
            return new Source(file, file);
        }
    }

    record Found(Owner owner, String name, DbRole role, Source source) {}

    record Pair(Owner owner, String name, Source nb, Source sb) {
        Source source(DbRole role) {
            return role == DbRole.NB ? nb : sb;
        }
    }

    private FoundDatabases() {}

    /** Files named {@code <owner>_nbdb}/{@code _sbdb}, with {@code .db} or {@code .gz} endings dropped, others ignored. */
    static List<Found> byOwnerSuffix(Owner owner, List<Source> files) {
        List<Found> found = new ArrayList<>();
        for (Source f : files) {
            String stem = f.file().getFileName().toString().replaceFirst("\\.gz$", "").replaceFirst("\\.db$", "");
            DbRole.owned(stem).ifPresent(o -> found.add(new Found(owner, o.owner(), o.role(), f)));
        }
        return found;
    }

    /** {@code ovnnb_db.db} and {@code ovnsb_db.db}: one zone for every node. */
    static List<Found> singleZone(List<Source> files) {
        List<Found> found = new ArrayList<>();
        for (Source f : files) {
            for (DbRole role : DbRole.values()) {
                if (f.file().getFileName().toString().equals(role.singleZoneName())) found.add(new Found(Owner.EVERY_NODE, "", role, f));
            }
        }
        return found;
    }

    static List<Pair> pair(List<Found> found) {
        Map<String, Found[]> byOwner = new TreeMap<>();
        for (Found f : found) {
            byOwner.computeIfAbsent(f.owner() + "/" + f.name(), k -> new Found[2])[f.role().ordinal()] = f;
        }
        List<Pair> pairs = new ArrayList<>();
        for (Found[] both : byOwner.values()) {
            Found nb = both[DbRole.NB.ordinal()], sb = both[DbRole.SB.ordinal()];
            if (nb == null || sb == null) {
                Found present = nb != null ? nb : sb;
                throw OfflineInputException.unpaired(describe(present.owner(), present.name()), present.role(), present.source().shown());
            }
            pairs.add(new Pair(nb.owner(), nb.name(), nb.source(), sb.source()));
        }
        return pairs;
    }

    static String describe(Owner owner, String name) {
        return switch (owner) {
            case POD -> "ovnkube-node pod " + name;
            case ZONE -> "zone " + name;
            case EVERY_NODE -> "the single zone";
        };
    }
}
