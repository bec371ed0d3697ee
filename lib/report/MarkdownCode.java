package ovntrace.report;

import freemarker.template.SimpleScalar;
import freemarker.template.TemplateMethodModelEx;
import freemarker.template.TemplateModelException;
import freemarker.template.utility.DeepUnwrap;
import java.util.List;

/**
 * Template methods for literal text in Markdown, where backslash escapes would show: {@code mdCode(x)} writes an
 * inline code span and {@code mdFence(x)} the fence for a code block, each with more backticks than the text holds.
 * Use their results with {@code ?no_esc}.
 */
final class MarkdownCode {

    private MarkdownCode() {}

    static String fence(String text, int minimum) {
        int longest = 0, run = 0;
        for (int i = 0; i < text.length(); i++) {
            run = text.charAt(i) == '`' ? run + 1 : 0;
            longest = Math.max(longest, run);
        }
        return "`".repeat(Math.max(minimum, longest + 1));
    }

    /** Newlines become spaces: a code span is one line. Padding keeps a leading or trailing backtick apart. */
    static String span(String text) {
        String flat = text.replace("\r", "").replace('\n', ' ');
        String f = fence(flat, 1);
        boolean pad = flat.startsWith("`") || flat.endsWith("`") || flat.isBlank();
        return f + (pad ? " " : "") + flat + (pad ? " " : "") + f;
    }

    static final TemplateMethodModelEx CODE = args -> new SimpleScalar(span(arg(args)));
    static final TemplateMethodModelEx FENCE = args -> new SimpleScalar(fence(arg(args), 3));

    private static String arg(List<?> args) throws TemplateModelException {
        if (args.size() != 1) throw new TemplateModelException("expects one argument");
        Object v = DeepUnwrap.unwrap((freemarker.template.TemplateModel) args.get(0));
        return v == null ? "" : v.toString();
    }
}
