package ovntrace.lib.offline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import ovntrace.lib.cluster.DbRole;

/**
 * One private {@code ovsdb-server} per zone and database, each serving a copy (never the gathered file) on a unix
 * socket in a short folder of its own ({@code z0}, {@code z1}: a socket path must fit in 108 bytes, node names need
 * not). For a newer OVN's root the servers run chrooted there and the folders live in its /tmp, so that the clients
 * run chrooted too see the same paths.
 *
 * <p>The servers run in backup mode ({@code --sync-from} a socket that never exists): they answer every read the
 * tracer makes, refuse writes, and never connect anywhere. Their environment points every OVS/OVN default folder at
 * the zone's, so no default path (/var/run/openvswitch) is ever written. {@code setpriv --pdeathsig KILL} ends them if
 * the JVM is killed outright, as long as the thread that started them lives: start them from the run's own thread.
 */
public final class OvsdbServers implements AutoCloseable {

    private static final long READY_MILLIS = 20_000, POLL_MILLIS = 20, STOP_SECONDS = 5;
    static final List<String> CLIENTS = List.of("ovn-trace", "ovn-sbctl", "ovn-nbctl");

    /** A running server; {@code gathered}: the file name the user knows (our copy's name carries it). */
    private record Server(String zone, DbRole role, String gathered, String db, Path socket, Path stderr, Path log, Process process) {}

    private final Optional<Path> root;
    private final Path base;
    private final Map<String, Path> dirs = new LinkedHashMap<>();
    private final List<Server> servers = new ArrayList<>();
    private final Thread hook = new Thread(this::close, "ovntrace-offline-servers-down");
    private boolean closed;

    private OvsdbServers(Optional<Path> root, Path base) {
        this.root = root;
        this.base = base;
    }

    /** Serves every zone of {@code gathered}; returns once every socket answers. */
    public static OvsdbServers start(Gathered gathered) {
        return start(gathered.zones(), gathered.ovn().root(), gathered.workDir().resolve("run"));
    }

    /**
     * {@code hostRun}: the folder for the zone folders with the host's OVN (a root gets a private folder in its
     * /tmp instead). On any failure every server started is stopped and the folders removed before the one-line
     * {@link OfflineInputException} is thrown.
     */
    static OvsdbServers start(List<ZoneDatabases> zones, Optional<Path> root, Path hostRun) {
        requireTools(root);
        OvsdbServers s;
        try {
            s = new OvsdbServers(root, root.isPresent()
                    ? OvnInstall.privateTmp(root.get()) : Files.createDirectories(hostRun));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a folder for the database servers: " + e.getMessage(), e);
        }
        try {
            s.launch(zones);
            s.awaitSockets();
            return s;
        } catch (RuntimeException e) {
            s.close();
            throw e;
        }
    }

    /** The zone's folder as the tools see it (inside the root for a root install): its sockets are ovn{nb,sb}_db.sock. */
    public String dir(String zone) {
        Path d = dirs.get(zone);
        if (d == null) throw new IllegalArgumentException("no zone " + zone + " served");
        return OvsdbTool.inside(root, d);
    }

    /** The install's root the servers and clients run chrooted in; empty for the host's OVN. */
    public Optional<Path> root() {
        return root;
    }

    /** The host folder holding every zone's folder; gone after {@link #close()}. */
    public Path base() {
        return base;
    }

    public synchronized List<Long> pids() {
        return servers.stream().map(s -> s.process().pid()).toList();
    }

    /** The socket a role of a zone is served on, as the tools see it. */
    public String socket(String zone, DbRole role) {
        return dir(zone) + "/" + fileStem(role) + ".sock";
    }

    /** Every OVS/OVN default folder pointed at {@code dir}, as ovn.Daemons does for the sandbox (duplicated: layering). */
    static Map<String, String> env(String dir) {
        return Map.of("OVS_RUNDIR", dir, "OVS_LOGDIR", dir, "OVS_DBDIR", dir, "OVS_SYSCONFDIR", dir,
                "OVN_RUNDIR", dir, "OVN_LOGDIR", dir, "OVN_DBDIR", dir, "OVN_SYSCONFDIR", dir);
    }

    /** {@code ovnnb_db}: the file stem ovn-kubernetes' pods use, so that a client given no --db finds the socket too. */
    static String fileStem(DbRole role) {
        return role.singleZoneName().replace(".db", "");
    }

    private synchronized void launch(List<ZoneDatabases> zones) {
        Runtime.getRuntime().addShutdownHook(hook); // before the first server: a Ctrl-C from here on stops them
        int i = 0;
        for (ZoneDatabases zone : zones) {
            Path dir = base.resolve("z" + i++);
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create " + dir + ": " + e.getMessage(), e);
            }
            dirs.put(zone.zone(), dir);
            for (DbRole role : DbRole.values()) {
                if (closed) throw new IllegalStateException("stopped while starting the database servers");
                servers.add(startOne(zone, role, dir));
            }
        }
    }

    private Server startOne(ZoneDatabases zone, DbRole role, Path dir) {
        String stem = fileStem(role);
        Path copy = zone.file(role);
        String gathered = copy.getFileName().toString().replaceFirst("\\.db$", "");
        try {
            Path db = copy;
            if (root.isPresent()) db = linkOrCopy(copy, dir.resolve(role.name().toLowerCase(java.util.Locale.ROOT) + ".db"));
            String d = OvsdbTool.inside(root, dir);
            List<String> argv = new ArrayList<>();
            if (Files.isExecutable(Path.of("/usr/bin/setpriv"))) argv.addAll(List.of("/usr/bin/setpriv", "--pdeathsig", "KILL", "--"));
            root.ifPresent(r -> argv.addAll(List.of("chroot", r.toString())));
            argv.addAll(List.of(tool(root, "ovsdb-server").orElseThrow(), "--remote=punix:" + d + "/" + stem + ".sock",
                    "--unixctl=" + d + "/" + stem + ".ctl", "--log-file=" + d + "/" + stem + ".log", "-vconsole:off", "-vfile:info",
                    "--sync-from=unix:" + d + "/no-active-server.sock", OvsdbTool.inside(root, db)));
            Path stderr = dir.resolve(stem + ".stderr");
            ProcessBuilder pb = new ProcessBuilder(argv).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(stderr.toFile()).redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
            pb.environment().putAll(env(d));
            return new Server(zone.zone(), role, gathered, OvsdbTool.inside(root, db), dir.resolve(stem + ".sock"), stderr,
                    dir.resolve(stem + ".log"), pb.start());
        } catch (IOException e) {
            throw OfflineInputException.cannotServe(zone.zone(), role, gathered, "cannot start ovsdb-server: " + e.getMessage());
        }
    }

    /** Every server's socket, waited for together (the starts overlap); a server that exits or never answers fails. */
    private void awaitSockets() {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(READY_MILLIS);
        List<Server> waiting = new ArrayList<>(servers);
        while (!waiting.isEmpty()) {
            waiting.removeIf(s -> Files.exists(s.socket()));
            for (Server s : waiting) {
                if (!s.process().isAlive()) {
                    throw OfflineInputException.cannotServe(s.zone(), s.role(), s.gathered(), lastWords(s, "exited with code "
                            + s.process().exitValue()));
                }
            }
            if (waiting.isEmpty()) return;
            if (System.nanoTime() > end) {
                Server s = waiting.get(0);
                throw OfflineInputException.cannotServe(s.zone(), s.role(), s.gathered(),
                        lastWords(s, "its socket did not appear within " + READY_MILLIS / 1000 + " s"));
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while starting the database servers", e);
            }
        }
    }

    /**
     * The server's last line that is not a warning, without our copy's path (the message names the gathered file):
     * stderr first (fatal errors), then its log; else {@code ovsdb-server <otherwise>}.
     */
    private static String lastWords(Server s, String otherwise) {
        for (Path f : List.of(s.stderr(), s.log())) {
            try {
                if (!Files.exists(f)) continue;
                Optional<String> line = Files.readAllLines(f).stream().map(String::strip)
                        .filter(l -> !l.isEmpty() && !l.contains("|WARN|") && !l.contains("|INFO|")).reduce((a, b) -> b);
                if (line.isPresent()) {
                    String words = line.get().replaceFirst("^.*\\|(EMER|ERR)\\|", "").replace(" " + s.db() + ":", "");
                    return words.startsWith("ovsdb-server") ? words : "ovsdb-server: " + words;
                }
            } catch (IOException | UncheckedIOException e) {
                // unreadable: say what we know
            }
        }
        return "ovsdb-server " + otherwise;
    }

    /** Stops every server (TERM, then KILL after 5 s) and removes the folders; idempotent, also the shutdown hook. */
    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        servers.forEach(s -> s.process().destroy());
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(STOP_SECONDS);
        for (Server s : servers) {
            try {
                if (!s.process().waitFor(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    s.process().destroyForcibly().waitFor(STOP_SECONDS, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                s.process().destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        WorkDir.delete(base);
        if (Thread.currentThread() != hook) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // shutting down already; the hook finds us closed
            }
        }
    }

    /** The file a hard link would give for free; a copy when the root is on another file system. */
    private static Path linkOrCopy(Path from, Path to) throws IOException {
        try {
            return Files.createLink(to, from);
        } catch (IOException | UnsupportedOperationException e) {
            return Files.copy(from, to);
        }
    }

    /** Fails with one line unless the install has the server and clients (and, for a root, we may chroot). */
    static void requireTools(Optional<Path> root) {
        List<String> missing = new ArrayList<>();
        for (String t : concat("ovsdb-server", CLIENTS)) if (tool(root, t).isEmpty()) missing.add(t);
        if (!missing.isEmpty()) throw OfflineInputException.missingTools(root, String.join(", ", missing));
        if (root.isPresent() && !isRoot()) throw OfflineInputException.needsRoot(root.get());
    }

    /** The tool's path as it is run: inside the root, or found on the host's PATH (sbin included: ovsdb-server is there). */
    static Optional<String> tool(Optional<Path> root, String name) {
        List<String> dirs = new ArrayList<>(List.of("/usr/sbin", "/usr/bin", "/sbin", "/bin", "/usr/local/sbin", "/usr/local/bin"));
        if (root.isEmpty()) dirs.addAll(0, List.of(System.getenv().getOrDefault("PATH", "").split(":")));
        for (String d : dirs) {
            if (d.isEmpty()) continue;
            Path p = Path.of(d, name);
            Path onHost = root.map(r -> r.resolve(p.toString().substring(1))).orElse(p);
            if (Files.isExecutable(onHost) && !Files.isDirectory(onHost)) return Optional.of(p.toString());
        }
        return Optional.empty();
    }

    static boolean isRoot() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("Uid:"))
                    .map(l -> l.split("\\s+")[2]).findFirst().orElse("").equals("0"); // the effective uid
        } catch (IOException e) {
            return false;
        }
    }

    private static List<String> concat(String first, List<String> rest) {
        List<String> all = new ArrayList<>(List.of(first));
        all.addAll(rest);
        return all;
    }
}
