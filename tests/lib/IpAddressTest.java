package ovntrace.lib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import ovntrace.lib.cluster.IpAddress;

/** IP literals as Go's net.ParseIP accepts them and net.IP.String() writes them. */
class IpAddressTest {

    @Test
    void ipv4_dotted_quads_without_leading_zeros() {
        assertEquals(Optional.of("10.244.1.6"), IpAddress.canonical("10.244.1.6"));
        for (String bad : new String[] {"10.244.1", "10.244.1.256", "010.1.1.1", "1.2.3.4.5", "1.2.3.-4", "a.b.c.d", "", " 1.2.3.4"}) {
            assertFalse(IpAddress.isIp(bad), bad);
        }
    }

    @Test
    void ipv6_compressed_to_the_longest_zero_run() {
        assertEquals(Optional.of("2001:db8::1"), IpAddress.canonical("2001:0DB8:0000:0000:0000:0000:0000:0001"));
        assertEquals(Optional.of("fd00:10:244:1::6"), IpAddress.canonical("fd00:10:244:1:0:0:0:6"));
        assertEquals(Optional.of("::"), IpAddress.canonical("::"));
        assertEquals(Optional.of("::1"), IpAddress.canonical("::1"));
        assertEquals(Optional.of("1:0:2::"), IpAddress.canonical("1:0:2:0:0:0:0:0"));
        assertEquals(Optional.of("2001:db8:0:1:1:1:1:1"), IpAddress.canonical("2001:db8::1:1:1:1:1"), "a single zero group stays");
    }

    @Test
    void ipv4_mapped_addresses_are_ipv4_as_in_go() {
        assertEquals(Optional.of("1.2.3.4"), IpAddress.canonical("::ffff:1.2.3.4"));
    }

    @Test
    void malformed_ipv6_is_refused() {
        for (String bad : new String[] {":::", "1::2::3", "12345::1", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7", "fe80::1%eth0", "[::1]", "g::1"}) {
            assertFalse(IpAddress.isIp(bad), bad);
        }
    }
}
