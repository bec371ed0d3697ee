package ovntrace.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** Every subcommand answers --help (up --help once said "Unknown option: '--help'"). */
class SandboxHelpTest {

    @ParameterizedTest
    @ValueSource(strings = {"up", "down", "status", "exec", "gather", "prepare"})
    void every_subcommand_answers_help(String subcommand) throws Exception {
        CommandLine cl = new CommandLine(Class.forName("sandbox").getDeclaredConstructor().newInstance());
        StringWriter out = new StringWriter(), err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(subcommand, "--help");
        assertEquals(0, code, err.toString());
        assertTrue(out.toString().startsWith("Usage: ovntrace-sandbox " + subcommand), out.toString());
        assertEquals("", err.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"up", "prepare"})
    void up_and_prepare_offer_the_ovn_version(String subcommand) throws Exception {
        CommandLine cl = new CommandLine(Class.forName("sandbox").getDeclaredConstructor().newInstance());
        StringWriter out = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.execute(subcommand, "--help");
        assertTrue(out.toString().contains("--ovn=23.03|25.03") && out.toString().contains("--ovn-root=DIR"), out.toString());
    }
}
