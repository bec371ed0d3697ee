<#-- ovntrace report, one self-contained HTML file: inline CSS, no script, nothing loaded from the network.
     Every interpolation is HTML-escaped (*.html.ftl files are rendered with HTMLOutputFormat). -->
<#-- ip:port, an IPv6 address in brackets (fd00:10:244:2::6:52888 would read as one address). -->
<#function hp ip port><#return (ip?contains(":"))?then("[" + ip + "]", ip) + ":" + port></#function>
<#macro badge v><span class="badge v-${v?lower_case}">${v}</span></#macro>
<#macro endpoint e><#if e.display?has_content><b>${e.display}</b></#if><#if e.ip?has_content && e.ip != e.display> ${e.ip}</#if><#if e.mac?has_content> <small>${e.mac}</small></#if><#if e.node?has_content> <small>on node ${e.node}</small></#if><#if e.zone?has_content && e.zone != e.node> <small>zone ${e.zone}</small></#if><#if (e.network!"")?has_content> <small>network <span class="mono">${e.network}</span> (${e.topology})</small></#if></#macro>
<#assign target><#if report.service??>service ${report.service.namespace}/${report.service.name}<#else>${report.destination.display}</#if></#assign>
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="ovntrace report schema ${report.schemaVersion}">
<title>ovntrace ${report.verdict}: ${report.source.display} → ${target}</title>
<style>
:root { --pass: #1a7f37; --fail: #cf222e; --unsure: #9a6700; --skip: #6e7781; --line: #d0d7de; --soft: #f6f8fa; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1f2328; margin: 0; padding: 1.5rem; }
h1 { font-size: 1.5rem; margin: 0 0 .4rem; } h2 { font-size: 1.15rem; margin: 0 0 .5rem; } h3 { font-size: 1rem; margin: 1rem 0 .4rem; }
code, pre, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12px; }
small { color: #59636e; }
.badge { display: inline-block; white-space: nowrap; padding: .05rem .5rem; border-radius: 1rem; color: #fff; font-size: .8rem; font-weight: 600; vertical-align: middle; }
.v-pass { background: var(--pass); } .v-fail { background: var(--fail); } .v-inconclusive { background: var(--unsure); } .v-skipped { background: var(--skip); }
.summary { border: 1px solid var(--line); border-left: 6px solid var(--skip); border-radius: 6px; padding: 1rem 1.2rem; margin-bottom: 1.2rem; background: var(--soft); }
.summary.verdict-pass { border-left-color: var(--pass); } .summary.verdict-fail { border-left-color: var(--fail); } .summary.verdict-inconclusive { border-left-color: var(--unsure); }
.summary p.line { font-size: 1.05rem; margin: .2rem 0 .8rem; }
.facts { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; margin: 0; }
.facts dt { font-weight: 600; } .facts dd { margin: 0; }
.directions { display: grid; grid-template-columns: repeat(auto-fit, minmax(30rem, 1fr)); gap: 1.2rem; align-items: start; }
.direction.wide { grid-column: 1 / -1; }
figure.diagram { margin: 0 0 1.2rem; border: 1px solid var(--line); border-radius: 6px; padding: .8rem; overflow-x: auto; }
figure.diagram figcaption { font-weight: 600; margin-bottom: .5rem; }
p.tuple { margin: 0 0 .3rem; } ul.translations { margin: 0 0 .6rem; padding-left: 1.2rem; font-size: .9rem; }
ol.path small.node { color: #59636e; }
.direction { border: 1px solid var(--line); border-top: 5px solid var(--skip); border-radius: 6px; padding: 1rem; min-width: 0; }
.direction.verdict-pass { border-top-color: var(--pass); } .direction.verdict-fail { border-top-color: var(--fail); } .direction.verdict-inconclusive { border-top-color: var(--unsure); }
.reason { margin: .2rem 0 .8rem; }
ol.path { list-style: none; padding: 0; margin: 0 0 .8rem; display: flex; flex-direction: column; align-items: stretch; }
ol.path > li { border: 1px solid var(--line); border-radius: 6px; padding: .35rem .6rem; background: #fff; position: relative; }
ol.path > li + li { margin-top: 1.3rem; }
ol.path > li + li::before { content: "↓"; position: absolute; top: -1.25rem; left: 1.2rem; color: #59636e; font-size: 1rem; }
ol.path .kind { display: inline-block; min-width: 7.5rem; font-size: .75rem; text-transform: uppercase; letter-spacing: .03em; color: #59636e; }
ol.path li.endpoint { background: #ddf4ff; border-color: #54aeff; }
ol.path li.k-router, ol.path li.k-gateway-router { background: #fbefff; border-color: #c297ff; }
ol.path li.k-tunnel { background: var(--soft); border-style: dashed; }
ol.path li.k-bridge { background: #dafbe1; border-color: #4ac26b; } ol.path li.k-nat { background: #fff8c5; border-color: #d4a72c; }
ol.path li.dropped, ol.path li.drop-end { background: #ffebe9; border-color: var(--fail); }
ol.path li.drop-end { font-weight: 600; color: var(--fail); }
ol.path ul.applied { margin: .2rem 0 0 1rem; padding: 0; font-size: .85rem; }
.drop { border: 1px solid var(--fail); background: #ffebe9; border-radius: 6px; padding: .6rem .8rem; margin-bottom: .8rem; }
.policy { border: 1px solid var(--line); border-radius: 6px; padding: .2rem .8rem .6rem; margin-bottom: .8rem; } .policy h3 { margin: .4rem 0; } .policy pre { margin: .2rem 0; } .policy-denied { border-left: 6px solid var(--fail); } .policy-allowed { border-left: 6px solid var(--pass); }
.drop dl { display: grid; grid-template-columns: max-content 1fr; gap: .1rem .8rem; margin: .3rem 0 0; } .drop dt { font-weight: 600; } .drop dd { margin: 0; overflow-wrap: anywhere; }
table.steps { border-collapse: collapse; width: 100%; margin-bottom: .6rem; font-size: .9rem; }
table.steps th, table.steps td { border: 1px solid var(--line); padding: .3rem .4rem; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
table.steps th { background: var(--soft); }
table.steps td.num { white-space: nowrap; }
details.raw { border: 1px solid var(--line); border-radius: 6px; margin: .4rem 0; }
details.raw > summary { cursor: pointer; padding: .35rem .6rem; background: var(--soft); }
details.raw > div { padding: .2rem .6rem .6rem; }
pre { background: var(--soft); border: 1px solid var(--line); border-radius: 4px; padding: .5rem; overflow: auto; max-height: 40rem; white-space: pre; margin: .3rem 0; }
ul.findings { margin: .3rem 0; padding-left: 1.2rem; }
footer { margin-top: 1.5rem; color: #59636e; font-size: .85rem; }
@media print {
  body { padding: 0; font-size: 10pt; }
  .directions { grid-template-columns: 1fr 1fr; gap: .6rem; }
  .direction, .summary, ol.path > li, .drop { break-inside: avoid; }
  details.raw { break-inside: auto; }
  details.raw::details-content { content-visibility: visible; display: block; }
  pre { max-height: none; white-space: pre-wrap; overflow-wrap: anywhere; font-size: 7pt; }
  .badge { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
</style>
</head>
<body>
<header class="summary verdict-${report.verdict?lower_case}" id="summary">
<h1><@badge report.verdict/> ${report.source.display} → ${target}</h1>
<p class="line" id="summary-line">${report.summary}</p>
<dl class="facts">
<dt>Source</dt><dd><@endpoint report.source/></dd>
<dt>Destination</dt><dd><@endpoint report.destination/></dd>
<#if report.service??><dt>Service</dt><dd><b>${report.service.namespace}/${report.service.name}</b> ${hp(report.service.clusterIp, report.service.port)} → ${hp(report.service.backend, report.service.backendPort)}</dd></#if>
<dt>Traffic</dt><dd>${report.request.protocol}/${report.request.dstPort} (${report.request.addressFamily})</dd>
<dt>Cluster</dt><dd>${report.mode}</dd>
<dt>Run</dt><dd>${report.generatedAt}, ${report.execCalls} commands, ${report.elapsedMs} ms</dd>
</dl>
</header>
<#if report.legs()?has_content>
<figure class="diagram" id="path-diagram">
<figcaption>Packet path<#if report.connection.reply??>: the connection's request and reply side by side<#if report.reverseInitiated??>, the connection the destination starts (reverse-initiated) below</#if><#elseif report.reverseInitiated??>: the connection's request, and the connection the destination starts (reverse-initiated); the reply was not traced</#if></figcaption>
${report.pathSvg()?no_esc}
</figure>
</#if>
<main class="directions">
<#list report.legs() as d>
<section class="direction verdict-${d.verdict?lower_case}<#if d.id() == "reverse-initiated"> wide</#if>" id="leg-${d.id()}">
<h2>${d.id()?cap_first}: ${d.from} → ${d.to} <@badge d.verdict/></h2>
<p class="reason">${d.reason}</p>
<#if d.tuple??><p class="tuple mono">${d.tuple.protocol} ${hp(d.tuple.srcIp, d.tuple.srcPort)} → ${hp(d.tuple.dstIp, d.tuple.dstPort)}</p></#if>
<#if d.translations?has_content><ul class="translations"><#list d.translations as t><li class="mono">${t}</li></#list></ul></#if>
<h3>Path</h3>
<ol class="path" aria-label="${d.id()} path">
<li class="endpoint"><span class="kind">from</span> <b>${d.from}</b></li>
<#list d.hops as h>
<li class="k-${h.kind}<#if h.dropped> dropped</#if>"><span class="kind">${h.kind}</span> <b class="mono">${h.name}</b> <small class="node">on ${h.node}</small><#if h.detail?has_content><br><small class="mono">${h.detail}</small></#if></li>
</#list>
<#if d.verdict == "PASS" && !d.drop??><li class="endpoint"><span class="kind">to</span> <b>${d.to}</b></li>
<#elseif d.drop??><li class="drop-end">✖ dropped ${d.drop.where()}</li>
<#else><li class="drop-end">? ${d.verdict?lower_case}: destination ${d.to} not shown reached</li></#if>
</ol>
<#if d.drop??>
<div class="drop" id="drop-${d.id()}">
<b>Dropped</b> ${d.drop.where()} (seen by ${d.drop.toolName()})
<dl>
<#if d.drop.bridge?has_content><dt>Bridge</dt><dd class="mono">${d.drop.bridge} on ${d.drop.node}</dd></#if>
<#if d.drop.datapath?has_content><dt>Datapath</dt><dd class="mono">${d.drop.datapath}<#if d.drop.pipeline?has_content> (${d.drop.pipeline})</#if><#if d.drop.zone?has_content> in zone ${d.drop.zone}</#if></dd></#if>
<dt>Table</dt><dd class="mono">table ${d.drop.table}<#if d.drop.stage?has_content> ${d.drop.stage}</#if>, priority ${d.drop.priority}</dd>
<#if d.drop.match?has_content><dt>Match</dt><dd class="mono">${d.drop.match}</dd></#if>
<dt>Action</dt><dd class="mono">${d.drop.action}</dd>
<#if d.drop.acl??><#assign acl = d.drop.acl>
<dt>ACL</dt><dd class="mono"><#if acl.name?has_content>${acl.name}, </#if>${acl.direction}, priority ${acl.priority}, match ${acl.match}, ${acl.action}</dd>
<dt>Policy</dt><dd><#if acl.policyKind?has_content>${acl.policyKind} <b>${acl.policy()}</b><#if !acl.policyName?has_content> — the pod is isolated by a NetworkPolicy and no policy allows this traffic</#if><#else>not named in the trace output (ovn-trace names an ACL only when it logs; ovn-detrace never does)</#if></dd>
</#if>
</dl>
</div>
</#if>
<#if d.policy??>
<div class="policy policy-${d.policy.outcome.id()}" id="policy-${d.id()}">
<h3>Policy</h3>
<p>${d.policy.explanation}</p>
<#list d.policy.decisions as dec>
<#if dec.yaml?has_content>
<p>${dec.action.past()?cap_first} by ${dec.owner()}<#if dec.rule gte 0>, ${dec.direction.field()} rule ${dec.rule}</#if><#if dec.acl.name?has_content> (ACL <span class="mono">${dec.acl.name}</span>)</#if>:</p>
<pre class="mono yaml">${dec.yaml}</pre>
</#if>
</#list>
<#if d.policy.isolatedBy?has_content><p>Isolated for ${d.policy.deciding().direction.field()} by: <#list d.policy.isolatedBy as r><span class="mono">${r.toString()}</span><#sep>, </#sep></#list></p></#if>
</div>
</#if>
<h3>Steps</h3>
<table class="steps">
<thead><tr><th>#</th><th>Step</th><th>Where</th><th>Verdict</th><th>Outcome</th><th>Exit</th><th>Time</th></tr></thead>
<tbody>
<#list d.steps as s>
<tr><td>${s?counter}</td><td>${s.label}</td><td class="mono">${s.node}</td><td><@badge s.verdict/></td><td>${s.outcome}<#if s.reason?has_content && s.verdict != "PASS"><br><small>${s.reason}</small></#if></td><td class="num">${(s.exitCode?c)!"–"}</td><td class="num">${s.durationMs} ms</td></tr>
</#list>
</tbody>
</table>
<#list d.steps as s>
<#if s.ran()>
<details class="raw">
<summary>${s?counter}. ${s.label} — raw output (${s.toolName()} on ${s.node})</summary>
<div>
<pre class="command">${s.command}</pre>
<#if s.searchRegex?has_content><p>Success regex: <code>${s.searchRegex}</code></p></#if>
<#if s.findings?has_content><ul class="findings"><#list s.findings as f><li>${f}</li></#list></ul></#if>
<pre class="stdout">${s.stdout}</pre>
<#if s.stderr?has_content><p>stderr:</p><pre class="stderr">${s.stderr}</pre></#if>
</div>
</details>
</#if>
</#list>
</section>
</#list>
<#if report.connection.request?? && !report.connection.reply??>
<section class="direction verdict-skipped" id="leg-reply">
<h2>Reply <@badge "SKIPPED"/></h2>
<p class="reason">${report.connection.reason}</p>
</section>
</#if>
<#if report.connection.request?? && !report.reverseInitiated??>
<section class="direction verdict-skipped" id="leg-reverse-initiated">
<h2>Reverse-initiated <@badge "SKIPPED"/></h2>
<p class="reason"><#if report.request.targetKind == "ip">Traffic to an external IP is traced in one direction only, as ovnkube-trace does.<#else>No destination-to-source step ran.</#if></p>
</section>
</#if>
</main>
<footer>
<#if report.notes?has_content><h3>Notes</h3><ul><#list report.notes as n><li>${n}</li></#list></ul></#if>
<p>Generated by ovntrace (report schema ${report.schemaVersion}) at ${report.generatedAt}. Re-render with <code>ovntrace-report FILE.json</code>.</p>
</footer>
</body>
</html>
