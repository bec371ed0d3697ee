///usr/bin/env jbang "$0" "$@" ; exit $?
//DESCRIPTION ovntrace-sandbox - a local OVN-Kubernetes cluster: real OVN daemons, an emulated Kubernetes API
//JAVA 17+
//MAIN sandbox
//DEPS info.picocli:picocli:4.7.7
//DEPS io.fabric8:kubernetes-client:7.5.2
//DEPS io.fabric8:kubernetes-httpclient-jdk:7.5.2
//DEPS io.fabric8:kubernetes-server-mock:7.5.2
//DEPS org.slf4j:slf4j-nop:2.0.17
//SOURCES lib/cluster/ClusterMode.java lib/cluster/CustomResource.java lib/cluster/Protocol.java lib/cluster/NodeAccess.java lib/cluster/PodExec.java lib/cluster/ScriptDelivery.java lib/cluster/PortNames.java
//SOURCES lib/cluster/AddressFamily.java lib/cluster/IpAddress.java
//SOURCES lib/topology/Addressing.java lib/topology/Fields.java lib/topology/NamespaceSpec.java
//SOURCES lib/topology/Names.java lib/topology/NodeSpec.java lib/topology/PodAllocator.java
//SOURCES lib/topology/PodSpec.java lib/topology/PolicyReader.java lib/topology/PolicySpec.java
//SOURCES lib/topology/Selector.java lib/topology/ServiceReader.java lib/topology/ServiceSpec.java
//SOURCES lib/topology/Topology.java lib/topology/TopologyException.java lib/topology/TopologyReader.java
//SOURCES lib/topology/AdminPolicyReader.java lib/topology/AdminPolicySpec.java lib/topology/Cidr.java
//SOURCES lib/topology/EgressFirewallReader.java lib/topology/EgressFirewallSpec.java lib/topology/SelectorReader.java
//SOURCES lib/topology/TopologyGenerator.java lib/topology/UdnSpec.java lib/topology/UdnReader.java lib/topology/UdnPod.java
//SOURCES lib/ovn/AptMirror.java lib/ovn/DaemonVersions.java lib/ovn/OvnRoot.java lib/ovn/OvnTools.java lib/ovn/OvnVersion.java
//SOURCES lib/ovn/RootBuilder.java lib/ovn/SandboxLock.java lib/ovn/ChassisSync.java
//SOURCES lib/ovn/Commands.java lib/ovn/Daemons.java lib/ovn/LearntMacBindings.java lib/ovn/LoadBalancers.java
//SOURCES lib/ovn/LogicalTopology.java lib/ovn/NbTxn.java lib/ovn/NodeNamespace.java lib/ovn/NodeShell.java
//SOURCES lib/ovn/NodeStack.java lib/ovn/OvnNames.java lib/ovn/OvnSandbox.java lib/ovn/PodRunDir.java
//SOURCES lib/ovn/AclWriter.java lib/ovn/AdminPolicyAcls.java lib/ovn/EgressFirewallAcls.java lib/ovn/L4Matches.java
//SOURCES lib/ovn/NetworkPolicyAcls.java lib/ovn/UdnNames.java lib/ovn/UdnTopology.java lib/ovn/UdnIsolation.java
//SOURCES lib/ovn/PolicyAcls.java lib/ovn/Prerequisites.java lib/ovn/ProcessTable.java lib/ovn/Registry.java
//SOURCES lib/ovn/SandboxException.java lib/ovn/SandboxLayout.java lib/ovn/Tools.java lib/ovn/Zone.java lib/ovn/ZoneControl.java
//SOURCES lib/kubesim/ApiRequest.java lib/kubesim/ApiServer.java lib/kubesim/ApiServerMain.java lib/kubesim/ClusterObjects.java
//SOURCES lib/kubesim/Discovery.java lib/kubesim/Fault.java lib/kubesim/Faults.java
//SOURCES lib/kubesim/ExecBackend.java lib/kubesim/ExecDispatcher.java lib/kubesim/ExecSession.java
//SOURCES lib/kubesim/Json.java lib/kubesim/Kubeconfig.java lib/kubesim/NodeObjects.java
//SOURCES lib/kubesim/OvnkubePods.java lib/kubesim/PodObjects.java lib/kubesim/RequestLog.java lib/kubesim/RestrictedPath.java
//SOURCES lib/kubesim/PolicyObjects.java lib/kubesim/SandboxControl.java
//SOURCES lib/kubesim/SandboxExecBackend.java lib/kubesim/SandboxState.java lib/kubesim/SandboxStatus.java
//SOURCES lib/kubesim/Tables.java lib/kubesim/Uids.java lib/kubesim/UdnObjects.java
//SOURCES lib/gather/DatabaseCopy.java lib/gather/InspectKind.java lib/gather/MustGather.java lib/gather/MustGatherPaths.java
//SOURCES lib/gather/NetworkLogs.java lib/gather/ObjectTree.java lib/cluster/DbRole.java
//FILES lib/topology/default-topology.yaml=lib/topology/default-topology.yaml
//FILES lib/topology/dual-stack-topology.yaml=lib/topology/dual-stack-topology.yaml
//FILES lib/topology/ipv6-topology.yaml=lib/topology/ipv6-topology.yaml
//FILES lib/topology/udn-topology.yaml=lib/topology/udn-topology.yaml
//JAVA_OPTIONS -XX:+UseSerialGC -XX:TieredStopAtLevel=1

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import ovntrace.gather.MustGather;
import ovntrace.kubesim.SandboxControl;
import ovntrace.kubesim.SandboxState;
import ovntrace.kubesim.SandboxStatus;
import ovntrace.ovn.DaemonVersions;
import ovntrace.ovn.NodeShell;
import ovntrace.ovn.OvnRoot;
import ovntrace.ovn.OvnVersion;
import ovntrace.ovn.Prerequisites;
import ovntrace.ovn.RootBuilder;
import ovntrace.ovn.SandboxException;
import ovntrace.ovn.SandboxLayout;
import ovntrace.topology.Topology;
import ovntrace.topology.TopologyException;
import ovntrace.topology.TopologyGenerator;
import ovntrace.topology.TopologyReader;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * ovntrace-sandbox: a local OVN-Kubernetes cluster for trying ovntrace, learning OVN tracing and testing.
 * Exit codes: 0 ok; 1 a start or stop step failed; 2 bad usage or topology file; 3 missing packages; 4 not root;
 * 5 API port in use; 6 half-dead earlier sandbox, foreign directory or one another up/down holds; 7 (status, exec,
 * gather) not running.
 */
@Command(name = "ovntrace-sandbox", mixinStandardHelpOptions = true, version = "ovntrace-sandbox 0.1.0",
        description = "A local OVN-Kubernetes cluster: real OVN/OVS daemons from Debian's packages, an emulated "
                + "Kubernetes API server, and pods/exec into node pods that runs the commands for real.",
        subcommands = {sandbox.Up.class, sandbox.Down.class, sandbox.Status.class, sandbox.Exec.class, sandbox.Gather.class,
                sandbox.Prepare.class, sandbox.Generate.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:ok", "1:a start or stop step failed", "2:bad usage or topology file",
                "3:required packages are missing", "4:not root, or namespaces not permitted",
                "5:the API server port is in use", "6:half-dead earlier sandbox, a directory not made by the sandbox, or one another up/down is working on",
                "7:(status, exec, gather) no sandbox runs"})
public class sandbox {

    static final int NOT_RUNNING = SandboxException.NOT_RUNNING;

    public static void main(String[] args) {
        boolean debug = java.util.Arrays.asList(args).contains("--debug");
        System.exit(new CommandLine(new sandbox()).setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler((e, cl, parsed) -> unexpected(e, debug)).execute(args));
    }

    /** A failure no step anticipated: still one line, with the stack trace only when asked for. */
    static int unexpected(Exception e, boolean debug) {
        System.err.println("ovntrace-sandbox: unexpected error: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())
                + (debug ? "" : " (run again with --debug for details)"));
        if (debug) e.printStackTrace();
        return 1;
    }

    /** {@code --ovn} and {@code --ovn-root}, for up and prepare. */
    static class OvnChoice {
        @Option(names = "--ovn", paramLabel = "23.03|25.03", description = "OVN version: 23.03 runs the host's Debian 12 "
                + "packages (the default); 25.03 runs Debian trixie's in a root file system built once with debootstrap "
                + "(default /var/cache/ovntrace/root-25.03).")
        String ovn;

        @Option(names = "--ovn-root", paramLabel = "DIR", description = "The root file system to run OVN from (built "
                + "there if missing).")
        Path ovnRoot;

        OvnRoot root() {
            return OvnRoot.of(ovn == null ? OvnVersion.V23_03 : OvnVersion.parse(ovn), ovnRoot);
        }
    }

    static class Common {
        @Option(names = "--dir", paramLabel = "DIR", description = "Sandbox directory (default: ${DEFAULT-VALUE}); "
                + "keep it short, socket paths must fit in 108 bytes.", defaultValue = "/run/ovntrace-sandbox")
        Path dir;

        @Option(names = "--debug", description = "Print stack traces on errors.")
        boolean debug;

        SandboxLayout layout() {
            return new SandboxLayout(dir);
        }

        int fail(SandboxException e) {
            System.err.println("ovntrace-sandbox: " + e.getMessage());
            if (debug) {
                e.printStackTrace();
            }
            return e.exitCode();
        }
    }

    @Command(name = "up", mixinStandardHelpOptions = true, description = "Start the sandbox (or, if it already runs, just print how to use it) and "
            + "print export KUBECONFIG=... on stdout.")
    static class Up extends Common implements Callable<Integer> {
        @Option(names = "--mode", paramLabel = "ic|central", description = "ic: one NB/SB/northd per node (current "
                + "ovn-kubernetes, the default); central: one shared NB/SB/northd. Overrides the topology file.")
        String mode;

        @Option(names = "--topology", paramLabel = "FILE|NAME", description = "Topology file (YAML or JSON) or a built-in "
                + "topology: default (the cluster of the ovnkube-trace documentation, used without this option) or "
                + "dual-stack (IPv4 and IPv6), ipv6 (IPv6 only) or udn (primary user-defined networks, layer3 and layer2).")
        String topology;

        @Option(names = "--port", paramLabel = "N", description = "API server port on 127.0.0.1 (default: any free port).")
        int port;

        @Option(names = {"-q", "--quiet"}, description = "No progress lines on stderr.")
        boolean quiet;

        @picocli.CommandLine.ArgGroup(exclusive = false)
        OvnChoice ovn = new OvnChoice();

        @Override
        public Integer call() {
            try {
                OvnRoot root = ovn.root();
                String name = topology == null ? "default" : topology;
                java.util.Optional<String> builtIn = TopologyReader.builtInText(name);
                if (builtIn.isEmpty() && !Files.exists(Path.of(topology))) {
                    throw new SandboxException(SandboxException.USAGE, "--topology " + topology + ": no such file and no "
                            + "built-in topology of that name (built-in: " + String.join(", ", TopologyReader.builtInNames()) + ")");
                }
                String text = builtIn.isPresent() ? builtIn.get() : Files.readString(Path.of(topology));
                Topology t = TopologyReader.parse(text, builtIn.isPresent() ? name + "-topology.yaml" : topology);
                String source = builtIn.isPresent() ? "built-in " + name + " topology" : topology;
                if (mode != null) {
                    t = t.withMode(TopologyReader.parseMode(mode));
                }
                if (port < 0 || port > 65535) {
                    throw new SandboxException(SandboxException.USAGE, "--port must be between 1 and 65535");
                }
                SandboxControl.Running r = SandboxControl.up(new SandboxControl.UpRequest(layout(), t, text, source, port, root),
                        line -> { if (!quiet) System.err.println("  " + line); });
                SandboxStatus s = r.status();
                if (!root.version().aclTiers() && !t.adminAndBaselinePolicies().isEmpty()) {
                    // Not progress but a fact about the cluster, so printed even with --quiet.
                    System.err.println("ovntrace-sandbox: note: AdminNetworkPolicy and BaselineAdminNetworkPolicy need "
                            + "ACL tiers (OVN 23.06 or later); OVN " + root.version() + " enforces none of them");
                }
                if (!quiet) {
                    System.err.printf(Locale.ROOT, "%s: OVN %s, %s mode, %d nodes, %d pods; API server %s; %d processes, %d MiB%n",
                            r.alreadyRunning() ? "already running" : "sandbox up in " + seconds(r.took()), root.version(),
                            s.mode().name().toLowerCase(Locale.ROOT), t.nodes().size(), t.pods().size(), s.apiUrl(),
                            s.processes().size(), s.totalRssKib() / 1024);
                }
                System.out.println("export KUBECONFIG=" + s.kubeconfig());
                return 0;
            } catch (TopologyException | IllegalArgumentException e) {
                System.err.println("ovntrace-sandbox: " + e.getMessage());
                return SandboxException.USAGE;
            } catch (java.nio.file.NoSuchFileException e) {
                System.err.println("ovntrace-sandbox: " + e.getFile() + ": no such file");
                return SandboxException.USAGE;
            } catch (java.io.IOException e) {
                System.err.println("ovntrace-sandbox: cannot read " + topology + ": " + e.getMessage());
                return SandboxException.USAGE;
            } catch (SandboxException e) {
                return fail(e);
            }
        }

        private static String seconds(java.time.Duration d) {
            return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
        }
    }

    @Command(name = "down", mixinStandardHelpOptions = true, description = "Stop exactly the processes the sandbox started and remove its directory.")
    static class Down extends Common implements Callable<Integer> {
        @Override
        public Integer call() {
            try {
                int recorded = SandboxControl.status(layout()).processes().size();
                var survivors = SandboxControl.down(layout());
                if (!survivors.isEmpty()) {
                    System.err.println("ovntrace-sandbox: could not stop " + String.join(", ", survivors));
                    return SandboxException.FAILED;
                }
                System.err.println(recorded == 0 ? "no sandbox in " + dir : "sandbox in " + dir + " stopped and removed");
                return 0;
            } catch (SandboxException e) {
                return fail(e);
            }
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = "Show what runs: OVN and OVS versions "
            + "(asked of the running daemons), mode, API server, kubeconfig and every recorded process.")
    static class Status extends Common implements Callable<Integer> {
        @Override
        public Integer call() {
            SandboxStatus s = SandboxControl.status(layout());
            switch (s.state()) {
                case FOREIGN_DIR -> {
                    System.out.println(dir + " exists and was not made by ovntrace-sandbox");
                    return SandboxException.STALE;
                }
                case NOT_RUNNING -> {
                    System.out.println("no sandbox runs in " + dir);
                    return NOT_RUNNING;
                }
                default -> { }
            }
            System.out.printf(Locale.ROOT, "sandbox in %s: %s, %s mode%n", dir,
                    s.state() == SandboxStatus.State.RUNNING ? "running" : "HALF-DEAD (run: "
                            + SandboxControl.downCommand(layout()) + ")",
                    s.mode() == null ? "unknown" : s.mode().name().toLowerCase(Locale.ROOT));
            OvnRoot root = SandboxControl.ovnRoot(layout());
            if (s.state() == SandboxStatus.State.RUNNING) {
                String node;
                try {
                    node = SandboxState.read(layout()).topology().nodes().get(0).name();
                } catch (SandboxState.BadStateException e) {
                    node = null;
                }
                DaemonVersions v = node == null ? new DaemonVersions("?", "?") : DaemonVersions.query(layout(), node);
                System.out.println("OVN " + v.ovn() + ", Open vSwitch " + v.ovs() + " ("
                        + (root instanceof OvnRoot.Tree t ? "root " + t.dir() : "the host's packages") + ")");
            }
            System.out.println("API server: " + (s.apiUrl() == null ? "-" : s.apiUrl()));
            System.out.println("export KUBECONFIG=" + s.kubeconfig());
            System.out.printf(Locale.ROOT, "%-8s %-8s %8s  %s%n", "PID", "STATE", "RSS", "PROCESS");
            for (SandboxStatus.ProcessInfo p : s.processes()) {
                System.out.printf(Locale.ROOT, "%-8d %-8s %7dM  %s%n", p.pid(), p.alive() ? "running" : "GONE",
                        p.rssKib() / 1024, p.label());
            }
            System.out.printf(Locale.ROOT, "%d processes, %d MiB resident%n", s.processes().size(), s.totalRssKib() / 1024);
            return s.state() == SandboxStatus.State.RUNNING ? 0 : SandboxException.STALE;
        }
    }

    @Command(name = "exec", mixinStandardHelpOptions = true, description = "Run a command in a node's ovnkube-node pod, as it would run there "
            + "(kubectl exec cannot: the emulated API server streams exec over WebSocket v4 only). "
            + "Example: exec ovn-worker -- ovn-nbctl show")
    static class Exec extends Common implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "NODE", description = "Node name.")
        String node;

        @Parameters(index = "1..*", arity = "1..*", paramLabel = "COMMAND", description = "Command and arguments.")
        java.util.List<String> command;

        @Override
        public Integer call() throws Exception {
            if (SandboxControl.status(layout()).state() != SandboxStatus.State.RUNNING) {
                System.err.println("ovntrace-sandbox: no sandbox runs in " + dir + "; start one with: ovntrace-sandbox up");
                return NOT_RUNNING;
            }
            Topology t = SandboxState.read(layout()).topology();
            if (t.nodes().stream().noneMatch(n -> n.name().equals(node))) {
                System.err.println("ovntrace-sandbox: no node \"" + node + "\"; nodes are "
                        + String.join(", ", t.nodes().stream().map(n -> n.name()).toList()));
                return SandboxException.USAGE;
            }
            return new NodeShell(layout()).processBuilder(node, command).inheritIO().start().waitFor();
        }
    }

    @Command(name = "gather", mixinStandardHelpOptions = true, description = {"Write a must-gather-shaped snapshot of "
            + "the running sandbox into DIR (new or empty), for offline tracing or to share a reproducer; the sandbox "
            + "is only read. The layout is OpenShift's: DIR/must-gather.local.<digits>/<image>/ holds the objects as "
            + "oc adm inspect writes them (namespaces/<ns>/core/pods.yaml, .../discovery.k8s.io/endpointslices.yaml, "
            + "cluster-scoped-resources/core/nodes/<node>.yaml, ...) and network_logs/ the OVN databases as "
            + "gather_network_logs_basics saves them: interconnect mode ovnk_database_store.tar.gz of "
            + "<ovnkube-node pod>_nbdb and _sbdb per node, central mode leader_nbdb.gz and leader_sbdb.gz "
            + "(no leader_*_status: the sandbox's databases are not clustered). Each database is an ovsdb-client "
            + "backup: a consistent copy, standalone unless --clustered.",
            "Prints the directory (or archive) written on stdout."})
    static class Gather extends Common implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "DIR", description = "Where to write; must not exist or be empty.")
        Path dest;

        @Option(names = "--compress", description = "Write DIR/must-gather.tar.gz of the must-gather.local.<digits> "
                + "folder instead of the folder, as a support case upload carries it.")
        boolean compress;

        @Option(names = "--clustered", description = "Save clustered (RAFT) database files, as real clusters keep "
                + "them, instead of standalone ones (ovsdb-tool create-cluster on each copy; needs the host's ovsdb-tool).")
        boolean clustered;

        @Option(names = {"-q", "--quiet"}, description = "No progress lines on stderr.")
        boolean quiet;

        @Override
        public Integer call() {
            try {
                MustGather.Result r = MustGather.run(new MustGather.Request(layout(),
                        dest.toAbsolutePath().normalize(), compress, clustered),
                        line -> { if (!quiet) System.err.println("  " + line); });
                if (!quiet) {
                    System.err.printf(Locale.ROOT, "gathered the %s-mode sandbox: %d object files, %s%n",
                            r.mode().name().toLowerCase(Locale.ROOT), r.objectFiles().size(),
                            String.join(", ", r.databases().stream().map(Path::toString).toList()));
                }
                System.out.println(r.archive() != null ? r.archive().toString() : r.root().getParent().toString());
                return 0;
            } catch (SandboxException e) {
                return fail(e);
            }
        }
    }

    @Command(name = "prepare", mixinStandardHelpOptions = true, description = "Build the root file system an OVN "
            + "version needs (25.03: debootstrap trixie plus its OVN packages, a few minutes, once), so that a later up "
            + "starts at once. Does nothing for the host's packages or a root that is complete.")
    static class Prepare implements Callable<Integer> {
        @picocli.CommandLine.ArgGroup(exclusive = false)
        OvnChoice ovn = new OvnChoice();

        @Option(names = {"-q", "--quiet"}, description = "No progress lines on stderr.")
        boolean quiet;

        @Override
        public Integer call() {
            try {
                OvnRoot root = ovn.root();
                if (!(root instanceof OvnRoot.Tree tree)) {
                    Prerequisites.check(root);
                    if (!quiet) System.err.println("OVN " + root.version() + " runs from the host's packages: nothing to prepare");
                    return 0;
                }
                Prerequisites.check(root);
                long start = System.nanoTime();
                RootBuilder.prepare(tree, line -> { if (!quiet) System.err.println("  " + line); });
                Prerequisites.checkRoot(tree);
                if (!quiet) System.err.printf(Locale.ROOT, "OVN %s root ready in %s (%.0f s)%n", root.version(), tree.dir(),
                        (System.nanoTime() - start) / 1e9);
                return 0;
            } catch (IllegalArgumentException e) {
                System.err.println("ovntrace-sandbox: " + e.getMessage());
                return SandboxException.USAGE;
            } catch (SandboxException e) {
                System.err.println("ovntrace-sandbox: " + e.getMessage());
                return e.exitCode();
            }
        }
    }

    @Command(name = "generate", mixinStandardHelpOptions = true, description = "Write a large topology file for "
            + "benchmarks at scale (nodes, namespaces, pods per node, Services, NetworkPolicies, and a small bench "
            + "namespace: pods client-0..9 and server-0..9, Service bench/server). Start it with "
            + "`up --topology FILE`; the file is deterministic, so runs compare.")
    static class Generate implements Callable<Integer> {
        @Option(names = "--nodes", paramLabel = "N", defaultValue = "10", description = "Nodes (2-50; default ${DEFAULT-VALUE}).")
        int nodes;

        @Option(names = "--pods-per-node", paramLabel = "N", defaultValue = "100",
                description = "Workload pods on each node (1-1010; default ${DEFAULT-VALUE}); above 242 a node gets a /23 or /22 "
                        + "instead of a /24 (the file's hostSubnetLength).")
        int podsPerNode;

        @Option(names = "--namespaces", paramLabel = "N", defaultValue = "50", description = "Namespaces (default ${DEFAULT-VALUE}).")
        int namespaces;

        @Option(names = "--services", paramLabel = "N", defaultValue = "100", description = "Services, one per group of "
                + "pods (default ${DEFAULT-VALUE}).")
        int services;

        @Option(names = "--policies", paramLabel = "N", defaultValue = "50", description = "NetworkPolicies, one in four "
                + "a namespace's default deny (default ${DEFAULT-VALUE}).")
        int policies;

        @Option(names = "--mode", paramLabel = "ic|central", defaultValue = "central", description = "Cluster mode "
                + "written into the file (default ${DEFAULT-VALUE}: one shared database, as large clusters are benchmarked).")
        String mode;

        @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write to FILE instead of stdout.")
        Path output;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            TopologyGenerator.Size size = new TopologyGenerator.Size(nodes, podsPerNode, namespaces, services, policies, mode);
            String problem = size.check();
            if (problem != null) {
                spec.commandLine().getErr().println("ovntrace-sandbox: " + problem);
                return SandboxException.USAGE;
            }
            String text = TopologyGenerator.yaml(size);
            try {
                if (output == null) spec.commandLine().getOut().print(text);
                else Files.writeString(output, text);
                spec.commandLine().getOut().flush();
                return 0;
            } catch (IOException e) {
                spec.commandLine().getErr().println("ovntrace-sandbox: cannot write " + output + ": " + e.getMessage());
                return 1;
            }
        }
    }
}
