package ovntrace.lib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import ovntrace.lib.cluster.ShellVariables;

/**
 * A command written before its facts are known runs, in real bash, with the facts the variables hold taken
 * literally wherever the token stood; and filling in the values gives the command the planner writes afterwards.
 */
class ShellVariablesTest {

    private static final String MAC = ShellVariables.token("N0_RTOS"), IF = ShellVariables.token("N0_IF0");

    @Test
    void an_ovn_trace_match_in_single_quotes_reads_the_mac_from_its_variable() throws Exception {
        String planned = "printf '%s\\n' 'inport==\"p\" && eth.dst==" + MAC + " && ip4.dst==10.0.0.1'";
        String ran = run("N0_RTOS=0a:58:0a:f4:02:01\n" + ShellVariables.expand(planned));
        assertEquals("inport==\"p\" && eth.dst==0a:58:0a:f4:02:01 && ip4.dst==10.0.0.1\n", ran);
        assertEquals(run(ShellVariables.substitute(planned, Map.of("N0_RTOS", "0a:58:0a:f4:02:01"))), ran,
                "the expanded command prints what the command with the value filled in prints");
    }

    @Test
    void an_ofproto_flow_in_double_quotes_and_a_bare_word_read_theirs_too() throws Exception {
        String planned = "printf '%s|' \"in_port=" + IF + ", dl_dst=" + MAC + "\" " + IF;
        assertEquals("in_port=veth1, dl_dst=0a:58:00:00:00:01|veth1|",
                run("N0_IF0=veth1;N0_RTOS=0a:58:00:00:00:01\n" + ShellVariables.expand(planned)));
    }

    @Test
    void a_value_with_quotes_spaces_dollars_and_stars_stays_one_literal_word() throws Exception {
        String planned = "printf '%s\\n' 'a==" + MAC + " b' \"x" + MAC + "y\" " + MAC;
        String value = "it's \"q\" $HOME * \\n";
        String ran = run("N0_RTOS=" + shellQuote(value) + "\n" + ShellVariables.expand(planned));
        assertEquals("a==" + value + " b\nx" + value + "y\n" + value + "\n", ran);
    }

    @Test
    void escaped_quotes_outside_quotes_do_not_open_a_quoted_part() throws Exception {
        String planned = "printf '%s\\n' \\'" + MAC + "\\' \"\\\"" + MAC + "\\\"\"";
        assertEquals("'m'\n\"m\"\n", run("N0_RTOS=m\n" + ShellVariables.expand(planned)));
    }

    @Test
    void the_variables_are_named_in_order_and_printed_and_parsed_back() throws Exception {
        String planned = "x " + IF + " " + MAC + " " + IF;
        assertEquals(List.of("N0_IF0", "N0_RTOS"), List.copyOf(ShellVariables.names(planned)));
        String printed = run("N0_IF0=veth1;N0_RTOS=0a:58:00:00:00:01;N0_EMPTY=\n"
                + ShellVariables.print(new java.util.LinkedHashSet<>(List.of("N0_IF0", "N0_RTOS", "N0_EMPTY", "N0_UNSET"))));
        assertEquals(Map.of("N0_IF0", "veth1", "N0_RTOS", "0a:58:00:00:00:01", "N0_EMPTY", "", "N0_UNSET", ""),
                ShellVariables.parse(printed));
    }

    @Test
    void a_token_without_a_value_gives_no_command_and_names_must_be_shell_names() {
        assertNull(ShellVariables.substitute("a " + MAC, Map.of()));
        assertEquals("a b", ShellVariables.substitute("a b", Map.of()));
        assertEquals(Set.of(), ShellVariables.names("ovn-trace 'eth.dst==0a:58:00:00:00:01'"));
        assertThrows(IllegalArgumentException.class, () -> ShellVariables.token("A;rm -rf /"));
    }

    private static String shellQuote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    private static String run(String script) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("bash", "-c", script).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        return out;
    }
}
