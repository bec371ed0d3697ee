package ovntrace.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import ovntrace.cli.OvntraceCli;
import ovntrace.lib.cluster.ClusterMode;
import ovntrace.lib.cluster.PodExec.ExecResult;
import ovntrace.ovn.OvnVersion;
import ovntrace.ovn.UdnNames;
import ovntrace.support.Sandboxes;
import ovntrace.support.Sandboxes.Cluster;
import ovntrace.support.Sandboxes.Sandbox;
import ovntrace.topology.Addressing;
import ovntrace.topology.NodeSpec;
import ovntrace.topology.PodSpec;
import ovntrace.topology.Topology;
import ovntrace.topology.UdnPod;
import ovntrace.topology.UdnSpec;

/**
 * The built-in udn cluster ({@code ovntrace-sandbox up --topology udn}) checked with the real tools: every UDN
 * pod's port and every network's management port is bound; ovn-trace carries a layer3 UDN pod's packet to a pod of
 * its network on the same node and, through the network's transit switch, on another node, and a layer2 pod's to
 * its peer on another node; a default-network pod's packet to a UDN pod's default-network address dies at the
 * isolation ACL; {@code -dump-udn-vrf-table-ids} through the ovntrace command line prints each node's table of each
 * network; the API serves the UDN, CUDN, NADs and the pods' and nodes' per-network annotations. One cluster per
 * OVN version (both interconnect: layer2 needs it), started once for the class.
 */
class UdnSandboxEndToEndTest {

    private static final String SB = "--db unix:/var/run/ovn/ovnsb_db.sock";
    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void e2e() {
        Sandboxes.assumeE2e();
    }

    static Stream<Cluster> clusters() {
        return Sandboxes.udnClusters();
    }

    private static Sandbox sandbox(Cluster c) {
        return Sandboxes.UDN.of(c);
    }

    @ParameterizedTest
    @MethodSource("clusters")
    void every_udn_pod_port_and_management_port_is_bound_on_its_node(Cluster c) {
        Sandbox sb = sandbox(c);
        Topology t = sb.topology();
        for (UdnPod p : t.udnPods()) {
            assertEquals("true", bound(sb, p.pod().node(), p.logicalPort()), p.logicalPort());
            assertEquals("true", bound(sb, p.pod().node(), p.pod().logicalPort()),
                    "its default-network port stays: " + p.pod().logicalPort());
            ExecResult iface = sb.run(p.pod().node(), "ovs-vsctl --bare --columns=name find interface "
                    + "'external_ids:iface-id=\"" + p.logicalPort() + "\"' 'external_ids:k8s.ovn.org/nad=\""
                    + p.network().nadName(p.pod().namespace()) + "\"'");
            assertEquals(p.pod().sandboxId().substring(0, 13) + "_3", iface.stdout().strip(),
                    "the CNI's second interface, named and tagged as ConfigureOVS does\n" + iface.stderr());
        }
        for (UdnSpec u : t.udns()) {
            for (NodeSpec n : t.nodes()) {
                assertEquals("true", bound(sb, n.name(), new UdnNames(u).managementPort(n.name())), u.networkName());
            }
        }
    }

    @ParameterizedTest
    @MethodSource("clusters")
    void a_layer3_udn_pod_reaches_its_peers_on_the_same_node_and_through_the_transit_switch(Cluster c) {
        Sandbox sb = sandbox(c);
        Topology t = sb.topology();
        UdnPod web0 = udnPod(t, "web-0"), web1 = udnPod(t, "web-1"), web2 = udnPod(t, "web-2");
        UdnSpec blue = web0.network();
        UdnNames names = new UdnNames(blue);
        NodeSpec worker = t.node("ovn-worker"), worker2 = t.node("ovn-worker2");
        String routerMac = Addressing.mac(blue.gatewayIp(worker.index()));

        String same = minimal(sb, "ovn-worker", names.nodeSwitch("ovn-worker"),
                flow(web0.logicalPort(), web0.mac(), routerMac, web0.ip(), web2.ip(), 64));
        assertTrue(same.contains("output(\"" + web2.logicalPort() + "\")"), same);

        String out = minimal(sb, "ovn-worker", names.nodeSwitch("ovn-worker"),
                flow(web0.logicalPort(), web0.mac(), routerMac, web0.ip(), web1.ip(), 64));
        assertTrue(out.contains("output(\"" + names.transitToRouter("ovn-worker2") + "\")"),
                "leaves through the network's transit switch\n" + out);
        String in = minimal(sb, "ovn-worker2", names.transitSwitch(), flow(names.transitToRouter("ovn-worker"),
                worker.transitMac(), worker2.transitMac(), web0.ip(), web1.ip(), 63));
        assertTrue(in.contains("output(\"" + web1.logicalPort() + "\")"), "delivered on ovn-worker2\n" + in);
    }

    @ParameterizedTest
    @MethodSource("clusters")
    void a_layer2_cudn_pod_reaches_the_pod_of_another_namespace_on_another_node(Cluster c) {
        Sandbox sb = sandbox(c);
        UdnPod app0 = udnPod(sb.topology(), "app-0"), app1 = udnPod(sb.topology(), "app-1");
        assertEquals(UdnSpec.Layer.LAYER2, app0.network().topology());

        String r = minimal(sb, "ovn-worker", new UdnNames(app0.network()).layer2Switch(),
                flow(app0.logicalPort(), app0.mac(), app1.mac(), app0.ip(), app1.ip(), 64));
        assertTrue(r.contains("output(\"" + app1.logicalPort() + "\")"), "to the remote pod's port\n" + r);
    }

    @ParameterizedTest
    @MethodSource("clusters")
    void a_default_network_pod_is_dropped_at_a_udn_pods_default_address_by_the_isolation_acl(Cluster c) {
        Sandbox sb = sandbox(c);
        Topology t = sb.topology();
        PodSpec fedora = pod(t, "fedora-a"), dns = pod(t, "coredns-5d78c9869d-7kl2p"), web0 = pod(t, "web-0");

        String control = minimal(sb, "ovn-worker", "ovn-worker",
                flow(fedora.logicalPort(), fedora.mac(), dns.mac(), fedora.ip(), dns.ip(), 64));
        assertTrue(control.contains("output(\"" + dns.logicalPort() + "\")"), "default to default passes\n" + control);

        String microflow = flow(fedora.logicalPort(), fedora.mac(), web0.mac(), fedora.ip(), web0.ip(), 64);
        assertFalse(minimal(sb, "ovn-worker", "ovn-worker", microflow).contains("output(\"" + web0.logicalPort() + "\")"));
        String full = trace(sb, "ovn-worker", "", "ovn-worker", microflow);
        assertTrue(full.contains("ls_out_acl") && full.contains("outport == @" + UdnNames.secondaryPodsPortGroup()),
                "dropped by the SecondaryPods ACL\n" + full);
    }

    @ParameterizedTest
    @MethodSource("clusters")
    void dump_udn_vrf_table_ids_prints_a_table_per_node_and_network(Cluster c) throws Exception {
        Sandbox sb = sandbox(c);
        OvntraceCli.Run r = OvntraceCli.run("-kubeconfig", sb.kubeconfig().toString(), "-dump-udn-vrf-table-ids");
        assertEquals(0, r.exitCode(), r.describe());

        JsonNode tables = JSON.readTree(r.stdout());
        for (NodeSpec n : sb.topology().nodes()) {
            for (UdnSpec u : sb.topology().udns()) {
                JsonNode table = tables.path(n.name()).path(u.networkName());
                assertTrue(table.isNumber() && table.asLong() > 1000, n.name() + " " + u.networkName() + ": " + r.stdout());
            }
            assertEquals(sb.topology().udns().size(), tables.path(n.name()).size(), r.stdout());
        }
    }

    @ParameterizedTest
    @MethodSource("clusters")
    void the_api_serves_the_networks_their_nads_and_the_per_network_annotations(Cluster c) throws Exception {
        Sandbox sb = sandbox(c);
        try (KubernetesClient client = sb.client()) {
            List<GenericKubernetesResource> udns = client.genericKubernetesResources("k8s.ovn.org/v1", "UserDefinedNetwork")
                    .inAnyNamespace().list().getItems();
            assertEquals(List.of("blue/tenant", "red/tenant"), udns.stream()
                    .map(u -> u.getMetadata().getNamespace() + "/" + u.getMetadata().getName()).sorted().toList());
            GenericKubernetesResource cudn = client.genericKubernetesResources("k8s.ovn.org/v1", "ClusterUserDefinedNetwork")
                    .withName("shared").get();
            assertEquals("Layer2", ((Map<?, ?>) ((Map<?, ?>) cudn.getAdditionalProperties().get("spec")).get("network"))
                    .get("topology"));
            GenericKubernetesResource nad = client.genericKubernetesResources("k8s.cni.cncf.io/v1",
                    "NetworkAttachmentDefinition").inNamespace("green-b").withName("shared").get();
            JsonNode config = JSON.readTree((String) ((Map<?, ?>) nad.getAdditionalProperties().get("spec")).get("config"));
            assertEquals("cluster_udn_shared", config.path("name").asText());
            assertEquals("green-b/shared", config.path("netAttachDefName").asText());

            assertEquals("", client.namespaces().withName("blue").get().getMetadata().getLabels()
                    .get(UdnSpec.NAMESPACE_LABEL));
            JsonNode networks = JSON.readTree(client.pods().inNamespace("blue").withName("web-1").get().getMetadata()
                    .getAnnotations().get("k8s.ovn.org/pod-networks"));
            assertEquals("primary", networks.path("blue/tenant").path("role").asText());
            assertEquals(udnPod(sb.topology(), "web-1").ip() + "/24", networks.path("blue/tenant").path("ip_address").asText());
            assertEquals("infrastructure-locked", networks.path("default").path("role").asText());
            JsonNode ids = JSON.readTree(client.nodes().withName("ovn-worker").get().getMetadata().getAnnotations()
                    .get("k8s.ovn.org/network-ids"));
            assertEquals("2", ids.path("cluster_udn_shared").asText());
        }
    }

    @ParameterizedTest
    @MethodSource("clusters")
    void gather_writes_the_networks_and_nads_where_oc_adm_inspect_puts_them(Cluster c,
                                                                              @org.junit.jupiter.api.io.TempDir Path tmp)
            throws Exception {
        Sandbox sb = sandbox(c);
        ovntrace.gather.MustGather.Result r = ovntrace.gather.MustGather.run(
                new ovntrace.gather.MustGather.Request(sb.layout(), tmp.resolve("gathered"), false, false), line -> { });

        List<String> files = r.objectFiles().stream().map(Path::toString).toList();
        for (String expected : List.of("namespaces/blue/k8s.ovn.org/userdefinednetworks.yaml",
                "namespaces/green-a/k8s.cni.cncf.io/network-attachment-definitions.yaml",
                "cluster-scoped-resources/k8s.ovn.org/clusteruserdefinednetworks/shared.yaml")) {
            assertTrue(files.contains(expected), expected + " in " + files);
        }
    }

    private static String flow(String inport, String srcMac, String dstMac, String src, String dst, int ttl) {
        return "inport==\"" + inport + "\" && eth.src==" + srcMac + " && eth.dst==" + dstMac + " && ip4.src==" + src
                + " && ip4.dst==" + dst + " && ip.ttl==" + ttl + " && tcp && tcp.dst==80";
    }

    private static String minimal(Sandbox sb, String node, String datapath, String microflow) {
        return trace(sb, node, "--minimal", datapath, microflow);
    }

    private static String trace(Sandbox sb, String node, String flags, String datapath, String microflow) {
        ExecResult r = sb.run(node, "ovn-trace " + flags + " " + SB + " '" + datapath + "' '" + microflow + "'");
        assertEquals(0, r.exitCode(), r.stdout() + r.stderr());
        return r.stdout();
    }

    private static String bound(Sandbox sb, String node, String port) {
        ExecResult r = sb.run(node, "ovn-sbctl " + SB + " --bare --columns=up find port_binding logical_port='\"" + port + "\"'");
        return r.stdout().strip();
    }

    private static UdnPod udnPod(Topology t, String name) {
        return t.udnPods().stream().filter(p -> p.pod().name().equals(name)).findFirst().orElseThrow();
    }

    private static PodSpec pod(Topology t, String name) {
        return t.pods().stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
    }
}
