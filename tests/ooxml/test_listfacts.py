"""Profile lists an imported file names outside tables: in a sentence, one paragraph per item,
a single name, or inside a chart the build drew; each is tagged so that the next company's
set shows its own items, checked by rendering the tagged file and reopening it."""

from __future__ import annotations

import io
from pathlib import Path

from docx import Document
from docx.oxml import parse_xml

from generator.ooxml.drawing import CHART_NAMES, Box, Drawing, drawing_run
from generator.ooxml.listfacts import Field, ListFact
from generator.ooxml.tagging import Choice, Fact, tag_package
from generator.render.docx import render_template

KIND = "'自建' if o.kind == 'self_built' else '外委'"
OLD_OUTLETS = (("甲维修公司", "外委", "12"), ("乙服务站", "自建", "8"), ("丙维修部", "外委", "5"))
OUTLETS = ListFact("服务网点", "o", "o.name",
                   tuple((Field("o.name", n), Field(KIND, k), Field("o.staff", s))
                         for n, k, s in OLD_OUTLETS),
                   (("outlets", (0, 1, 2)), ("outlets_self", (1,)), ("outlets_entrusted", (0, 2))))
INSURANCE = ListFact("保险公司", "i", "i.insurer",
                     ((Field("i.insurer", "甲保险公司"), Field("i.kind", "产品责任险"),
                       Field("'%g'|format(i.amount_wan)", "5000")),),
                     (("res.insurance", (0,)),))
NEW = {"outlets": [{"name": "东城服务站", "kind": "self_built", "staff": 10},
                   {"name": "西城维修公司", "kind": "entrusted", "staff": 6}],
       "res": {"insurance": [{"insurer": "乙保险公司", "kind": "雇主责任险", "amount_wan": 300}]},
       "images": {"org_chart": "（组织架构图）"}}
NEW["outlets_self"] = NEW["outlets"][:1]
NEW["outlets_entrusted"] = NEW["outlets"][1:]


def _previous_client() -> bytes:
    doc = Document()
    for text in ("各网点（甲维修公司、乙服务站和丙维修部）按月报送工单统计。",
                 "公司投保的产品责任险（甲保险公司，保额5000万元）覆盖产品责任。",
                 "服务网点如下：",
                 "（1）甲维修公司（外委），12人；", "（2）乙服务站（自建），8人；",
                 "（3）丙维修部（外委），5人。",
                 "新员工的实操培训由乙服务站负责。"):
        doc.add_paragraph(text)
    chart = Drawing(CHART_NAMES["org_chart"], 60, 20,
                    boxes=[Box(0, 0, 30, 8, ("甲维修公司",)), Box(30, 0, 30, 8, ("12人",))])
    doc.add_paragraph()._p.append(parse_xml(drawing_run(chart, 7)))
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def test_outlets_and_insurers_outside_tables_become_the_next_companys(tmp_path: Path) -> None:
    result = tag_package(_previous_client(), [], [OUTLETS, INSURANCE])
    template = tmp_path / "t.docx"
    template.write_bytes(result.data)
    assert "{{ images.org_chart }}" in Document(str(template)).paragraphs[-1].text
    assert any("第 2 项服务网点" in note for note in result.unmapped)
    rendered = Document(io.BytesIO(render_template(template, NEW)))
    assert [p.text for p in rendered.paragraphs] == [
        "各网点（东城服务站和西城维修公司）按月报送工单统计。",
        "公司投保的雇主责任险（乙保险公司，保额300万元）覆盖产品责任。",
        "服务网点如下：",
        "（1）东城服务站（自建），10人；", "（2）西城维修公司（外委），6人。",
        "新员工的实操培训由西城维修公司负责。",
        "（组织架构图）"]


def test_a_sentence_naming_some_departments_keeps_them_and_one_naming_a_subset_loops_it(
        tmp_path: Path) -> None:
    departments = ListFact("部门", "d", "d.name",
                           tuple((Field("d.name", n),) for n in ("客户服务部", "质量部", "财务部",
                                                                 "办公室")),
                           (("departments", (0, 1, 2, 3)),), partial=False, single=False)
    doc = Document()
    doc.add_paragraph("客户服务部、质量部和财务部共同组成评审组。")
    doc.add_paragraph("自建网点乙服务站负责巡检，外委网点甲维修公司、丙维修部负责上门。")
    out = io.BytesIO()
    doc.save(out)
    tagged = Document(io.BytesIO(tag_package(out.getvalue(), [], [departments, OUTLETS]).data))
    assert tagged.paragraphs[0].text == "客户服务部、质量部和财务部共同组成评审组。"
    assert ("{% for o in outlets_entrusted %}{{ o.name }}{% if not loop.last %}、{% endif %}"
            "{% endfor %}负责上门") in tagged.paragraphs[1].text


def test_a_joined_list_that_is_a_fact_keeps_its_fact_tag_whole() -> None:
    doc = Document()
    doc.add_paragraph("服务网点为甲维修公司、乙服务站和丙维修部。")
    out = io.BytesIO()
    doc.save(out)
    joined = Fact("甲维修公司、乙服务站和丙维修部", (Choice("{{ outlet_names }}"),))
    result = tag_package(out.getvalue(), [joined], [OUTLETS])
    assert Document(io.BytesIO(result.data)).paragraphs[0].text == "服务网点为{{ outlet_names }}。"
    assert result.unmapped == [] and result.loops == []


def test_a_cell_listing_one_item_a_paragraph_stays_valid_for_an_empty_list(tmp_path: Path) -> None:
    doc = Document()
    cell = doc.add_table(rows=1, cols=1).rows[0].cells[0]
    cell.text = "甲维修公司（外委），12人"
    for name, kind, staff in OLD_OUTLETS[1:]:
        cell.add_paragraph(f"{name}（{kind}），{staff}人")
    out = io.BytesIO()
    doc.save(out)
    template = tmp_path / "t.docx"
    template.write_bytes(tag_package(out.getvalue(), [], [OUTLETS]).data)
    for outlets, texts in ((NEW["outlets"], ["东城服务站（自建），10人", "西城维修公司（外委），6人", ""]),
                           ([], [""])):
        rendered = Document(io.BytesIO(render_template(template, {**NEW, "outlets": outlets})))
        assert [p.text for p in rendered.tables[0].rows[0].cells[0].paragraphs] == texts


def test_a_bracketed_listing_disappears_with_its_brackets_for_an_empty_list(tmp_path: Path) -> None:
    result = tag_package(_previous_client(), [], [OUTLETS, INSURANCE])
    template = tmp_path / "t.docx"
    template.write_bytes(result.data)
    empty = {**NEW, "outlets": [], "outlets_self": [], "outlets_entrusted": []}
    rendered = Document(io.BytesIO(render_template(template, empty)))
    assert rendered.paragraphs[0].text == "各网点按月报送工单统计。"
