package ovntrace.lib.fanout;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A Kubernetes label selector in kubectl's string form ({@code app=web,tier!=db,env in (prod,qa),!canary}): the
 * requirements are ANDed. Parsed and matched here, without the API server, so a typo is refused before anything is
 * read from the cluster and the matching can be unit-tested.
 */
public record LabelSelector(String text, List<Requirement> requirements) {

    public LabelSelector {
        requirements = List.copyOf(requirements);
    }

    /** One requirement on one label key. {@code values} is empty for {@link Op#EXISTS} and {@link Op#DOES_NOT_EXIST}. */
    public record Requirement(String key, Op op, Set<String> values) {

        boolean matches(Map<String, String> labels) {
            String v = labels.get(key);
            return switch (op) {
                case EQUALS, IN -> v != null && values.contains(v);
                // as Kubernetes: a pod without the label satisfies != and notin
                case NOT_EQUALS, NOT_IN -> v == null || !values.contains(v);
                case EXISTS -> v != null;
                case DOES_NOT_EXIST -> v == null;
            };
        }
    }

    public enum Op { EQUALS, NOT_EQUALS, IN, NOT_IN, EXISTS, DOES_NOT_EXIST }

    /** Kubernetes' qualified name: an optional DNS-subdomain prefix and '/', then up to 63 characters. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?");
    private static final Pattern PREFIX = Pattern.compile("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?");
    private static final Pattern SET = Pattern.compile("(\\S+)\\s+(in|notin)\\s*\\((.*)\\)");
    private static final Pattern COMPARISON = Pattern.compile("([^=!]+?)\\s*(==|=|!=)\\s*(.*)");

    /** Whether the pod labels {@code labels} (null: none) satisfy every requirement. */
    public boolean matches(Map<String, String> labels) {
        Map<String, String> l = labels == null ? Map.of() : labels;
        return requirements.stream().allMatch(r -> r.matches(l));
    }

    /**
     * Parses {@code text}; a syntax error is an {@link IllegalArgumentException} whose message says which
     * requirement is wrong and why, in words fit for the one error line.
     */
    public static LabelSelector parse(String text) {
        if (text == null || text.isBlank()) throw new IllegalArgumentException("is empty; give requirements such as app=web");
        List<Requirement> requirements = new ArrayList<>();
        for (String part : split(text)) requirements.add(requirement(part.strip()));
        return new LabelSelector(text.strip(), requirements);
    }

    /** Splits at the commas that separate requirements, not those inside {@code in (a,b)}. */
    private static List<String> split(String text) {
        List<String> parts = new ArrayList<>();
        int depth = 0, start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '(') depth++;
            else if (c == ')' && --depth < 0) throw new IllegalArgumentException("has a ')' without its '('");
            else if (c == ',' && depth == 0) {
                parts.add(text.substring(start, i));
                start = i + 1;
            }
        }
        if (depth != 0) throw new IllegalArgumentException("has a '(' without its ')'");
        parts.add(text.substring(start));
        return parts;
    }

    private static Requirement requirement(String part) {
        if (part.isEmpty()) throw new IllegalArgumentException("has an empty requirement (two commas, or one at an end)");
        java.util.regex.Matcher set = SET.matcher(part);
        if (set.matches()) {
            List<String> values = new ArrayList<>();
            for (String v : set.group(3).split(",", -1)) values.add(value(v.strip(), part));
            if (values.stream().allMatch(String::isEmpty)) {
                throw new IllegalArgumentException("requirement \"" + part + "\" needs at least one value in its parentheses");
            }
            return new Requirement(key(set.group(1), part), set.group(2).equals("in") ? Op.IN : Op.NOT_IN, Set.copyOf(values));
        }
        java.util.regex.Matcher cmp = COMPARISON.matcher(part);
        if (cmp.matches()) {
            Op op = cmp.group(2).equals("!=") ? Op.NOT_EQUALS : Op.EQUALS;
            return new Requirement(key(cmp.group(1).strip(), part), op, Set.of(value(cmp.group(3).strip(), part)));
        }
        if (part.startsWith("!")) return new Requirement(key(part.substring(1).strip(), part), Op.DOES_NOT_EXIST, Set.of());
        if (part.matches("[^\\s=!()]+")) return new Requirement(key(part, part), Op.EXISTS, Set.of());
        throw new IllegalArgumentException("requirement \"" + part + "\" is not key, !key, key=value, key!=value,"
                + " key in (v1,v2) or key notin (v1,v2)");
    }

    private static String key(String key, String part) {
        int slash = key.indexOf('/');
        String prefix = slash < 0 ? null : key.substring(0, slash), name = slash < 0 ? key : key.substring(slash + 1);
        if ((prefix != null && !PREFIX.matcher(prefix).matches()) || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("requirement \"" + part + "\": \"" + key + "\" is not a valid label key"
                    + " (up to 63 letters, digits, '-', '_', '.', with an optional DNS prefix and '/')");
        }
        return key;
    }

    private static String value(String value, String part) {
        if (!value.isEmpty() && !NAME.matcher(value).matches()) {
            throw new IllegalArgumentException("requirement \"" + part + "\": \"" + value + "\" is not a valid label value"
                    + " (up to 63 letters, digits, '-', '_', '.')");
        }
        return value;
    }

    @Override
    public String toString() {
        return text;
    }
}
