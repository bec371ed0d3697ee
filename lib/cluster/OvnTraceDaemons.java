package ovntrace.lib.cluster;

import java.util.Optional;
import ovntrace.lib.cluster.PodExec.ExecTarget;

/**
 * Where the engine asks whether an {@code ovn-trace --detach} daemon holds a zone's southbound database already
 * loaded, and how to ask it. On a large cluster each one-shot ovn-trace reloads the whole database (seconds at 10k
 * pods); a daemon answers from memory. A single trace from the command line has none ({@link #NONE}): it runs the
 * one-shot commands exactly as upstream does.
 */
public interface OvnTraceDaemons {

    /** No daemon anywhere: every ovn-trace runs as written. */
    OvnTraceDaemons NONE = (where, db, command) -> Optional.empty();

    /**
     * How to run {@code command}, planned to run in {@code where}'s pod against {@code db}: the pod (a central
     * cluster's daemon serves every node from one pod) and the command to run there instead, or empty to run it as it
     * is (not a plain ovn-trace, or no daemon for that zone).
     */
    Optional<Routed> route(ExecTarget where, DbAccess db, String command);

    /** Whether a daemon answered: its ask exited 0. Anything else is run again one-shot, whatever the reason. */
    static boolean answered(PodExec.ExecResult result) {
        return result != null && result.exitCode() == 0;
    }

    /**
     * Whether {@code result}, the answer to {@code route}, is what the step's one-shot command prints: it exited 0
     * and, from a daemon whose conntrack states are used up across traces, it shows it took only states the
     * one-shot gives too. Asked once for each routed step that ran; anything else is run again one-shot.
     */
    default boolean answered(Routed route, PodExec.ExecResult result) {
        return answered(result);
    }

    /**
     * The daemon ({@code daemon}, its directory) did not answer {@code route}: the engine runs the step's one-shot
     * command instead. The next ask of that zone may start a new daemon.
     */
    default void notAnswered(Routed route) {}

    /**
     * How to run {@code command}, an ovn-detrace planned in {@code where}'s pod that reads an earlier step's output
     * on stdin: the command to run there instead, reading the same input, or empty to run it as it is. None by
     * default: only a session keeps ovn-detrace daemons.
     */
    default Optional<Routed> routeFed(ExecTarget where, DbAccess db, String command) {
        return Optional.empty();
    }

    /** {@link #notAnswered(Routed)}, knowing what the ask ended with ({@code result}, null if it has none). */
    default void notAnswered(Routed route, PodExec.ExecResult result) {
        notAnswered(route);
    }

    /**
     * The pod to run in and the command to run there; the step's own command is still what is logged and reported.
     * {@code daemon} names the daemon asked (its directory), for {@link #notAnswered}; {@code ctStates}: how many
     * {@code --ct} states the step's own command gives (0 for a plain trace), for {@link #answered(Routed, PodExec.ExecResult)}.
     */
    record Routed(ExecTarget where, String command, String daemon, int ctStates) {
        public Routed(ExecTarget where, String command, String daemon) {
            this(where, command, daemon, 0);
        }
    }
}
