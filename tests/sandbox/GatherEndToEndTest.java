package ovntrace.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import ovntrace.gather.InspectKind;
import ovntrace.gather.MustGather;
import ovntrace.gather.MustGatherPaths;
import ovntrace.lib.cluster.DbRole;
import ovntrace.kubesim.ClusterObjects;
import ovntrace.kubesim.OvnkubePods;
import ovntrace.lib.cluster.ClusterMode;
import ovntrace.support.MustGatherTrees;
import ovntrace.support.Processes;
import ovntrace.support.Sandboxes;
import ovntrace.topology.NodeSpec;

/**
 * {@code gather} on every OVN version and mode: the snapshot has the must-gather shape (one
 * {@code must-gather.local.<digits>/<image>/} root), every object the API serves in the file {@code oc adm inspect}
 * would write it to, and each zone's databases as the must-gather scripts save them; every database opens with
 * {@code ovsdb-tool} and holds its zone's logical switches. The sandbox is only read: same processes, no API
 * request, and nothing left running.
 */
class GatherEndToEndTest {

    private static final Duration TOOL = Duration.ofSeconds(120);

    @ParameterizedTest
    @MethodSource("ovntrace.support.Sandboxes#clusters")
    void a_gathered_sandbox_looks_like_a_must_gather_and_its_databases_open(Sandboxes.Cluster cluster,
                                                                           @TempDir Path tmp) throws Exception {
        Sandboxes.assumeE2e();
        Sandboxes.Sandbox sb = Sandboxes.of(cluster);
        var processesBefore = sb.processes();
        long requests = sb.requestLog().mark();

        MustGather.Result r = MustGather.run(new MustGather.Request(sb.layout(), tmp.resolve("gathered"), false, false),
                line -> { });

        Path root = onlyRoot(tmp.resolve("gathered"));
        assertEquals(root, r.root());
        everyObjectIsWhereOcAdmInspectPutsIt(sb, root);
        Map<String, Path> databases = databases(sb, root, tmp.resolve("unpacked"));
        for (Map.Entry<String, Path> db : databases.entrySet()) {
            holdsItsZone(sb, db.getKey(), db.getValue());
        }
        assertEquals(processesBefore, sb.processes(), "gather starts and stops nothing in the sandbox");
        assertEquals(List.of(), sb.requestLog().since(requests), "gather does not go through the API server");
        assertEquals(List.of(), leftovers(), "gather leaves no process running");
    }

    @ParameterizedTest
    @MethodSource("ovntrace.support.Sandboxes#pairwise")
    void compressed_and_clustered_as_a_support_case_upload_of_a_real_cluster(Sandboxes.Cluster cluster,
                                                                            @TempDir Path tmp) throws Exception {
        Sandboxes.assumeE2e();
        Sandboxes.Sandbox sb = Sandboxes.of(cluster);
        Path dest = tmp.resolve("upload");

        MustGather.Result r = MustGather.run(new MustGather.Request(sb.layout(), dest, true, true), line -> { });

        assertEquals(dest.resolve("must-gather.tar.gz"), r.archive());
        assertEquals(List.of("must-gather.tar.gz"), names(dest), "only the archive remains");
        Path unpacked = Files.createDirectories(tmp.resolve("unpacked"));
        tool("tar", "-xzf", r.archive().toString(), "-C", unpacked.toString());
        Path root = onlyRoot(unpacked);
        everyObjectIsWhereOcAdmInspectPutsIt(sb, root);
        for (Map.Entry<String, Path> db : databases(sb, root, tmp.resolve("dbs")).entrySet()) {
            assertEquals(0, Processes.run(List.of("ovsdb-tool", "db-is-clustered", db.getValue().toString()), tmp, Map.of(),
                    TOOL).exitCode(), db.getKey() + " is clustered, as OpenShift keeps it");
            Path standalone = db.getValue().resolveSibling(db.getValue().getFileName() + ".standalone");
            tool("ovsdb-tool", "cluster-to-standalone", standalone.toString(), db.getValue().toString());
            holdsItsZone(sb, db.getKey(), standalone);
        }
        assertEquals(List.of(), leftovers(), "gather leaves no process running");
    }

    /** DIR/must-gather.local.<digits>/<image dir>/, with oc's timestamp file (start and end) beside the image dir. */
    private static Path onlyRoot(Path dest) throws Exception {
        List<String> top = names(dest);
        assertEquals(1, top.size(), top.toString());
        assertTrue(top.get(0).matches("must-gather\\.local\\.\\d{6,}"), top.get(0));
        Path local = dest.resolve(top.get(0));
        assertEquals(2, Files.readAllLines(local.resolve("timestamp")).size());
        List<String> images = names(local).stream().filter(n -> !n.equals("timestamp")).toList();
        assertEquals(1, images.size(), images.toString());
        assertTrue(images.get(0).matches("quay-io-openshift-ovntrace-sandbox-sha256-[0-9a-f]{64}"), images.get(0));
        return local.resolve(images.get(0));
    }

    private static void everyObjectIsWhereOcAdmInspectPutsIt(Sandboxes.Sandbox sb, Path root) {
        MustGatherTrees.assertEveryObjectIsWhereOcAdmInspectPutsIt(root, ClusterObjects.of(sb.topology()));
        JsonNode ovnkube = MustGatherTrees.read(root.resolve(MustGatherPaths.listFile(OvnkubePods.NAMESPACE, InspectKind.POD)));
        assertEquals(new TreeSet<>(sb.nodes()), MustGatherTrees.items(ovnkube).filter(p -> p.at("/metadata/labels/app").asText().equals("ovnkube-node"))
                .map(p -> p.at("/spec/nodeName").asText()).collect(Collectors.toCollection(TreeSet::new)),
                "one ovnkube-node pod per node");
    }

    /**
     * The saved databases, unpacked into {@code into}, by "node/NB"-style keys (central: "central/NB"). Interconnect:
     * only the archive is left in network_logs, holding the store folder with a pair per ovnkube-node pod.
     */
    private static Map<String, Path> databases(Sandboxes.Sandbox sb, Path root, Path into) throws Exception {
        Path logs = root.resolve(MustGatherPaths.NETWORK_LOGS);
        Files.createDirectories(into);
        Map<String, Path> out = new java.util.TreeMap<>();
        if (sb.mode() == ClusterMode.IC) {
            assertEquals(List.of("ovnk_database_store.tar.gz"), names(logs), "the store folder is removed once tarred");
            String members = tool("tar", "-tzf", root.resolve(MustGatherPaths.databaseStoreArchive()).toString());
            Set<String> expected = new TreeSet<>(Set.of("ovnk_database_store/"));
            for (String node : sb.nodes()) {
                for (DbRole db : DbRole.values()) {
                    expected.add(MustGatherPaths.nodeDatabase(OvnkubePods.podName(node), db).toString()
                            .substring(MustGatherPaths.NETWORK_LOGS.length() + 1));
                    out.put(node + "/" + db, into.resolve(MustGatherPaths.DATABASE_STORE)
                            .resolve(OvnkubePods.podName(node) + "_" + db.fileSuffix()));
                }
            }
            assertEquals(expected, new TreeSet<>(members.lines().toList()));
            tool("tar", "-xzf", root.resolve(MustGatherPaths.databaseStoreArchive()).toString(), "-C", into.toString());
        } else {
            assertEquals(List.of("leader_nbdb.gz", "leader_sbdb.gz"), names(logs),
                    "the leader's files, gzipped; no cluster/status of standalone servers");
            for (DbRole db : DbRole.values()) {
                Path file = into.resolve("leader_" + db.fileSuffix());
                try (InputStream in = new GZIPInputStream(Files.newInputStream(root.resolve(MustGatherPaths.leaderDatabase(db))))) {
                    Files.copy(in, file);
                }
                out.put("central/" + db, file);
            }
        }
        return out;
    }

    /** The file is a database of the right name with the zone's logical switches (all nodes' in central mode). */
    private static void holdsItsZone(Sandboxes.Sandbox sb, String key, Path file) throws Exception {
        String zone = key.substring(0, key.indexOf('/'));
        DbRole db = DbRole.valueOf(key.substring(key.indexOf('/') + 1));
        assertEquals(db.schemaName(), tool("ovsdb-tool", "db-name", file.toString()).strip(), key);
        if (db == DbRole.NB) {
            Set<String> switches = names(query(file, db, "Logical_Switch"));
            for (NodeSpec n : sb.topology().nodes()) {
                boolean served = zone.equals("central") || zone.equals(n.name());
                assertEquals(served, switches.contains(n.name()), key + ": switch " + n.name() + " in " + switches);
            }
        } else {
            assertEquals(new TreeSet<>(sb.nodes()), names(query(file, db, "Chassis")), key + ": every node's chassis");
        }
    }

    private static JsonNode query(Path file, DbRole db, String table) throws Exception {
        String txn = "[\"" + db.schemaName() + "\",{\"op\":\"select\",\"table\":\"" + table + "\",\"where\":[],\"columns\":[\"name\"]}]";
        return new ObjectMapper().readTree(tool("ovsdb-tool", "query", file.toString(), txn)).at("/0/rows");
    }

    private static Set<String> names(JsonNode rows) {
        return StreamSupport.stream(rows.spliterator(), false).map(r -> r.get("name").asText())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static String tool(String... argv) {
        Processes.Outcome o = Processes.run(List.of(argv), Path.of("/"), Map.of(), TOOL);
        assertEquals(0, o.exitCode(), String.join(" ", argv) + ": " + o.describe());
        return o.stdout();
    }

    private static List<String> names(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** Children of this JVM still running a tool gather used. */
    private static List<String> leftovers() {
        return ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)
                .map(p -> p.info().commandLine().orElse("?"))
                .filter(c -> c.contains("ovsdb-client") || c.contains("ovsdb-tool") || c.contains("tar ") || c.contains("gzip"))
                .toList();
    }
}
