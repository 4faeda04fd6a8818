"""`svcmanual rules`: the consistency rules of a document set, as text or JSON for users."""

from __future__ import annotations

import json

from generator.catalog.rules import Rule

_RUNS = {"check": "svcmanual check（企业档案）", "validate": "svcmanual validate（已有文件）"}


def render_rules(rules: tuple[Rule, ...], fmt: str = "text") -> str:
    if fmt == "json":
        return json.dumps([r.model_dump(mode="json") for r in rules], ensure_ascii=False, indent=2) + "\n"
    lines = [f"一致性规则 {len(rules)} 条（检查结果以 [规则编号] 开头）：", ""]
    for r in rules:
        lines.append(f"{r.id}  {r.title}（GB/T 27922-2011 {r.clause}）")
        lines.append(f"    {r.message}")
        lines.append(f"    检查方式：{'；'.join(_RUNS[x] for x in r.runs)}")
        lines.append("")
    return "\n".join(lines)
