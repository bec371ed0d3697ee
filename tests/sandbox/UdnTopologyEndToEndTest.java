package ovntrace.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
import ovntrace.lib.cluster.PodExec.ExecResult;
import ovntrace.ovn.Commands;
import ovntrace.ovn.NbTxn;
import ovntrace.ovn.OvnVersion;
import ovntrace.ovn.UdnIsolation;
import ovntrace.ovn.UdnNames;
import ovntrace.ovn.UdnTopology;
import ovntrace.ovn.Zone;
import ovntrace.support.E2e;
import ovntrace.topology.NodeSpec;
import ovntrace.topology.PodSpec;
import ovntrace.topology.UdnSpec;

/**
 * A layer3 and a layer2 primary UDN and the isolation, applied by the host's ovn-nbctl to an empty NB database of a
 * private ovsdb-server (and by the 25.03 root's ovn-nbctl to one with 25.03's schema, where ACL tiers and NAT match
 * exist): every transaction commits, and the rows have ovn-kubernetes' names and external_ids.
 */
class UdnTopologyEndToEndTest {

    private static final Duration T = Duration.ofSeconds(60);

    private final NodeSpec worker = new NodeSpec("ovn-worker", 1, Map.of());
    private final NodeSpec worker2 = new NodeSpec("ovn-worker2", 2, Map.of());
    private final UdnSpec blue = UdnSpec.namespaced("blue-ns", "tenant", UdnSpec.Layer.LAYER3, "10.100.0.0/16", 1);
    private final UdnSpec green = UdnSpec.cluster("happy-tenant", List.of("red"), UdnSpec.Layer.LAYER2,
            "10.200.0.0/16", 2);
    private Path dir;
    private Path pidfile;
    private Path schema = Path.of("/usr/share/ovn/ovn-nb.ovsschema");
    private List<String> nbctl = List.of("ovn-nbctl");

    /** The host's OVN, or the 25.03 root's ovn-nbctl (through the root's loader) and schema, on the host's server. */
    private void startServer(Path tmp, String ovn) throws Exception {
        E2e.requireEnabled();
        dir = tmp;
        if (ovn.equals("25.03")) {
            Path root = OvnVersion.V25_03.defaultRoot();
            assumeTrue(Files.isExecutable(root.resolve("usr/bin/ovn-nbctl")), "needs " + root);
            schema = root.resolve("usr/share/ovn/ovn-nb.ovsschema");
            nbctl = List.of(root.resolve("lib64/ld-linux-x86-64.so.2").toString(), "--library-path",
                    root.resolve("lib/x86_64-linux-gnu") + ":" + root.resolve("usr/lib/x86_64-linux-gnu"),
                    root.resolve("usr/bin/ovn-nbctl").toString());
        }
        pidfile = tmp.resolve("nb.pid");
        run(List.of("ovsdb-tool", "create", tmp.resolve("nb.db").toString(), schema.toString()));
        // --detach returns once the server listens on its socket.
        run(List.of("ovsdb-server", "--detach", "--no-chdir", "--pidfile=" + pidfile, "--log-file=" + tmp.resolve("nb.log"),
                "-vconsole:off", "--remote=punix:" + socket(), "--unixctl=" + tmp.resolve("nb.ctl"),
                tmp.resolve("nb.db").toString()));
    }

    @AfterEach
    void stopServer() throws Exception {
        if (pidfile != null && Files.exists(pidfile)) {
            long pid = Long.parseLong(Files.readString(pidfile).trim());
            ProcessHandle.of(pid).ifPresent(p -> {
                p.destroy();
                p.onExit().join();
            });
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"host", "25.03"})
    void aZoneOfALayer3AndALayer2NetworkCommitsWithOvnKubernetesNamesAndIds(String ovn, @TempDir Path tmp)
            throws Exception {
        startServer(tmp, ovn);
        Zone zone = new Zone("ovn-worker", dir, List.of(worker), true);
        UdnTopology.Features features = schemaFeatures();
        PodSpec web = pod("blue-ns", "web-0", "ovn-worker", "10.244.1.3");
        PodSpec db = pod("red", "db-0", "ovn-worker", "10.244.1.4");
        PodSpec remote = pod("red", "db-1", "ovn-worker2", "10.244.2.3");
        // The UDN pods' default-network ports, which LogicalTopology makes for every OVN pod.
        nbctl("ls-add", "ovn-worker", "--", "lsp-add", "ovn-worker", web.logicalPort(),
                "--", "lsp-add", "ovn-worker", db.logicalPort());
        List<NbTxn> txns = new ArrayList<>(UdnTopology.forZone(blue, zone, List.of(worker, worker2),
                List.of(new UdnTopology.Pod(web, blue.podIp(1, 0), 0)), features));
        txns.addAll(UdnTopology.forZone(green, zone, List.of(worker, worker2), List.of(
                new UdnTopology.Pod(db, green.podIp(0, 0), green.layer2PodTunnelKey(0)),
                new UdnTopology.Pod(remote, green.podIp(0, 1), green.layer2PodTunnelKey(1))), features));
        txns.add(UdnIsolation.forZone(zone, List.of(web, db, remote), features));
        for (NbTxn t : txns) {
            List<String> argv = new ArrayList<>(nbctl);
            argv.addAll(List.of("--db=unix:" + socket(), "--timeout=60"));
            argv.addAll(t.args());
            ExecResult r = Commands.run(argv, Map.of(), T);
            assertEquals(0, r.exitCode(), t.what() + ": " + r.stderr());
        }

        UdnNames b = new UdnNames(blue);
        assertEquals(Set.of(b.nodeSwitch("ovn-worker"), b.joinSwitch(), b.externalSwitch("ovn-worker")),
                names("logical_switch", "external_ids:k8s.ovn.org/network=blue-ns_tenant"),
                "every switch of the layer3 network but the transit switch (zone_ic_handler.go sets none) carries its name");
        assertEquals(Set.of(b.nodeSwitch("ovn-worker"), b.externalSwitch("ovn-worker")),
                names("logical_switch", "external_ids:k8s.ovn.org/role=primary", "external_ids:k8s.ovn.org/topology=layer3"));
        assertEquals(Set.of(b.clusterRouter(), b.gatewayRouter("ovn-worker")),
                names("logical_router", "external_ids:k8s.ovn.org/network=blue-ns_tenant"));
        assertEquals("16711684", get("logical_switch", b.transitSwitch(), "other_config:requested-tnl-key"));
        assertEquals("169.254.0.11", nbctl("--bare", "--columns=external_ip", "find", "nat",
                "logical_ip=\"10.100.0.0/16\"").strip(), "the gateway router SNATs to the network's masquerade address");
        String show = nbctl("show");
        for (String port : List.of(b.routerToSwitch("ovn-worker"), b.managementPort("ovn-worker"),
                b.podPort("blue-ns", "web-0"), b.transitToRouter("ovn-worker"), b.transitToRouter("ovn-worker2"),
                b.routerToTransit("ovn-worker"), b.gatewayRouterInnerPort("ovn-worker"), b.localnetPort("ovn-worker"))) {
            assertTrue(show.contains(port), port + " in:\n" + show);
        }
        assertEquals("blue-ns/tenant", get("logical_switch_port", b.podPort("blue-ns", "web-0"),
                "external_ids:k8s.ovn.org/nad"));
        assertEquals("10.100.1.0/24", get("logical_router_static_route",
                nbctl("--bare", "--columns=_uuid", "find", "logical_router_static_route", "policy=src-ip").strip(),
                "ip_prefix"));

        UdnNames g = new UdnNames(green);
        assertEquals(Set.of(g.layer2Switch(), g.externalSwitch("ovn-worker")),
                names("logical_switch", "external_ids:k8s.ovn.org/network=cluster_udn_happy-tenant"));
        assertEquals("16711685", get("logical_switch", g.layer2Switch(), "other_config:requested-tnl-key"));
        assertEquals(g.layer2Switch(), get("logical_switch", g.layer2Switch(), "other_config:interconn-ts"));
        assertEquals("remote", get("logical_switch_port", g.podPort("red", "db-1"), "type"));
        assertEquals("remote", get("logical_switch_port", g.remoteGatewayPort("ovn-worker2"), "type"));
        assertEquals(Integer.toString(green.layer2GatewayTunnelKey(worker2.index())),
                get("logical_switch_port", g.remoteGatewayPort("ovn-worker2"), "options:requested-tnl-key"));

        String pg = UdnNames.secondaryPodsPortGroup();
        assertEquals(Set.of(uuid(web.logicalPort()), uuid(db.logicalPort())),
                new TreeSet<>(Arrays.asList(get("port_group", pg, "ports").replaceAll("[\\[\\]\\s]", "").split(","))),
                "only the zone's own pods, by their default-network ports");
        assertEquals(2, rows("acl", "external_ids:k8s.ovn.org/name=DenySecondary"), "one per direction");
        String deny = nbctl("--bare", "--columns=match,priority,action,direction", "find", "acl",
                "external_ids:k8s.ovn.org/name=DenySecondary", "external_ids:direction=Ingress");
        assertEquals(List.of("outport == @" + pg, "1000", "drop", "to-lport"),
                deny.lines().filter(l -> !l.isBlank()).toList());
        assertEquals(5, rows("acl", "external_ids:k8s.ovn.org/owner-type=UDNIsolation"));
        if (features.aclTiers()) {
            assertEquals(5, rows("acl", "tier=2"), "types.DefaultACLTier");
        }
        // The conditional SNAT to the management port's masquerade address needs NAT match (not in 23.03).
        assertEquals(features.natMatch() ? 1 : 0, rows("nat", "external_ip=\"" + blue.masqueradeManagementIp() + "\""));
        if (features.natMatch()) {
            assertEquals("outport == \"" + g.gatewayRouterToExternal("ovn-worker") + "\"", nbctl("--bare", "--columns=match",
                    "find", "nat", "external_ip=\"" + green.masqueradeGatewayRouterIp() + "\"").strip());
        }
    }

    private UdnTopology.Features schemaFeatures() throws Exception {
        JsonNode tables = new ObjectMapper().readTree(schema.toFile()).path("tables");
        return new UdnTopology.Features(tables.path("ACL").path("columns").has("tier"),
                tables.path("NAT").path("columns").has("match"));
    }

    private static PodSpec pod(String ns, String name, String node, String ip) {
        return new PodSpec(ns, name, node, ip, Map.of(), false);
    }

    private Set<String> names(String table, String... conditions) throws Exception {
        List<String> argv = new ArrayList<>(List.of("--bare", "--columns=name", "find", table));
        argv.addAll(List.of(conditions));
        return new TreeSet<>(nbctl(argv.toArray(String[]::new)).lines().filter(l -> !l.isBlank()).toList());
    }

    private long rows(String table, String condition) throws Exception {
        return nbctl("--bare", "--columns=_uuid", "find", table, condition).lines().filter(l -> !l.isBlank()).count();
    }

    private String uuid(String lsp) throws Exception {
        return get("logical_switch_port", lsp, "_uuid");
    }

    private String get(String table, String row, String column) throws Exception {
        // ovsdb quotes a string only where it has to: compare without the quotes.
        return nbctl("--if-exists", "get", table, row, column).strip().replace("\"", "");
    }

    private String nbctl(String... args) throws Exception {
        List<String> argv = new ArrayList<>(nbctl);
        argv.addAll(List.of("--db=unix:" + socket(), "--timeout=60"));
        argv.addAll(List.of(args));
        return run(argv);
    }

    private String socket() {
        return dir.resolve("nb.sock").toString();
    }

    private static String run(List<String> argv) throws Exception {
        ExecResult r = Commands.run(argv, Map.of(), T);
        assertEquals(0, r.exitCode(), String.join(" ", argv) + ": " + r.stderr());
        return r.stdout();
    }
}
