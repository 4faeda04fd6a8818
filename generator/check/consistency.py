"""The consistency rules of `catalog/rules.yaml` that can run on a client's own files.

R-APPROVAL: the document-control procedure's approval table (a row 程序文件 under a column
批准) names who approves procedures; each procedure's signature block (a cell 批准 followed by
a name) must name that person. The table may give a role (管理者代表): the person is then taken
from the profile when one is given, else from the set's own text (管理者代表（姓名）, 任命姓名
同志…为…管理者代表, 总经理姓名); when nobody can be named, the rule stays silent.
R-TIMELIMIT: the callback and complaint-response limits the manual (服务承诺) states (the
shortest, the promise) must not be exceeded by a procedure: a procedure giving a longer limit for
the same thing is reported.
Findings carry the rule id as their code.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from generator.catalog.rules import rule
from generator.check.findings import Finding
from generator.check.segment import Part
from generator.profile.model import Profile

_ROLES = ("管理者代表", "总经理", "副总经理")
_NAME = r"[\u4e00-\u9fff·]{2,4}"
_UNITS = {"回访": "天", "投诉响应": "小时"}
_LIMITS: dict[str, re.Pattern[str]] = {
    "回访": re.compile(r"(\d+)(?:个工作日|天|日)内(?:完成)?(?:电话)?回访"),
    "投诉响应": re.compile(r"投诉[^。；，,]{0,12}?(\d+)小时内(?:响应|回复|答复|联系)"),
}


def consistency_findings(parts: Sequence[Part], profile: Profile | None) -> list[Finding]:
    return [*_approvals(parts, profile), *_time_limits(parts)]


def _texts(part: Part) -> Iterator[str]:
    for block in part.outline.blocks:
        if block.kind == "table":
            for row in block.rows:
                yield "　".join(row)
        else:
            yield block.text


def _procedure_approver(parts: Sequence[Part]) -> tuple[str, str] | None:
    """(what the approval table says for 程序文件, where), from the document-control procedure."""
    for part in parts:
        if part.match is None or part.match.procedure.id != "P20":
            continue
        for block in part.outline.blocks:
            if block.kind != "table" or not block.rows:
                continue
            header = [c.strip() for c in block.rows[0]]
            if "批准" not in header:
                continue
            col = header.index("批准")
            for row in block.rows[1:]:
                if row and row[0].strip().startswith("程序文件") and col < len(row):
                    return row[col].strip(), part.source
    return None


def _holder(role: str, parts: Sequence[Part], profile: Profile | None) -> str | None:
    if profile is not None:
        org = profile.organization
        return {"管理者代表": org.management_representative.name,
                "总经理": org.general_manager.name,
                "副总经理": org.deputy_manager.name if org.deputy_manager else None}.get(role)
    patterns = [re.compile(rf"{role}[（(]({_NAME})[)）]"), re.compile(rf"{role}[：:]?({_NAME})")]
    if role == "管理者代表":
        patterns.insert(0, re.compile(rf"任命({_NAME})同志.{{0,40}}?为.{{0,30}}?管理者代表"))
    for part in parts:
        for text in _texts(part):
            for pattern in patterns:
                found = pattern.search(text)
                if found and not any(r in found.group(1) for r in _ROLES):
                    return found.group(1)
    return None


def _expected(cell: str, parts: Sequence[Part], profile: Profile | None) -> str | None:
    named = re.search(rf"[（(]({_NAME})[)）]", cell)
    if named:
        return named.group(1)
    role = next((r for r in _ROLES if r in cell), None)
    if role is None:
        return cell if re.fullmatch(_NAME, cell) else None
    return _holder(role, parts, profile)


def _signature(part: Part) -> str | None:
    for block in part.outline.blocks:
        if block.kind != "table":
            continue
        for row in block.rows:
            cells = [c.strip() for c in row]
            for i, cell in enumerate(cells[:-1]):
                if cell == "批准" and cells[i + 1]:
                    return cells[i + 1]
    return None


def _approvals(parts: Sequence[Part], profile: Profile | None) -> Iterator[Finding]:
    table = _procedure_approver(parts)
    if table is None:
        return
    cell, where = table
    expected = _expected(cell, parts, profile)
    if expected is None:
        return
    r = rule("R-APPROVAL")
    for part in parts:
        if part.role != "procedure" or part.match is None:
            continue
        signed = _signature(part)
        if signed is not None and signed != expected:
            yield Finding("warning", r.id, r.clause,
                          f"[{r.id}] 《{part.title or part.match.procedure.title}》的批准人为“{signed}”，"
                          f"但文件控制程序（{where}）的审批权限表规定程序文件由“{cell}”批准，即{expected}："
                          "请改为审批权限表规定的批准人，或修改审批权限表",
                          part.title_where or part.source, subject=part.match.procedure.id)


def _limits(part: Part) -> dict[str, list[int]]:
    """Every limit the part states, by subject."""
    found: dict[str, list[int]] = {}
    for text in _texts(part):
        for what, pattern in _LIMITS.items():
            found.setdefault(what, []).extend(int(m.group(1)) for m in pattern.finditer(text))
    return {what: values for what, values in found.items() if values}


def _time_limits(parts: Sequence[Part]) -> Iterator[Finding]:
    promised: dict[str, int] = {}
    for part in parts:
        if part.role == "manual":
            for what, values in _limits(part).items():
                promised[what] = min([*values, promised.get(what, min(values))])
    if not promised:
        return
    r = rule("R-TIMELIMIT")
    for part in parts:
        if part.role != "procedure" or part.match is None:
            continue
        for what, values in _limits(part).items():
            value = max(values)
            if what in promised and value > promised[what]:
                yield Finding("warning", r.id, r.clause,
                              f"[{r.id}] 《{part.title or part.match.procedure.title}》规定{what}时限为"
                              f"{value}{_UNITS[what]}，"
                              f"长于手册（服务承诺）的{promised[what]}{_UNITS[what]}：请改为与服务承诺一致",
                              part.title_where or part.source, subject=part.match.procedure.id)
