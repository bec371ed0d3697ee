package ovntrace.lib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import ovntrace.lib.cluster.DbAccess;
import ovntrace.lib.cluster.PodExec.ExecResult;
import ovntrace.lib.trace.DetraceCommands;
import ovntrace.lib.trace.UpstreamSteps;

/**
 * ovn-detrace fed each distinct cookie once, in a real shell, against stand-ins with the main loop of each OVN version
 * we support (23.03's; 25.03's, which also reads {@code cookie=0x} and ends a block at every cookie line) that count
 * their lookups: the output and exit code are the one-shot's byte for byte, with fewer lookups where cookies repeat;
 * input where the versions' rules part goes to the one-shot whole; a failing ovn-detrace keeps its own output and
 * status. DistinctCookiesEndToEndTest runs the real ovn-detrace of both versions.
 */
class DetraceDistinctCookiesTest {

    /** The two loops as upstream writes them, with one made-up record per lookup; stderr: how many lookups. */
    enum Loop {
        OVN_23_03("cookie 0x", ""), OVN_25_03("cookie[ =]0x", " or cookie.match(line)");

        final String fake;

        Loop(String cookie, String endsBlock) {
            fake = """
                    #!/usr/bin/env python3
                    import re, sys
                    cookie = re.compile(r'^.*%s([0-9a-fA-F]+)')
                    table = re.compile(r'^ *[0-9]+\\.')
                    cookies, lookups = [], 0
                    while True:
                        line = sys.stdin.readline()
                        if cookies and (table.match(line) or line.strip() == ''%s):
                            for c in cookies:
                                lookups += 1
                                print('  * Logical flow: record of cookie ' + c)
                                print('   * [Duplicate uuid cookie]')
                            cookies = []
                        print(line.strip())
                        if line == '':
                            break
                        m = cookie.match(line)
                        if m:
                            cookies.append(m.group(1))
                    sys.stderr.write('lookups %%d\\n' %% lookups)
                    """.formatted(cookie, endsBlock);
        }
    }

    /** DetraceShellTest's trace, then its recirculation: the second pass repeats the first one's cookies, one line names two. */
    private static final String TRACE = DetraceShellTest.TRACE + """

            ===============================================================================
            recirc(0x2) - resume conntrack with ct_state=new|trk
            ===============================================================================

            Flow: recirc_id=0x2,ct_state=new|trk,udp,in_port=5

            bridge("br-int")
            ----------------
             0. in_port=5, priority 100, cookie 0x112f79df
                resubmit(,8)
             8. reg14=0x1,metadata=0x1, priority 50, cookie 0xdeadbeef
                 9. ct_state=+new, priority 10, cookie 0x0 (was cookie 0xabc), cookie 0x7f
                    output:5

            Final flow: unchanged
            Datapath actions: 3
            """;

    private static final DbAccess DB = DbAccess.interconnect("ovn-worker");
    private static final String DETRACE = UpstreamSteps.ovnDetrace(DB);

    @TempDir
    Path bin;

    @ParameterizedTest
    @EnumSource(Loop.class)
    void repeated_cookies_are_looked_up_once_and_the_output_is_the_one_shots(Loop loop) throws IOException {
        install(loop);
        String joined = TRACE + "\novntrace-J\n" + TRACE.replace("0x7f", "0x80");
        for (String input : List.of(TRACE, TRACE.strip(), joined, "", "\n\n", "no cookie here", " 3. cookie 0xabc, no newline")) {
            ExecResult whole = bash(DETRACE, input), distinct = bash(DetraceCommands.distinctCookies(DETRACE), input);
            assertEquals(whole.stdout(), distinct.stdout(), loop + ", input <" + input + ">");
            assertEquals(whole.exitCode(), distinct.exitCode());
        }
        assertEquals(5, lookups(bash(DETRACE, TRACE)), "the one-shot looks up every cookie line");
        assertEquals(3, lookups(bash(DetraceCommands.distinctCookies(DETRACE), TRACE)), "three distinct cookies");
        assertEquals(4, lookups(bash(DetraceCommands.distinctCookies(DETRACE), joined)), "one more in the second trace");
    }

    /**
     * A learnt flow's {@code cookie=0x...} and a cookie outside a table line: 25.03 reads them otherwise than 23.03
     * does, so the input goes to ovn-detrace whole, and the output is still the one-shot's.
     */
    @ParameterizedTest
    @EnumSource(Loop.class)
    void input_the_versions_read_differently_goes_whole(Loop loop) throws IOException {
        install(loop);
        for (String odd : List.of("    learn(table=79,cookie=0x51a7e,NXM_OF_ETH_DST[])", "    note: cookie 0x99 held")) {
            String input = TRACE.replace("    resubmit(,8)\n 8.", odd + "\n    resubmit(,8)\n 8.");
            assertTrue(input.contains(odd));
            ExecResult whole = bash(DETRACE, input), distinct = bash(DetraceCommands.distinctCookies(DETRACE), input);
            assertEquals(whole.stdout(), distinct.stdout(), loop + ", with <" + odd + ">");
            assertEquals(lookups(whole), lookups(distinct), "fed whole");
        }
    }

    @ParameterizedTest
    @EnumSource(Loop.class)
    void a_failing_ovn_detrace_keeps_its_output_and_status(Loop loop) throws IOException {
        install(loop);
        ExecResult failed = bash(DetraceCommands.distinctCookies("{ cat >/dev/null;echo 'no SB';exit 2;}"), TRACE);
        assertEquals(2, failed.exitCode());
        assertEquals("no SB\n", failed.stdout());
        ExecResult missing = bash(DetraceCommands.distinctCookies("ovn-detrace-not-installed --ovnsb=x"), TRACE);
        assertEquals(127, missing.exitCode());
        assertNotEquals("", missing.stderr());
    }

    private void install(Loop loop) throws IOException {
        Path fake = bin.resolve("ovn-detrace");
        Files.writeString(fake, loop.fake);
        assertTrue(fake.toFile().setExecutable(true));
    }

    private static int lookups(ExecResult r) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("lookups (\\d+)").matcher(r.stderr());
        assertTrue(m.find(), r.stderr());
        return Integer.parseInt(m.group(1));
    }

    private ExecResult bash(String script, String stdin) {
        return DetraceShellTest.bash(bin, script, stdin);
    }
}
