package ovntrace.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.ExecWatch;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import ovntrace.lib.cluster.ClusterMode;
import ovntrace.ovn.ProcessTable;
import ovntrace.ovn.Registry;
import ovntrace.parse.AclStage;
import ovntrace.parse.DetraceAnnotation;
import ovntrace.parse.DetraceParser;
import ovntrace.parse.OvnTrace;
import ovntrace.parse.OvnTraceParser;
import ovntrace.support.Sandboxes;
import ovntrace.topology.NodeSpec;
import ovntrace.topology.PodSpec;
import ovntrace.topology.Topology;

/**
 * The acceptance scenario of the sandbox, in each mode: through the kubeconfig and the fabric8 client, find the
 * ovnkube-node pods, read a pod's network annotation, and run the real tracers in the right node's pod, exactly
 * as ovnkube-trace does; then stop the sandbox and check that nothing it started is left.
 */
class SandboxEndToEndTest {

    private static final String SB = "--db unix:/var/run/ovn/ovnsb_db.sock";
    private static final String DETRACE = "ovn-detrace --ovnnb=unix:/var/run/ovn/ovnnb_db.sock "
            + "--ovnsb=unix:/var/run/ovn/ovnsb_db.sock --ovsdb=unix:/var/run/openvswitch/db.sock";

    private record Out(int exit, String stdout, String stderr) {}

    @ParameterizedTest
    @MethodSource("ovntrace.support.Sandboxes#clusters")
    void tracesRunForRealInTheNodePodsAndDownLeavesNothing(Sandboxes.Cluster cluster) throws Exception {
        Sandboxes.assumeE2e();
        ClusterMode mode = cluster.mode();
        Sandboxes.Sandbox sb = Sandboxes.of(cluster);
        Topology t = sb.topology();
        PodSpec src = pod(t, "default", "fedora-deployment-7d49fddf69-chmvh");
        PodSpec dst = pod(t, "default", "fedora-deployment-7d49fddf69-t4hqw");
        PodSpec db = pod(t, "restricted", "db-0");
        PodSpec dns = t.pods().stream().filter(p -> p.namespace().equals("kube-system") && p.node().equals(db.node())
                && !p.hostNetwork()).findFirst().orElseThrow();
        NodeSpec srcNode = t.node(src.node());
        NodeSpec dstNode = t.node(dst.node());

        try (KubernetesClient client = sb.client()) {
            List<Pod> ovnkube = client.pods().inAnyNamespace().withLabel("app", "ovnkube-node").list().getItems();
            assertEquals(t.nodes().stream().map(NodeSpec::name).sorted().toList(),
                    ovnkube.stream().map(p -> p.getSpec().getNodeName()).sorted().toList(), "one ovnkube-node pod per node");

            JsonNode network = new ObjectMapper().readTree(client.pods().inNamespace(src.namespace()).withName(src.name())
                    .get().getMetadata().getAnnotations().get("k8s.ovn.org/pod-networks")).get("default");
            String srcMac = network.get("mac_address").asText();
            assertEquals(src.mac(), srcMac);

            Pod srcPod = ovnkubePodOn(ovnkube, src.node());
            Pod dstPod = ovnkubePodOn(ovnkube, dst.node());

            String probe = exec(client, srcPod, "ps -eo args | grep '/usr/bin/[o]vnkube'").stdout();
            assertEquals(mode == ClusterMode.IC, probe.contains("--enable-interconnect --zone " + src.node()), probe);

            String rtosMac = exec(client, srcPod, "ovn-sbctl --no-leader-only " + SB
                    + " --bare --no-heading --column=mac list Port_Binding rtos-" + src.node()).stdout().strip().split(" ")[0];
            assertEquals(srcNode.gatewayMac(), rtosMac);

            String microflow = "inport==\"" + src.logicalPort() + "\" && eth.src==" + srcMac + " && eth.dst==" + rtosMac
                    + " && ip4.src==" + src.ip() + " && ip4.dst==" + dst.ip() + " && ip.ttl==64 && udp.dst==53 && udp.src==52888";
            Out ovnTrace = exec(client, srcPod, "ovn-trace --no-leader-only " + SB + " " + src.node() + " '" + microflow + "'");
            assertEquals(0, ovnTrace.exit(), ovnTrace.stderr());
            if (mode == ClusterMode.IC) {
                assertTrue(ovnTrace.stdout().contains("output to \"tstor-" + dst.node() + "\""), ovnTrace.stdout());
                String rtotsMac = exec(client, dstPod, "ovn-sbctl " + SB + " --bare --no-heading --column=mac list "
                        + "Port_Binding rtots-" + dst.node()).stdout().strip().split(" ")[0];
                Out remote = exec(client, dstPod, "ovn-trace --no-leader-only " + SB + " 'inport==\"tstor-" + src.node()
                        + "\" && eth.src==" + srcMac + " && eth.dst==" + rtotsMac + " && ip4.src==" + src.ip()
                        + " && ip4.dst==" + dst.ip() + " && ip.ttl==64 && udp.dst==53 && udp.src==52888'");
                assertTrue(remote.stdout().contains("output to \"" + dst.logicalPort() + "\""), remote.stdout());
            } else {
                assertTrue(ovnTrace.stdout().contains("output to \"" + dst.logicalPort() + "\""), ovnTrace.stdout());
            }

            String veth = ovsInterface(client, srcPod, src);
            String flow = "in_port=" + veth + ", udp, dl_src=" + srcMac + ", dl_dst=" + rtosMac + ", nw_src=" + src.ip()
                    + ", nw_dst=" + dst.ip() + ", nw_ttl=64, udp_dst=53, udp_src=12345";
            Out ofproto = exec(client, srcPod, "ovs-appctl ofproto/trace br-int \"" + flow + "\"");
            assertTrue(ofproto.stdout().contains("-> output to kernel tunnel"), ofproto.stdout());
            assertEquals(0, exec(client, srcPod, "ovn-nbctl --db unix:/var/run/ovn/ovnnb_db.sock get-connection").exit());
            // fabric8's exec cannot close stdin, so the trace is piped into ovn-detrace inside one command.
            Out detrace = exec(client, srcPod, "ovs-appctl ofproto/trace br-int \"" + flow + "\" | " + DETRACE);
            assertTrue(detrace.stdout().contains("Port Binding: logical_port \"" + src.logicalPort() + "\""), detrace.stdout());
            String remotePort = mode == ClusterMode.IC ? "tstor-" + dst.node() : dst.logicalPort();
            assertTrue(detrace.stdout().contains("logical_port \"" + remotePort + "\""), detrace.stdout());

            Pod dbPod = ovnkubePodOn(ovnkube, db.node());
            String gw = t.node(db.node()).gatewayMac();
            Out allowed = exec(client, dbPod, "ovn-trace " + SB + " --ct=new --ct=new " + db.node() + " '"
                    + tcpMicroflow(pod(t, "default", "fedora-deployment-7d49fddf69-chmvh"), db, gw, 5432) + "'");
            assertTrue(allowed.stdout().contains("output to \"" + db.logicalPort() + "\""), "default may reach db on 5432");
            Out denied = exec(client, dbPod, "ovn-trace " + SB + " --ct=new --ct=new " + db.node() + " '"
                    + tcpMicroflow(dns, db, gw, 5432) + "'");
            assertFalse(denied.stdout().contains("output to \"" + db.logicalPort() + "\""), denied.stdout());
            // where and why, by meaning: OVN 23.03 prints drop; in ls_out_acl, 24+ ends after ls_out_acl_action
            OvnTrace.DropSite drop = OvnTraceParser.parse(denied.stdout()).drop()
                    .orElseThrow(() -> new AssertionError("no drop in:\n" + denied.stdout()));
            assertEquals("ls_out_acl", AclStage.of(drop.stage().name()).map(AclStage::family).orElse(""), denied.stdout());
            assertEquals("outport == @", drop.aclDecision().map(d -> AclStage.aclMatch(d.match()).replaceAll("a\\d+$", ""))
                    .orElse(""), "the verdict is the port group's ACL: " + denied.stdout());
            Out deniedOf = exec(client, dbPod, "ovs-appctl ofproto/trace br-int \"in_port=" + ovsInterface(client, dbPod, dns)
                    + ", tcp, dl_src=" + dns.mac() + ", dl_dst=" + gw + ", nw_src=" + dns.ip() + ", nw_dst=" + db.ip()
                    + ", nw_ttl=64, tcp_dst=5432, tcp_src=12345\" | " + DETRACE);
            // the ACL ovn-detrace shows on the dropping flow (23.03) or on the _eval flow before it (24+)
            DetraceAnnotation.Acl dropping = DetraceParser.parse(deniedOf.stdout()).droppingAcl()
                    .orElseThrow(() -> new AssertionError("no dropping ACL in:\n" + deniedOf.stdout()));
            assertEquals("to-lport", dropping.direction());
            assertEquals("drop", dropping.action());
            Matcher acl = Pattern.compile("^outport == @(a\\d+)$").matcher(dropping.match());
            assertTrue(acl.find(), dropping.toString());
            String owner = exec(client, dbPod, "ovn-nbctl --db unix:/var/run/ovn/ovnnb_db.sock --bare --columns=external_ids "
                    + "find acl 'match=\"outport == @" + acl.group(1) + "\"' action=drop").stdout();
            assertTrue(owner.contains("k8s.ovn.org/name=" + db.namespace()) && owner.contains("NetpolNamespace"),
                    "the dropping ACL names the policy's namespace: " + owner);

            Pod appPod = client.pods().inNamespace(src.namespace()).withName(src.name()).get();
            assertNotEquals(0, exec(client, appPod, appPod.getSpec().getContainers().get(0).getName(), "ovn-nbctl show").exit(),
                    "application pods have no OVN tools");
            String links = exec(client, srcPod, "ip -j link").stdout();
            srcNode.networks().values().forEach(id -> assertTrue(links.contains("\"ovn-k8s-mp" + id + "\""), links));
        }

        assertEquals(ovnTrace(sb, src, dst, srcNode), ovnTrace(sb, src, dst, srcNode), "local exec is repeatable");
        List<Registry.Entry> started = sb.processes();
        assertTrue(started.size() >= 3 * t.nodes().size(), "daemons, namespaces and the API server are recorded");
        sb.close();
        assertTrue(started.stream().noneMatch(ProcessTable::alive), "a recorded process survived down");
        assertTrue(processesMentioning(sb.dir()).isEmpty(), "left over: " + processesMentioning(sb.dir()));
        assertFalse(Files.exists(sb.dir()), "down removes the sandbox directory");
    }

    private static String ovnTrace(Sandboxes.Sandbox sb, PodSpec src, PodSpec dst, NodeSpec srcNode) {
        return sb.run(src.node(), "ovn-trace --minimal " + SB + " " + src.node() + " '" + tcpMicroflow(src, dst,
                srcNode.gatewayMac(), 80) + "'").stdout();
    }

    private static String tcpMicroflow(PodSpec from, PodSpec to, String gatewayMac, int port) {
        return "inport==\"" + from.logicalPort() + "\" && eth.src==" + from.mac() + " && eth.dst==" + gatewayMac
                + " && ip4.src==" + from.ip() + " && ip4.dst==" + to.ip() + " && ip.ttl==64 && tcp.dst==" + port
                + " && tcp.src==52888";
    }

    /** ovnkube-trace's lookup: {@code ovs-vsctl --columns name,ofport find interface external_ids:iface-id=...}. */
    private static String ovsInterface(KubernetesClient client, Pod ovnkubePod, PodSpec pod) throws Exception {
        String out = exec(client, ovnkubePod, "ovs-vsctl --columns name,ofport find interface external_ids:iface-id="
                + pod.logicalPort()).stdout();
        Matcher m = Pattern.compile("name\\s*:\\s*\"?([^\"\\s]+)").matcher(out);
        assertTrue(m.find(), out);
        return m.group(1);
    }

    private static Pod ovnkubePodOn(List<Pod> pods, String node) {
        return pods.stream().filter(p -> p.getSpec().getNodeName().equals(node)).findFirst().orElseThrow();
    }

    /** In the container ovnkube-trace picks: the first named ovnkube-node or ovnkube-controller. */
    private static Out exec(KubernetesClient client, Pod pod, String command) throws Exception {
        String container = pod.getSpec().getContainers().stream().map(Container::getName)
                .filter(n -> n.equals("ovnkube-node") || n.equals("ovnkube-controller")).findFirst().orElseThrow();
        return exec(client, pod, container, command);
    }

    private static Out exec(KubernetesClient client, Pod pod, String container, String command) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (ExecWatch w = client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
                .inContainer(container).writingOutput(out).writingError(err).exec("bash", "-c", command)) {
            Integer code = w.exitCode().get(60, TimeUnit.SECONDS);
            return new Out(code == null ? -1 : code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        }
    }

    /**
     * Processes whose command line names {@code dir} itself or a path below it: not a sibling sharing its prefix
     * ({@code /run/ovntrace-test-1-ic-25.03} is another sandbox than {@code /run/ovntrace-test-1-ic}).
     */
    private static List<String> processesMentioning(Path dir) {
        Pattern mention = Pattern.compile(Pattern.quote(dir.toString()) + "(?=[/\\s]|$)");
        return ProcessHandle.allProcesses().filter(p -> mention.matcher(p.info().commandLine().orElse("")).find())
                .map(p -> p.pid() + " " + p.info().commandLine().orElse("")).toList();
    }

    private static PodSpec pod(Topology t, String namespace, String name) {
        return t.pods().stream().filter(p -> p.namespace().equals(namespace) && p.name().equals(name)).findFirst()
                .orElseThrow();
    }
}
