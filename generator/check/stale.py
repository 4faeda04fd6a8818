"""Stale content: what is left over from a template or from the previous client.

Rules (each finding names the file and the heading it sits under):
1. unrendered_tag (error): "{{", "{%" or "{#" (also in full-width forms) in any text.
2. placeholder (error): XXX/××/某某 (e.g. XXX公司), 【…】, a blank of ＿＿ or ____; blanks are
   allowed in record forms ("other" documents), which are meant to be filled in.
3. foreign_company (error): a company name that is not the company's. The company is the
   profile's (name or short name); without a profile it is the one where the company names
   itself (`generator.check.parties`: header, 公司简介, 颁布令, signatures, cover), and names
   inside tables (outlet and supplier lists) are not judged. Third parties — named with their
   role (保险, 委托, 承运, 供应商, 认证 …) or of a third-party kind — are never reported; with a
   profile, its service outlets and insurers are known third parties too.
4. inconsistent_contact (error): a 400/800 number that is not the company hotline (the
   profile's, else the one given most often); outlet phones of the profile are allowed.
   Company names and numbers are reported once per file, where they first occur.
5. unknown_role (warning, needs a profile): a unit named as the subject of a line in a
   procedure's 职责 section (`names.role_candidates`) that is no department, post, function,
   supervision body or outlet of the profile.
6. At most `MAX_PER_FILE` findings of one code per file; the rest are counted in one more.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from generator.check import names, parties
from generator.check.findings import Finding
from generator.check.segment import Part, labels_of
from generator.docs.outline import Block
from generator.docs.tables import label_rows
from generator.profile.model import Profile

MAX_PER_FILE = 10
COVER_BLOCKS = 15
CLAUSE = "5.1.4.1"
_TAG = re.compile(r"\{[{%#].{0,50}?[}%#]\}|\{[{%#]")
_MARK = re.compile(r"(?<![A-Za-z])(?:[Xx]{2,}|×{2,}|某某)(?![A-Za-z])"
                   r"(?:[\u4e00-\u9fff]{0,4}?(?:有限公司|公司|集团|中心|部))?")
_BRACKET = re.compile(r"【[^】\n]{0,40}】")
_BLANK = re.compile(r"＿{2,}|_{4,}")
_HEADER = "（页眉/页脚）"


@dataclass(frozen=True)
class _Spot:
    source: str
    where: str
    text: str
    folded: str
    in_table: bool
    part: Part
    position: int  # index of the block in its part; -1 for a header/footer line
    heading: str = ""


def _spots(parts: Sequence[Part]) -> Iterator[_Spot]:
    for part in parts:
        if part.first_of_source:
            for line, folded in zip(part.outline.header_lines, part.outline.header_folded,
                                    strict=False):
                yield _Spot(part.source, part.source + _HEADER, line, folded, False, part, -1,
                            "")
        heading = part.title
        for position, block in enumerate(part.outline.blocks):
            if block.kind == "heading":
                heading = block.text
            where = f"{part.source}: {_short(heading)}" if heading else part.source
            # a two-column "label | text" table is the document's running text, not a list
            listed = block.kind == "table" and not label_rows(block.rows)
            yield _Spot(part.source, where, block.text, block.folded, listed, part,
                        position, heading)


def _short(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


class _Collector:
    def __init__(self) -> None:
        self.findings: list[Finding] = []
        self._count: Counter[tuple[str, str]] = Counter()

    def add(self, spot_source: str, finding: Finding) -> None:
        key = (finding.code, spot_source)
        self._count[key] += 1
        if self._count[key] <= MAX_PER_FILE:
            self.findings.append(finding)

    def overflow(self) -> list[Finding]:
        out = []
        for (code, source), count in self._count.items():
            if count > MAX_PER_FILE:
                severity = next(f.severity for f in self.findings if f.code == code)
                out.append(Finding(severity, code, CLAUSE,
                                   f"同类问题另有 {count - MAX_PER_FILE} 处未逐条列出", source,
                                   "more"))
        return out


def stale_findings(parts: Sequence[Part], profile: Profile | None) -> list[Finding]:
    spots = list(_spots(parts))
    out = _Collector()
    for spot in spots:
        for finding in _template_leftovers(spot):
            out.add(spot.source, finding)
    for finding, source in _companies(spots, profile):
        out.add(source, finding)
    for finding, source in _hotlines(spots, profile):
        out.add(source, finding)
    if profile is not None:
        for finding, source in _roles(parts, profile):
            out.add(source, finding)
    return out.findings + out.overflow()


def _template_leftovers(spot: _Spot) -> Iterator[Finding]:
    tag = _TAG.search(spot.folded)
    if tag:
        yield Finding("error", "unrendered_tag", CLAUSE,
                      f"有未替换的模板标记“{tag.group(0)}”，请填入实际内容", spot.where,
                      tag.group(0))
    marks = [m.group(0) for m in _MARK.finditer(spot.folded)]
    marks += [m.group(0) for m in _BRACKET.finditer(spot.folded)]
    if spot.part.role != "other":
        marks += [m.group(0) for m in _BLANK.finditer(spot.text)]
    for mark in dict.fromkeys(marks):
        yield Finding("error", "placeholder", CLAUSE,
                      f"有未填写的占位内容“{mark}”，请替换为本企业的实际信息", spot.where, mark)


def _companies(spots: list[_Spot], profile: Profile | None) -> Iterator[tuple[Finding, str]]:
    found = [(name, spot) for spot in spots for name in names.company_names(spot.folded)]
    if not found:
        return
    if profile is not None:
        own, short = profile.company.name, profile.company.short_name
        third = [o.name for o in profile.network.outlets]
        third += [i.insurer for i in profile.resources.insurance]
    else:
        own = parties.own_company([_mention(n, s) for n, s in found]) or found[0][0]
        short, third = "", []
    foreign = [(name, spot) for name, spot in found
               if not (profile is None and spot.in_table)
               and not names.same_company(name, own, short)
               and not any(names.same_company(name, t) for t in third)
               and not parties.is_third_party(_mention(name, spot))]
    # "…归X有限公司" and "X有限公司" are one name whose left edge was cut differently
    shortest = {n for n, _ in foreign}
    foreign = [(min((m for m in shortest if n.endswith(m)), key=len), s) for n, s in foreign]
    reported: set[tuple[str, str]] = set()
    for name, spot in foreign:
        if (name, spot.source) in reported:
            continue
        reported.add((name, spot.source))
        count = sum(1 for n, s in foreign if n == name and s.source == spot.source)
        times = f"（本文件共 {count} 处）" if count > 1 else ""
        yield Finding("error", "foreign_company", CLAUSE,
                      f"出现其他企业名称“{name}”{times}，与本企业“{own}”不符，"
                      "疑为沿用其他企业文件未改净", spot.where, name), spot.source


def _mention(name: str, spot: _Spot) -> parties.Mention:
    cover = spot.part.role == "manual" and 0 <= spot.position < COVER_BLOCKS
    return parties.Mention(name, spot.folded, spot.heading, spot.position < 0, spot.in_table,
                           cover)


def _hotlines(spots: list[_Spot], profile: Profile | None) -> Iterator[tuple[Finding, str]]:
    found = [(num, shown, spot) for spot in spots for num, shown in names.hotlines(spot.folded)]
    if not found:
        return
    allowed: set[str] = set()
    if profile is not None:
        main = names.digits(profile.company.hotline)
        shown_main = profile.company.hotline
        allowed = {names.digits(o.phone) for o in profile.network.outlets}
    else:
        counts = Counter(num for num, _, _ in found)
        best = max(counts.values())
        main = next(num for num, _, _ in found if counts[num] == best)
        shown_main = next(shown for num, shown, _ in found if num == main)
    seen: set[tuple[str, str]] = set()
    for num, shown, spot in found:
        if num == main or num in allowed or (num, spot.source) in seen:
            continue
        seen.add((num, spot.source))
        yield Finding("error", "inconsistent_contact", "5.1.7",
                      f"服务热线“{shown}”与企业服务热线“{shown_main}”不一致，"
                      "对外公布的联系方式应统一", spot.where, num), spot.source


def _known_roles(profile: Profile) -> list[str]:
    org = profile.organization
    known = [d.name for d in org.departments] + [p.name for p in org.posts]
    known += [v for v in org.functions.model_dump().values() if isinstance(v, str)]
    known += [org.aftersales_department, org.supervision.name]
    known += [o.name for o in profile.network.outlets]
    return known


def _roles(parts: Sequence[Part], profile: Profile) -> Iterator[tuple[Finding, str]]:
    known = _known_roles(profile)
    reported: set[str] = set()
    for part in parts:
        if part.role != "procedure":
            continue
        for block, heading in _responsibility_blocks(part):
            for name in names.role_candidates(block.key, block.kind == "heading"):
                if name in reported or names.known_role(name, known):
                    continue
                reported.add(name)
                yield Finding(
                    "warning", "unknown_role", CLAUSE,
                    f"职责中的“{name}”不是企业档案中的部门或岗位"
                    "（organization.departments / posts），请核对名称或补充到档案",
                    f"{part.source}: {_short(heading)}", name), part.source


def _responsibility_blocks(part: Part) -> Iterator[tuple[Block, str]]:
    """Blocks of the 职责 section with the heading each sits under."""
    inside = False
    heading = part.title
    for block in part.outline.blocks:
        if block.kind == "heading":
            heading = block.text
        labels = labels_of(block)
        if labels:
            inside = "responsibilities" in labels
            if inside and block.kind != "heading":
                yield block, heading  # "职责：由…负责" carries its text inline
            continue
        if inside and block.kind != "table":
            yield block, heading
