package ovntrace.lib.cluster;

import java.util.function.Function;

/**
 * Something looked up in the cluster that may be missing. A trace step that needs a missing fact is reported as
 * inconclusive with {@link #problem()} instead of ending the whole run, so the other steps still run.
 */
public record Fact<T>(T value, String problem) {

    public static <T> Fact<T> of(T value) {
        return new Fact<>(value, "");
    }

    public static <T> Fact<T> missing(String problem) {
        return new Fact<>(null, problem);
    }

    public boolean present() {
        return value != null;
    }

    /** The value, or a {@link Missing} carrying the problem (caught per step by the planner). */
    public T get() {
        if (value == null) throw new Missing(problem);
        return value;
    }

    public T orElse(T other) {
        return value != null ? value : other;
    }

    public <R> Fact<R> map(Function<T, R> f) {
        return value != null ? Fact.of(f.apply(value)) : Fact.missing(problem);
    }

    /** Thrown by {@link #get()}; the message says what is missing and why. */
    public static final class Missing extends RuntimeException {
        public Missing(String problem) {
            super(problem, null, false, false);
        }
    }
}
