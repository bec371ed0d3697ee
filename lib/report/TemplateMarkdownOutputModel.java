package ovntrace.report;

import freemarker.core.CommonTemplateMarkupOutputModel;

/** A Markdown value in a template, escaped or not; FreeMarker's required companion of {@link MarkdownOutputFormat}. */
public final class TemplateMarkdownOutputModel extends CommonTemplateMarkupOutputModel<TemplateMarkdownOutputModel> {

    TemplateMarkdownOutputModel(String plainTextContent, String markupContent) {
        super(plainTextContent, markupContent);
    }

    @Override
    public MarkdownOutputFormat getOutputFormat() {
        return MarkdownOutputFormat.INSTANCE;
    }
}
