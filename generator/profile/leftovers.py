"""Another company's names left in a profile: the classic defect of a profile copied from an
example or from the last client and edited by hand.

Rules:
1. The other companies are the example profiles shipped with the tool (`example_companies`,
   for every load) and, for a build, the companies whose sets lie in the same output folder
   (`sibling_companies`: each set's manifest keeps the profile it was built from).
2. A company's marks are its trade name (字号), the start of its short name: its first two
   characters when the short name has three or more (澜沁电器 → 澜沁, 栖衡云智 → 栖衡), else the
   whole short name; and, for an example, the domains of its website and e-mail
   (lanqin-appliance.cn). Between two clients a domain is no mark: which of them it belongs
   to cannot be told, while a trade name belongs to the company whose name holds it.
3. A company whose trade name stands in this company's own name or short name is not another
   company (a sister company, or this company's own earlier set); nor is one of the same name.
4. Every text of the profile holding another company's mark is a warning at its line,
   at most `MAX_PLACES` per company and one more line counting the rest; the document code
   prefix is reported too when it equals that company's (only then: two clients may share
   a prefix by chance), and so is a 统一社会信用代码 equal to that company's.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from generator.diskcache import cache_dir, read_sealed, write_sealed
from generator.errors import Problem
from generator.profile.model import Profile
from generator.resources import example_profiles
from generator.yamlfile import Loc, line_for, load_data, loc_text

MAX_PLACES = 10
_FORMAT = b"svcmanual-examples-3"


@dataclass(frozen=True)
class Company:
    name: str
    short_name: str
    prefix: str
    source: str  # how the warning names where it comes from: 示例档案 lanqin-appliance …
    domains: tuple[str, ...] = ()
    credit_code: str = ""


def domain_of(address: str) -> str:
    """www.lanqin-appliance.cn, https://…/x, service@lanqin-appliance.cn -> lanqin-appliance.cn"""
    host = address.strip().lower().split("@")[-1].split("//")[-1].split("/")[0]
    return host.removeprefix("www.")


def trade_name(short_name: str) -> str:
    short = short_name.strip()
    return short[:2] if len(short) >= 3 else short


def _company(data: Any, source: str, domains_are_marks: bool = True) -> Company | None:
    try:
        company, control = data["company"], data.get("document_control") or {}
        domains = {domain_of(str(company[k])) for k in ("website", "email")
                   if domains_are_marks and company.get(k)}
        return Company(str(company["name"]), str(company["short_name"]),
                       str(control.get("prefix") or ""), source,
                       tuple(sorted(d for d in domains if "." in d)),
                       str(company.get("credit_code") or ""))
    except (TypeError, KeyError, AttributeError):
        return None


_EXAMPLES: dict[tuple[tuple[str, int, int], ...], list[Company]] = {}


def example_companies() -> list[Company]:
    """The companies of the shipped example profiles: parsed once per content (disk cache),
    read once per process while the files are unchanged."""
    files = example_profiles()
    try:
        seen = tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in files.values())
    except OSError:
        return _examples(files)
    if seen not in _EXAMPLES:
        _EXAMPLES.clear()
        _EXAMPLES[seen] = _examples(files)
    return _EXAMPLES[seen]


def _examples(files: dict[str, Path]) -> list[Company]:
    texts: dict[str, bytes] = {}
    for stem, file in files.items():
        try:
            texts[stem] = file.read_bytes()
        except OSError:
            continue  # an example that cannot be read is no company to compare with
    digest = hashlib.sha256(_FORMAT)
    for stem, raw in texts.items():
        digest.update(stem.encode("utf-8") + b"\0" + hashlib.sha256(raw).digest())
    folder = cache_dir()
    path = folder / "examples" / f"{digest.hexdigest()}.bin" if folder else None
    stored = read_sealed(path) if path else None
    if stored is not None:
        return [Company(row[0], row[1], row[2], row[3], tuple(row[4]), row[5])
                for row in json.loads(stored)]
    found: list[Company] = []
    for stem, raw in texts.items():
        try:
            company = _company(load_data(raw.decode("utf-8")), f"示例档案 {stem}")
        except (ValueError, yaml.YAMLError):
            continue
        if company is not None:
            found.append(company)
    if path is not None:
        rows = [[c.name, c.short_name, c.prefix, c.source, c.domains, c.credit_code] for c in found]
        write_sealed(path, json.dumps(rows, ensure_ascii=False).encode("utf-8"))
    return found


_SIBLINGS: dict[tuple[str, int, int], Company | None] = {}


def sibling_companies(out_root: Path, own_slug: str, manifest_name: str) -> list[Company]:
    """The companies of the other sets in `out_root` (from their manifests, each read once
    per process while it is unchanged)."""
    found: list[Company] = []
    try:
        folders = sorted(p for p in out_root.iterdir()  # not the hidden staging and old sets
                         if p.is_dir() and p.name != own_slug and not p.name.startswith("."))
    except OSError:
        return []
    for folder in folders:
        manifest = folder / manifest_name
        try:
            st = manifest.stat()
        except OSError:
            continue
        key = (str(manifest), st.st_mtime_ns, st.st_size)
        if key not in _SIBLINGS:
            try:
                raw = json.loads(manifest.read_text("utf-8"))
            except (OSError, ValueError):
                raw = None
            _SIBLINGS[key] = _company(raw.get("profile") if isinstance(raw, dict) else None,
                                      f"输出目录中的文件集 {folder}", domains_are_marks=False)
        company = _SIBLINGS[key]
        if company is not None and all(c.name != company.name for c in found):
            found.append(company)
    return found


def _texts(value: Any, loc: Loc = ()) -> Iterator[tuple[Loc, str]]:
    if isinstance(value, str):
        yield loc, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _texts(item, (*loc, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _texts(item, (*loc, i))


def leftovers(profile: Profile, lines: Mapping[Loc, int],
              others: Iterable[Company]) -> list[Problem]:
    """Warnings for every text of `profile` holding another company's trade name."""
    own = profile.company
    texts = list(_texts(profile.model_dump(mode="json")))
    problems: list[Problem] = []
    for other in others:
        brand = trade_name(other.short_name)
        if (not brand or other.name == own.name or brand in own.name
                or brand in own.short_name):
            continue
        marks = [brand, *other.domains]
        places = [(loc, text, next(m for m in marks if m in text))
                  for loc, text in texts if any(m in text for m in marks)]
        same_code = bool(other.credit_code) and own.credit_code == other.credit_code
        if not places and not same_code:
            continue
        said = f"{other.source} 中的企业“{other.name}”"
        for loc, text, mark in places[:MAX_PLACES]:
            excerpt = text if len(text) <= 40 else text[:38] + "…"
            what = f"字号“{mark}”" if mark == brand else f"域名“{mark}”"
            problems.append(Problem(
                loc_text(loc), f"“{excerpt}”中有{said}的{what}，疑为复制该档案后未改净；"
                f"请改为本企业（{own.short_name}）的名称、网址、邮箱、账号或系统名",
                line_for(lines, loc), "warning"))
        if len(places) > MAX_PLACES:
            first = places[MAX_PLACES][0]
            problems.append(Problem(loc_text(first),
                                    f"另有 {len(places) - MAX_PLACES} 处含{said}的字号或域名，请逐一核对",
                                    line_for(lines, first), "warning"))
        if same_code:
            loc = ("company", "credit_code")
            problems.append(Problem(
                loc_text(loc), f"统一社会信用代码与{said}的相同，两家企业的代码不会相同；"
                "请按营业执照核对是哪一份档案填错",
                line_for(lines, loc), "warning"))
        prefix = profile.document_control.prefix
        if places and other.prefix and prefix == other.prefix:
            loc = ("document_control", "prefix")
            problems.append(Problem(
                loc_text(loc), f"文件编号前缀“{prefix}”与{said}的相同，疑为沿用；"
                "请改为本企业的前缀（如公司简称的拼音首字母）", line_for(lines, loc), "warning"))
    return problems
