"""Checks between a profile and its sector (industry pack): what the trade's texts need and
where exclusions, commitments and sector contradict each other.

Rules (each yields a problem with its place):
1. No `company.sector`: a warning (the common texts are used) naming the ids.
2. A field the sector requires (`requires` of its file) is missing: an error at that field.
3. A department or post named in the sector functions (construction, project_manager,
   inspector, ae_monitor) is one of the profile's departments or posts.
4. Warnings: a procedure the trade usually excludes but the profile keeps without a product
   that needs it (a commitment without its form or procedure is R-EVIDENCE of
   `profile.rulechecks`); a law row of the profile without issuer or effective
   date that the law registry cannot complete.
"""

from __future__ import annotations

from collections.abc import Iterator

from generator.catalog import load_catalog
from generator.catalog.sectors import SECTOR_IDS, Sector, sector_set
from generator.errors import Severity
from generator.profile.model import Profile
from generator.yamlfile import Loc

Check = tuple[Loc, str, Severity]


def given(p: object, path: str) -> bool:
    """Whether the field at the dotted `path` is given: not None, not False, not an empty
    list or text (0 is a value)."""
    value: object = p
    for part in path.split("."):
        value = getattr(value, part, None)
    return value is not None and value is not False and value != [] and value != ""


def sector_check(p: Profile) -> list[Check]:
    sid = p.company.sector
    if sid is None:
        return [(("company", "sector"),
                 f"未指定行业（company.sector），使用通用文本；可选：{'、'.join(SECTOR_IDS)}"
                 "（svcmanual sectors 列出名称）", "warning"), *_laws(p)]
    sector = sector_set().sectors[sid]
    return [*_required(p, sector), *_names(p), *_contradictions(p, sector), *_laws(p)]


def _required(p: Profile, sector: Sector) -> Iterator[Check]:
    for path in sector.requires:
        if not given(p, path):
            yield (tuple(path.split(".")),
                   f"行业“{sector.name}”的程序文件需要 {path}，请在档案中填写", "error")


def _names(p: Profile) -> Iterator[Check]:
    org = p.organization
    depts = {d.name for d in org.departments}
    posts = {q.name for q in org.posts}
    f = org.functions
    if f.construction is not None and f.construction not in depts:
        yield (("organization", "functions", "construction"),
               f"部门“{f.construction}”不在 organization.departments 中", "error")
    for key in ("project_manager", "inspector", "ae_monitor"):
        value = getattr(f, key)
        if value is not None and value not in posts:
            yield (("organization", "functions", key),
                   f"岗位“{value}”不在 organization.posts 中，请先定义该岗位或改用已有名称", "error")


def _contradictions(p: Profile, sector: Sector) -> Iterator[Check]:
    excluded = {e.id for e in p.exclusions.procedures}
    tangible = any(x.tangible for x in p.scope.products)
    for proc_id in sector.typical_exclusions:
        if proc_id not in excluded and not tangible:
            title = load_catalog().procedures_by_id[proc_id].title
            yield (("exclusions", "procedures"),
                   f"行业“{sector.name}”没有实物商品时通常删减 {proc_id}《{title}》，"
                   "请删减或说明保留的理由", "warning")


def _laws(p: Profile) -> Iterator[Check]:
    known = {law.name for law in sector_set().laws.values()}
    for i, law in enumerate(p.laws):
        if law.name not in known and (law.issuer is None or law.effective is None):
            yield (("laws", i),
                   f"{law.name} 缺少发布机关或施行日期，且不在内置法规清单中，请补齐 issuer 和 effective",
                   "warning")
