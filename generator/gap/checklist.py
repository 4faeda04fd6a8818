"""Evidence as a checklist: each requirement met or not, the share met is the fraction."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from generator.gap.model import Evidence, Source

SOURCE_PREFIX = {"profile": "企业档案", "documents": "文件核对", "assessment": "评估文件"}
MAX_LISTED = 5  # longer lists of met items are summarised as a count
MAX_MISSING = 6  # longer lists of missing items are cut, the fixes still name every one


@dataclass(frozen=True)
class Item:
    ok: bool
    label: str  # what was found (or, when not ok, what is missing)
    fix: str = ""  # what closes the gap when not ok


def checklist(items: Sequence[Item], source: Source) -> Evidence:
    """The share of `items` met; `items` must not be empty."""
    met = [i for i in items if i.ok]
    missing = [i for i in items if not i.ok]
    if not met:
        found = ""
    elif len(met) <= MAX_LISTED:
        found = "、".join(i.label for i in met)
    else:
        found = f"{len(met)}/{len(items)} 项具备"
    parts = [found] if found else []
    if len(missing) > MAX_MISSING:
        shown = "、".join(i.label for i in missing[:MAX_MISSING])
        parts.append(f"缺少或不完整 {len(missing)} 项：{shown} 等")
    elif missing:
        parts.append("缺少或不完整：" + "、".join(i.label for i in missing))
    text = f"{SOURCE_PREFIX[source]}：" + "；".join(parts)
    gap = "；".join(dict.fromkeys(i.fix for i in missing if i.fix)) or None
    return Evidence(len(met) / len(items), source, text, gap)
