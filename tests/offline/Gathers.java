package ovntrace.lib.offline;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import ovntrace.lib.cluster.DbRole;

/**
 * Builds small gathered clusters for the reader's tests: objects as the YAML kubectl and oc adm inspect write, and
 * real database files made with ovsdb-tool (standalone or raft, as OpenShift's pods keep them), gzipped and tarred
 * the way the must-gather scripts do.
 */
final class Gathers {

    static final String OVNK_NS = "openshift-ovn-kubernetes";

    private Gathers() {}

    static String node(String name, String zone) {
        return """
                apiVersion: v1
                kind: Node
                metadata:
                  name: %s
                  labels:
                    kubernetes.io/hostname: %s
                  annotations:
                    k8s.ovn.org/node-subnets: '{"default":["10.244.%d.0/24"]}'
                    k8s.ovn.org/zone-name: %s
                    k8s.ovn.org/l3-gateway-config: '{"default":{"mode":"shared","mac-address":"02:42:ac:12:00:02","ip-addresses":["172.18.0.2/16"]}}'
                status:
                  addresses:
                  - type: InternalIP
                    address: 172.18.0.%d
                """.formatted(name, name, Math.abs(name.hashCode() % 200), zone, Math.abs(name.hashCode() % 200) + 2);
    }

    static String pod(String namespace, String name, String node, String ip) {
        return """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: %s
                  namespace: %s
                  labels:
                    app: web
                  annotations:
                    k8s.ovn.org/pod-networks: '{"default":{"ip_addresses":["%s/24"],"mac_address":"0a:58:0a:f4:00:05","gateway_ips":["10.244.0.1"],"role":"primary"}}'
                spec:
                  nodeName: %s
                  containers:
                  - name: web
                    image: registry.k8s.io/e2e-test-images/agnhost:2.45
                status:
                  phase: Running
                  podIP: %s
                """.formatted(name, namespace, ip, node, ip);
    }

    /** ovnkube-node runs on the host network, so it carries no pod-networks annotation. */
    static String ovnkubeNode(String name, String node) {
        return """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: %s
                  namespace: %s
                  labels:
                    app: ovnkube-node
                spec:
                  nodeName: %s
                  hostNetwork: true
                  containers:
                  - name: nbdb
                    image: quay.io/openshift/ovn-kubernetes:latest
                status:
                  phase: Running
                """.formatted(name, OVNK_NS, node);
    }

    static String service(String namespace, String name) {
        return """
                apiVersion: v1
                kind: Service
                metadata:
                  name: %s
                  namespace: %s
                spec:
                  clusterIP: 10.96.0.20
                  selector:
                    app: web
                  ports:
                  - port: 80
                    protocol: TCP
                    targetPort: 8080
                """.formatted(name, namespace);
    }

    static String namespace(String name) {
        return """
                apiVersion: v1
                kind: Namespace
                metadata:
                  name: %s
                """.formatted(name);
    }

    static String adminNetworkPolicy(String name) {
        return """
                apiVersion: policy.networking.k8s.io/v1alpha1
                kind: AdminNetworkPolicy
                metadata:
                  name: %s
                spec:
                  priority: 10
                  subject:
                    namespaces: {}
                  ingress:
                  - name: deny-all
                    action: Deny
                    from:
                    - namespaces: {}
                """.formatted(name);
    }

    /** A List as {@code oc adm inspect} and {@code kubectl get -o yaml} write it: items with their kinds, indented. */
    static String list(String... items) {
        StringBuilder b = new StringBuilder("apiVersion: v1\nkind: List\nmetadata:\n  resourceVersion: \"\"\nitems:\n");
        for (String item : items) {
            String[] lines = item.strip().split("\n");
            for (int i = 0; i < lines.length; i++) b.append(i == 0 ? "- " : "  ").append(lines[i]).append('\n');
        }
        return b.toString();
    }

    static Path write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            return Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A standalone database of the host's OVN, its NB_Global named {@code zone} as ovn-kubernetes does in interconnect. */
    static Path standalone(Path file, DbRole role, String zone) {
        mkdirs(file);
        run(List.of(), "ovsdb-tool", "create", file.toString(), role.schemaFile());
        nameZone(List.of(), file.toString(), role, zone);
        delete(file.resolveSibling("." + file.getFileName() + ".~lock~"));
        return file;
    }

    /** The same, written by the OVN in {@code root} (its ovsdb-tool and schema), made in its /tmp and moved out. */
    static Path standaloneIn(Path root, Path file, DbRole role, String zone) {
        try {
            Path box = Files.createTempDirectory(root.resolve("tmp"), "gathers-");
            String inRoot = "/" + root.relativize(box.resolve("file.db"));
            List<String> chroot = List.of("chroot", root.toString());
            run(chroot, "ovsdb-tool", "create", inRoot, role.schemaFile());
            nameZone(chroot, inRoot, role, zone);
            mkdirs(file);
            Files.move(box.resolve("file.db"), file);
            delete(box.resolve(".file.db.~lock~"));
            Files.delete(box);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void nameZone(List<String> chroot, String file, DbRole role, String zone) {
        if (role == DbRole.NB && zone != null) {
            run(chroot, "ovsdb-tool", "transact", file,
                    "[\"OVN_Northbound\",{\"op\":\"insert\",\"table\":\"NB_Global\",\"row\":{\"name\":\"" + zone + "\"}}]");
        }
    }

    /** A raft cluster file holding the standalone's contents, as an OpenShift ovnkube-node pod's /etc/ovn/ovnnb_db.db. */
    static Path clustered(Path file, DbRole role, String zone) {
        Path contents = file.resolveSibling(file.getFileName() + ".contents");
        standalone(contents, role, zone);
        run(List.of(), "ovsdb-tool", "create-cluster", file.toString(), contents.toString(),
                "tcp:127.0.0.1:" + (role == DbRole.NB ? 6641 : 6642));
        delete(contents);
        delete(contents.resolveSibling("." + contents.getFileName() + ".~lock~"));
        delete(file.resolveSibling("." + file.getFileName() + ".~lock~"));
        return file;
    }

    static Path gzip(Path file, Path to) {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(to))) {
            Files.copy(file, out);
            return to;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code tar -zcf archive -C dir member...}, as gather_network_logs tars the database store. */
    static Path tarGz(Path archive, Path dir, String... members) {
        List<String> argv = new ArrayList<>(List.of("tar", "-zcf", archive.toString(), "-C", dir.toString()));
        argv.addAll(List.of(members));
        run(List.of(), argv.toArray(String[]::new));
        return archive;
    }

    static boolean isClustered(Path db) {
        return run(List.of(), true, "ovsdb-tool", "db-is-clustered", db.toString()) == 0;
    }

    static String run(List<String> prefix, String... argv) {
        run(prefix, false, argv);
        return "";
    }

    private static int run(List<String> prefix, boolean anyExit, String... argv) {
        List<String> command = new ArrayList<>(prefix);
        command.addAll(List.of(argv));
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int code = p.waitFor();
            if (code != 0 && !anyExit) throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
            return code;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void mkdirs(Path file) {
        try {
            Files.createDirectories(file.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
