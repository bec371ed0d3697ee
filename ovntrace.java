///usr/bin/env jbang "$0" "$@" ; exit $?
//DESCRIPTION Trace a pod to a pod, Service or IP with ovn-trace, ofproto/trace and ovn-detrace (drop-in for ovnkube-trace)
//JAVA 17+
//MAIN ovntrace
//DEPS info.picocli:picocli:4.7.7
//DEPS org.freemarker:freemarker:2.3.34
//DEPS io.fabric8:kubernetes-client:7.5.2
//DEPS io.fabric8:kubernetes-httpclient-jdk:7.5.2
//DEPS org.slf4j:slf4j-nop:2.0.17
//SOURCES lib/api/ConsoleReport.java lib/api/Ovntrace.java lib/api/Progress.java lib/api/TraceBuilder.java
//SOURCES lib/api/TraceOptions.java lib/api/TraceRun.java lib/api/TraceSession.java lib/api/MatrixOptions.java lib/api/MatrixBuilder.java lib/api/MatrixRun.java
//SOURCES lib/api/Rendered.java lib/api/CdsTraining.java
//SOURCES lib/fanout/Cell.java lib/fanout/CellOutcome.java lib/fanout/CellVerdict.java lib/fanout/FanoutRunner.java
//SOURCES lib/fanout/LabelSelector.java lib/fanout/MatrixPlanner.java lib/fanout/MatrixReport.java lib/fanout/MatrixResolver.java
//SOURCES lib/fanout/MatrixResult.java lib/fanout/MatrixSpec.java lib/fanout/Schedule.java
//SOURCES lib/cluster/AddressFamily.java lib/cluster/Annotations.java lib/cluster/ClusterApi.java
//SOURCES lib/cluster/ClusterMode.java lib/cluster/CountingPodExec.java lib/cluster/CustomResource.java lib/cluster/DbAccess.java
//SOURCES lib/cluster/Discovery.java lib/cluster/EndpointResolver.java lib/cluster/EngineOptions.java
//SOURCES lib/cluster/FabricClusterApi.java lib/cluster/Fact.java lib/cluster/Interruption.java
//SOURCES lib/cluster/IpAddress.java lib/cluster/KubeClients.java lib/cluster/KubeErrors.java
//SOURCES lib/cluster/KubeNames.java lib/cluster/KubeNode.java lib/cluster/KubePod.java lib/cluster/KubePodExec.java lib/cluster/LookupCommands.java
//SOURCES lib/cluster/LookupParsers.java lib/cluster/NodeFacts.java lib/cluster/NodeListing.java
//SOURCES lib/cluster/NodeAccess.java lib/cluster/NodeLookup.java lib/cluster/PodExec.java lib/cluster/ScriptDelivery.java lib/cluster/PodInfo.java lib/cluster/PodRef.java lib/cluster/OvnTraceDaemons.java
//SOURCES lib/cluster/PodNetwork.java lib/cluster/PrimaryNetworks.java lib/trace/NetworkIsolation.java
//SOURCES lib/cluster/PortNames.java lib/cluster/ProcessProbe.java lib/cluster/Protocol.java
//SOURCES lib/cluster/TraceError.java lib/cluster/TraceLog.java lib/cluster/VrfDump.java lib/cluster/ShellVariables.java
//SOURCES lib/exec/BatchRunner.java lib/exec/BatchScript.java lib/exec/ExecRounds.java lib/exec/NodeSurvey.java
//SOURCES lib/exec/StepGroups.java
//SOURCES lib/offline/DatabaseCopies.java lib/offline/DatabaseLayout.java lib/cluster/DbRole.java
//SOURCES lib/offline/Detection.java lib/offline/FoundDatabases.java lib/offline/Gathered.java
//SOURCES lib/offline/KubeObjects.java lib/offline/LayoutDetector.java lib/offline/ObjectChecks.java
//SOURCES lib/offline/ObjectFiles.java lib/offline/ObjectLayout.java lib/offline/OfflineInputException.java
//SOURCES lib/offline/OfflineReader.java lib/offline/OvnInstall.java lib/offline/OvsdbTool.java
//SOURCES lib/offline/TarGz.java lib/offline/WorkDir.java lib/offline/ZoneDatabases.java
//SOURCES lib/offline/Zones.java lib/offline/OfflineCluster.java lib/offline/OfflineClusterApi.java
//SOURCES lib/offline/OfflinePodExec.java lib/offline/OvsdbServers.java
//SOURCES lib/parse/AclStage.java lib/parse/DatapathActions.java lib/parse/Detrace.java
//SOURCES lib/parse/DetraceAnnotation.java lib/parse/DetraceParser.java lib/parse/DropKind.java lib/parse/Lines.java
//SOURCES lib/parse/OfprotoPass.java lib/parse/OfprotoTable.java lib/parse/OfprotoTrace.java
//SOURCES lib/parse/OfprotoTraceParser.java lib/parse/OvnOutput.java lib/parse/OvnPipeline.java
//SOURCES lib/parse/OvnStage.java lib/parse/OvnTrace.java lib/parse/OvnTraceParser.java lib/parse/TunnelOutput.java
//SOURCES lib/policy/AclAction.java lib/policy/AclDirectory.java lib/policy/AclHits.java
//SOURCES lib/policy/AclLookup.java lib/policy/Attributions.java lib/policy/Direction.java
//SOURCES lib/policy/Explainer.java lib/policy/LegEnds.java lib/policy/LegPolicy.java
//SOURCES lib/policy/OwnedAcl.java lib/policy/PolicyAction.java lib/policy/PolicyKind.java
//SOURCES lib/policy/PolicyLookup.java lib/policy/PolicyObjects.java lib/policy/PolicyOwner.java
//SOURCES lib/policy/Rules.java lib/policy/Selectors.java lib/policy/Trees.java
//SOURCES lib/report/AclRef.java
//SOURCES lib/report/ConnectionReport.java lib/report/DropPoint.java lib/report/Drops.java lib/report/Format.java
//SOURCES lib/report/Hop.java lib/report/HopKind.java lib/report/Hops.java lib/report/LegReport.java lib/report/MarkdownCode.java lib/report/MarkdownOutputFormat.java
//SOURCES lib/report/Report.java lib/report/ReportBuilder.java lib/report/ReportEndpoint.java
//SOURCES lib/report/PathStitcher.java lib/report/ReportException.java lib/report/ReportJson.java lib/report/ReportJsonV1.java lib/report/ReportOutputs.java
//SOURCES lib/report/ReportRenderer.java lib/report/ReportRequest.java lib/report/ReportService.java
//SOURCES lib/report/Samples.java lib/report/StepAnalyzer.java lib/report/StepReport.java lib/report/Summary.java lib/report/Translations.java
//SOURCES lib/report/TemplateMarkdownOutputModel.java
//SOURCES lib/path/Lane.java lib/path/MermaidFlowchart.java lib/path/PathDiagram.java lib/path/Segments.java
//SOURCES lib/path/SvgDiagram.java lib/path/Text.java lib/path/Xml.java
//SOURCES lib/trace/Leg.java lib/trace/Connection.java lib/trace/LegResult.java lib/trace/Arrival.java lib/trace/Endpoint.java lib/trace/PlannedStep.java lib/trace/SearchStrings.java
//SOURCES lib/trace/ServiceInfo.java lib/trace/Side.java lib/trace/Speculation.java lib/trace/StepLabels.java
//SOURCES lib/trace/Plan.java lib/trace/UpstreamSteps.java lib/trace/ConnectionSteps.java lib/trace/StepResult.java lib/trace/Tool.java
//SOURCES lib/trace/TraceEngine.java lib/trace/TraceRequest.java lib/trace/TraceResult.java lib/trace/Verdict.java
//SOURCES lib/trace/Verdicts.java lib/trace/DaemonCommands.java lib/trace/TraceDaemons.java lib/trace/ConntrackBudget.java
//SOURCES lib/trace/DetraceCommands.java lib/trace/DetraceDaemons.java lib/trace/SessionDaemons.java lib/trace/DaemonStops.java lib/trace/DaemonTable.java
//FILES templates/report.md.ftl=templates/report.md.ftl
//FILES templates/report.html.ftl=templates/report.html.ftl
//FILES templates/report.schema.json=templates/report.schema.json
//FILES templates/matrix.md.ftl=templates/matrix.md.ftl
//FILES templates/matrix.html.ftl=templates/matrix.html.ftl
//JAVA_OPTIONS -XX:+UseSerialGC -XX:TieredStopAtLevel=1
// ./jbang's launch cache keeps a class-data-sharing archive (JDK 25+: an AOT cache) of what this run loads (see
// CdsTraining), for every run but these, which load little and start faster without mapping it all:
// launch-cache cds-training: --cds-training
// launch-cache cds-skip: --help -help -h --version

import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.Callable;
import ovntrace.lib.api.CdsTraining;
import ovntrace.lib.api.ConsoleReport;
import ovntrace.lib.api.MatrixOptions;
import ovntrace.lib.api.MatrixRun;
import ovntrace.lib.api.Progress;
import ovntrace.lib.api.TraceOptions;
import ovntrace.lib.cluster.ClusterApi;
import ovntrace.lib.cluster.ClusterMode;
import ovntrace.lib.cluster.EngineOptions;
import ovntrace.lib.cluster.FabricClusterApi;
import ovntrace.lib.cluster.Interruption;
import ovntrace.lib.cluster.KubeClients;
import ovntrace.lib.cluster.KubeNames;
import ovntrace.lib.cluster.KubePodExec;
import ovntrace.lib.cluster.PodExec;
import ovntrace.lib.cluster.TraceError;
import ovntrace.lib.cluster.TraceLog;
import ovntrace.lib.cluster.VrfDump;
import ovntrace.lib.fanout.Cell;
import ovntrace.lib.fanout.FanoutRunner;
import ovntrace.lib.fanout.MatrixResolver;
import ovntrace.lib.fanout.MatrixSpec;
import ovntrace.lib.offline.OfflineCluster;
import ovntrace.lib.policy.Attributions;
import ovntrace.lib.policy.PolicyLookup;
import ovntrace.lib.trace.SessionDaemons;
import ovntrace.lib.trace.TraceEngine;
import ovntrace.lib.trace.TraceRequest;
import ovntrace.lib.trace.TraceResult;
import ovntrace.report.ReportOutputs;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The command line: options in, one {@link TraceRequest} to the library, result lines and exit code out. */
@Command(name = "ovntrace", sortOptions = false, usageHelpWidth = 100, versionProvider = ovntrace.Version.class,
        customSynopsis = {"ovntrace -src POD [-src-namespace NS] (-dst POD | -service SVC | -dst-ip IP) (-tcp | -udp) [OPTIONS]",
            "ovntrace --offline DIR|FILE.tar.gz -src POD ... (a must-gather: no cluster needed)",
            "ovntrace [-src-selector LABELS] [-dst-selector LABELS] [--all-endpoints] ... (a matrix of traces)",
            "ovntrace -dump-udn-vrf-table-ids [-kubeconfig FILE] [--context NAME]"},
        description = {"", "Traces TCP or UDP traffic from a pod to a pod, Service or IP through an OVN-Kubernetes cluster "
            + "with ovn-trace, ovs-appctl ofproto/trace and ovn-detrace, in both directions. Takes ovnkube-trace's flags "
            + "(with one or two dashes) and prints its lines; unlike it, runs every step even after one fails, and traces "
            + "the connection's request and its real reply (conntrack's reply direction, after NAT) with one tuple in "
            + "every tool, on the receiving node too; a failing check of its own prints one more line.", ""},
        footer = {"", "Examples:",
            "  # UDP 53 between two pods (the ovnkube-trace documentation example)",
            "  ovntrace -src-namespace default -src fedora-deployment-7d49fddf69-chmvh \\",
            "           -dst-namespace default -dst fedora-deployment-7d49fddf69-t4hqw -udp -dst-port 53",
            "  # pod to a Service over TCP 80, with the trace outputs",
            "  ovntrace -src client -service web -tcp -dst-port 80 -loglevel 2",
            "  # pod to an address outside the cluster, another kubeconfig context",
            "  ovntrace --context prod -src client -dst-ip 8.8.8.8 -tcp -dst-port 443",
            "  # a shareable report of both directions: HTML file (or .md, .json), Markdown on stdout",
            "  ovntrace -src client -dst server -tcp --report incident.html --format md",
            "  # options read from a file, one or more per line (picocli @argfiles)",
            "  ovntrace @trace.args",
            "  # the same trace on a must-gather, with no cluster: ovn-trace against copies of its databases",
            "  ovntrace --offline must-gather.local.123 -src client -dst server -tcp --report incident.html",
            "  # a matrix: every pod labelled app=front to every ready endpoint and TCP port of Service shop/api",
            "  ovntrace -src-namespace shop -src-selector app=front \\",
            "           -dst-namespace shop -service api --all-endpoints -tcp",
            "  # both families of a dual-stack cluster, side by side: a line per family, one report",
            "  ovntrace -src client -service web -tcp -addr-family dual --report dual.html",
            "  # VRF routing table per node and user-defined network",
            "  ovntrace -dump-udn-vrf-table-ids",
            "", "Log levels: 0 result lines only; 1 search strings and one line per leg (request, reply,",
            "            reverse-initiated) with the connection's verdict, and per leg the policy and rule that",
            "            allowed or dropped it (NetworkPolicy, AdminNetworkPolicy, baseline, EgressFirewall);",
            "            2 trace outputs; 4 commands; 5 debug.",
            "Exit codes: 0 every check passed; 1 error (bad value, cluster or exec problem, a check that",
            "            could not be judged); 2 the command line does not parse; 255 a check failed;",
            "            for a matrix: 255 any cell failed, else 1 any cell inconclusive, an error or not run;",
            "            130 interrupted (the commands in the node pods are stopped, partial results printed)."})
public class ovntrace implements Callable<Integer> {

    @Option(names = {"-src", "--src"}, paramLabel = "POD", description = "src: source pod name") String src = "";
    @Option(names = {"-src-namespace", "--src-namespace"}, paramLabel = "NS", description = "k8s namespace of source pod (default \"default\")") String srcNamespace = "default";
    @Option(names = {"-dst", "--dst"}, paramLabel = "POD", description = "dest: destination pod name") String dst = "";
    @Option(names = {"-dst-namespace", "--dst-namespace"}, paramLabel = "NS", description = "k8s namespace of dest pod (default \"default\")") String dstNamespace = "default";
    @Option(names = {"-service", "--service"}, paramLabel = "SVC", description = "service: destination service name") String service = "";
    @Option(names = {"-dst-ip", "--dst-ip"}, paramLabel = "IP", description = "destination IP address (meant for tests to external targets)") String dstIp = "";
    @Option(names = {"-dst-port", "--dst-port"}, paramLabel = "PORT", description = "dst-port: destination port (default \"80\")") String dstPort;
    @Option(names = {"-tcp", "--tcp"}, description = "use tcp transport protocol") boolean tcp;
    @Option(names = {"-udp", "--udp"}, description = "use udp transport protocol") boolean udp;
    @Option(names = {"-addr-family", "--addr-family"}, paramLabel = "ip4|ip6|dual", description = "Address family (ip4 or ip6) to be used for tracing (default \"ip4\"); dual traces both families of a dual-stack pod or Service, side by side, as a matrix (a line per family, one report)") String addrFamily = "ip4";
    @Option(names = {"-kubeconfig", "--kubeconfig"}, paramLabel = "FILE", description = "absolute path to the kubeconfig file") String kubeconfig = "";
    @Option(names = {"--context"}, paramLabel = "NAME", description = "kubeconfig context to use (default: the current one)") String context = "";
    @Option(names = {"--offline"}, paramLabel = "DIR|FILE.tar.gz", description = "trace a must-gather (or a folder of YAML objects and *.db files) with no cluster: ovn-trace runs against private copies of each zone's databases; ofproto/trace and ovn-detrace need a live node and are reported 'not available offline'") java.nio.file.Path offline;
    @Option(names = {"-ovn-config-namespace", "--ovn-config-namespace"}, paramLabel = "NS", description = "namespace used by ovn-config itself (default: found by label app=ovnkube-node)") String ovnNamespace = "";
    @Option(names = {"-loglevel", "--loglevel"}, paramLabel = "N", description = "loglevel: klog level (default \"0\")") String loglevel = "0";
    @Option(names = {"-skip-detrace", "--skip-detrace"}, description = "skip ovn-detrace command") boolean skipDetrace;
    @Option(names = {"-dump-udn-vrf-table-ids", "--dump-udn-vrf-table-ids"}, description = "Dump the VRF table ID per node for all the user defined networks") boolean dumpVrf;
    @Option(names = {"--report"}, paramLabel = "FILE", description = "also write the report to FILE; the extension picks the format (.md, .html or .json); repeatable") java.util.List<java.nio.file.Path> reports = new java.util.ArrayList<>();
    @Option(names = {"--format"}, paramLabel = "md|html|json", description = "print the report on stdout in this format (the result lines then go to stderr)") String format = "";
    @Option(names = {"--template-dir"}, paramLabel = "DIR", description = "report templates (report.md.ftl, report.html.ftl) that replace the built-in ones") java.nio.file.Path templateDir;
    @Option(names = {"--fail-fast"}, description = "stop at the first step that does not pass, as ovnkube-trace does; a matrix starts no cell after one that did not pass") boolean failFast;
    @Option(names = {"--timeout"}, paramLabel = "SECONDS", description = "deadline of each API request and of each command in a node pod; at the deadline, or when ovntrace ends, the node ends what it runs (1-86400, default ${DEFAULT-VALUE})") long timeoutSeconds = EngineOptions.DEFAULT_TIMEOUT.toSeconds();
    @Option(names = {"--progress"}, description = "show what the run is waiting for on stderr even when stderr is not a terminal (shown on a terminal anyway)") boolean progress;
    @Option(names = {"--mode"}, paramLabel = "auto|ic|central", description = "OVN deployment: auto (detect per node), ic (a zone per node) or central (default ${DEFAULT-VALUE})") Mode mode = Mode.auto;
    @Option(names = {"--new-connection-checks"}, negatable = true, defaultValue = "true", fallbackValue = "true", description = "ovntrace's own checks beyond upstream's (default on): the request and the reply of the connection, one tuple in every tool and the receiving node's br-int, and each direction as a new connection (shows NetworkPolicy drops); a line is printed only when one fails") boolean newConnectionChecks = true;
    @Option(names = {"-src-selector", "--src-selector"}, paramLabel = "LABELS", description = "matrix: trace from every pod of -src-namespace that these labels select (kubectl syntax: a=b, a!=b, a in (x,y), a notin (x), a, !a; commas AND), instead of -src") String srcSelector = "";
    @Option(names = {"-dst-selector", "--dst-selector"}, paramLabel = "LABELS", description = "matrix: trace to every pod of -dst-namespace that these labels select, instead of -dst, -service or -dst-ip") String dstSelector = "";
    @Option(names = {"--all-endpoints"}, description = "matrix: with -service, trace every ready endpoint of the Service on every Service port of the protocol (-dst-port keeps that port only)") boolean allEndpoints;
    @Option(names = {"--max-cells"}, paramLabel = "N", description = "matrix: refuse more than N traces (default ${DEFAULT-VALUE})") int maxCells = MatrixSpec.DEFAULT_MAX_CELLS;
    @Option(names = {"--parallel"}, paramLabel = "K", description = "matrix: traces in flight at once (1-32, default ${DEFAULT-VALUE})") int parallel = FanoutRunner.DEFAULT_PARALLEL;
    @Option(names = {"--per-node"}, paramLabel = "N", description = "matrix: traces in flight that exec into any one node (1-8, default ${DEFAULT-VALUE})") int perNode = FanoutRunner.DEFAULT_PER_NODE;
    @Option(names = {"--detrace-all"}, description = "matrix: run ovn-detrace in every cell; by default only a cell that does not pass is traced again with it, to attribute the drop (a passed cell is judged by its ovn-trace and ofproto/trace steps)") boolean detraceAll;
    @Option(names = {"--sequential"}, hidden = true, description = "run every command in its own exec, one after another (for comparison)") boolean sequential;
    @Option(names = {"--completion"}, description = "print a bash/zsh completion script and exit (source <(ovntrace --completion))") boolean completion;
    @Option(names = {"-h", "-help", "--help"}, usageHelp = true, description = "show this help and exit") boolean help;
    @Option(names = {"--version"}, versionHelp = true, description = "print the version and exit") boolean version;

    enum Mode { auto, ic, central }

    private final PrintStream out, err;

    ovntrace(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) throws java.io.IOException {
        if (args.length == 1 && args[0].equals(CDS_TRAINING)) {
            train();
            exit(0);   // the HTTP client's threads would keep the JVM up
        }
        // after Ctrl-C the JVM is already exiting (with 130): System.exit would wait for that forever
        int code = run(args, System.out, System.err);
        if (code != INTERRUPTED) exit(code);
    }

    /** Exits at once: the HTTP client's selector threads ended first ({@link KubeClients#endHttpSelectors}). */
    private static void exit(int code) {
        KubeClients.endHttpSelectors(Duration.ofMillis(200));
        System.exit(code);
    }

    /** Not an option: the training run of ./jbang's class-data archive, never meant for a user (nor in --help). */
    static final String CDS_TRAINING = "--cds-training";

    /** The paths a trace takes, without a cluster, and the command line's own help; prints nothing. */
    private static void train() throws java.io.IOException {
        CdsTraining.run();
        PrintStream discard = new PrintStream(java.io.OutputStream.nullOutputStream());
        run(new String[] {"--help"}, discard, discard);
        run(new String[] {"-src", "a", "-dst", "b", "-tcp", "--timeout", "0"}, discard, discard);
    }

    /** Runs the command line; returns the exit code. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        ovntrace app = new ovntrace(out, err);
        CommandLine cl = new CommandLine(app).setPosixClusteredShortOptionsAllowed(false).setCaseInsensitiveEnumValuesAllowed(true);
        cl.setOut(new java.io.PrintWriter(out, true)).setErr(new java.io.PrintWriter(err, true));
        cl.setParameterExceptionHandler((e, a) -> usage(e.getMessage(), err));
        cl.setExecutionExceptionHandler((e, c, p) -> app.fail(e));
        try {
            return cl.execute(goBooleans(args));
        } catch (CommandLine.ParameterException e) {
            return usage(e.getMessage(), err);
        } catch (Exception e) {
            return app.fail(e);
        }
    }

    /** One line: what is wrong, and where to look. */
    private static int usage(String message, PrintStream err) {
        err.println("ovntrace: " + oneLine(message) + " (see ovntrace --help)");
        return TraceError.USAGE;
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.strip().replaceAll("\\s*\\R\\s*", "; ");
    }

    private static final java.util.Set<String> BOOLEANS = java.util.Set.of("tcp", "udp", "skip-detrace", "dump-udn-vrf-table-ids", "fail-fast");

    /** Go's flag package accepts {@code -tcp=true} and {@code -tcp=false} (any strconv.ParseBool spelling). */
    private static final java.util.regex.Pattern FLAG_WITH_VALUE = java.util.regex.Pattern.compile("(--?)([a-z-]+)=(.*)");

    static String[] goBooleans(String[] args) {
        java.util.List<String> out = new java.util.ArrayList<>();
        for (String a : args) {
            java.util.regex.Matcher m = FLAG_WITH_VALUE.matcher(a);
            if (!m.matches() || !BOOLEANS.contains(m.group(2))) {
                out.add(a);
                continue;
            }
            switch (m.group(3)) {
                case "1", "t", "T", "true", "TRUE", "True" -> out.add(m.group(1) + m.group(2));
                case "0", "f", "F", "false", "FALSE", "False" -> { }
                default -> throw new CommandLine.ParameterException(new CommandLine(new ovntrace(null, null)),
                        "invalid boolean value \"" + m.group(3) + "\" for -" + m.group(2) + ": parse error");
            }
        }
        return out.toArray(String[]::new);
    }

    @Override
    public Integer call() {
        int level;
        try {
            level = Integer.parseInt(loglevel.trim());
        } catch (NumberFormatException e) {
            err.println("fatal: cannot set logging level");
            return TraceError.ERROR;
        }
        logLevel = level;
        if (timeoutSeconds < 1 || timeoutSeconds > MAX_TIMEOUT_SECONDS) {
            return usage("--timeout " + timeoutSeconds + ": give a number of seconds from 1 to " + MAX_TIMEOUT_SECONDS, err);
        }
        if (!ovnNamespace.isEmpty() && !KubeNames.isLabel(ovnNamespace)) {
            // one way out for every error line: fail() keeps control characters from splitting it
            throw new TraceError("Usage: -ovn-config-namespace \"" + ovnNamespace + "\" is not a valid"
                    + " Kubernetes namespace (lowercase letters, digits, '-'); nothing was run");
        }
        if (level >= 1) err.println("Log level set to: " + level);
        Duration timeout = Duration.ofSeconds(timeoutSeconds);
        EngineOptions options = new EngineOptions(ovnNamespace, mode == Mode.auto ? null : ClusterMode.valueOf(mode.name().toUpperCase()),
                timeout, sequential ? 1 : 4, !sequential, newConnectionChecks, TraceLog.upTo(level, err));
        if (completion) {
            out.print(picocli.AutoComplete.bash("ovntrace", new CommandLine(new ovntrace(out, err))));
            return 0;
        }
        if (offline != null) {
            String clash = !kubeconfig.isEmpty() ? "-kubeconfig" : !context.isEmpty() ? "--context" : dumpVrf ? "-dump-udn-vrf-table-ids" : "";
            if (!clash.isEmpty()) {
                return usage("--offline traces a gathered directory, without a cluster: " + clash + " cannot be used with it", err);
            }
        }
        if (dumpVrf) {
            try (KubernetesClient client = KubeClients.connect(kubeconfig, context, timeout)) {
                out.println(VrfDump.run(new FabricClusterApi(client), new KubePodExec(client), options));
                return 0;
            }
        }
        TraceOptions traceOptions = new TraceOptions(src, srcNamespace, dst, dstNamespace, service, dstIp,
                dstPort == null ? TraceOptions.defaults().dstPort() : dstPort, tcp, udp, addrFamily, skipDetrace, failFast);
        MatrixOptions matrixOptions = new MatrixOptions(traceOptions, srcSelector, dstSelector, allEndpoints, dstPort != null,
                maxCells, parallel, perNode, detraceAll);
        if (matrixOptions.wanted()) return matrix(matrixOptions, options);
        TraceRequest request = traceOptions.validate();
        ReportOutputs reportOutputs = ReportOutputs.of(reports, format, templateDir);
        try (Progress display = Progress.on(err, progress || (err == System.err && Progress.stderrIsTerminal()))) {
            if (offline != null) {
                TraceLog log = display.around(options.log());
                try (OfflineCluster gathered = OfflineCluster.open(offline, log::phase)) {
                    EngineOptions o = options.mode() == null ? options.withMode(gathered.mode()) : options;
                    if (o.mode() != gathered.mode()) {
                        log.log(1, "--mode " + mode + " overrides the gathered cluster's mode (" + gathered.mode() + ")");
                    }
                    return trace(gathered.api(), gathered.exec(), gathered.exec(), o, request, reportOutputs, display, level,
                            "ovntrace: interrupted; the offline commands were stopped");
                }
            }
            try (KubernetesClient client = KubeClients.connect(kubeconfig, context, timeout)) {
                KubePodExec exec = new KubePodExec(client);
                return trace(new FabricClusterApi(client), exec, exec, options, request, reportOutputs, display, level,
                        "ovntrace: interrupted; the commands in the node pods were stopped");
            }
        }
    }

    /**
     * A matrix: validated before anything is read, resolved (pods, endpoints: reads only), refused above --max-cells,
     * then every cell traced as a single run would be, a line per cell as it completes and a summary line.
     */
    private int matrix(MatrixOptions matrixOptions, EngineOptions options) {
        MatrixSpec spec = matrixOptions.validate();
        ReportOutputs reportOutputs = ReportOutputs.of(reports, format, templateDir);
        if (offline != null) {
            try (OfflineCluster gathered = OfflineCluster.open(offline, options.log()::phase)) {
                EngineOptions o = options.mode() == null ? options.withMode(gathered.mode()) : options;
                return matrix(gathered.api(), gathered.exec(), gathered.exec(), null, o, spec.offline(), matrixOptions, reportOutputs);
            }
        }
        try (KubernetesClient client = KubeClients.connect(kubeconfig, context, options.timeout())) {
            KubePodExec exec = new KubePodExec(client);
            // the daemons start and stop through their own exec: Ctrl-C stops the cells' exec, not their stopping
            return matrix(new FabricClusterApi(client), exec, exec, new KubePodExec(client), options, spec, matrixOptions,
                    reportOutputs);
        }
    }

    /**
     * {@code daemonExec}, live only: where the cells' plain ovn-trace steps keep one ovn-trace daemon per zone, and
     * their ovn-detrace steps one ovn-detrace per node pod, instead of reloading the databases each time; they are stopped before the interruption watch ends, so a Ctrl-C leaves
     * none behind.
     */
    private int matrix(ClusterApi api, PodExec exec, Interruption.Stoppable stop, PodExec daemonExec, EngineOptions options,
                       MatrixSpec spec, MatrixOptions matrixOptions, ReportOutputs reportOutputs) {
        java.util.List<Cell> cells = new MatrixResolver(api).cells(spec);
        PrintStream lines = reportOutputs.ownsStdout() ? err : out;
        java.util.concurrent.atomic.AtomicBoolean stopped = new java.util.concurrent.atomic.AtomicBoolean();
        Interruption.Stoppable both = new Interruption.Stoppable() {
            @Override
            public void cancel() {
                stopped.set(true);
                stop.cancel();
            }

            @Override
            public void awaitStopped(Duration limit) {
                stop.awaitStopped(limit);
            }
        };
        try (Interruption interruption = Interruption.onSignal(both, () -> err.println(
                "ovntrace: interrupted; the commands in the node pods were stopped before the matrix was complete"));
             SessionDaemons daemons = daemonExec == null ? null : new SessionDaemons(daemonExec, options.timeout(), options.log())) {
            EngineOptions cellOptions = daemons == null ? options : options.withOvnTraceDaemons(daemons);
            MatrixRun run = new MatrixRun(FanoutRunner.engine(api, exec, cellOptions, matrixOptions.parallel(), matrixOptions.perNode())
                    .run(cells, o -> lines.println(o.line()), stopped::get));
            lines.println(run.result().summary());
            reportOutputs.write(run::render, out, err);
            if (interruption.happened()) {
                err.println("ovntrace: interrupted; cells not started are reported \"not run\"");
                return INTERRUPTED;
            }
            return run.result().exitCode();
        }
    }

    /** One run against a cluster, live or gathered: the engine, then {@link #finish}; Ctrl-C stops {@code stop}. */
    private int trace(ClusterApi api, PodExec exec, Interruption.Stoppable stop, EngineOptions options, TraceRequest request,
                      ReportOutputs reportOutputs, Progress display, int level, String interrupted) {
        try (Interruption interruption = Interruption.onSignal(stop, () -> err.println(
                interrupted + " before any result was complete"))) {
            TraceResult result;
            try {
                result = new TraceEngine(api, exec, options.withLog(display.around(options.log()))).run(request);
            } catch (TraceError e) {
                display.close();
                reportOutputs.writeUnfinished(request, e.getMessage(), out, err);
                throw e;
            }
            display.close();
            int code = finish(result, level, reportOutputs, exec, api, options.timeout());
            if (interruption.happened()) {
                err.println(interrupted + " (results above are partial)");
                return INTERRUPTED;
            }
            return code;
        }
    }

    static final long MAX_TIMEOUT_SECONDS = 86_400;
    /** As a shell reports a command ended by SIGINT. */
    static final int INTERRUPTED = 130;

    /**
     * The one place a finished run is handed on: the result lines, then the reports asked for. The policy behind each
     * leg is looked up (read-only) only when something shows it: -loglevel 1 or a report; at -loglevel 0 without a
     * report the run makes exactly upstream's reads.
     */
    int finish(TraceResult result, int level, ReportOutputs reportOutputs, PodExec exec, ClusterApi api, Duration timeout) {
        PrintStream lines = reportOutputs.ownsStdout() ? err : out;
        Attributions policy = level >= 1 || reportOutputs.wanted()
                ? PolicyLookup.attribute(result, exec, api, timeout) : Attributions.NONE;
        new ConsoleReport(lines, err, level, lines == out && ConsoleReport.colourWanted()).print(result, policy);
        reportOutputs.write(result, policy, out, err);
        return result.exitCode();
    }

    private int logLevel;

    private int fail(Exception e) {
        int code = e instanceof TraceError t ? t.exitCode() : TraceError.ERROR;
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        // a value typed with a newline or an escape must not split the one line or drive the terminal
        message = message.replaceAll("\\R", "\\\\x0a").replaceAll("\\p{Cntrl}", "?");
        err.println(e instanceof TraceError ? message : "ovntrace: unexpected error: " + message);
        if (logLevel >= 5) e.printStackTrace(err);
        return code;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"ovntrace 0.1.0 (ovnkube-trace compatible: master and release-1.3 command templates)"};
        }
    }
}
