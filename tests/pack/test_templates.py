"""The default template pack: generated from its sources, lint-clean; lint finds defects."""

from __future__ import annotations

import io
from pathlib import Path

from click.testing import CliRunner
from docx import Document
from docx.oxml.ns import qn

from generator.catalog import load_catalog
from generator.cli import main
from generator.pack.authoring.packbuild import pack_documents
from generator.pack.lint import dump_template, example_contexts, lint_pack, lint_template
from generator.pack.pack import default_pack_dir
from tests.conftest import ROOT


def test_committed_templates_match_their_sources() -> None:
    pack = default_pack_dir()
    produced = list(pack_documents(ROOT / "templates" / "src", load_catalog()))
    assert len(produced) >= 22 + 30 + 3
    for rel, doc, _ in produced:
        buffer = io.BytesIO()
        doc.save(buffer)
        committed = pack / rel
        assert committed.exists(), f"{rel} 未生成：请运行 python tools/build_templates.py"
        assert dump_template(buffer.getvalue()) == dump_template(committed), (
            f"{rel} 与源文件不一致：请运行 python tools/build_templates.py")


def test_default_pack_is_lint_clean() -> None:
    findings = lint_pack(default_pack_dir())
    assert findings == [], "\n".join(f.format() for f in findings[:20])


def test_templates_lint_cli_passes_on_default_pack() -> None:
    result = CliRunner().invoke(main, ["templates", "lint"])
    assert result.exit_code == 0, result.stderr
    assert "通过" in result.stdout


def _broken_template(path: Path) -> None:
    doc = Document()  # python-docx default: theme fonts, no East Asian font, no page field
    split = doc.add_paragraph()
    split.add_run("公司：{")
    split.add_run("{ co.name }}")
    doc.add_paragraph("热线：｛｛ co.hotline ｝｝")
    doc.add_paragraph("记录：{{ rec[“04-01”] }}")
    doc.add_paragraph("{{ nosuch.value }}")
    doc.add_paragraph("{% if tangible %}未闭合的条件")
    doc.save(str(path))


def test_lint_catches_each_planted_defect(tmp_path: Path) -> None:
    path = tmp_path / "broken.docx"
    _broken_template(path)
    rules = {f.rule for f in lint_template(path, example_contexts())}
    assert {"拆分标签", "全角字符", "语法", "字体", "页码"} <= rules


def test_lint_reports_unknown_variable_with_valid_syntax(tmp_path: Path) -> None:
    doc = Document(str(default_pack_dir() / "procedures" / "P20-文件控制程序.docx"))
    doc.add_paragraph("{{ nosuch.value }}")
    doc.add_paragraph("{{ co.no_such_attribute }}")
    path = tmp_path / "unknown.docx"
    doc.save(str(path))
    findings = lint_template(path, example_contexts())
    messages = [f.message for f in findings if f.rule == "变量"]
    assert any("nosuch" in m for m in messages)
    doc2 = Document(str(default_pack_dir() / "procedures" / "P20-文件控制程序.docx"))
    doc2.add_paragraph("{{ co.no_such_attribute }}")
    doc2.save(str(path))
    findings = lint_template(path, example_contexts())
    assert any(f.rule == "变量" and "no_such_attribute" in f.message for f in findings)


def test_lint_names_the_paragraph_of_a_syntax_error(tmp_path: Path) -> None:
    doc = Document(str(default_pack_dir() / "procedures" / "P21-记录控制程序.docx"))
    doc.add_paragraph("{{ co.name }")
    path = tmp_path / "syntax.docx"
    doc.save(str(path))
    [finding] = [f for f in lint_template(path, example_contexts()) if f.rule == "语法"]
    assert finding.paragraph is not None
    assert "co.name" in finding.text


def test_default_styles_set_east_asian_fonts() -> None:
    doc = Document(str(default_pack_dir() / "procedures" / "P04-报修、送修和上门维修服务控制程序.docx"))
    styles = doc.styles.element
    fonts = styles.find(qn("w:docDefaults")).find(".//" + qn("w:rFonts"))
    assert fonts.get(qn("w:eastAsia")) == "宋体"
    heading = doc.styles["Heading 1"].element.find(".//" + qn("w:rFonts"))
    assert heading.get(qn("w:eastAsia")) == "黑体"
    assert doc.sections[0].page_width is not None
    assert abs(doc.sections[0].page_width.cm - 21.0) < 0.01


def test_templates_list_and_dump_cli() -> None:
    runner = CliRunner()
    listed = runner.invoke(main, ["templates", "list"])
    assert listed.exit_code == 0
    assert "procedures/P13-客户投诉管理控制程序.docx" in listed.stdout
    dumped = runner.invoke(main, ["templates", "dump", "P13"])
    assert dumped.exit_code == 0
    assert "{{ this.title }}" in dumped.stdout and "# 3 职责" in dumped.stdout
