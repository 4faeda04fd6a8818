"""The eight example sets follow their trade (issue 14 acceptance), read back from the built
documents: sector procedures differ in substance, forms differ with their procedures, every law
row is complete, and no trade's regime lands in another's set."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest

from generator.catalog import load_catalog
from generator.catalog.sectors import SECTOR_IDS, form_layouts, sector_procedures, sector_set
from generator.pack.authoring.recordbuild import load_layouts
from generator.profile.loader import load_profile
from generator.render.context import build_context

from .conftest import PROFILES, ROOT
from .docfiles import CJK, all_text, section_text

SECTOR_SOURCES = ROOT / "templates" / "src" / "procedures"
COMPARED = ("P04", "P05", "P08", "P09", "P10", "P11")
BY_SECTOR = {load_profile(p).profile.company.sector: p for p in PROFILES}


def test_one_example_profile_per_sector() -> None:
    assert set(BY_SECTOR) == set(SECTOR_IDS)


def _set_text(folder: Path) -> dict[str, str]:
    return {path.relative_to(folder).as_posix(): all_text(path)
            for path in sorted(folder.rglob("*.docx"))}


def _sentences(text: str, names: list[str], prefix: str) -> set[str]:
    for name in names:
        text = text.replace(name, "")
    text = text.replace(prefix + "/", "")
    parts = re.split(r"[。；！？\n]", text)
    return {re.sub(r"\s+", "", p) for p in parts if len(CJK.findall(p)) >= 12}


def _procedure_sentences(built: dict[str, Path], sector: str, pid: str) -> set[str] | None:
    profile = load_profile(BY_SECTOR[sector]).profile
    found = list((built[BY_SECTOR[sector].stem] / "procedures").glob(f"{pid}-*.docx"))
    if not found:
        return None  # excluded (删减) in this example
    # The body (目的 … 工作程序): the 相关文件 list names the same procedures in every trade.
    text = section_text(found[0], "目的", "相关文件")
    names = [profile.company.name, profile.company.short_name]
    return _sentences(text, names, profile.document_control.prefix)


@pytest.mark.parametrize("pid", COMPARED)
def test_sector_versions_share_at_most_a_fifth_of_their_sentences(
        pid: str, built: dict[str, Path]) -> None:
    texts = {s: _procedure_sentences(built, s, pid) for s in SECTOR_IDS
             if (SECTOR_SOURCES / s / f"{pid}.txt").exists()}
    present = {s: t for s, t in texts.items() if t}
    assert len(present) >= 4, pid
    for (a, ta), (b, tb) in itertools.combinations(present.items(), 2):
        shared = len(ta & tb) / min(len(ta), len(tb))
        assert shared <= 0.20, f"{pid} {a}/{b}: {shared:.0%} {sorted(ta & tb)[:3]}"


def test_at_most_half_of_the_forms_are_identical_between_any_two_sectors() -> None:
    """Every record form of each sector's set counts, those of the shared procedures too; a
    form is identical when its fields, columns and signatures are (notes do not count)."""
    catalog, common = load_catalog(), load_layouts()
    sectors = sector_set().sectors
    fields: dict[str, dict[str, tuple[str, ...]]] = {}
    for sid, sector in sectors.items():
        own = form_layouts(sector)
        fields[sid] = {}
        for proc in sector_procedures(catalog, sector):
            for rec in proc.records:
                layout = own.get(rec.code) or common[rec.code]
                fields[sid][rec.code] = (*layout.fields, *layout.columns, *layout.sign)
    for a, b in itertools.combinations(sectors, 2):
        codes = {*fields[a], *fields[b]}
        same = [c for c in codes if fields[a].get(c) == fields[b].get(c)]
        assert len(same) <= len(codes) / 2, f"{a}/{b}: {len(same)}/{len(codes)} {sorted(same)}"


@pytest.mark.parametrize("profile", PROFILES, ids=[p.stem for p in PROFILES])
def test_every_law_row_has_issuer_and_effective_date(profile: Path) -> None:
    context = build_context(load_profile(profile).profile)
    assert context["law_rows"]
    for row in context["law_rows"]:
        assert row["issuer"] and row["effective"], row


def test_medical_set_never_applies_sanbao(built: dict[str, Path]) -> None:
    texts = _set_text(built[BY_SECTOR["medical_device"].stem])
    assert texts
    hits = [name for name, text in texts.items() if "三包" in text]
    assert hits == []


def test_software_set_has_no_return_to_factory(built: dict[str, Path]) -> None:
    texts = _set_text(built[BY_SECTOR["software_it"].stem])
    hits = [name for name, text in texts.items() if "返厂" in text]
    assert hits == []


def test_garment_set_has_no_onsite_repair(built: dict[str, Path]) -> None:
    texts = _set_text(built[BY_SECTOR["apparel"].stem])
    title = load_catalog().procedures_by_id["P04"].title
    hits = [name for name, text in texts.items() if "上门维修" in text.replace(title, "")]
    assert hits == []


def test_appliance_set_still_applies_sanbao(built: dict[str, Path]) -> None:
    manual = built[BY_SECTOR["household_appliance"].stem] / "售后服务手册.docx"
    assert "三包" in all_text(manual)
