package ovntrace.lib.trace;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;

/**
 * The daemons of one kind a session keeps, one per key (a zone and kind of ovn-trace daemon, a pod and command of
 * ovn-detrace): started on first use, started anew near the end of their life (their watchdog ends them then) or when
 * their owner says they are spent, replaced once when one stops answering, and given up on after the second (a trace
 * that crashes the tool would crash every new one). Starting is the owner's; this only keeps the states.
 */
final class DaemonTable<K, D> {

    /** What a start gave: a daemon, or why there is none (its key then runs one-shot). */
    record Started<D>(D daemon, String why) {
        static <D> Started<D> running(D daemon) {
            return new Started<>(daemon, null);
        }

        static <D> Started<D> unavailable(String why) {
            return new Started<>(null, why);
        }
    }

    private final Map<K, Started<D>> states = new ConcurrentHashMap<>();
    private final Map<K, Object> locks = new ConcurrentHashMap<>();
    private final Set<K> restarted = ConcurrentHashMap.newKeySet();
    private final Function<D, String> directory;
    private final ToLongFunction<D> startedNanos;
    private final long renewAfterNanos;

    /** Daemons that live {@code lifetime} are started anew two exec deadlines ({@code timeout}) before it ends. */
    DaemonTable(Function<D, String> directory, ToLongFunction<D> startedNanos, Duration lifetime, Duration timeout) {
        this.directory = directory;
        this.startedNanos = startedNanos;
        this.renewAfterNanos = lifetime.minus(timeout.multipliedBy(2)).toNanos();
    }

    /**
     * The key's daemon, started now by {@code start} if there is none, the one there is near the end of its life, or
     * {@code spent} says so; {@code use} then sees it, under the key's lock. Empty when the key has none.
     */
    Optional<D> daemon(K key, Predicate<D> spent, Function<K, Started<D>> start, java.util.function.Consumer<D> use) {
        synchronized (locks.computeIfAbsent(key, k -> new Object())) {
            Started<D> s = states.get(key);
            // its watchdog ends it at the lifetime: a new one before a trace could still be asking the old one
            // spent is asked of every running daemon: its owner logs why it is spent
            boolean renew = s != null && s.daemon() != null
                    && (spent.test(s.daemon()) | System.nanoTime() - startedNanos.applyAsLong(s.daemon()) > renewAfterNanos);
            if (s == null || renew) {
                s = start.apply(key);
                states.put(key, s);
            }
            if (s.daemon() != null) use.accept(s.daemon());
            return Optional.ofNullable(s.daemon());
        }
    }

    /**
     * The daemon in {@code dir} did not answer: its key starts a new one at the next ask, once; after that its key
     * has none. {@code onGone} hears the key, the daemon and whether a new one will start.
     */
    void gone(String dir, TriConsumer<K, D> onGone) {
        states.forEach((key, s) -> {
            if (s.daemon() != null && directory.apply(s.daemon()).equals(dir)) {
                synchronized (locks.get(key)) {
                    if (states.get(key) != s) return;
                    boolean again = restarted.add(key);
                    onGone.accept(key, s.daemon(), again);
                    if (again) states.remove(key);
                    else states.put(key, Started.unavailable("its daemon stopped answering twice"));
                }
            }
        });
    }

    /** The owner's log line for a daemon gone. */
    interface TriConsumer<K, D> {
        void accept(K key, D daemon, boolean again);
    }

    /** The daemons running now. */
    List<D> running() {
        return states.values().stream().map(Started::daemon).filter(java.util.Objects::nonNull).toList();
    }

    /** The keys without a daemon, and why. */
    Map<K, String> unavailable() {
        Map<K, String> out = new LinkedHashMap<>();
        states.forEach((k, s) -> {
            if (s.daemon() == null) out.put(k, s.why());
        });
        return out;
    }

    void clear() {
        states.clear();
    }
}
