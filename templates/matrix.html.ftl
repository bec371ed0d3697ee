<#-- ovntrace matrix report, one self-contained HTML file: a grid of verdicts (rows sources, columns destinations and
     ports), each cell linking to its section, which is that cell's single-run report (report.html.ftl) as is, its
     style shared. Interpolations are HTML-escaped; style and section bodies are markup the templates already escaped. -->
<#assign classes = {"PASSED": "v-pass", "FAILED": "v-fail", "INCONCLUSIVE": "v-inconclusive", "ERROR": "v-inconclusive", "NOT RUN": "v-skipped"}>
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="ovntrace matrix">
<title>ovntrace matrix: ${summary}</title>
<style>${style?no_esc}
table.matrix { border-collapse: collapse; margin: 0 0 1.5rem; }
table.matrix th, table.matrix td { border: 1px solid #d0d7de; padding: .3rem .5rem; text-align: left; vertical-align: top; }
table.matrix thead th { font-weight: 600; font-size: .85rem; }
table.matrix td a { text-decoration: none; }
section.cell { border-top: 2px solid #d0d7de; margin-top: 2rem; padding-top: 1rem; }
section.cell > p.error { color: #cf222e; }
</style>
</head>
<body>
<header class="summary verdict-<#if exitCode == 0>pass<#elseif exitCode == 255>fail<#else>inconclusive</#if>" id="summary">
<h1>ovntrace matrix</h1>
<p class="line" id="summary-line">${summary}</p>
</header>
<table class="matrix" id="matrix">
<thead><tr><th>source \ destination</th><#list columns as c><th>${c}</th></#list></tr></thead>
<tbody>
<#list grid as row>
<tr><th>${rows[row?index]}</th><#list row as v><td><a href="#${v.id}" title="${v.why}"><span class="badge ${classes[v.verdict]!"v-skipped"}">${v.verdict}</span></a></td></#list></tr>
</#list>
</tbody>
</table>
<#list sections as v>
<section class="cell" id="${v.id}">
<h2><span class="badge ${classes[v.verdict]!"v-skipped"}">${v.verdict}</span> ${v.label}</h2>
<#if v.body?has_content>
${v.body?no_esc}
<#else>
<p class="error">${v.why}</p>
</#if>
</section>
</#list>
</body>
</html>
