package ovntrace.topology;

/** A topology description is invalid; the message names the source and the offending field. */
public final class TopologyException extends Exception {

    public TopologyException(String message) {
        super(message);
    }
}
