package ovntrace.lib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import ovntrace.lib.cluster.Annotations;
import ovntrace.lib.cluster.Fact;
import ovntrace.lib.cluster.LookupParsers;
import ovntrace.lib.cluster.PodExec.ExecResult;
import ovntrace.lib.cluster.PodRef;

/** Lookup outputs read as upstream reads them, with every value checked before it can reach a shell. */
class LookupParsersTest {

    static ExecResult ok(String out) {
        return new ExecResult(0, out, "", Duration.ZERO);
    }

    static ExecResult failed(int code, String err) {
        return new ExecResult(code, "", err, Duration.ZERO);
    }

    @Test
    void router_port_mac_is_the_first_word_even_for_dual_stack() {
        assertEquals(Fact.of("0a:58:0a:f4:02:01"), LookupParsers.routerPortMac(ok("0a:58:0A:F4:02:01 10.244.2.1/24 fd00:10:244:3::1/64\n"), "rtos-n"));
        assertEquals("no Port_Binding rtots-n in the southbound database", LookupParsers.routerPortMac(ok("\n"), "rtots-n").problem());
        assertEquals("cannot read the MAC of rtos-n: ovn-sbctl: unix:/var/run/ovn/ovnsb_db.sock: database connection failed",
                LookupParsers.routerPortMac(failed(1, "ovn-sbctl: unix:/var/run/ovn/ovnsb_db.sock: database connection failed\n"), "rtos-n").problem());
        assertFalse(LookupParsers.routerPortMac(ok("0a:58:0a:f4:02:01;id 10.244.2.1/24"), "rtos-n").present(), "not a MAC: refused");
    }

    @Test
    void pod_interface_from_the_find_output() {
        PodRef p = new PodRef("default", "a");
        Fact<LookupParsers.Iface> f = LookupParsers.podInterface(ok("name                : \"82eccccdd6b0917\"\nofport              : 7\n"), p);
        assertEquals(new LookupParsers.Iface("82eccccdd6b0917", "7"), f.value());
        assertEquals("no OVS interface with external_ids:iface-id=default_a on the node", LookupParsers.podInterface(ok(""), p).problem());
        assertFalse(LookupParsers.podInterface(ok("name : \"x$(id)\"\nofport : 7\n"), p).present());
    }

    @Test
    void external_bridge_prefers_the_exact_node_name() {
        ExecResult out = ok("breth0_ovn-worker2\nbr-ex_ovn-worker\n");
        assertEquals(Fact.of("br-ex"), LookupParsers.externalBridge(out, "ovn-worker"));
        assertEquals(Fact.of("breth0"), LookupParsers.externalBridge(out, "ovn-worker2"));
        assertTrue(LookupParsers.externalBridge(ok("breth0_other\n"), "ovn-worker").problem().startsWith("could not find external bridge for node ovn-worker"));
    }

    @Test
    void management_port_values() {
        assertEquals(Fact.of("2"), LookupParsers.ofport(ok("2\n"), "ovn-k8s-mp0"));
        assertEquals(Fact.of("0a:58:0a:f4:02:02"), LookupParsers.interfaceMac(ok("\"0a:58:0a:f4:02:02\"\n"), "ovn-k8s-mp0"));
        assertFalse(LookupParsers.ofport(ok("[]\n"), "ovn-k8s-mp0").present());
    }

    @Test
    void detrace_presence_is_upstreams_true_check() {
        assertTrue(LookupParsers.detracePresent(ok("true\n")));
        assertFalse(LookupParsers.detracePresent(ok("")));
        assertFalse(LookupParsers.detracePresent(null));
    }

    private static Fact<Annotations.Gateway> gateway(String config) {
        return Annotations.gateway("ovn-worker", java.util.Map.of(Annotations.L3_GATEWAY, "{\"default\":" + config + "}"));
    }

    @Test
    void the_gateway_config_gives_the_routers_mac_and_addresses_only_when_they_are_what_they_claim() {
        // as ovn-kubernetes writes it (and the local cluster's node objects): both lists and the older single address
        assertEquals(Fact.of(new Annotations.Gateway("02:42:ac:12:00:03", java.util.List.of("172.18.0.3", "fc00:f853:ccd:e793::3"))),
                gateway("{\"mode\":\"shared\",\"mac-address\":\"02:42:AC:12:00:03\",\"ip-addresses\":[\"172.18.0.3/16\","
                        + "\"fc00:f853:ccd:e793::3/64\"],\"ip-address\":\"172.18.0.3/16\"}"));
        assertEquals(Fact.of(new Annotations.Gateway("02:42:ac:12:00:03", java.util.List.of("172.18.0.3"))),
                gateway("{\"mac-address\":\"02:42:ac:12:00:03\",\"ip-address\":\"172.18.0.3/16\"}"));
        assertEquals("no valid mac-address \"02:42:ac:12:00:03' && true\" in k8s.ovn.org/l3-gateway-config on node ovn-worker",
                gateway("{\"mac-address\":\"02:42:ac:12:00:03' && true\",\"ip-address\":\"172.18.0.3/16\"}").problem());
        assertEquals("not an IP address \"172.18.0.3' || 1/16\" in k8s.ovn.org/l3-gateway-config on node ovn-worker",
                gateway("{\"mac-address\":\"02:42:ac:12:00:03\",\"ip-addresses\":[\"172.18.0.3' || 1/16\"]}").problem());
        assertEquals("no ip-addresses in k8s.ovn.org/l3-gateway-config on node ovn-worker",
                gateway("{\"mac-address\":\"02:42:ac:12:00:03\"}").problem());
    }
}
