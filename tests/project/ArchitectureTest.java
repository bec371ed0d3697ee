package ovntrace.project;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The library's packages and the one direction their dependencies go. The tracer, lowest first:
 *
 * <ol>
 *   <li>{@code ovntrace.parse}: ovn-trace, ofproto/trace and ovn-detrace output as data; knows nothing else.</li>
 *   <li>{@code ovntrace.lib.cluster}: Kubernetes access, pod exec, discovery and the per-node lookups, and the value
 *       types everything above shares (pod names, addresses, protocol, errors, run options).</li>
 *   <li>{@code ovntrace.lib.exec}: running commands per node in few execs (batches, rounds, the node survey); it
 *       knows commands and nodes, not what a trace step means, so the tracer can be changed without touching it.</li>
 *   <li>{@code ovntrace.lib.trace}: the request, step planning, commands, verdicts and the engine.</li>
 *   <li>{@code ovntrace.lib.path}: drawing a packet's path (Mermaid, SVG) from plain hops; JDK only, so a template
 *       or another tool can draw with it.</li>
 *   <li>{@code ovntrace.lib.policy}: which policy, and which rule of it, let each leg through or dropped it: the ACLs
 *       a trace shows deciding, named from the Northbound rows and the policy objects (read-only reads at its edge,
 *       pure functions inside); it explains the trace layer's verdicts and never changes them.</li>
 *   <li>{@code ovntrace.report}: what a finished trace means (drops, hops, ACLs) and its renderings; it reads trace
 *       results, so a report can be made from a saved run without a cluster.</li>
 *   <li>{@code ovntrace.lib.fanout}: matrices of traces (label selectors, cells, bounded parallel runs per node, the
 *       grid report); it runs whole traces through a function and takes each cell's verdict from the trace layer.</li>
 *   <li>{@code ovntrace.lib.api}: the fluent JShell API and console output, on top of everything.</li>
 * </ol>
 *
 * Beside them, {@code ovntrace.lib.offline} reads a gathered cluster (a must-gather or a plain folder: objects and
 * OVN database copies) for tracing without one; it builds on the cluster layer's types only, so the tracer can use
 * it without it knowing anything of traces.
 *
 * The local cluster ({@code ovntrace.topology} ← {@code ovntrace.ovn} ← {@code ovntrace.kubesim} ←
 * {@code ovntrace.gather}, its must-gather snapshot) stands in for a real one: it may use the cluster layer's types
 * (exec results, protocol, cluster mode), but the tracer must never depend on it, or the tracer would only work
 * against the sandbox. Cycles are refused between any two packages,
 * and nothing lives in {@code ovntrace.lib} itself: every class belongs to one of the concepts above.
 */
class ArchitectureTest {

    private static JavaClasses production;

    @BeforeAll
    static void importProductionClasses() {
        // by location, not by ImportOption.DoNotIncludeTests: -Dovntrace.build moves test-classes out of target/
        production = new ClassFileImporter()
                .withImportOption(location -> !location.contains("/test-classes/"))
                .importPackages("ovntrace");
    }

    @Test
    void no_package_depends_on_itself_through_another() {
        slices().matching("ovntrace.(**)").should().beFreeOfCycles().check(production);
    }

    @Test
    void the_library_concepts_are_free_of_cycles() {
        slices().matching("ovntrace.lib.(*)..").should().beFreeOfCycles().check(production);
    }

    @Test
    void every_library_class_is_in_a_concept_package() {
        noClasses().should().resideInAPackage("ovntrace.lib").check(production);
    }

    @Test
    void each_layer_uses_only_the_layers_below_it() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("parse").definedBy("ovntrace.parse..")
                .layer("path").definedBy("ovntrace.lib.path..")
                .layer("cluster").definedBy("ovntrace.lib.cluster..")
                .layer("exec").definedBy("ovntrace.lib.exec..")
                .layer("trace").definedBy("ovntrace.lib.trace..")
                .layer("policy").definedBy("ovntrace.lib.policy..")
                .layer("report").definedBy("ovntrace.report..")
                .layer("fanout").definedBy("ovntrace.lib.fanout..")
                .layer("api").definedBy("ovntrace.lib.api..")
                .layer("offline").definedBy("ovntrace.lib.offline..")
                .layer("topology").definedBy("ovntrace.topology..")
                .layer("ovn").definedBy("ovntrace.ovn..")
                .layer("kubesim").definedBy("ovntrace.kubesim..")
                .layer("gather").definedBy("ovntrace.gather..")
                .whereLayer("parse").mayNotAccessAnyLayer()
                .whereLayer("path").mayNotAccessAnyLayer()
                .whereLayer("cluster").mayOnlyAccessLayers("parse")
                .whereLayer("exec").mayOnlyAccessLayers("cluster", "parse")
                .whereLayer("trace").mayOnlyAccessLayers("exec", "cluster", "parse")
                .whereLayer("policy").mayOnlyAccessLayers("trace", "cluster", "parse")
                .whereLayer("report").mayOnlyAccessLayers("policy", "path", "trace", "cluster", "parse")
                .whereLayer("fanout").mayOnlyAccessLayers("report", "policy", "trace", "cluster", "parse")
                .whereLayer("api").mayOnlyAccessLayers("fanout", "report", "policy", "trace", "exec", "offline", "cluster", "parse")
                .whereLayer("offline").mayOnlyAccessLayers("cluster", "parse")
                .whereLayer("topology").mayOnlyAccessLayers("cluster", "parse")
                .whereLayer("ovn").mayOnlyAccessLayers("topology", "cluster", "parse")
                .whereLayer("kubesim").mayOnlyAccessLayers("ovn", "topology", "cluster", "parse")
                .whereLayer("gather").mayOnlyAccessLayers("kubesim", "ovn", "topology", "cluster", "parse")
                .ensureAllClassesAreContainedInArchitecture()
                .check(production);
    }

    @Test
    void the_cluster_layer_knows_nothing_of_traces_reports_or_the_sandbox() {
        noClasses().that().resideInAPackage("ovntrace.lib.cluster..")
                .should().dependOnClassesThat().resideInAnyPackage("ovntrace.lib.exec..", "ovntrace.lib.trace..",
                        "ovntrace.lib.api..", "ovntrace.lib.policy..", "ovntrace.report..", "ovntrace.topology..", "ovntrace.ovn..",
                        "ovntrace.kubesim..", "ovntrace.gather..")
                .check(production);
    }

    @Test
    void the_executor_knows_commands_and_nodes_not_trace_steps() {
        noClasses().that().resideInAPackage("ovntrace.lib.exec..")
                .should().dependOnClassesThat().resideInAnyPackage("ovntrace.lib.trace..", "ovntrace.lib.api..", "ovntrace.lib.policy..",
                        "ovntrace.report..")
                .check(production);
    }
}
