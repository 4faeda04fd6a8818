"""`svcmanual rules`: the consistency rules of a document set, as text or JSON for users."""

from __future__ import annotations

import json

from generator.catalog.rules import Evidence, Rule

_RUNS = {"check": "svcmanual check（企业档案）", "validate": "svcmanual validate（已有文件）"}


def render_rules(rules: tuple[Rule, ...], evidence: tuple[Evidence, ...] = (),
                 fmt: str = "text") -> str:
    """The rules for a reader; R-EVIDENCE is followed by the commitments it checks."""
    if fmt == "json":
        data = [r.model_dump(mode="json") for r in rules]
        for item in data:
            if item["id"] == "R-EVIDENCE":
                item["evidence"] = [e.model_dump(mode="json") for e in evidence]
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    lines = [f"一致性规则 {len(rules)} 条（检查结果以 [规则编号] 开头）：", ""]
    for r in rules:
        lines.append(f"{r.id}  {r.title}（GB/T 27922-2011 {r.clause}）")
        lines.append(f"    {r.message}")
        if r.id == "R-EVIDENCE":
            for e in evidence:
                lines.append(f"    - {e.what}（{e.field}）→ {e.procedure}，表单名称含“{'”或“'.join(e.forms)}”")
        lines.append(f"    检查方式：{'；'.join(_RUNS[x] for x in r.runs)}")
        lines.append("")
    return "\n".join(lines)
