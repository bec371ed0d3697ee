<#-- ovntrace report, GitHub-flavoured Markdown. Interpolations are Markdown-escaped (MarkdownOutputFormat);
     code spans and blocks use mdCode/mdFence with ?no_esc, since backslash escapes would show there.
     Raw outputs are cut at maxLines lines each so the report fits an issue comment; the JSON and HTML keep all. -->
<#assign maxLines = 150>
<#-- ip:port, an IPv6 address in brackets (fd00:10:244:2::6:52888 would read as one address). -->
<#function hp ip port><#return (ip?contains(":"))?then("[" + ip + "]", ip) + ":" + port></#function>
<#macro icon v><#if v == "PASS">✅<#elseif v == "FAIL">❌<#elseif v == "SKIPPED">⏭️<#else>❔</#if> ${v}</#macro>
<#macro endpoint e><#if e.display?has_content>${mdCode(e.display)?no_esc}</#if><#if e.ip?has_content && e.ip != e.display> ${e.ip}</#if><#if e.mac?has_content> (${e.mac})</#if><#if e.node?has_content> on node ${e.node}</#if><#if e.zone?has_content && e.zone != e.node>, zone ${e.zone}</#if><#if (e.network!"")?has_content>, network ${mdCode(e.network)?no_esc} (${e.topology})</#if></#macro>
<#macro hop h>*${h.node}* — <#if h.kind == "tunnel">⇢ tunnel **${h.name}**<#elseif h.kind == "port">port ${mdCode(h.name)?no_esc}<#elseif h.kind == "nat">${h.name}<#else>${h.kind} **${h.name}**</#if><#if h.detail?has_content>: ${h.detail}</#if><#if h.dropped> ⛔ **dropped**</#if></#macro>
# ovntrace: <@icon report.verdict/> — ${report.source.display} → <#if report.service??>service ${report.service.namespace}/${report.service.name}<#else>${report.destination.display}</#if>

**${report.summary}**

| | |
|---|---|
| Source | <@endpoint report.source/> |
| Destination | <@endpoint report.destination/> |
<#if report.service??>
| Service | ${mdCode(report.service.namespace + "/" + report.service.name)?no_esc} ${hp(report.service.clusterIp, report.service.port)} → ${hp(report.service.backend, report.service.backendPort)} |
</#if>
| Traffic | ${report.request.protocol}/${report.request.dstPort} (${report.request.addressFamily}) |
| Cluster | ${report.mode} |
| Run | ${report.generatedAt}, ${report.execCalls} commands, ${report.elapsedMs} ms |
<#list report.legs() as d>

## ${d.id()?cap_first}: ${d.from} → ${d.to} — <@icon d.verdict/>

${d.reason}
<#if d.tuple??>

${d.tuple.protocol} ${mdCode(hp(d.tuple.srcIp, d.tuple.srcPort) + " → " + hp(d.tuple.dstIp, d.tuple.dstPort))?no_esc}<#list d.translations as t>; ${t}</#list>
</#if>

<#if d.hops?has_content>
${mdFence(d.mermaid())?no_esc}mermaid
${d.mermaid()?remove_ending("\n")?no_esc}
${mdFence(d.mermaid())?no_esc}

**Path:** from ${mdCode(d.from)?no_esc}

<#list d.hops as h>
${h?counter}. <@hop h/>
</#list>
<#if d.verdict == "PASS" && !d.drop??>
${d.hops?size + 1}. delivered to ${mdCode(d.to)?no_esc}
</#if>
<#else>
**Path:** not traced
</#if>
<#if d.drop??>

**Dropped** ${d.drop.where()} (seen by ${d.drop.toolName()})<#if d.drop.match?has_content>, priority ${d.drop.priority}: ${mdCode(d.drop.match)?no_esc}</#if> → ${mdCode(d.drop.action)?no_esc}
<#if d.drop.acl??>
<#assign acl = d.drop.acl>
- ACL: <#if acl.name?has_content>${mdCode(acl.name)?no_esc}, </#if>${acl.direction}, priority ${acl.priority}, match ${mdCode(acl.match)?no_esc}, ${acl.action}
<#if acl.policyKind?has_content>
- ${acl.policyKind}: <#if acl.policyName?has_content>${mdCode(acl.policy())?no_esc}<#else>default deny of namespace ${mdCode(acl.policyNamespace)?no_esc} (the pod is isolated by a NetworkPolicy and no policy allows this traffic)</#if>
<#else>
- Policy: not named in the trace output (ovn-trace names an ACL only when it logs; ovn-detrace never does)
</#if>
</#if>
</#if>
<#if d.policy??>

**Policy:** ${d.policy.explanation}
<#list d.policy.decisions as dec>
<#if dec.yaml?has_content>

${dec.action.past()?cap_first} by ${dec.owner()}<#if dec.rule gte 0>, ${dec.direction.field()} rule ${dec.rule}</#if><#if dec.acl.name?has_content> (ACL ${mdCode(dec.acl.name)?no_esc})</#if>:

${mdFence(dec.yaml)?no_esc}yaml
${dec.yaml?remove_ending("\n")?no_esc}
${mdFence(dec.yaml)?no_esc}
</#if>
</#list>
<#if d.policy.isolatedBy?has_content>

Isolated for ${d.policy.deciding().direction.field()} by: <#list d.policy.isolatedBy as r>${mdCode(r.toString())?no_esc}<#sep>, </#sep></#list>
</#if>
</#if>

| # | Step | Node | Verdict | Outcome | Exit | Time |
|---|---|---|---|---|---|---|
<#list d.steps as s>
| ${s?counter} | ${s.label} | ${s.node} | <@icon s.verdict/> | ${s.outcome}<#if s.reason?has_content && s.verdict != "PASS"> — ${s.reason}</#if> | ${(s.exitCode?c)!"–"} | ${s.durationMs} ms |
</#list>
<#list d.steps as s>
<#if s.ran()>

<details><summary>${s?counter}. ${s.label} (${s.toolName()} on ${s.node})</summary>

${mdFence(s.command)?no_esc}sh
${s.command?no_esc}
${mdFence(s.command)?no_esc}
<#if s.findings?has_content>

<#list s.findings as f>
- ${f}
</#list>
</#if>
<#assign lines = s.stdout?split("\n")>
<#assign shown = (lines?size > maxLines)?then(lines[0..<maxLines]?join("\n"), s.stdout)>

${mdFence(shown)?no_esc}text
${shown?no_esc}
${mdFence(shown)?no_esc}
<#if lines?size gt maxLines>

(${lines?size - maxLines} more lines in the HTML and JSON reports)
</#if>
<#if s.stderr?has_content>

stderr:

${mdFence(s.stderr)?no_esc}text
${s.stderr?no_esc}
${mdFence(s.stderr)?no_esc}
</#if>

</details>
</#if>
</#list>
</#list>
<#if report.connection.request?? && !report.connection.reply??>

## Reply — not traced

${report.connection.reason}
</#if>
<#if report.connection.request?? && !report.reverseInitiated??>

## Reverse-initiated — not traced

<#if report.request.targetKind == "ip">Traffic to an external IP is traced in one direction only, as ovnkube-trace does.<#else>No destination-to-source step ran.</#if>
</#if>
<#if report.notes?has_content>

## Notes

<#list report.notes as n>
- ${n}
</#list>
</#if>
