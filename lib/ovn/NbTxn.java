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
    /** Indexes into {@link #args} where a part ends that refers to no row of another part (see {@link #parts}). */
    private final List<Integer> ends = new ArrayList<>();

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

    /** Ends a self-contained part: nothing after this refers to an {@code @name} made before it. */
    public NbTxn endPart() {
        if (ends.isEmpty() || ends.get(ends.size() - 1) != args.size()) ends.add(args.size());
        return this;
    }

    /**
     * The arguments as invocations of at most about {@code maxBytes} each, cut only where a part ends: a large
     * cluster's policies exceed what one command line may hold (Linux: 2 MiB for arguments and environment), and
     * ovn-nbctl reads its commands from nowhere else. Each invocation is its own transaction; one part larger than
     * {@code maxBytes} is one invocation still.
     */
    public List<List<String>> parts(int maxBytes) {
        List<Integer> cuts = new ArrayList<>(ends);
        cuts.add(args.size());
        List<List<String>> out = new ArrayList<>();
        int from = 0, to = 0, bytes = 0;
        for (int end : cuts) {
            int partBytes = args.subList(to, end).stream().mapToInt(a -> a.length() + 1).sum();
            if (bytes > 0 && bytes + partBytes > maxBytes) {
                out.add(List.copyOf(args.subList(from, to)));
                from = to;
                bytes = 0;
            }
            bytes += partBytes;
            to = end;
        }
        if (to > from) out.add(List.copyOf(args.subList(from, to)));
        return out;
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
