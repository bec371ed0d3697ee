package ovntrace.kubesim;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import ovntrace.ovn.OvnRoot;
import ovntrace.ovn.OvnSandbox;
import ovntrace.ovn.Prerequisites;
import ovntrace.ovn.ProcessTable;
import ovntrace.ovn.Registry;
import ovntrace.ovn.RootBuilder;
import ovntrace.ovn.SandboxException;
import ovntrace.ovn.SandboxLayout;
import ovntrace.ovn.SandboxLock;
import ovntrace.topology.Topology;

/**
 * {@code up}, {@code down} and {@code status} of a sandbox: the OVN part ({@link OvnSandbox}) plus the emulated
 * API server, started as a separate background JVM (same java binary and classpath as the caller) so that it
 * outlives the command. Every started process is recorded in the sandbox's registry; nothing is found by name.
 */
public final class SandboxControl {

    /**
     * Small and quick to start: the built-in topology's API server holds a few dozen objects. Its heap limit is set
     * per topology ({@link #apiHeapMegabytes}), since a generated cluster of thousands of pods needs more.
     */
    private static final List<String> API_JVM_OPTIONS = List.of("-Xms8m", "-Xss512k", "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1", "-XX:CICompilerCount=1", "-XX:ReservedCodeCacheSize=16m",
            "-XX:MetaspaceSize=32m", "-XX:MaxMetaspaceSize=96m", "-XX:-UsePerfData", "-XX:+ExitOnOutOfMemoryError",
            "-Djava.awt.headless=true");
    private static final String API_MAIN = ApiServerMain.class.getName();
    private static final long API_START_MILLIS = 90_000;

    private SandboxControl() {}

    /**
     * What to start: where, which topology (with its text and a name for messages), the API port (0: any) and
     * which OVN (the host's packages, or a root file system that is built on first use).
     */
    public record UpRequest(SandboxLayout layout, Topology topology, String topologyText, String topologySource,
                            int port, OvnRoot ovn) {}

    /** A running sandbox. {@code alreadyRunning} is true when {@code up} found it running and changed nothing. */
    public record Running(SandboxStatus status, boolean alreadyRunning, Duration took) {}

    public static Running up(UpRequest request, Consumer<String> progress) throws SandboxException {
        long start = System.nanoTime();
        SandboxLayout layout = request.layout();
        Prerequisites.check(request.ovn());
        layout.checkSocketPaths(request.topology());
        try (SandboxLock lock = SandboxLock.acquire(layout, "up")) {
            return upLocked(request, progress, start);
        }
    }

    private static Running upLocked(UpRequest request, Consumer<String> progress, long start) throws SandboxException {
        SandboxLayout layout = request.layout();
        SandboxState wanted = new SandboxState(request.topology().mode(), request.topologyText(),
                request.topologySource(), request.port());
        SandboxStatus existing = status(layout);
        switch (existing.state()) {
            case RUNNING -> {
                return new Running(sameAsRunning(layout, wanted, request.ovn()), true,
                        Duration.ofNanos(System.nanoTime() - start));
            }
            case HALF_DEAD -> throw new SandboxException(SandboxException.STALE, "an earlier sandbox in " + layout.base()
                    + " is half-dead (" + existing.dead().size() + " of " + existing.processes().size()
                    + " processes are gone, e.g. " + existing.dead().get(0).label() + "); clean it up with: "
                    + downCommand(layout));
            case FOREIGN_DIR -> throw foreign(layout);
            case NOT_RUNNING -> OvnSandbox.removeFiles(layout);
        }
        if (request.ovn() instanceof OvnRoot.Tree tree) {
            RootBuilder.prepare(tree, progress);
            Prerequisites.checkRoot(tree);
        }
        try {
            Files.createDirectories(layout.apiDir());
            Files.writeString(layout.marker(), "created by ovntrace-sandbox\n");
            wanted.write(layout);
            request.ovn().write(layout.ovnRootFile());
        } catch (IOException e) {
            throw new SandboxException(SandboxException.FAILED, "cannot write to " + layout.base() + ": " + e.getMessage(), e);
        }
        if (request.port() != 0 && !ApiServer.isFree(request.port())) {
            OvnSandbox.removeFiles(layout);
            throw new SandboxException(SandboxException.PORT_IN_USE, "port " + request.port()
                    + " on 127.0.0.1 is already in use; pick another --port or leave it out to use a free one");
        }
        try {
            // The API server JVM starts while the OVN daemons come up: it needs them only once exec requests arrive.
            Process api = launchApiServer(layout, request.topology(), request.port());
            OvnSandbox.start(request.topology(), layout, request.ovn(), progress);
            progress.accept("waiting for the Kubernetes API server");
            String url = awaitApiServer(layout, api);
            Files.writeString(layout.kubeconfig(), Kubeconfig.text(url), StandardCharsets.UTF_8);
        } catch (SandboxException | IOException e) {
            progress.accept("start failed; stopping what was started (logs stay in " + layout.base() + ")");
            stopQuietly(layout);
            int code = e instanceof SandboxException se ? se.exitCode() : SandboxException.FAILED;
            throw new SandboxException(code, e.getMessage() + "; remove the leftovers with: " + downCommand(layout), e);
        }
        return new Running(status(layout), false, Duration.ofNanos(System.nanoTime() - start));
    }

    /** Stops every recorded process and removes the directory. Returns what refused to die (normally nothing). */
    public static List<String> down(SandboxLayout layout) throws SandboxException {
        if (status(layout).state() == SandboxStatus.State.FOREIGN_DIR) {
            throw foreign(layout);
        }
        if (!Files.exists(layout.base()) && !Files.exists(SandboxLock.file(layout))) {
            // nothing was ever started here (a mistyped --dir): taking the lock would create DIR.lock and its parents
            return List.of();
        }
        SandboxLock lock = SandboxLock.acquire(layout, "down");
        List<String> survivors = List.of();
        try {
            survivors = OvnSandbox.stop(layout);
            return survivors;
        } finally {
            lock.release(survivors.isEmpty() && !Files.exists(layout.base()), layout);
        }
    }

    public static SandboxStatus status(SandboxLayout layout) {
        Registry registry = layout.registry();
        List<SandboxStatus.ProcessInfo> processes = new ArrayList<>();
        try {
            for (Registry.Entry e : registry.read()) {
                boolean alive = ProcessTable.alive(e);
                processes.add(new SandboxStatus.ProcessInfo(e.label(), e.pid(), alive,
                        alive ? ProcessTable.rssKib(e.pid()).orElse(0) : 0));
            }
        } catch (IOException e) {
            // unreadable registry: treated like an absent one below
        }
        SandboxStatus.State state;
        long alive = processes.stream().filter(SandboxStatus.ProcessInfo::alive).count();
        if (!Files.exists(layout.marker()) && isNonEmptyDir(layout.base())) {
            state = SandboxStatus.State.FOREIGN_DIR;
        } else if (alive == 0) {
            state = SandboxStatus.State.NOT_RUNNING;
        } else {
            state = alive == processes.size() ? SandboxStatus.State.RUNNING : SandboxStatus.State.HALF_DEAD;
        }
        String url = null;
        try {
            url = apiUrl(layout);
        } catch (IOException e) {
            // not started (yet)
        }
        SandboxState recorded = null;
        try {
            recorded = SandboxState.read(layout);
        } catch (SandboxState.BadStateException e) {
            // no state yet
        }
        return new SandboxStatus(state, layout, recorded == null ? null : recorded.mode(), url, processes);
    }

    private static SandboxStatus sameAsRunning(SandboxLayout layout, SandboxState wanted, OvnRoot ovn)
            throws SandboxException {
        SandboxState running;
        try {
            running = SandboxState.read(layout);
        } catch (SandboxState.BadStateException e) {
            throw new SandboxException(SandboxException.STALE, e.getMessage() + "; clean up with: " + downCommand(layout));
        }
        boolean same = ovn.equals(ovnRoot(layout)) && running.mode() == wanted.mode() && running.topologyText().equals(wanted.topologyText())
                && (wanted.requestedPort() == 0 || wanted.requestedPort() == running.requestedPort());
        if (!same) {
            throw new SandboxException(SandboxException.STALE, "a sandbox with another OVN version, mode, topology "
                    + "or port already runs in " + layout.base() + " (OVN " + ovnRoot(layout).version().label() + ", "
                    + running.mode().name().toLowerCase() + ", "
                    + running.topologySource() + "); stop it first with: " + downCommand(layout));
        }
        return status(layout);
    }

    /** The OVN root the sandbox in {@code layout} runs from (the host's, for a directory without the record). */
    public static OvnRoot ovnRoot(SandboxLayout layout) {
        try {
            return OvnRoot.read(layout.ovnRootFile());
        } catch (IOException | IllegalArgumentException e) {
            return new OvnRoot.Host(ovntrace.ovn.OvnVersion.V23_03);
        }
    }

    /**
     * 40 MiB for the built-in topology, plus about 24 KiB an object (a pod with its JSON, tables and EndpointSlice
     * share; measured: 10,000 pods did not fit in 40 MiB).
     */
    static int apiHeapMegabytes(Topology topology) {
        long objects = topology.pods().size() + topology.services().size() + topology.policies().size();
        return (int) (40 + objects * 24 / 1024);
    }

    private static Process launchApiServer(SandboxLayout layout, Topology topology, int port) throws IOException {
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> argv = new ArrayList<>(List.of(ovntrace.ovn.Tools.find("setsid").map(Path::toString).orElse("setsid"), java));
        argv.add("-Xmx" + apiHeapMegabytes(topology) + "m");
        argv.addAll(API_JVM_OPTIONS);
        argv.addAll(List.of("-cp", System.getProperty("java.class.path"), API_MAIN, "--dir", layout.base().toString(),
                "--port", Integer.toString(port)));
        Process p = new ProcessBuilder(argv).directory(new File("/"))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(layout.apiLog().toFile()).redirectErrorStream(true).start();
        layout.registry().append(new Registry.Entry(p.pid(), "api-server", API_MAIN + " --dir " + layout.base()));
        return p;
    }

    private static String awaitApiServer(SandboxLayout layout, Process p) throws SandboxException, IOException {
        Path log = layout.apiLog();
        long deadline = System.currentTimeMillis() + API_START_MILLIS;
        while (!Files.exists(layout.apiPortFile())) {
            if (!p.isAlive()) {
                String why = lastLine(log);
                throw new SandboxException(p.exitValue() == 5 ? SandboxException.PORT_IN_USE : SandboxException.FAILED,
                        "the API server did not start: " + why + " (log: " + log + ")");
            }
            if (System.currentTimeMillis() > deadline) {
                throw new SandboxException(SandboxException.FAILED, "the API server did not get ready within "
                        + API_START_MILLIS / 1000 + " s (log: " + log + ")");
            }
            ProcessTable.sleep(50);
        }
        return apiUrl(layout);
    }

    private static String apiUrl(SandboxLayout layout) throws IOException {
        return "http://127.0.0.1:" + Files.readString(layout.apiPortFile()).strip();
    }

    private static String lastLine(Path log) {
        try (Stream<String> lines = Files.lines(log)) {
            List<String> all = lines.filter(l -> !l.isBlank()).collect(Collectors.toList());
            return all.isEmpty() ? "no output" : all.get(all.size() - 1);
        } catch (IOException e) {
            return "no log";
        }
    }

    private static void stopQuietly(SandboxLayout layout) {
        try {
            ProcessTable.stop(layout.registry().read());
        } catch (IOException e) {
            // nothing recorded
        }
    }

    private static boolean isNonEmptyDir(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isPresent();
        } catch (IOException e) {
            return false;
        }
    }

    private static SandboxException foreign(SandboxLayout layout) {
        return new SandboxException(SandboxException.STALE, layout.base() + " exists and was not made by ovntrace-sandbox;"
                + " nothing was changed there: choose another --dir");
    }

    /** The command that stops the sandbox in {@code layout}, for messages. */
    public static String downCommand(SandboxLayout layout) {
        return "ovntrace-sandbox down" + (layout.base().equals(SandboxLayout.DEFAULT_BASE) ? "" : " --dir " + layout.base());
    }
}
