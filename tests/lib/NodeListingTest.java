package ovntrace.lib;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import ovntrace.lib.cluster.KubeNode;
import ovntrace.lib.cluster.NodeListing;
import ovntrace.lib.cluster.TraceLog;

class NodeListingTest {

    static KubeNode node(String name, String roleLabel, String ip) {
        return new KubeNode(name, roleLabel == null ? Map.of() : Map.of(roleLabel, ""), Map.of(),
                List.of(new KubeNode.Address("InternalIP", ip)));
    }

    @Test
    void a_kind_cluster_with_one_control_plane_node_gets_upstreams_warning() {
        List<String> lines = NodeListing.lines(List.of(
                node("ovn-control-plane", "node-role.kubernetes.io/control-plane", "172.18.0.2"),
                node("ovn-worker", null, "172.18.0.3")));
        assertEquals(List.of("Node ovn-control-plane (control plane): InternalIP 172.18.0.2",
                "Node ovn-worker: InternalIP 172.18.0.3",
                "Cluster does not have 3 masters, found 1"), lines);
    }

    @Test
    void three_masters_by_either_label_need_no_warning() {
        List<String> lines = NodeListing.lines(List.of(
                node("m1", "node-role.kubernetes.io/master", "10.0.0.1"),
                node("m2", "node-role.kubernetes.io/control-plane", "10.0.0.2"),
                node("m3", "node-role.kubernetes.io/master", "10.0.0.3")));
        assertEquals(3, lines.size());
    }

    @Test
    void the_listing_is_skipped_unless_the_log_shows_level_5() {
        assertEquals(false, TraceLog.NONE.shows(5));
        assertEquals(false, TraceLog.upTo(4, System.err).shows(5));
        assertEquals(true, TraceLog.upTo(5, System.err).shows(5));
    }
}
