package ovntrace.lib;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;
import ovntrace.lib.cluster.NodeListing;
import ovntrace.lib.cluster.TraceLog;

class NodeListingTest {

    static Node node(String name, String roleLabel, String ip) {
        NodeBuilder b = new NodeBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewStatus().addNewAddress().withType("InternalIP").withAddress(ip).endAddress().endStatus();
        if (roleLabel != null) b.editMetadata().addToLabels(roleLabel, "").endMetadata();
        return b.build();
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
