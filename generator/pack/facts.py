"""What a consultancy knows of its previous client (a partial profile) as facts to tag.

`templates import` needs only the values to look for, so a FACTS file is the profile format
with any field left out: company name, short name, hotline, people, departments,
document control … Each value found is mapped to the render-context expression that every
profile provides (`generator.render.context`), e.g. 浙江澜沁电器有限公司 -> `{{ co.name }}`.

Rules:
1. The file is read like a profile (UTF-8, bounded YAML, lines kept); a key the profile
   format does not have is an error with its line and a "did you mean" (a typo must not
   silently leave a fact untagged). Values are not checked against the full schema.
2. Only expressions present for every profile become tags (`co.name`, `gm.name`,
   `dept.aftersales`, `this.code` …). Optional fields (website, e-mail) and list items
   outside a table (a department with no function) are `untagged`: the import report lists
   where they still appear.
3. A value shared by several roles (the general manager who also approves) keeps every
   role with its cue words; `tagging` picks by the words before it.
4. Lists that tables show one row per item (outlets, departments, posts …) become
   `ListFact`s for row loops; joined in running text ("甲、乙和丙") they become one fact.
5. When the file happens to be a complete profile, the commitment sentences of
   `render.wording.promises` are facts too.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from generator.catalog import Catalog
from generator.errors import Problem, ProfileError
from generator.ooxml.coverage import Coverage, Outlet
from generator.ooxml.listfacts import Field, ListFact
from generator.ooxml.paralists import StringList
from generator.ooxml.tagging import Choice, Fact, tag
from generator.profile.model import Profile
from generator.render.wording import (
    cn_date,
    join_cn,
    manual_code,
    procedure_code,
    promises,
    record_code,
    tidy,
)
from generator.yamlfile import loc_text, model_of, read_document, unknown_key

_FUNCTION_DEPTS = ("aftersales", "quality", "technical", "sales", "finance", "hr", "office",
                   "warehouse")
_FUNCTION_POSTS = ("dispatcher", "agent", "engineer", "parts_keeper", "doc_controller")
_TEXT_LISTS = ("premises", "tools", "safety_measures")
_ALWAYS_PROMISES = ("channels", "response", "repair", "warranty", "complaint", "callback")


@dataclass(frozen=True)
class Facts:
    path: str
    facts: tuple[Fact, ...]
    lists: tuple[ListFact, ...]
    prefix: str | None
    coverage: Coverage | None
    strings: tuple[StringList, ...]  # text lists shown one paragraph per item
    untagged: tuple[tuple[str, str], ...]  # (field, value) known but not portable
    notes: tuple[str, ...]  # choices made (a department carrying several functions)

    def for_document(self, own_code: str | None) -> list[Fact]:
        """The facts plus the codes of the set, with `own_code` as `{{ this.code }}`."""
        out = list(self.facts)
        if own_code and self.prefix:
            out.append(Fact(own_code, (Choice("{{ this.code }}"),), whole_token=True))
        return out


def load_facts(path: Path, catalog: Catalog) -> Facts:
    data, lines, problems = read_document(path, "文件为空：请至少写明 company.name")
    if not problems:
        problems = _unknown_keys(data, Profile, (), lines)
    if problems:
        raise ProfileError(str(path), problems)
    return _Collector(data, catalog).facts(str(path))


def _unknown_keys(data: Any, model: type[BaseModel], loc: tuple[str | int, ...],
                  lines: Mapping[tuple[str | int, ...], int]) -> list[Problem]:
    problems: list[Problem] = []
    if isinstance(data, list):
        for i, item in enumerate(data):
            problems += _unknown_keys(item, model, (*loc, i), lines)
        return problems
    if not isinstance(data, dict):
        return problems
    for key, value in data.items():
        field = model.model_fields.get(key)
        if field is None:
            problems.append(Problem(loc_text((*loc, key)), unknown_key(key, list(model.model_fields)),
                                    lines.get((*loc, key))))
            continue
        inner = model_of(field.annotation)
        if inner is not None:
            problems += _unknown_keys(value, inner, (*loc, key), lines)
    return problems


def _text(value: Any) -> str:
    if isinstance(value, bool) or value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.date):
        return value.isoformat()
    # as the render context shows it: "成立于 2009 年" is printed "成立于2009年"
    return str(tidy(str(value).strip())) if isinstance(value, (str, int, float)) else ""


def _get(data: Any, *keys: str) -> Any:
    for key in keys:
        if not isinstance(data, dict):
            return None
        data = data.get(key)
    return data


def _items(value: Any) -> list[dict[str, Any]]:
    return [x for x in value if isinstance(x, dict)] if isinstance(value, list) else []


class _Collector:
    def __init__(self, data: dict[str, Any], catalog: Catalog):
        self.data = data
        self.catalog = catalog
        self.choices: dict[str, list[Choice]] = {}
        self.tokens: set[str] = set()
        self.untagged: list[tuple[str, str]] = []
        self.notes: list[str] = []

    def add(self, value: Any, tag: str, *cues: str, token: bool = False) -> None:
        text = _text(value)
        if len(text) < 2:
            return
        known = self.choices.setdefault(text, [])
        if all(c.tag != tag for c in known):
            known.append(Choice(tag, cues))
        if token:
            self.tokens.add(text)

    def facts(self, path: str) -> Facts:
        d = self.data
        co = _get(d, "company") or {}
        for key in ("name", "short_name", "address", "service_hours", "industry"):
            self.add(_get(co, key), tag(f"co.{key}"))
        hotline = _text(_get(co, "hotline"))
        for form in _phone_forms(hotline):
            self.add(form, "{{ co.hotline }}")
        for key in ("website", "email", "credit_code", "postcode"):
            if _text(_get(co, key)):
                self.untagged.append((f"company.{key}", _text(_get(co, key))))
        intro = _get(co, "introduction")
        if isinstance(intro, list):
            for i, para in enumerate(intro):
                # the last one carries any further paragraphs of a longer introduction
                expr = (f"co.introduction[{i}] if co.introduction|length > {i} else ''"
                        if i < len(intro) - 1 else f"co.introduction[{i}:]|join('\\n')")
                self.add(para, tag(expr))
        self._people()
        self.add(_get(co, "legal_representative"), "{{ co.legal_representative }}", "法定代表人")
        self._units()
        self._document_control()
        self._joined()
        self._resources()
        self._promises()
        facts = tuple(Fact(text, tuple(ch), whole_token=text in self.tokens)
                      for text, ch in self.choices.items())
        prefix = _text(_get(d, "document_control", "prefix")) or None
        return Facts(path, facts, tuple(self._lists()), prefix, self._coverage(),
                     self._strings(), tuple(self.untagged), tuple(self.notes))

    def _strings(self) -> tuple[StringList, ...]:
        res = _get(self.data, "resources") or {}
        return tuple(StringList(f"res.{key}", tuple(items)) for key in _TEXT_LISTS
                     if (items := [_text(x) for x in res.get(key) or [] if _text(x)]))

    def _resources(self) -> None:
        """Resource lists joined in running text, as the default pack writes them."""
        for item in self._strings():
            for sep in ("；", "、", "，"):
                if len(item.items) > 1:
                    self.add(sep.join(item.items), tag(f"{item.expr}|join('{sep}')"))
        insured = [(_text(x.get("insurer")), _text(x.get("kind")), x.get("amount_wan"))
                   for x in _items(_get(self.data, "resources", "insurance"))]
        if not insured or any(not isinstance(a, (int, float)) for _, _, a in insured):
            return
        amount = "{{ '%g'|format(i.amount_wan) }}"
        for form, sep in (("{i}承保的{k}（保额{a}万元）", "、"), ("{i}承保的{k}，保额{a}万元", "；"),
                          ("{i}{k}，保额{a}万元", "；")):
            text = sep.join(form.format(i=i, k=k, a=f"{a:g}") for i, k, a in insured)
            expr = form.format(i="{{ i.insurer }}", k="{{ i.kind }}", a=amount)
            self.add(text, "{% for i in res.insurance %}" + expr
                     + "{% if not loop.last %}" + sep + "{% endif %}{% endfor %}")

    def _coverage(self) -> Coverage | None:
        regions = [_text(x) for x in _get(self.data, "scope", "sales_regions") or [] if _text(x)]
        outlets = [Outlet(_text(x.get("name")), _text(x.get("region")),
                          "自建" if x.get("kind") == "self_built" else "外委")
                   for x in _items(_get(self.data, "network", "outlets")) if _text(x.get("name"))]
        return Coverage(tuple(regions), tuple(outlets)) if regions and outlets else None

    def _people(self) -> None:
        org = _get(self.data, "organization") or {}
        self.add(_get(org, "general_manager", "name"), "{{ gm.name }}", "总经理")
        if _get(org, "deputy_manager", "name"):
            self.add(_get(org, "deputy_manager", "name"), "{{ leader.name }}", "副总经理",
                     "分管领导", "分管")
            self.add(_get(org, "deputy_manager", "title"), "{{ leader.title }}")
        self.add(_get(org, "management_representative", "name"), "{{ mr.name }}",
                 "管理者代表", "任命")
        dc = _get(self.data, "document_control") or {}
        self.add(_get(dc, "prepared_by"), "{{ doc.prepared_by }}", "编制", "拟制")
        self.add(_get(dc, "reviewed_by"), "{{ doc.reviewed_by }}", "审核")
        self.add(_get(dc, "approved_by"), "{{ doc.approved_by }}", "批准", "签发")
        sup = _get(org, "supervision") or {}
        self.add(_get(sup, "name"), "{{ sup.name }}")
        self.add(_get(sup, "leader"), "{{ sup.leader }}", "组长")
        self.add(_get(sup, "frequency"), "{{ sup.frequency }}")
        for group, key in (("service_managers", "name"),):
            for i, item in enumerate(_items(_get(org, group))):
                self.untagged.append((f"organization.{group}[{i}].{key}", _text(item.get(key))))

    def _units(self) -> None:
        org = _get(self.data, "organization") or {}
        functions = _get(org, "functions") or {}
        depts = {"aftersales": _text(_get(org, "aftersales_department"))}
        for key in _FUNCTION_DEPTS[1:]:
            depts[key] = _text(functions.get(key)) if isinstance(functions, dict) else ""
        if not depts["warehouse"]:
            depts["warehouse"] = depts["aftersales"]
        carried: dict[str, list[str]] = {}
        for key in _FUNCTION_DEPTS:
            if depts[key]:
                carried.setdefault(depts[key], []).append(key)
        heads = {_text(x.get("name")): x for x in _items(_get(org, "departments"))}
        for name, keys in carried.items():
            self.add(name, tag(f"dept.{keys[0]}"))
            if len(keys) > 1:
                self.notes.append(f"“{name}”承担 {'、'.join(keys)} 多项职能，统一标为 "
                                  f"dept.{keys[0]}，请核对")
            head = heads.get(name)
            if head is not None:
                self.add(head.get("head"), tag(f"dept_head.{keys[0]}"), "负责人", name)
        for name, item in heads.items():
            if name not in carried:
                self.untagged.append(("organization.departments.name", name))
                self.untagged.append((f"{name}负责人", _text(item.get("head"))))
        for key in _FUNCTION_POSTS:
            self.add(functions.get(key) if isinstance(functions, dict) else None,
                     tag(f"post.{key}"))
        self.add(_get(self.data, "resources", "information_system", "name"), "{{ system }}")
        for key in ("philosophy", "policy"):
            self.add(_get(self.data, "culture", key), tag(f"culture.{key}"))

    def _document_control(self) -> None:
        dc = _get(self.data, "document_control") or {}
        self.add(_get(dc, "version"), "{{ this.version }}", token=True)
        for key in ("issue_date", "effective_date"):
            value = _get(dc, key)
            if isinstance(value, dt.date):
                for form in _date_forms(value):
                    self.add(form, tag(f"doc.{key}"), token=True)
        prefix = _text(_get(dc, "prefix"))
        if not prefix:
            return
        self.add(manual_code(prefix), "{{ doc.manual_code }}", token=True)
        for proc in self.catalog.procedures:
            self.add(procedure_code(prefix, proc.id), tag(f"docs.{proc.id}.code"),
                     token=True)
            for rec in proc.records:
                self.add(record_code(prefix, rec.code), tag("doc.prefix") + f"/JL-{rec.code}",
                         token=True)
        for sep in ("/", "-"):
            self.add(prefix + sep, "{{ doc.prefix }}" + sep, token=True)

    def _joined(self) -> None:
        scope = _get(self.data, "scope") or {}
        names = [_text(x.get("name")) for x in _items(scope.get("products"))]
        if len(names) > 1:
            self.add(join_cn(names), "{{ product_names }}")
        regions = [_text(x) for x in scope.get("sales_regions") or [] if _text(x)]
        if len(regions) > 1:
            self.add(join_cn(regions), "{{ regions }}")
        org = _get(self.data, "organization") or {}
        depts = [_text(x.get("name")) for x in _items(org.get("departments"))]
        if len(depts) > 1:
            self.add("、".join(depts), "{{ departments|map(attribute='name')|join('、') }}")
        managers = [_text(x.get("name")) for x in _items(org.get("service_managers"))]
        if len(managers) > 1:
            self.add(join_cn(managers), "{{ manager_names }}")

    def _promises(self) -> None:
        try:
            profile = Profile.model_validate(self.data)
        except ValidationError:
            return
        sentences = promises(profile)
        for key in _ALWAYS_PROMISES:
            self.add(sentences[key], tag(f"promise.{key}"))

    def _lists(self) -> list[ListFact]:
        d = self.data
        out: list[ListFact] = []
        outlets = _items(_get(d, "network", "outlets"))
        if outlets:
            kind = "'自建' if o.kind == 'self_built' else '外委'"
            items = tuple((*_fields("o", x, ("name", "region", "address", "phone", "contact",
                                             "staff")),
                           Field(kind, "自建" if x.get("kind") == "self_built" else "外委"))
                          for x in outlets)
            every = tuple(range(len(outlets)))
            own = tuple(i for i, x in enumerate(outlets) if x.get("kind") == "self_built")
            other = tuple(i for i in every if i not in own)
            out.append(ListFact("服务网点", "o", "o.name", items,
                                (("outlets", every), ("outlets_self", own),
                                 ("outlets_entrusted", other))))
        regions = [_text(x) for x in _get(d, "scope", "sales_regions") or [] if _text(x)]
        if regions:
            out.append(ListFact("销售区域", "r", "r", tuple((Field("r", x),) for x in regions),
                                (("region_list", tuple(range(len(regions)))),), single=False))
            for x in outlets:
                self.untagged.append(("network.outlets.name", _text(x.get("name"))))
        org = _get(d, "organization") or {}
        # (label, items, loop variable, context list, fields, partial, single): departments
        # and posts carry roles, so only a sentence naming all of them is the list itself
        for label, group, var, expr, keys, partial, single in (
            ("部门", org.get("departments"), "d", "departments", ("name", "head", "head_title",
                                                               "headcount"), False, False),
            ("岗位", org.get("posts"), "p", "posts", ("name", "department", "count"), False,
             False),
            ("售后服务管理师", org.get("service_managers"), "m", "managers",
             ("name", "department", "certificate_no"), True, True),
            ("监督机构成员", _get(org, "supervision", "members"), "m", "sup.members",
             ("name", "department"), True, True),
            ("保险公司", _get(d, "resources", "insurance"), "i", "res.insurance",
             ("insurer", "kind", "amount_wan"), True, True),
            ("产品", _get(d, "scope", "products"), "x", "products",
             ("name", "category", "description"), True, False),
            ("收费项目", _get(d, "charges", "items"), "c", "charges['items']",
             ("item", "price", "note"), False, False),
            ("服务目标", _get(d, "culture", "targets"), "t", "targets", ("name", "measure"),
             False, False),
        ):
            rows = _items(group)
            if rows:
                out.append(ListFact(label, var, f"{var}.{keys[0]}",
                                    tuple(_fields(var, x, keys) for x in rows),
                                    ((expr, tuple(range(len(rows)))),), partial, single))
        for i, x in enumerate(_items(_get(d, "resources", "insurance"))):
            self.untagged.append((f"resources.insurance[{i}].insurer", _text(x.get("insurer"))))
        return out


def _fields(var: str, item: dict[str, Any], keys: tuple[str, ...]) -> tuple[Field, ...]:
    # amounts print as the templates print them: 5000, not 5000.0
    return tuple(Field(f"'%g'|format({var}.{k})" if k.endswith("_wan") else f"{var}.{k}",
                       _text(item.get(k))) for k in keys)


def _phone_forms(phone: str) -> list[str]:
    digits = re.sub(r"\D", "", phone)
    forms = [phone]
    if len(digits) == 10 and digits[0] in "48":
        forms += [digits, f"{digits[:3]}-{digits[3:6]}-{digits[6:]}",
                  f"{digits[:3]} {digits[3:6]} {digits[6:]}", f"{digits[:3]}-{digits[3:]}"]
    return [f for f in dict.fromkeys(forms) if f]


def _date_forms(value: dt.date) -> list[str]:
    y, m, d = value.year, value.month, value.day
    return [cn_date(value), f"{y}年{m:02d}月{d:02d}日", value.isoformat(), f"{y}.{m:02d}.{d:02d}",
            f"{y}/{m:02d}/{d:02d}", f"{y}-{m}-{d}", f"{y}.{m}.{d}"]
