package ovntrace.e2e;

import ovntrace.lib.ExecResult;
import ovntrace.support.Sandboxes.Sandbox;

/** Cluster state a real node has and the local cluster lacks, arranged by the tests that need it. */
final class SandboxArrangements {

    private SandboxArrangements() {}

    /**
     * The MAC binding of the node network's gateway (172.18.0.1) on the node's gateway router, as ovn-controller
     * learns it on a real node. Without it the gateway router ARPs and the OpenFlow trace ends at the controller.
     */
    static void gatewayMacLearnt(Sandbox sb, String node) {
        String gr = "GR_" + node, port = "rtoe-" + gr;
        String cmd = "sb='ovn-sbctl --db unix:/var/run/ovn/ovnsb_db.sock'; "
                + "if [ -z \"$($sb --bare --columns=_uuid find MAC_Binding logical_port=" + port + " ip=172.18.0.1)\" ]; then "
                + "dp=$($sb --bare --columns=_uuid find Datapath_Binding external_ids:name=" + gr + ") && "
                + "$sb create MAC_Binding logical_port=" + port + " ip=172.18.0.1 mac='\"02:42:ac:12:00:01\"' datapath=$dp >/dev/null; fi; "
                + "for i in $(seq 50); do ovs-ofctl dump-flows br-int | grep -q 'reg0=0xac120001' && exit 0; sleep 0.1; done; "
                + "echo 'ovn-controller did not install the MAC binding' >&2; exit 1";
        ExecResult r = sb.run(node, cmd);
        if (!r.ok()) throw new IllegalStateException("arranging the gateway MAC binding on " + node + " failed: " + r.stderr());
    }
}
