"""Tables an imported file shows that no single list explains: 修订记录 and region coverage;
and the document properties of the previous client."""

from __future__ import annotations

import io
import zipfile

from docx import Document

from generator.ooxml.coverage import Coverage, Outlet
from generator.ooxml.tagging import Choice, Fact, tag_package

COV = Coverage(("华东", "华南", "西北"), (Outlet("甲维修公司", "华东", "外委"),
                                        Outlet("乙服务站", "华东", "自建"),
                                        Outlet("丙维修部", "华南", "外委")))


def _docx(rows: list[tuple[str, ...]], **props: str) -> bytes:
    doc = Document()
    table = doc.add_table(rows=0, cols=len(rows[0]))
    for row in rows:
        for cell, text in zip(table.add_row().cells, row, strict=True):
            cell.text = text
    for key, value in props.items():
        setattr(doc.core_properties, key, value)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _rows(data: bytes) -> list[list[str]]:
    return [[c.text for c in r.cells] for r in Document(io.BytesIO(data)).tables[0].rows]


def test_a_revision_history_becomes_the_revisions_loop() -> None:
    data = _docx([("版本", "修订日期", "修订内容", "修订人", "批准人"),
                  ("A/0", "2024-01-05", "首次发布", "宋雅琴", "邵立群"),
                  ("A/1", "2025-03-01", "调整投诉时限", "宋雅琴", "邵立群")])
    facts = [Fact("邵立群", (Choice("{{ gm.name }}"),))]
    result = tag_package(data, facts, [])
    assert _rows(result.data) == [
        ["版本", "修订日期", "修订内容", "修订人", "批准人"],
        ["{%tr for r in this.revisions %}", "", "", "", ""],
        ["{{ r.version }}", "{{ r.date }}", "{{ r.change }}", "{{ r.by }}", "{{ r.approved_by }}"],
        ["{%tr endfor %}", "", "", "", ""]]
    assert "修订记录 → {%tr for r in this.revisions %}" in result.loops


def test_a_region_coverage_table_becomes_a_loop_over_regions_and_their_outlets() -> None:
    data = _docx([("区域", "网点", "方式"),
                  ("华东", "甲维修公司，乙服务站", "就近上门"),
                  ("华南", "丙维修部", "就近上门"),
                  ("西北", "总部派员", "远程支持")])
    rows = _rows(tag_package(data, [], [], COV).data)
    assert rows[0] == ["区域", "网点", "方式"] and len(rows) == 4
    covers = "{% for o in outlets if r in o.region or o.region in r %}"
    assert rows[1][0] == "{%tr for r in region_list %}" and rows[3][0] == "{%tr endfor %}"
    assert rows[2] == ["{{ r }}",
                       covers + "{{ o.name }}{% if not loop.last %}，{% endif %}{% else %}总部派员"
                       "{% endfor %}",
                       covers + "{% if loop.first %}就近上门{% endif %}{% else %}远程支持{% endfor %}"]


def test_an_outlet_cell_written_otherwise_takes_the_default_wording_and_says_so() -> None:
    data = _docx([("区域", "网点"), ("华东", "甲维修公司等2家"), ("华南", "丙维修部等1家"),
                  ("西北", "无")])
    result = tag_package(data, [], [], COV)
    rows = _rows(result.data)
    assert "{{ o.name }}（{{ '自建' if o.kind == 'self_built' else '外委' }}）" in rows[2][1]
    assert any("默认模板的写法" in note for note in result.unmapped)


def test_an_outlet_list_one_row_per_outlet_is_not_a_coverage_table() -> None:
    data = _docx([("网点", "区域"), ("甲维修公司", "华东"), ("丙维修部", "华南")])
    assert _rows(tag_package(data, [], [], COV).data)[1] == ["甲维修公司", "华东"]


def test_document_properties_lose_the_previous_client() -> None:
    data = _docx([("甲",)], title="恒屹电器售后服务手册", author="宋雅琴", subject="宁波恒屹电器有限公司",
                 comments="启衡咨询编制")
    facts = [Fact("宁波恒屹电器有限公司", (Choice("{{ co.name }}"),)),
             Fact("恒屹电器", (Choice("{{ co.short_name }}"),)),
             Fact("宋雅琴", (Choice("{{ mr.name }}"),))]
    result = tag_package(data, facts, [])
    props = Document(io.BytesIO(result.data)).core_properties
    assert (props.title, props.author, props.subject) == ("售后服务手册", "", "")
    assert props.comments == "启衡咨询编制"
    assert set(result.properties) == {"title", "creator", "subject"}
    with zipfile.ZipFile(io.BytesIO(result.data)) as z:
        assert "恒屹" not in z.read("docProps/core.xml").decode("utf-8")
