"""Self-contained HTML validation report (one page to send to a client)."""

from __future__ import annotations

from jinja2 import Environment, select_autoescape

from generator.catalog.sections import SECTION_TITLES
from generator.check.validate import ElementResult, ProcedureResult, ValidationReport
from generator.report.clauses import clause_key, clause_title
from generator.report.html import html_page
from generator.report.validate_text import SEVERITY, verdict

_ENV = Environment(autoescape=select_autoescape(default=True, default_for_string=True),
                   trim_blocks=True, lstrip_blocks=True)
_BODY = _ENV.from_string("""
<h1>售后服务文件检查报告</h1>
<p class="meta">依据：GB/T 27922-2011《商品售后服务评价体系》5.1.4.1</p>
<p class="meta">检查对象：{{ r.target }}{% if r.company %}　企业：{{ r.company }}{% endif %}</p>
<p class="meta">检查文件：{{ r.documents|length }} 个</p>
<div class="verdict {{ 'ok' if r.complete else 'error' }}">{{ verdict }}</div>

<h2>一、售后服务手册</h2>
{% if not r.manual_found %}
<p><span class="badge error">未找到</span> 未找到售后服务手册。</p>
{% else %}
<table>
<tr><th>要素</th><th>条款</th><th>要求</th><th>结果</th><th>位置</th></tr>
{% for e in r.elements %}
<tr><td>{{ e.title }}</td><td>{{ e.clause }}</td><td>{{ '必备' if e.required else '应有' }}</td>
{% set b = element_badge(e) %}
<td><span class="badge {{ b[0] }}">{{ b[1] }}</span></td>
<td class="where">{{ e.where or '' }}</td></tr>
{% endfor %}
</table>
{% endif %}

<h2>二、程序文件</h2>
<table>
<tr><th>编号</th><th>程序文件</th><th>结果</th><th>文件中的标题与位置</th></tr>
{% for p in r.procedures %}
<tr><td>{{ p.id }}</td><td>{{ p.title }}</td>
{% set b = procedure_badge(p) %}
<td><span class="badge {{ b[0] }}">{{ b[1] }}</span></td>
<td>
{% if p.found %}
{{ p.matched_title }}<br><span class="where">{{ p.where }}</span>
{% if p.missing_sections %}<br>缺少章节：{{ sections(p.missing_sections) }}{% endif %}
{% elif p.excluded %}删减理由：{{ p.excluded }}{% endif %}
</td></tr>
{% endfor %}
</table>

<h2>三、问题清单（按条款）</h2>
{% if not groups %}
<p>未发现问题。</p>
{% endif %}
{% for clause, title, items in groups %}
<h3>{{ clause }} {{ title }}</h3>
<table>
<tr><th style="width:5em">级别</th><th>问题</th><th style="width:35%">位置</th></tr>
{% for f in items %}
<tr><td><span class="badge {{ f.severity }}">{{ severity[f.severity] }}</span></td>
<td>{{ f.message }}</td><td class="where">{{ f.where or '' }}</td></tr>
{% endfor %}
</table>
{% endfor %}
<footer>本报告由 svcmanual 自动生成，检查文件的完整性与一致性；评分与认证结论以认证机构评价为准。</footer>
""")


def _element_badge(element: ElementResult) -> tuple[str, str]:
    if element.found:
        return "ok", "已有"
    return ("error", "缺少") if element.required else ("warning", "未找到")


def _procedure_badge(proc: ProcedureResult) -> tuple[str, str]:
    if not proc.found:
        return ("muted", "已删减") if proc.excluded else ("error", "缺失")
    return ("warning", "缺章节") if proc.missing_sections else ("ok", "齐全")


def render_html(report: ValidationReport) -> str:
    clauses = sorted({f.clause for f in report.findings}, key=clause_key)
    groups = [
        (c, clause_title(c),
         sorted((f for f in report.findings if f.clause == c), key=lambda f: f.severity != "error"))
        for c in clauses
    ]
    body = _BODY.render(
        r=report, verdict=verdict(report), groups=groups, severity=SEVERITY,
        sections=lambda ids: "、".join(SECTION_TITLES[s] for s in ids),
        element_badge=_element_badge, procedure_badge=_procedure_badge,
    )
    return html_page("售后服务文件检查报告", body)
