<#-- ovntrace matrix report, GitHub-flavoured Markdown: the grid, then each cell's single-run report
     (report.md.ftl, one heading level down). Interpolations are Markdown-escaped; section bodies are rendered already. -->
<#assign icons = {"PASSED": "✅", "FAILED": "❌", "INCONCLUSIVE": "❔", "ERROR": "⚠️", "NOT RUN": "⏭️"}>
# ovntrace matrix

**${summary}**

| source \ destination |<#list columns as c> ${c} |</#list>
|---|<#list columns as c>---|</#list>
<#list grid as row>
| ${rows[row?index]} |<#list row as v> [${icons[v.verdict]!""} ${v.verdict}](#${v.id}) |</#list>
</#list>
<#list sections as v>

<a id="${v.id}"></a>
<#if v.body?has_content>

${v.body?no_esc}<#else>

## ${icons[v.verdict]!""} ${v.verdict} — ${v.label}

${v.why}
</#if>
</#list>
