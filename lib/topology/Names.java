package ovntrace.topology;

import java.util.regex.Pattern;

/** Kubernetes naming rules, checked before a name reaches OVN commands, file paths or a shell. */
final class Names {

    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern SUBDOMAIN = Pattern.compile(LABEL + "(\\." + LABEL + ")*");
    private static final Pattern LABEL_KEY = Pattern.compile("([a-z0-9.-]+/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?");
    private static final Pattern LABEL_VALUE = Pattern.compile("([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?");
    /** Node names end up in socket paths, which must stay under 108 bytes. */
    static final int MAX_NODE_NAME = 40;

    private Names() {}

    /** Null if {@code name} is a valid DNS-1123 label (namespace names), else what is wrong. */
    static String checkLabel(String name) {
        if (name.length() > 63 || !LABEL.matcher(name).matches()) {
            return "\"" + name + "\" is not a valid name: use at most 63 lower-case letters, digits and '-', "
                    + "starting and ending with a letter or digit";
        }
        return null;
    }

    /** Null if {@code name} is a valid DNS-1123 subdomain of at most {@code max} characters, else what is wrong. */
    static String checkSubdomain(String name, int max) {
        if (name.length() > max || !SUBDOMAIN.matcher(name).matches()) {
            return "\"" + name + "\" is not a valid name: use at most " + max
                    + " lower-case letters, digits, '-' and '.', starting and ending with a letter or digit";
        }
        return null;
    }

    static String checkLabelPair(String key, String value) {
        if (!LABEL_KEY.matcher(key).matches() || key.length() > 316) {
            return "\"" + key + "\" is not a valid label key";
        }
        if (value.length() > 63 || !LABEL_VALUE.matcher(value).matches()) {
            return "\"" + value + "\" is not a valid label value for " + key;
        }
        return null;
    }
}
