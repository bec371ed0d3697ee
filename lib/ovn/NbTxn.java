package ovntrace.ovn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One {@code ovn-nbctl} (or {@code ovn-sbctl}) invocation: commands chained with {@code --} so that they commit as a
 * single transaction and may refer to each other's {@code --id=@name} rows.
 */
public final class NbTxn {

    private final String what;
    private final List<String> args = new ArrayList<>();

    public NbTxn(String what) {
        this.what = what;
    }

    /** What this transaction builds, for progress and error messages. */
    public String what() {
        return what;
    }

    public NbTxn add(String... command) {
        args.add("--");
        args.addAll(Arrays.asList(command));
        return this;
    }

    public boolean isEmpty() {
        return args.isEmpty();
    }

    public List<String> args() {
        return List.copyOf(args);
    }

    /** An OVSDB string atom: double-quoted, with backslashes and quotes escaped. */
    public static String q(String value) {
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    /** {@code column:"key"="value"}, the form OVSDB map columns take in {@code set} and {@code create}. */
    public static String kv(String column, String key, String value) {
        return column + ":" + q(key) + "=" + q(value);
    }

    @Override
    public String toString() {
        return what + ": " + String.join(" ", args);
    }
}
