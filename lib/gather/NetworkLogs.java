package ovntrace.gather;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import ovntrace.kubesim.OvnkubePods;
import ovntrace.lib.cluster.DbRole;
import ovntrace.ovn.Commands;
import ovntrace.ovn.SandboxException;
import ovntrace.ovn.SandboxLayout;
import ovntrace.ovn.Tools;
import ovntrace.ovn.Zone;
import ovntrace.topology.Topology;

/**
 * The OVN databases of a must-gather's {@code network_logs}, in the shape {@code gather_network_logs_basics}
 * leaves them. Interconnect: every ovnkube-node pod's NB and SB as {@code ovnk_database_store/<pod>_nbdb} and
 * {@code _sbdb}, then {@code tar -zcvf ovnk_database_store.tar.gz -C network_logs ovnk_database_store
 * --remove-files}, so only the archive remains. Central: the RAFT leader's files as {@code leader_nbdb} and
 * {@code leader_sbdb}, each then gzipped in place. The script's {@code leader_ovn?b_status} files (the leader's
 * {@code cluster/status}) are not written: the sandbox's servers are standalone, so there is no cluster status to
 * save and a made-up one would mislead.
 */
final class NetworkLogs {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    private NetworkLogs() {}

    /** Writes the databases below {@code root} and returns the files left there, relative to {@code root}. */
    static List<Path> write(Path root, SandboxLayout layout, Topology topology, boolean clustered)
            throws SandboxException {
        return switch (topology.mode()) {
            case IC -> interconnect(root, layout, topology, clustered);
            case CENTRAL -> central(root, layout, topology, clustered);
        };
    }

    private static List<Path> interconnect(Path root, SandboxLayout layout, Topology topology, boolean clustered)
            throws SandboxException {
        // The script's order: every pod's NB, then every pod's SB.
        for (DbRole db : DbRole.values()) {
            for (Zone zone : layout.zones(topology)) {
                String pod = OvnkubePods.podName(zone.nodes().get(0).name());
                copy(layout, zone, db, root.resolve(MustGatherPaths.nodeDatabase(pod, db)), clustered);
            }
        }
        Path networkLogs = root.resolve(MustGatherPaths.NETWORK_LOGS);
        Commands.check(List.of(host("tar"), "-zcf", root.resolve(MustGatherPaths.databaseStoreArchive()).toString(),
                "-C", networkLogs.toString(), MustGatherPaths.DATABASE_STORE, "--remove-files"), Map.of(), TIMEOUT);
        return List.of(MustGatherPaths.databaseStoreArchive());
    }

    private static List<Path> central(Path root, SandboxLayout layout, Topology topology, boolean clustered)
            throws SandboxException {
        Zone zone = layout.zones(topology).get(0);
        List<Path> written = new ArrayList<>();
        for (DbRole db : DbRole.values()) {
            Path gz = MustGatherPaths.leaderDatabase(db);
            Path plain = root.resolve(gz).resolveSibling(gz.getFileName().toString().replaceFirst("\\.gz$", ""));
            copy(layout, zone, db, plain, clustered);
            Commands.check(List.of(host("gzip"), plain.toString()), Map.of(), TIMEOUT);
            written.add(gz);
        }
        return written;
    }

    private static void copy(SandboxLayout layout, Zone zone, DbRole db, Path target, boolean clustered)
            throws SandboxException {
        DatabaseCopy.backup(layout, zone, db, target);
        if (clustered) {
            DatabaseCopy.toClustered(target, db);
        }
        if (!Files.isRegularFile(target)) {
            throw new SandboxException(SandboxException.FAILED, "no database was written to " + target);
        }
    }

    /** tar and gzip are in every Debian system (Essential packages), as in the must-gather image. */
    static String host(String program) {
        return Tools.find(program).map(Path::toString).orElse(program);
    }
}
