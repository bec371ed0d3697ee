package ovntrace.gather;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import ovntrace.kubesim.ClusterObjects;
import ovntrace.kubesim.SandboxControl;
import ovntrace.kubesim.SandboxState;
import ovntrace.kubesim.SandboxStatus;
import ovntrace.lib.cluster.ClusterMode;
import ovntrace.ovn.Commands;
import ovntrace.ovn.OvnRoot;
import ovntrace.ovn.SandboxException;
import ovntrace.ovn.SandboxLayout;
import ovntrace.ovn.SandboxLock;
import ovntrace.topology.Topology;

/**
 * {@code ovntrace-sandbox gather}: a must-gather-shaped snapshot of a running sandbox, for offline tracing and for
 * sharing a reproducer. The objects come from the sandbox's own object list ({@link ClusterObjects}, what its API
 * server was seeded with), not from its API, so that gathering leaves no trace in the API server's request log;
 * the databases are backed up over their sockets ({@link DatabaseCopy}). The sandbox is only read, and its lock is
 * held meanwhile so that no {@code down} removes it halfway. On failure, whatever was written is removed.
 */
public final class MustGather {

    /** The archive {@code --compress} writes instead of the folder, as a support case upload would carry it. */
    public static final String ARCHIVE = "must-gather.tar.gz";
    /** Go's {@code time.Time.String()} without the monotonic clock, as oc appends it to {@code timestamp}. */
    private static final DateTimeFormatter GO_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.nnnnnnnnn xx 'UTC'",
            Locale.ROOT);
    private static final Duration TIMEOUT = Duration.ofSeconds(300);

    private MustGather() {}

    /** Gather the sandbox in {@code sandbox} into {@code dest}; {@code clustered}: RAFT files as real clusters keep. */
    public record Request(SandboxLayout sandbox, Path dest, boolean compress, boolean clustered) {}

    /**
     * What was written: {@code root} is the image directory (inside the archive when {@code archive} is not null),
     * relative paths below it for the object files and the databases.
     */
    public record Result(ClusterMode mode, Path root, Path archive, List<Path> objectFiles, List<Path> databases) {}

    public static Result run(Request request, Consumer<String> progress) throws SandboxException {
        checkDestination(request.dest());
        SandboxLayout layout = request.sandbox();
        // First without the lock: taking it creates DIR.lock, which a directory without a sandbox should not get.
        requireRunning(layout);
        try (SandboxLock lock = SandboxLock.acquire(layout, "gather")) {
            requireRunning(layout); // again under the lock: a down may have run since the first look
            Topology topology;
            try {
                topology = SandboxState.read(layout).topology();
            } catch (SandboxState.BadStateException e) {
                throw new SandboxException(SandboxException.STALE, e.getMessage());
            }
            OvnRoot ovn = SandboxControl.ovnRoot(layout);
            boolean created = !Files.exists(request.dest());
            Path local = request.dest().resolve(MustGatherPaths.localDirName(new SecureRandom().nextLong()));
            Path root = local.resolve(MustGatherPaths.imageDirName(MustGatherPaths.sandboxImageId(ovn.version())));
            try {
                Files.createDirectories(root);
                timestamp(local);
                progress.accept("writing the Kubernetes objects");
                List<Path> objects = ObjectTree.write(root, ClusterObjects.of(topology));
                progress.accept("backing up the OVN databases of " + layout.zones(topology).size() + " zone(s)");
                List<Path> databases = NetworkLogs.write(root, layout, topology, request.clustered());
                timestamp(local);
                Path archive = null;
                if (request.compress()) {
                    archive = request.dest().resolve(ARCHIVE);
                    Commands.check(List.of(NetworkLogs.host("tar"), "-zcf", archive.toString(), "-C",
                            request.dest().toString(), local.getFileName().toString(), "--remove-files"), Map.of(), TIMEOUT);
                }
                return new Result(topology.mode(), root, archive, objects, databases);
            } catch (IOException | SandboxException e) {
                removeQuietly(created ? request.dest() : local);
                if (e instanceof SandboxException se) {
                    throw se;
                }
                throw new SandboxException(SandboxException.FAILED, "cannot write " + request.dest() + ": "
                        + e.getMessage(), e);
            }
        }
    }

    /** The destination must be new or an empty directory: a gather never mixes with other files. */
    static void checkDestination(Path dest) throws SandboxException {
        if (!Files.exists(dest)) {
            return;
        }
        if (!Files.isDirectory(dest)) {
            throw new SandboxException(SandboxException.USAGE, dest + " exists and is not a directory; "
                    + "gather writes into a new or empty directory");
        }
        try (Stream<Path> s = Files.list(dest)) {
            if (s.findAny().isPresent()) {
                throw new SandboxException(SandboxException.USAGE, dest + " is not empty; "
                        + "gather writes into a new or empty directory");
            }
        } catch (IOException e) {
            throw new SandboxException(SandboxException.USAGE, "cannot read " + dest + ": " + e.getMessage());
        }
    }

    private static void requireRunning(SandboxLayout layout) throws SandboxException {
        SandboxStatus s = SandboxControl.status(layout);
        switch (s.state()) {
            case RUNNING -> { }
            case NOT_RUNNING -> throw new SandboxException(SandboxException.NOT_RUNNING, "no sandbox runs in "
                    + layout.base() + "; start one with: ovntrace-sandbox up");
            case HALF_DEAD -> throw new SandboxException(SandboxException.STALE, "the sandbox in " + layout.base()
                    + " is half-dead; clean it up with: " + SandboxControl.downCommand(layout));
            case FOREIGN_DIR -> throw new SandboxException(SandboxException.STALE, layout.base()
                    + " exists and was not made by ovntrace-sandbox");
        }
    }

    /** oc appends the time to the local directory's {@code timestamp} file when it starts and when it is done. */
    private static void timestamp(Path local) throws IOException {
        Files.writeString(local.resolve("timestamp"), GO_TIME.format(ZonedDateTime.now(ZoneOffset.UTC)) + "\n",
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
    }

    private static void removeQuietly(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            List<Path> all = new ArrayList<>(walk.sorted(Comparator.reverseOrder()).toList());
            for (Path p : all) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // best effort: the message about the original failure matters more
        }
    }
}
