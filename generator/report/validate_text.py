"""Plain-text validation report in Chinese, findings grouped by clause."""

from __future__ import annotations

from generator.catalog.sections import SECTION_TITLES
from generator.check.validate import ValidationReport
from generator.report.clauses import clause_key, clause_title

SEVERITY = {"error": "错误", "warning": "警告"}


def verdict(report: ValidationReport) -> str:
    counts = f"{report.errors} 项错误，{report.warnings} 项警告"
    if report.complete:
        return f"结论：完整（符合 5.1.4.1 的文件要求；{counts}）"
    return f"结论：不完整（{counts}）"


def render_text(report: ValidationReport) -> str:
    lines = ["售后服务文件检查报告（GB/T 27922-2011 5.1.4.1）", f"检查对象：{report.target}"]
    if report.company:
        lines.append(f"企业：{report.company}")
    lines.append(f"检查文件：{len(report.documents)} 个")
    lines += [verdict(report), ""]
    lines += [*_manual(report), "", *_procedures(report), "", *_findings(report)]
    return "\n".join(lines).rstrip() + "\n"


def _manual(report: ValidationReport) -> list[str]:
    if not report.manual_found:
        return ["一、售后服务手册：未找到"]
    found = sum(1 for e in report.elements if e.found)
    lines = [f"一、售后服务手册（要素 {found}/{len(report.elements)}）"]
    for element in report.elements:
        need = "必备" if element.required else "应有"
        if element.found:
            lines.append(f"  ✓ {element.title}（{need}）  {element.where}")
        else:
            mark = "✗" if element.required else "!"
            lines.append(f"  {mark} {element.title}（{need}）  未找到")
    return lines


def _procedures(report: ValidationReport) -> list[str]:
    found = sum(1 for p in report.procedures if p.found)
    excluded = sum(1 for p in report.procedures if p.excluded and not p.found)
    head = f"二、程序文件（找到 {found}/{len(report.procedures)}"
    head += f"，删减 {excluded}）" if excluded else "）"
    lines = [head]
    for proc in report.procedures:
        if not proc.found:
            state = f"已删减：{proc.excluded}" if proc.excluded else "缺失"
            lines.append(f"  {'-' if proc.excluded else '✗'} {proc.id} {proc.title}  {state}")
            continue
        mark = "✓" if not proc.missing_sections else "!"
        alias = f"（文件中为“{proc.matched_title}”）" if proc.matched_title != proc.title else ""
        file = (proc.where or "").split(": ", 1)[0]
        lines.append(f"  {mark} {proc.id} {proc.title}{alias}  {file}")
        if proc.missing_sections:
            missing = "、".join(SECTION_TITLES[s] for s in proc.missing_sections)
            lines.append(f"      缺少章节：{missing}")
    return lines


def _findings(report: ValidationReport) -> list[str]:
    if not report.findings:
        return ["三、问题清单：无"]
    lines = ["三、问题清单（按条款）"]
    clauses = sorted({f.clause for f in report.findings}, key=clause_key)
    for clause in clauses:
        lines.append(f"  {clause} {clause_title(clause)}".rstrip())
        group = [f for f in report.findings if f.clause == clause]
        group.sort(key=lambda f: f.severity != "error")
        for finding in group:
            lines.append(f"    [{SEVERITY[finding.severity]}] {finding.message}")
            if finding.where:
                lines.append(f"        位置：{finding.where}")
    return lines
