package ovntrace.report;

/** A report could not be read or rendered; the message says what is wrong and what to do, in one line. */
public final class ReportException extends Exception {

    public ReportException(String message) {
        super(message);
    }

    public ReportException(String message, Throwable cause) {
        super(message, cause);
    }
}
