package ovntrace.lib.cluster;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Commands written before the facts they need are known: a fact stands in a command as a token ({@link #token}),
 * and {@link #expand} turns the command into shell code that reads the fact from a shell variable set earlier in the
 * same exec. Afterwards {@link #substitute} fills in what the variables held, giving the command that actually ran,
 * character for character the one the facts' planner would write.
 *
 * <p>Tokens are {@code @@NAME@@} with NAME a shell variable name: no command ovntrace writes contains {@code @@}.
 */
public final class ShellVariables {

    private static final Pattern TOKEN = Pattern.compile("@@([A-Za-z_][A-Za-z0-9_]*)@@");

    private ShellVariables() {}

    /** The stand-in for variable {@code name} in a command. */
    public static String token(String name) {
        if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) throw new IllegalArgumentException("not a shell variable name: " + name);
        return "@@" + name + "@@";
    }

    /** The variables a command's tokens name, in order of first use. */
    public static Set<String> names(String command) {
        Set<String> out = new LinkedHashSet<>();
        Matcher m = TOKEN.matcher(command);
        while (m.find()) out.add(m.group(1));
        return out;
    }

    /**
     * The command as shell code reading each token's variable, whatever the quoting around it: inside single quotes
     * {@code '"$V"'} (close, a double-quoted expansion, reopen), inside double quotes {@code ${V}}, elsewhere
     * {@code "$V"}. The value is always taken literally, never split or globbed.
     */
    public static String expand(String command) {
        StringBuilder out = new StringBuilder();
        char quote = 0;
        for (int i = 0; i < command.length(); i++) {
            Matcher m = TOKEN.matcher(command).region(i, command.length());
            if (m.lookingAt()) {
                String v = m.group(1);
                out.append(quote == '\'' ? "'\"${" + v + "}\"'" : quote == '"' ? "${" + v + "}" : "\"${" + v + "}\"");
                i = m.end() - 1;
                continue;
            }
            char c = command.charAt(i);
            out.append(c);
            if (quote == 0 && c == '\\' && i + 1 < command.length()) {
                out.append(command.charAt(++i));
            } else if (quote == '"' && c == '\\' && i + 1 < command.length()) {
                out.append(command.charAt(++i));
            } else if (quote == 0 && (c == '\'' || c == '"')) {
                quote = c;
            } else if (quote == c) {
                quote = 0;
            }
        }
        return out.toString();
    }

    /** The command with each token replaced by its variable's value; null when a token's variable has none. */
    public static String substitute(String command, Map<String, String> values) {
        Matcher m = TOKEN.matcher(command);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String v = values.get(m.group(1));
            if (v == null) return null;
            m.appendReplacement(out, Matcher.quoteReplacement(v));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** Shell code that prints each variable as {@code NAME=value} on a line of its own, for {@link #parse}. */
    public static String print(Set<String> names) {
        StringBuilder s = new StringBuilder("printf '%s\\n'");
        for (String n : names) s.append(" \"").append(n).append("=${").append(n).append("}\"");
        return s.toString();
    }

    /** What {@link #print} printed. A value holding a newline is cut at it, so it can never match a fact. */
    public static Map<String, String> parse(String printed) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : printed.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) out.putIfAbsent(line.substring(0, eq), line.substring(eq + 1));
        }
        return out;
    }
}
