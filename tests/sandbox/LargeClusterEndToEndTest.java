package ovntrace.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import ovntrace.cli.OvntraceCli;
import ovntrace.ovn.OvnVersion;
import ovntrace.support.Sandboxes;
import ovntrace.support.Sandboxes.Sandbox;

/**
 * What the generator's large clusters rely on, on a small one (interconnect, OVN 25.03): nodes that own a /23 each
 * ({@code hostSubnetLength: 23}, OpenShift's hostPrefix, written for more than 242 pods a node), where a pod in the
 * upper half of one node's /23 and a pod on another node reach each other both ways (a router port, a pod address or
 * a transit route left at /24 would drop the upper half's traffic); and nodes whose OVS waits for ovn-controller's
 * flow bundle as long as it takes (at 10,000 pods, with the default 10 s, ovn-controller never caught up).
 */
class LargeClusterEndToEndTest {

    static final String TOPOLOGY = """
            mode: ic
            hostSubnetLength: 23
            nodes: [{name: ovn-control-plane}, {name: ovn-worker}]
            pods:
              - {namespace: default, name: near, node: ovn-control-plane, ip: 10.244.0.5}
              - {namespace: default, name: far, node: ovn-worker, ip: 10.244.3.200}
            """;

    @Test
    void podsInTheUpperHalfOfANodes23ReachAndAreReachedFromAnotherNode() {
        Sandboxes.assumeE2e();
        try (Sandbox sb = Sandboxes.startTopology(OvnVersion.V25_03, Path.of("/run/ovt-large-" + ProcessHandle.current().pid()),
                TOPOLOGY)) {
            assertEquals("10.244.2.0/23", sb.topology().node("ovn-worker").subnet());
            assertEquals("\"3600\"", sb.run("ovn-worker", "ovs-vsctl get open_vswitch . other_config:bundle-idle-timeout")
                    .stdout().strip());
            for (String[] pair : new String[][] {{"near", "far"}, {"far", "near"}}) {
                OvntraceCli.Run r = OvntraceCli.run("-kubeconfig", sb.kubeconfig().toString(), "-src", pair[0], "-dst", pair[1],
                        "-tcp", "-dst-port", "8080", "-loglevel", "5");
                assertEquals(0, r.exitCode(), pair[0] + " -> " + pair[1] + "\n" + r.describe());
                assertTrue(r.stderr().contains("10.244.3.200"), "the trace is of the pod's own address\n" + r.describe());
            }
        }
    }
}
