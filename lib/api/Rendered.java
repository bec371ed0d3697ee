package ovntrace.lib.api;

import ovntrace.report.Format;

/** A finished run whose report can be rendered in any format, at jshell> as {@code run.markdown()}. */
public interface Rendered {

    /** The report in {@code format} with the built-in templates. */
    String render(Format format);

    default String markdown() {
        return render(Format.MD);
    }

    default String html() {
        return render(Format.HTML);
    }

    default String json() {
        return render(Format.JSON);
    }
}
