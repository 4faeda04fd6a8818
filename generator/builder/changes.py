"""What changed between two profiles, said in words a 修订记录 can carry.

Rules:
1. Profiles are compared field by field; list items that carry a `name` (departments, posts,
   outlets, products …) are matched by name, so a reordering is no change and a renamed or
   added item is reported as such.
2. Each change reads as one sentence: “部门“售后服务中心”的负责人由张三变更为李四”,
   “新增服务网点“宁波服务站””, “全国统一售后服务热线由…变更为…”.
3. `apply_change` makes the old profile with one change taken from the new one, so that
   what that change alone does can be rendered.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from generator.profile.model import Profile
from generator.yamlfile import loc_text

Path_ = tuple[str | int, ...]

# Short labels where the field's description is too long for a sentence.
LABELS = {
    "name": "名称", "head": "负责人", "head_title": "负责人职务", "headcount": "人数",
    "duties": "职责", "count": "人数", "department": "所属部门", "qualifications": "任职要求",
    "hotline": "服务热线", "short_name": "简称", "address": "地址", "phone": "电话",
    "contact": "负责人", "region": "覆盖区域", "staff": "服务人员数",
    "agreement_until": "协议有效期", "kind": "性质", "leader": "负责人",
}
# How an item of a named list is called in a sentence.
ITEMS = {
    "departments": "部门", "posts": "岗位", "outlets": "服务网点", "products": "产品",
    "service_managers": "售后服务管理师", "members": "监督机构成员", "targets": "服务目标",
    "main_parts": "部件保修", "items": "收费项目", "insurance": "保险", "laws": "法律法规",
    "onsite": "上门时限", "procedures": "删减程序", "indicators": "删减指标",
}


@dataclass(frozen=True)
class Change:
    path: str
    old: Any
    new: Any
    text: str


def _show(value: Any) -> str:
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, list):
        return "、".join(_show(v) for v in value)
    if value is None:
        return "（空）"
    return str(value)


def _label(model: type[BaseModel] | None, key: str) -> str:
    if key in LABELS:
        return LABELS[key]
    if model is not None and key in model.model_fields:
        description = model.model_fields[key].description or key
        for stop in ("（", "，", "("):
            description = description.split(stop)[0]
        return description
    return key


def _item_key(item: Any) -> str | None:
    if isinstance(item, BaseModel):
        for key in ("name", "area", "id", "item", "insurer"):
            value = getattr(item, key, None)
            if isinstance(value, str):
                return value
    return None


def profile_changes(old: Profile, new: Profile) -> list[Change]:
    changes: list[Change] = []
    _compare(old, new, (), "", changes)
    return changes


def _compare(old: Any, new: Any, path: Path_, context: str, out: list[Change]) -> None:
    if isinstance(old, BaseModel) and isinstance(new, BaseModel):
        model = type(old)
        for key in model.model_fields:
            a, b = getattr(old, key), getattr(new, key)
            if a == b:
                continue
            label = _label(model, key)
            # A person block (总经理, 管理者代表): say “总经理由甲变更为乙”.
            if key == "name" and context:
                label = context
            elif context and not isinstance(a, (BaseModel, list)):
                label = f"{context}的{label}"
            if isinstance(a, BaseModel) or isinstance(b, BaseModel) or isinstance(a, list):
                _compare(a, b, (*path, key), _label(model, key), out)
            else:
                out.append(Change(loc_text((*path, key)), a, b,
                                  f"{label}由{_show(a)}变更为{_show(b)}"))
        return
    if isinstance(old, list) and isinstance(new, list):
        name = path[-1] if path else ""
        item_word = ITEMS.get(str(name), context)
        keyed_old: dict[str | None, Any] = {_item_key(x): x for x in old}
        keyed_new: dict[str | None, Any] = {_item_key(x): x for x in new}
        if None in keyed_old or None in keyed_new or len(keyed_old) != len(old) or len(keyed_new) != len(new):
            out.append(Change(loc_text(path), old, new,
                              f"{context}由{_show(old)}变更为{_show(new)}" if all(
                                  not isinstance(x, BaseModel) for x in [*old, *new])
                              else f"{context}已调整"))
            return
        for new_key, item in keyed_new.items():
            key = str(new_key)
            if key not in keyed_old:
                out.append(Change(loc_text(path), None, key, f"新增{item_word}“{key}”"))
            elif keyed_old[key] != item:
                index = new.index(item)
                _compare(keyed_old[key], item, (*path, index), f"{item_word}“{key}”", out)
        for old_key in keyed_old:
            if old_key not in keyed_new:
                key = str(old_key)
                out.append(Change(loc_text(path), key, None, f"删除{item_word}“{key}”"))
        return
    out.append(Change(loc_text(path), old, new, f"{context}由{_show(old)}变更为{_show(new)}"))


def summary(changes: list[Change], limit: int = 3) -> str:
    """One line for a 修订记录 row."""
    texts = [c.text for c in changes]
    if not texts:
        return "依据企业档案变更修订"
    head = "；".join(texts[:limit])
    return head + (f"等{len(texts)}项变更" if len(texts) > limit else "")


def apply_change(old: Profile, new: Profile, change: Change) -> Profile:
    """`old` with only `change` taken from `new` (a changed list item is taken whole)."""
    tokens: list[str | int] = [int(t) if t.isdigit() else t
                               for t in re.findall(r"[^.\[\]]+", change.path)]
    data = old.model_dump()
    target: Any = data
    source: Any = new.model_dump()
    for i, token in enumerate(tokens):
        last = i == len(tokens) - 1
        if isinstance(token, int):
            item = source[token]
            key = item.get("name") if isinstance(item, dict) else None
            match = next((j for j, x in enumerate(target)
                          if isinstance(x, dict) and key is not None and x.get("name") == key), None)
            if match is None:
                return Profile.model_validate(data | {str(tokens[0]): new.model_dump()[str(tokens[0])]})
            target[match] = item
            return Profile.model_validate(data)
        if last or not isinstance(source.get(token), (dict, list)):
            target[token] = source.get(token)
            return Profile.model_validate(data)
        target, source = target[token], source[token]
    return Profile.model_validate(data)
