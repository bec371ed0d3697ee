package ovntrace.support;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import ovntrace.kubesim.Fault;
import ovntrace.kubesim.OvnkubePods;
import ovntrace.kubesim.RequestLog;
import ovntrace.kubesim.SandboxControl;
import ovntrace.kubesim.SandboxStatus;
import ovntrace.lib.cluster.ClusterMode;
import ovntrace.lib.cluster.KubeClients;
import ovntrace.lib.cluster.PodExec;
import ovntrace.lib.cluster.PodExec.ExecResult;
import ovntrace.ovn.NodeShell;
import ovntrace.ovn.OvnRoot;
import ovntrace.ovn.OvnVersion;
import ovntrace.ovn.Registry;
import ovntrace.ovn.SandboxException;
import ovntrace.ovn.SandboxLayout;
import ovntrace.ovn.Zone;
import ovntrace.topology.Topology;
import ovntrace.topology.TopologyReader;

/**
 * Running sandboxes for end-to-end tests: {@link #of} starts the built-in topology once per JVM, OVN version and
 * mode (in {@code /run/ovntrace-test-<pid>-<mode>}, {@code -<mode>-25.03} for 25.03) and stops it when the JVM
 * exits, so a test JVM runs at most one sandbox per {@link Cluster} (four, about 1.3 GiB with their API servers);
 * {@link #ic()} and {@link #central()} are the 23.03 ones. Parameterised tests take
 * {@code @MethodSource("ovntrace.support.Sandboxes#clusters")} (a {@link Cluster} argument) or
 * {@code #versionsAndModes} (an {@link OvnVersion} and a {@link ClusterMode}). Call {@link #assumeE2e()}
 * first: with {@code -Dovntrace.e2e=false} the test is skipped; otherwise a sandbox that cannot start (not root,
 * packages missing) fails the test, because CI is expected to run them.
 *
 * <pre>{@code
 * Sandboxes.assumeE2e();
 * Sandboxes.Sandbox sb = Sandboxes.ic();
 * try (KubernetesClient client = sb.client()) { ... pods/exec through the emulated API server ... }
 * ExecResult r = sb.run("ovn-worker", "ovn-nbctl show");   // the same, locally, without the API server
 * }</pre>
 */
public final class Sandboxes {

    /** One OVN version in one mode: what a shared sandbox runs. Prints as "25.03 ic" in test names. */
    public record Cluster(OvnVersion version, ClusterMode mode) {
        @Override
        public String toString() {
            return version.label() + " " + mode.name().toLowerCase(Locale.ROOT);
        }
    }

    private static final Map<Cluster, Sandbox> SHARED = new LinkedHashMap<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(Sandboxes::stopShared, "sandboxes-down"));
    }

    private Sandboxes() {}

    /** Skips the calling test when {@code -Dovntrace.e2e=false}: {@link E2e#requireEnabled()}. */
    public static void assumeE2e() {
        E2e.requireEnabled();
    }

    /** The shared 23.03 interconnect-mode sandbox, started on first use (again if someone stopped it). */
    public static Sandbox ic() {
        return of(OvnVersion.V23_03, ClusterMode.IC);
    }

    /** The shared 23.03 central-mode sandbox. */
    public static Sandbox central() {
        return of(OvnVersion.V23_03, ClusterMode.CENTRAL);
    }

    /** The shared sandbox of {@code version} in {@code mode}, started on first use. */
    public static Sandbox of(OvnVersion version, ClusterMode mode) {
        return of(new Cluster(version, mode));
    }

    public static Sandbox of(Cluster cluster) {
        return shared(cluster);
    }

    /** Every supported OVN version in both modes, for {@code @MethodSource}: arguments (Cluster). */
    public static Stream<Cluster> clusters() {
        return Stream.of(OvnVersion.values())
                .flatMap(v -> Stream.of(ClusterMode.IC, ClusterMode.CENTRAL).map(m -> new Cluster(v, m)));
    }

    /**
     * Both OVN versions and both modes, each at least once, in two clusters: 25.03 interconnect (what current
     * clusters run) and 23.03 central. For the tests that check the same behaviour in many scenarios (policies, the
     * receiving node, replies, compressed uploads), where every version × mode pair cost CI several minutes; the
     * documentation example ({@code TraceEndToEndTest}), the plain gathers and the engine's offline reads keep
     * {@link #clusters()}.
     */
    public static Stream<Cluster> pairwise() {
        return Stream.of(new Cluster(OvnVersion.V25_03, ClusterMode.IC), new Cluster(OvnVersion.V23_03, ClusterMode.CENTRAL));
    }

    /** The same as two arguments (OvnVersion, ClusterMode). */
    public static Stream<Arguments> versionsAndModes() {
        return clusters().map(c -> Arguments.of(c.version(), c.mode()));
    }

    /** A private 23.03 sandbox of the built-in topology in {@code dir}; the caller stops it ({@link Sandbox#close()}). */
    public static Sandbox start(ClusterMode mode, Path dir) {
        return start(new Cluster(OvnVersion.V23_03, mode), dir);
    }

    /** A private sandbox of {@code cluster} in {@code dir} (its OVN root in the default place, built if missing). */
    public static Sandbox start(Cluster cluster, Path dir) {
        return start(cluster, dir, "default");
    }

    /**
     * A private sandbox of the built-in topology {@code builtIn} ({@code "dual-stack"}: see
     * {@link TopologyReader#builtInNames()}) in {@code dir}; the caller stops it.
     */
    public static Sandbox start(Cluster cluster, Path dir, String builtIn) {
        return start(cluster, dir, TopologyReader.builtIn(builtIn).withMode(cluster.mode()),
                TopologyReader.builtInText(builtIn).orElseThrow(), "built-in " + builtIn + " topology");
    }

    /** A private sandbox of the topology file text {@code yaml} in {@code dir} (its mode the file's); the caller stops it. */
    public static Sandbox startTopology(OvnVersion version, Path dir, String yaml) {
        Topology topology;
        try {
            topology = TopologyReader.parse(yaml, "test topology");
        } catch (ovntrace.topology.TopologyException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        return start(new Cluster(version, topology.mode()), dir, topology, yaml, "test topology");
    }

    private static Sandbox start(Cluster cluster, Path dir, Topology topology, String text, String source) {
        SandboxLayout layout = new SandboxLayout(dir);
        try {
            SandboxControl.up(new SandboxControl.UpRequest(layout, topology, text, source, 0,
                    OvnRoot.of(cluster.version(), null)), line -> { });
        } catch (SandboxException e) {
            throw new IllegalStateException("the " + cluster + " sandbox did not start: " + e.getMessage(), e);
        }
        return new Sandbox(layout, topology);
    }

    /**
     * Private sandboxes of one built-in topology for one test class, one per {@link Cluster}, each started on first
     * use in {@code /run/<prefix>-<pid>-<mode>-<version>}; {@link #close()} (from {@code @AfterAll}) stops them.
     */
    public static final class PerClass implements AutoCloseable {
        private final String prefix;
        private final String builtIn;
        private final Map<Cluster, Sandbox> running = new LinkedHashMap<>();

        public PerClass(String prefix, String builtIn) {
            this.prefix = prefix;
            this.builtIn = builtIn;
        }

        public synchronized Sandbox of(Cluster c) {
            return running.computeIfAbsent(c, k -> start(k, Path.of("/run/" + prefix + "-" + ProcessHandle.current().pid()
                    + "-" + k.mode().name().toLowerCase(Locale.ROOT) + "-" + k.version().label()), builtIn));
        }

        @Override
        public synchronized void close() {
            running.values().forEach(Sandbox::close);
            running.clear();
        }
    }

    private static synchronized Sandbox shared(Cluster cluster) {
        Sandbox sb = SHARED.get(cluster);
        if (sb == null || !sb.running()) {
            String dir = "/run/ovntrace-test-" + ProcessHandle.current().pid() + "-"
                    + cluster.mode().name().toLowerCase(Locale.ROOT)
                    + (cluster.version() == OvnVersion.V23_03 ? "" : "-" + cluster.version().label());
            sb = start(cluster, Path.of(dir));
            SHARED.put(cluster, sb);
        }
        return sb;
    }

    /**
     * The built-in UDN topology ({@code up --topology udn}, interconnect only), one per OVN version, shared by every
     * test class of the JVM that needs it (the sandbox checks and the traces) and stopped when the JVM exits, like
     * the default ones: starting it once instead of once per class keeps the suite's time down.
     */
    public static final PerClass UDN = new PerClass("ovntrace-udn", "udn");

    /** The clusters the UDN topology runs on: both OVN versions, interconnect (layer2 needs one node per zone). */
    public static Stream<Cluster> udnClusters() {
        return Stream.of(new Cluster(OvnVersion.V23_03, ClusterMode.IC), new Cluster(OvnVersion.V25_03, ClusterMode.IC));
    }

    private static synchronized void stopShared() {
        SHARED.values().forEach(Sandbox::close);
        SHARED.clear();
        UDN.close();
    }

    /** A zone's databases. */
    public enum Db { NB, SB }

    /** A running sandbox: where it lives, how to reach its API server, how to run commands on its nodes. */
    public static final class Sandbox implements AutoCloseable {

        private final SandboxLayout layout;
        private final Topology topology;

        private Sandbox(SandboxLayout layout, Topology topology) {
            this.layout = layout;
            this.topology = topology;
        }

        public ClusterMode mode() {
            return topology.mode();
        }

        public Topology topology() {
            return topology;
        }

        public Path dir() {
            return layout.base();
        }

        public Path kubeconfig() {
            return layout.kubeconfig();
        }

        /** A new fabric8 client for the sandbox's API server (JDK HTTP client, 60 s request timeout); close it. */
        public KubernetesClient client() {
            Config config = new ConfigBuilder(KubeClients.config(kubeconfig().toString(), null))
                    .withRequestTimeout(60_000).build();
            return new KubernetesClientBuilder().withConfig(config).withHttpClientFactory(new JdkHttpClientFactory())
                    .build();
        }

        /** Runs commands in a node's pod namespaces locally (no API server); {@code ExecTarget.node()} picks the node. */
        public PodExec localExec() {
            return new NodeShell(layout);
        }

        /** Runs {@code bash -c command} in {@code node}'s pod namespaces, 60 s at most. */
        public ExecResult run(String node, String command) {
            try {
                return new NodeShell(layout).run(node, command, Duration.ofSeconds(60));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** The name of {@code node}'s ovnkube-node pod (namespace {@code ovn-kubernetes}). */
        public String ovnkubePod(String node) {
            return OvnkubePods.podName(node);
        }

        /** The processes the sandbox recorded (daemons, namespaces, the API server JVM). */
        public List<Registry.Entry> processes() {
            try {
                return layout.registry().read();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        public SandboxLayout layout() {
            return layout;
        }

        /** The API server's log of the requests it served (not the seeding's). */
        public RequestLog requestLog() {
            return new RequestLog(layout.requestLog());
        }

        /** Turns a {@link Fault} switch on with {@code content}; clear it in {@code finally} ({@link #clearFaults()}). */
        public void fault(Fault fault, String content) {
            try {
                Files.createDirectories(layout.faultsDir());
                Files.writeString(fault.file(layout), content + "\n");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Turns every fault switch off. */
        public void clearFaults() {
            try {
                for (Fault f : Fault.values()) {
                    Files.deleteIfExists(f.file(layout));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Runs {@code body} while {@code node}'s zone has no {@code db} socket (renamed away, then put back). */
        public void withoutSocket(String node, Db db, Runnable body) {
            Zone zone = layout.zoneOf(topology, node);
            Path socket = db == Db.NB ? zone.nbSocket() : zone.sbSocket();
            Path aside = socket.resolveSibling(socket.getFileName() + ".hidden");
            try {
                Files.move(socket, aside);
                try {
                    body.run();
                } finally {
                    Files.move(aside, socket);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** The node names, for {@link NodeProcesses}. */
        public List<String> nodes() {
            return topology.nodes().stream().map(n -> n.name()).toList();
        }

        public boolean running() {
            return SandboxControl.status(layout).state() == SandboxStatus.State.RUNNING;
        }

        /** {@code down}: stops every recorded process and removes the directory. */
        @Override
        public void close() {
            try {
                List<String> survivors = SandboxControl.down(layout);
                if (!survivors.isEmpty()) {
                    throw new IllegalStateException("could not stop " + survivors);
                }
            } catch (SandboxException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        }
    }
}
