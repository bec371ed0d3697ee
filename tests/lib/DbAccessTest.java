package ovntrace.lib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import ovntrace.lib.cluster.ClusterMode;
import ovntrace.lib.cluster.DbAccess;
import ovntrace.lib.cluster.PodExec.ExecResult;
import ovntrace.lib.cluster.ProcessProbe;

/** Interconnect or central, and how commands reach the databases, from the ovnkube process and the node annotations. */
class DbAccessTest {

    private static ProcessProbe probe(String ps) {
        return ProcessProbe.parse(new ExecResult(0, ps, "", Duration.ZERO));
    }

    @Test
    void ovnkube_flags_of_an_interconnect_node_give_masters_local_sockets() {
        ProcessProbe p = probe("/usr/bin/ovnkube --init-ovnkube-controller ovn-worker --enable-interconnect --zone ovn-worker"
                + " --nb-address unix:/var/run/ovn/ovnnb_db.sock --sb-address unix:/var/run/ovn/ovnsb_db.sock\n");
        DbAccess db = DbAccess.decide(p, "ovn-worker", "ovn-worker", null);
        assertEquals(new DbAccess(ClusterMode.IC, "ovn-worker", DbAccess.LOCAL_NB, DbAccess.LOCAL_SB, " ", DbAccess.Style.MASTER), db);
        assertEquals("--db unix:/var/run/ovn/ovnsb_db.sock", db.sbCommand());
    }

    @Test
    void central_ssl_flags_give_release_1_3_commands() {
        ProcessProbe p = probe("/usr/bin/ovnkube --init-node n1 --nb-address=ssl://10.0.0.5:9641,ssl://10.0.0.6:9641"
                + " --sb-address=ssl://10.0.0.5:9642,ssl://10.0.0.6:9642 --gateway-mode shared\n");
        DbAccess db = DbAccess.decide(p, "", "n1", null);
        assertEquals(ClusterMode.CENTRAL, db.mode());
        assertEquals("ssl:10.0.0.5:9642,ssl:10.0.0.6:9642", db.sbUri());
        assertEquals("-p /ovn-cert/tls.key -c /ovn-cert/tls.crt -C /ovn-ca/ca-bundle.crt --db ssl:10.0.0.5:9642,ssl:10.0.0.6:9642", db.sbCommand());
        assertEquals(DbAccess.Style.RELEASE_1_3, db.style());
    }

    @Test
    void zone_flag_written_with_equals_still_names_the_zone() {
        assertEquals("az-1", probe("/usr/bin/ovnkube --enable-interconnect --zone=az-1\n").zone());
    }

    @Test
    void without_a_visible_process_the_zone_annotation_decides() {
        ProcessProbe none = ProcessProbe.parse(new ExecResult(1, "", "", Duration.ZERO));
        assertFalse(none.found());
        assertEquals(ClusterMode.IC, DbAccess.decide(none, "ovn-worker", "ovn-worker", null).mode());
        assertEquals(ClusterMode.CENTRAL, DbAccess.decide(none, "global", "ovn-worker", null).mode());
        assertEquals(ClusterMode.CENTRAL, DbAccess.decide(none, null, "ovn-worker", null).mode(), "clusters older than IC have no zone annotation");
        assertEquals("ovn-worker", DbAccess.decide(none, "global", "ovn-worker", ClusterMode.IC).zone(), "--mode ic: a zone per node");
    }

    @Test
    void zones_compare_only_on_interconnect_clusters() {
        DbAccess a = DbAccess.interconnect("a"), b = DbAccess.interconnect("b");
        assertFalse(a.sameZone(b));
        DbAccess c = DbAccess.fromAddresses(ClusterMode.CENTRAL, "global", "", "");
        assertEquals(true, c.sameZone(c));
    }
}
