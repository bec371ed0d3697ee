package ovntrace.support;

import org.junit.jupiter.api.Assumptions;

/**
 * End-to-end tests need root and the OVN packages. They run by default (CI has both); {@code -Dovntrace.e2e=false}
 * skips them on a machine that can't. Missing prerequisites with e2e enabled fail the test rather than skip it,
 * so a broken CI machine cannot pass silently. The one place that reads {@code ovntrace.e2e}.
 */
public final class E2e {

    private E2e() {}

    public static boolean enabled() {
        return !"false".equalsIgnoreCase(System.getProperty("ovntrace.e2e"));
    }

    /** Skips the calling test when end-to-end tests are disabled. */
    public static void requireEnabled() {
        Assumptions.assumeTrue(enabled(), "end-to-end tests disabled with -Dovntrace.e2e=false");
    }
}
