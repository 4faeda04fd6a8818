"""The 22 procedures as built for every example profile, read back from the .docx files."""

from __future__ import annotations

import itertools
import json
import subprocess
from pathlib import Path

import pytest
import yaml

from generator.builder.run import build
from generator.catalog import load_catalog
from generator.profile.loader import load_profile
from generator.render.wording import promises
from tests.conftest import PROFILES
from tests.docfiles import CJK, all_text, headings, section_text, sentences

SECTIONS = ("目的", "范围", "职责", "工作程序", "相关文件", "记录")


def procedure_files(folder: Path) -> dict[str, Path]:
    return {p.name[:3]: p for p in sorted((folder / "procedures").glob("P*.docx"))}


@pytest.mark.parametrize("profile", PROFILES, ids=[p.stem for p in PROFILES])
def test_procedure_set_follows_exclusions(profile: Path, built: dict[str, Path]) -> None:
    loaded = load_profile(profile).profile
    excluded = {e.id for e in loaded.exclusions.procedures}
    files = procedure_files(built[profile.stem])
    assert set(files) == {f"P{n:02d}" for n in range(1, 23)} - excluded
    titles = {p.id: p.title for p in load_catalog().procedures}
    for pid, path in files.items():
        assert path.name == f"{pid}-{titles[pid]}.docx"


@pytest.mark.parametrize("profile", PROFILES, ids=[p.stem for p in PROFILES])
def test_each_procedure_has_six_sections_and_no_tags(profile: Path, built: dict[str, Path]) -> None:
    company = load_profile(profile).profile.company
    for pid, path in procedure_files(built[profile.stem]).items():
        top = [h for h in headings(path) if h[:2].strip().isdigit() and "." not in h.split()[0]]
        assert [h.split(" ", 1)[1] for h in top] == list(SECTIONS), pid
        text = all_text(path)
        assert "{{" not in text and "{%" not in text, pid
        assert company.name in text, pid
        assert "None" not in text, pid


@pytest.mark.parametrize("profile", PROFILES, ids=[p.stem for p in PROFILES])
def test_responsibilities_and_procedure_hold_1500_chinese_characters(
        profile: Path, built: dict[str, Path]) -> None:
    for pid, path in procedure_files(built[profile.stem]).items():
        body = section_text(path, "职责", "相关文件")
        assert len(CJK.findall(body)) >= 1500, pid


@pytest.mark.parametrize("profile", PROFILES, ids=[p.stem for p in PROFILES])
def test_no_two_procedures_share_more_than_30_percent_of_sentences(
        profile: Path, built: dict[str, Path]) -> None:
    texts = {pid: sentences(section_text(p, "目的", "相关文件"))
             for pid, p in procedure_files(built[profile.stem]).items()}
    for (a, sa), (b, sb) in itertools.combinations(texts.items(), 2):
        shared = len(sa & sb)
        assert shared <= 0.3 * min(len(sa), len(sb)), (a, b, sorted(sa & sb)[:5])


@pytest.mark.parametrize("profile", PROFILES, ids=[p.stem for p in PROFILES])
def test_profile_names_and_commitments_appear_where_they_belong(
        profile: Path, built: dict[str, Path]) -> None:
    loaded = load_profile(profile).profile
    files = procedure_files(built[profile.stem])
    promise = promises(loaded)
    p04 = all_text(files["P04"])
    assert promise["response"] in p04
    assert loaded.company.hotline in p04
    assert loaded.organization.aftersales_department in p04
    assert promise["complaint"] in all_text(files["P13"])
    assert loaded.organization.supervision.name in all_text(files["P19"])
    assert loaded.document_control.prefix + "/CX-20" in all_text(files["P20"])


def test_changing_a_commitment_changes_the_text(tmp_path: Path) -> None:
    source = PROFILES[0]
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    data["commitments"]["response_hours"] = 5
    changed = tmp_path / "changed.yaml"
    changed.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = build(changed, tmp_path / "out", refresh=False)
    p04 = next((result.folder / "procedures").glob("P04-*.docx"))
    text = all_text(p04)
    assert "接到客户服务需求后5小时内响应" in text
    assert "接到客户服务需求后2小时内响应" not in text


def test_hostile_values_render_literally(tmp_path: Path) -> None:
    data = yaml.safe_load(PROFILES[0].read_text(encoding="utf-8"))
    hostile = 'A&B<测试>"公司"{{ 7*7 }}{% if true %}'
    data["company"]["name"] = hostile
    data["organization"]["supervision"]["name"] = "监督组]]></w:t>&amp;"
    profile = tmp_path / "hostile.yaml"
    profile.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = build(profile, tmp_path / "out", refresh=False)
    for path in (result.folder / "procedures").glob("*.docx"):
        text = all_text(path)  # reopening proves the XML is intact
        assert hostile in text
        assert "49" not in text.split(hostile)[0][-5:]
    assert "监督组]]></w:t>&amp;" in all_text(next((result.folder / "procedures").glob("P19-*")))


def test_custom_template_pack_overrides_by_name(tmp_path: Path) -> None:
    from docx import Document

    from generator.pack.pack import default_pack_dir

    name = "P13-客户投诉管理控制程序.docx"
    pack = tmp_path / "pack" / "procedures"
    pack.mkdir(parents=True)
    doc = Document(str(default_pack_dir() / "procedures" / name))
    doc.add_paragraph("本公司投诉受理专线：{{ co.hotline }}（咨询公司定制条款）")
    doc.save(str(pack / name))
    result = build(PROFILES[0], tmp_path / "out", templates_dir=tmp_path / "pack", refresh=False)
    files = procedure_files(result.folder)
    assert "咨询公司定制条款" in all_text(files["P13"])
    assert "咨询公司定制条款" not in all_text(files["P14"])
    manifest = json.loads((result.folder / "manifest.json").read_text("utf-8"))
    entry = next(d for d in manifest["documents"] if d["id"] == "P13")
    assert entry["template"] == name


def test_manifest_follows_the_contract(built: dict[str, Path]) -> None:
    folder = next(iter(built.values()))
    manifest = json.loads((folder / "manifest.json").read_text("utf-8"))
    assert {"generator_version", "profile_sha256", "generated_at", "documents"} <= set(manifest)
    for doc in manifest["documents"]:
        assert {"id", "title", "code", "version", "path", "template", "template_sha256",
                "content_sha256"} <= set(doc)
        assert (folder / doc["path"]).is_file()


def test_render_error_names_template_and_text(tmp_path: Path) -> None:
    from docx import Document

    from generator.errors import TemplateRenderError
    from generator.pack.pack import default_pack_dir

    name = "P02-服务承诺与目标控制程序.docx"
    pack = tmp_path / "pack" / "procedures"
    pack.mkdir(parents=True)
    doc = Document(str(default_pack_dir() / "procedures" / name))
    doc.add_paragraph("承诺负责人为{{ co.no_such_field }}，特此说明")
    doc.save(str(pack / name))
    with pytest.raises(TemplateRenderError) as info:
        build(PROFILES[0], tmp_path / "out", templates_dir=tmp_path / "pack", refresh=False)
    message = info.value.render()
    assert name in message and "no_such_field" in message and "承诺负责人为" in message
    assert not (tmp_path / "out" / load_profile(PROFILES[0]).profile.slug).exists()


@pytest.mark.office
def test_libreoffice_pdf_shows_cjk_header_page_numbers_and_control_block(
        built: dict[str, Path], tmp_path: Path) -> None:
    from generator.assemble.office import convert_to_pdf

    folder = built[PROFILES[0].stem]
    files = procedure_files(folder)
    pdfs = convert_to_pdf([files["P04"], files["P20"]], tmp_path)
    for pdf in pdfs:
        text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                              text=True, check=True).stdout
        pages = text.count("\f")
        assert f"第 1 页 共 {pages} 页" in text or f"第1页共{pages}页" in text.replace(" ", "")
        assert "编制" in text and "批准" in text and "受控状态" in text
        assert "修订记录" in text
        fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True,
                               check=True).stdout
        assert "CJK" in fonts
