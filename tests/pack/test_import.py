"""`templates import`: a consultancy's Word files (ours or shaped unlike ours) become a pack
whose documents, built for another company, carry that company's facts in the pack's words."""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document

from generator.builder.run import build
from generator.catalog import load_catalog
from generator.check.validate import validate_path
from generator.cli import main
from generator.docs.outline import read_outline
from generator.ooxml.tagging import Choice, Fact, tag_package
from generator.pack.facts import load_facts
from generator.pack.importer import REPORT_NAME, import_pack
from generator.pack.lint import lint_pack
from generator.profile.loader import load_profile
from generator.render.docx import render_template
from tests.clientdocs import Look, write_procedure

ROOT = Path(__file__).resolve().parents[2]
OTHER = ROOT / "profiles" / "lanqin-appliance.yaml"
CONSULTANT = "杭州启衡管理咨询有限公司"  # the consultancy's own wording marker
OLD = {"name": "宁波恒屹电器有限公司", "short": "恒屹电器", "hotline": "400-870-3321",
       "gm": "邵立群", "mr": "宋雅琴", "dept": "客户服务部"}
PARTIAL = f"""company:
  name: {OLD['name']}
  short_name: {OLD['short']}
  hotline: {OLD['hotline']}
organization:
  general_manager: {{name: {OLD['gm']}}}
  management_representative: {{name: {OLD['mr']}}}
  aftersales_department: {OLD['dept']}
document_control:
  prefix: HY
"""


def _text(folder: Path) -> str:
    parts = []
    for path in sorted(folder.rglob("*.docx")):
        outline = read_outline(path)
        parts += [b.text for b in outline.blocks] + list(outline.header_lines)
    return "\n".join(parts)


def _build(profile: Path, out: Path, pack: Path | None = None) -> Path:
    args = ["build", str(profile), "-o", str(out)] + (["--templates", str(pack)] if pack else [])
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    return out / load_profile(profile).profile.slug


# The first three make a cycle (each profile once first, once second); the last two cross
# sectors, where the second set keeps the first sector's wording by design but none of its facts.
PAIRS = [("yunzhi-software", "lanqin-appliance"), ("lanqin-appliance", "danning-medical"),
         ("danning-medical", "yunzhi-software"), ("hengli-machinery", "ruijin-uniform"),
         ("zhuhe-decoration", "qiyue-education")]


@pytest.fixture(scope="session")
def packs(built: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The pack imported from each example's built set with its own profile, made on demand."""
    class Packs(dict[str, Path]):
        def __missing__(self, stem: str) -> Path:
            pack = tmp_path_factory.mktemp("pack") / stem
            result = CliRunner().invoke(main, ["templates", "import", str(built[stem]),
                                               "--profile", str(ROOT / "profiles" / f"{stem}.yaml"),
                                               "-o", str(pack)])
            assert result.exit_code == 0, result.output
            assert "{{ co.name }}" in result.output and (pack / REPORT_NAME).is_file()
            self[stem] = pack
            return pack

    return Packs()


def _first_facts(stem: str) -> list[str]:
    """What of the first client must not reach the second set."""
    p = load_profile(ROOT / "profiles" / f"{stem}.yaml").profile
    org = p.organization
    return [p.company.name, p.company.short_name, p.company.hotline, org.general_manager.name,
            org.management_representative.name, *(d.head for d in org.departments if d.head),
            *(o.name for o in p.network.outlets), *(i.insurer for i in p.resources.insurance)]


@pytest.mark.parametrize(("first", "second"), PAIRS, ids=[f"{a}->{b}" for a, b in PAIRS])
def test_round_trip_carries_no_fact_of_the_first_company(
        first: str, second: str, built: dict[str, Path], packs: dict[str, Path],
        tmp_path: Path) -> None:
    pack = packs[first]
    assert {p.name for p in (pack / "procedures").glob("P*.docx")} == {
        p.name for p in (built[first] / "procedures").glob("P*.docx")}
    assert lint_pack(pack) == []
    report_text = (pack / REPORT_NAME).read_text(encoding="utf-8")
    assert "销售区域 → {%tr for r in region_list %}" in report_text
    assert "修订记录 → {%tr for r in this.revisions %}" in report_text
    other = ROOT / "profiles" / f"{second}.yaml"
    folder = build(other, tmp_path / "second", templates_dir=pack, refresh=False).folder
    text = _text(folder)
    own = load_profile(other).profile
    others = set(_first_facts(second))
    leaked = [f for f in _first_facts(first) if f not in others and f in text]
    assert leaked == []
    assert own.company.name in text and all(o.name in text for o in own.network.outlets)
    report = validate_path(folder, own)
    bad = [f for f in report.findings
           if f.code in ("foreign_company", "inconsistent_contact", "unrendered_tag")]
    assert bad == []


def _form_style(path: Path) -> None:
    """A consultancy's form-style procedure: the section names stand in a table."""
    doc = Document()
    doc.add_paragraph("客户投诉管理控制程序")
    table = doc.add_table(rows=0, cols=2)
    rows = [("目的", f"规范投诉处理，{CONSULTANT}推荐的做法。"),
            ("范围", f"适用于{OLD['name']}的全部客户投诉。"),
            ("职责", f"{OLD['dept']}负责受理投诉，总经理{OLD['gm']}批准处理方案。"),
            ("工作程序", f"客户拨打{OLD['hotline']}投诉，{OLD['short']}在24小时内答复。"),
            ("记录", "《客户投诉登记表》")]
    for label, text in rows:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = label, text
    doc.save(str(path))


def test_form_style_and_unstyled_headings_with_a_partial_profile(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    _form_style(src / "投诉.docx")
    write_procedure(src / "回访.docx", "客户回访管理程序", look=Look(headings="bold"),
                    company=OLD["name"], hotline=OLD["hotline"], roles=(OLD["dept"],),
                    code="HY/CX-14")
    (src / "说明.docx").write_bytes((src / "投诉.docx").read_bytes()[:0] or _note())
    facts = tmp_path / "facts.yaml"
    facts.write_text(PARTIAL, encoding="utf-8")
    report = import_pack(src, facts, tmp_path / "pack")
    placed = {f.source: f.placed for f in report.files}
    assert placed["投诉.docx"] == "procedures/P13-客户投诉管理控制程序.docx"
    assert placed["回访.docx"] == "procedures/P14-客户管理控制程序.docx"
    assert placed["说明.docx"] is None
    assert "未能放入" in (tmp_path / "pack" / REPORT_NAME).read_text(encoding="utf-8")
    second = _build(OTHER, tmp_path / "out", tmp_path / "pack")
    text = _text(second / "procedures")
    lanqin = load_profile(OTHER).profile
    assert CONSULTANT in text and lanqin.company.name in text and lanqin.company.hotline in text
    assert f"总经理{lanqin.organization.general_manager.name}批准" in text
    for value in OLD.values():
        if value != OLD["dept"]:
            assert value not in text


def test_the_report_lists_leftovers_the_profile_did_not_name(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    doc = Document()
    doc.add_paragraph("客户投诉管理控制程序")
    table = doc.add_table(rows=0, cols=2)
    for label, text in (
            ("目的", f"规范{OLD['name']}的投诉处理。"),
            ("职责", f"{OLD['dept']}负责受理，总经理{OLD['gm']}批准处理方案。"),
            ("工作程序", f"客户拨打{OLD['hotline']}投诉；重大投诉抄送杭州启衡管理咨询有限公司，"
                         "联系电话0571-88776655，负责人：周明远。"),
            ("记录", "本程序自2024年3月5日起施行，资料寄至浙江省杭州市西湖区文三路90号。")):
        cells = table.add_row().cells
        cells[0].text, cells[1].text = label, text
    doc.save(str(src / "投诉.docx"))
    facts = tmp_path / "facts.yaml"
    facts.write_text(PARTIAL, encoding="utf-8")
    import_pack(src, facts, tmp_path / "pack")
    report = (tmp_path / "pack" / REPORT_NAME).read_text(encoding="utf-8")
    lines = {line.split("：")[0]: line for line in report.splitlines() if line.startswith("- ")}
    assert "杭州启衡管理咨询有限公司" in lines["- 其他企业名称"]
    assert "0571-88776655" in lines["- 电话号码"] and "周明远" in lines["- 人名"]
    assert "2024年3月5日" in lines["- 日期"] and "文三路90号" in lines["- 地址"]
    assert all(OLD[k] not in report.split("疑似遗留信息")[1] for k in ("name", "hotline", "gm"))


def _note() -> bytes:
    doc = Document()
    doc.add_paragraph("致客户的一封信")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def test_a_fact_split_across_runs_becomes_one_tag() -> None:
    doc = Document()
    para = doc.add_paragraph()
    for piece in ("本程序适用于宁波恒", "屹电器有限", "公司。"):
        para.add_run(piece).bold = True
    para = doc.add_paragraph("模板语法 {{ 不是标签 }} 原样保留")
    out = io.BytesIO()
    doc.save(out)
    facts = [Fact(OLD["name"], (Choice("{{ co.name }}"),)),
             Fact(OLD["short"], (Choice("{{ co.short_name }}"),))]
    result = tag_package(out.getvalue(), facts, [])
    tagged = Document(io.BytesIO(result.data))
    first = tagged.paragraphs[0]
    assert first.text == "本程序适用于{{ co.name }}。"
    assert [r.text for r in first.runs if "{{" in r.text] == ["本程序适用于{{ co.name }}"]
    assert first.runs[0].bold
    assert tagged.paragraphs[1].text == "模板语法 {_{ 不是标签 }_} 原样保留"
    assert result.inserted == {"{{ co.name }}": 1}


def test_a_misspelt_key_in_the_facts_file_is_an_error_with_its_line(tmp_path: Path) -> None:
    facts = tmp_path / "facts.yaml"
    facts.write_text("company:\n  nmae: 甲公司\n", encoding="utf-8")
    src = tmp_path / "src"
    src.mkdir()
    result = CliRunner().invoke(main, ["templates", "import", str(src), "--profile", str(facts),
                                       "-o", str(tmp_path / "pack")])
    assert result.exit_code == 3
    assert "facts.yaml:2" in result.output and "name" in result.output
    assert not (tmp_path / "pack").exists()


@pytest.mark.office
def test_a_zip_of_doc_files(tmp_path: Path) -> None:
    src = tmp_path / "docx"
    src.mkdir()
    _form_style(src / "投诉.docx")
    subprocess.run([shutil.which("soffice") or "soffice", "--headless", "--convert-to", "doc",
                    "--outdir", str(tmp_path / "doc"), str(src / "投诉.docx"),
                    f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}"],
                   check=True, capture_output=True, timeout=180)
    archive = tmp_path / "pack.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.write(tmp_path / "doc" / "投诉.doc", "投诉.doc")
    facts = tmp_path / "facts.yaml"
    facts.write_text(PARTIAL, encoding="utf-8")
    report = import_pack(archive, facts, tmp_path / "pack")
    assert [f.placed for f in report.files] == ["procedures/P13-客户投诉管理控制程序.docx"]
    assert report.files[0].tags["{{ co.name }}"] == 1


def test_every_paragraph_of_the_introduction_becomes_its_tag_and_a_shorter_one_leaves_none_empty(
        tmp_path: Path) -> None:
    intro = ["恒屹电器成立于2008年，专业生产小家电。", "公司设有客户服务部，服务网络覆盖浙江全省。",
             "公司坚持以用户为中心。"]
    facts_file = tmp_path / "facts.yaml"
    facts_file.write_text(PARTIAL.replace("company:\n", "company:\n  introduction:\n"
                                          + "".join(f"    - {p}\n" for p in intro)),
                          encoding="utf-8")
    doc = Document()
    for para in ("公司简介", *intro, "其他段落。"):
        doc.add_paragraph(para)
    out = io.BytesIO()
    doc.save(out)
    facts = load_facts(facts_file, load_catalog())
    template = tmp_path / "t.docx"
    template.write_bytes(tag_package(out.getvalue(), facts.facts, facts.lists).data)
    assert [p.text for p in Document(str(template)).paragraphs] == [
        "公司简介",
        "{%p if co.introduction|length > 0 %}", "{{ co.introduction[0] }}", "{%p endif %}",
        "{%p if co.introduction|length > 1 %}", "{{ co.introduction[1] }}", "{%p endif %}",
        "{%p for x in co.introduction[2:] %}", "{{ x }}", "{%p endfor %}", "其他段落。"]
    for new in (["只有一段简介。"], ["甲。", "乙。", "丙。", "丁。"]):
        rendered = render_template(template, {"co": {"introduction": new}})
        texts = [p.text for p in Document(io.BytesIO(rendered)).paragraphs]
        assert texts == ["公司简介", *new, "其他段落。"]
