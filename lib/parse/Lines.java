package ovntrace.parse;

import java.util.List;

/** Line handling shared by the parsers. */
final class Lines {

    private Lines() {}

    /** The text split into lines, without line terminators; null reads as no lines. */
    static List<String> of(String text) {
        if (text == null || text.isEmpty()) return List.of();
        return List.of(text.replace("\r\n", "\n").replace('\r', '\n').split("\n", -1));
    }

    /** Line {@code i} is a title: the next line is dashes only, as long as the title (OVS and OVN both do this). */
    static boolean underlined(List<String> lines, int i) {
        if (i + 1 >= lines.size()) return false;
        String title = lines.get(i).strip(), next = lines.get(i + 1).strip();
        return !title.isEmpty() && !next.isEmpty() && next.chars().allMatch(c -> c == '-')
                && next.length() == title.length();
    }
}
