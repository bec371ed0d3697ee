package ovntrace.lib.path;

import java.util.ArrayList;
import java.util.List;

/** Text fitted to a box, assuming a monospace font: every character 0.6 em wide. */
final class Text {

    private Text() {}

    static int width(String s, int fontSize) {
        return (int) Math.ceil(s.codePointCount(0, s.length()) * 0.6 * fontSize);
    }

    /** How many characters of the font size fit in the width. */
    static int fit(int width, int fontSize) {
        return Math.max(1, (int) Math.floor(width / (0.6 * fontSize)));
    }

    /** The text cut to at most {@code max} characters, ending with "…" when cut. */
    static String cut(String s, int max) {
        int n = s.codePointCount(0, s.length());
        if (n <= max) return s;
        return s.substring(0, s.offsetByCodePoints(0, Math.max(0, max - 1))) + "…";
    }

    /**
     * Lines of at most {@code max} characters, broken at spaces where possible (a longer word is broken anywhere), at
     * most {@code maxLines} of them, the last ending with "…" when text is left over. Line breaks and runs of white space
     * count as one space; empty text gives no lines.
     */
    static List<String> wrap(String s, int max, int maxLines) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : s.strip().split("\\s+")) {
            if (word.isEmpty()) continue;
            while (length(word) > max) {
                int room = line.isEmpty() ? max : max - length(line) - 1;
                if (room < Math.min(8, max)) {
                    lines.add(line.toString());
                    line.setLength(0);
                    continue;
                }
                int cutAt = word.offsetByCodePoints(0, room);
                if (!line.isEmpty()) line.append(' ');
                lines.add(line.append(word, 0, cutAt).toString());
                line.setLength(0);
                word = word.substring(cutAt);
            }
            if (!line.isEmpty() && length(line) + 1 + length(word) > max) {
                lines.add(line.toString());
                line.setLength(0);
            }
            if (!line.isEmpty()) line.append(' ');
            line.append(word);
        }
        if (!line.isEmpty()) lines.add(line.toString());
        if (lines.size() <= maxLines) return lines;
        // the lines after the last one kept are longer than it has room for, so the cut always shows "…"
        List<String> kept = new ArrayList<>(lines.subList(0, maxLines - 1));
        kept.add(cut(String.join(" ", lines.subList(maxLines - 1, lines.size())), max));
        return kept;
    }

    private static int length(CharSequence s) {
        return Character.codePointCount(s, 0, s.length());
    }
}
