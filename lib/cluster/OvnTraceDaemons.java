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

    /** The pod to run in and the command to run there; the step's own command is still what is logged and reported. */
    record Routed(ExecTarget where, String command) {}
}
