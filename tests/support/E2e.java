package ovntrace.support;

import org.junit.jupiter.api.Assumptions;

/**
 * End-to-end tests need root and the OVN packages. They run by default (CI has both); {@code -Dovntrace.e2e=false}
 * skips them on a machine that can't. Missing prerequisites with e2e enabled fail the test rather than skip it,
 * so a broken CI machine cannot pass silently.
 */
public final class E2e {

    private E2e() {}

    public static boolean enabled() {
        return !"false".equals(System.getProperty("ovntrace.e2e"));
    }

    public static void requireEnabled() {
        Assumptions.assumeTrue(enabled(), "end-to-end tests disabled with -Dovntrace.e2e=false");
    }
}
