"""Three-way merge of .docx: hand edits (made with python-docx, as Word would) kept through a
regeneration, clashes as Word comments."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from docx import Document
from docx.document import Document as DocxDocument
from docx.shared import RGBColor

from generator.assemble.office import FONTS_CONF
from generator.ooxml.comments import read_comments, strip_comments
from generator.ooxml.merge import merge_docx

TEXTS = [
    "本程序规定客户报修的受理、派工、上门维修和回访要求。",
    "客户可拨打服务热线400-111-2222报修，全年无休。",
    "调度员在工单生成后30分钟内完成派工。",
    "服务工程师到场后先检测确认故障，再说明处理方案。",
    "维修完成后3天内由客服专员回访。",
    "回访不满意的工单当日重新派工。",
    "售后服务中心每月汇总报修数据。",
    "本程序由售后服务中心负责解释。",
]
ROWS = [["岗位", "人员"], ["客服专员", "林晓燕"], ["调度员", "何俊"]]
HEADER = ["文件编号：LQ/CX-04", "版本：A/0"]
NOTE = "服务热线由400-111-2222变更为400-333-4444"
Edit = Callable[[DocxDocument], None]


def make(texts: list[str] = TEXTS, rows: list[list[str]] = ROWS,
         header: list[str] = HEADER) -> bytes:
    """A generated document: two headings over paragraphs (the last four under the second),
    a table, a header of two paragraphs."""
    doc = Document()
    head = doc.sections[0].header
    head.paragraphs[0].text = header[0]
    head.add_paragraph(header[1])
    doc.add_heading("1 报修受理", level=1)
    for text in texts[:-4]:
        doc.add_paragraph(text)
    doc.add_heading("2 回访", level=1)
    for text in texts[-4:]:
        doc.add_paragraph(text)
    table = doc.add_table(rows=len(rows), cols=2)
    for i, row in enumerate(rows):
        for j, cell in enumerate(row):
            table.cell(i, j).text = cell
    doc.add_paragraph("（完）")
    return _save(doc)


def _save(doc: DocxDocument) -> bytes:
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def edit(data: bytes, change: Edit) -> bytes:
    doc = Document(io.BytesIO(data))
    change(doc)
    return _save(doc)


def body(data: bytes) -> list[str]:
    return [p.text for p in Document(io.BytesIO(data)).paragraphs]


def cells(data: bytes) -> list[list[str]]:
    return [[c.text for c in r.cells] for r in Document(io.BytesIO(data)).tables[0].rows]


def merge(base: bytes, ours: bytes, theirs: bytes) -> bytes:
    outcome = merge_docx(base, ours, theirs, note=NOTE, author="林晓燕", date="2026-12-01T08:00:00Z")
    assert outcome.data is not None, outcome.reason
    assert outcome.clashes == []
    return outcome.data


def replaced(index: int, text: str) -> list[str]:
    return [text if i == index else t for i, t in enumerate(TEXTS)]


def test_edits_in_different_paragraphs_are_both_kept() -> None:
    base = make()
    ours = edit(base, lambda d: d.paragraphs[6].add_run("夜间报修次日上午优先处理。"))
    theirs = make(replaced(1, "客户可拨打服务热线400-333-4444报修，全年无休。"))
    merged = body(merge(base, ours, theirs))
    assert merged[2] == "客户可拨打服务热线400-333-4444报修，全年无休。"
    assert merged[6] == TEXTS[4] + "夜间报修次日上午优先处理。"
    assert not any("400-111-2222" in t for t in merged)


def test_a_clash_keeps_the_hand_text_and_comments_the_generated_one() -> None:
    base = make()
    hand = "客户拨打服务热线400-111-2222（每日8:00—20:00）即可报修。"

    def rewrite(doc: DocxDocument) -> None:
        doc.paragraphs[2].text = hand

    ours = edit(base, rewrite)
    generated = "客户可拨打服务热线400-333-4444报修，全年无休。"
    outcome = merge_docx(base, ours, make(replaced(1, generated)), note=NOTE, author="林晓燕",
                         date="2026-12-01T08:00:00Z")
    assert outcome.data is not None
    assert body(outcome.data)[2] == hand
    [clash] = outcome.clashes
    assert (clash.part, clash.section, clash.kept, clash.generated) == (
        "正文", "1 报修受理", hand, generated)
    assert clash.paragraph == 3
    [(anchor, comment)] = read_comments(outcome.data)
    assert anchor == hand and generated in comment and NOTE in comment
    # python-docx finds the part through its relationship and content type, as Word does.
    [seen] = list(Document(io.BytesIO(outcome.data)).comments)
    assert generated in seen.text and seen.author == "林晓燕"


def test_inserted_and_deleted_paragraphs_stay_so() -> None:
    base = make()

    def hand(doc: DocxDocument) -> None:
        gone = doc.paragraphs[7]._p  # "回访不满意的工单当日重新派工。"
        gone.getparent().remove(gone)
        doc.paragraphs[3].insert_paragraph_before("客户特别约定：重点客户由部门负责人跟进。")

    ours = edit(base, hand)
    texts = replaced(6, "售后服务中心每周汇总报修数据。")
    texts.insert(3, "服务工程师离开现场前请客户签字确认。")
    merged = body(merge(base, ours, make(texts)))
    assert merged[1:6] == [TEXTS[0], TEXTS[1], "客户特别约定：重点客户由部门负责人跟进。",
                           TEXTS[2], "服务工程师离开现场前请客户签字确认。"]
    assert TEXTS[5] not in merged
    assert "售后服务中心每周汇总报修数据。" in merged


def test_edited_table_cell_kept_with_the_generated_change_and_new_row() -> None:
    base = make()

    def hand(doc: DocxDocument) -> None:
        doc.tables[0].cell(1, 1).text = "林晓燕、蒋玲"

    ours = edit(base, hand)
    theirs = make(rows=[["岗位", "人员"], ["客服专员", "林晓燕"], ["调度员", "赵建华"],
                        ["服务工程师", "周海涛"]])
    assert cells(merge(base, ours, theirs)) == [
        ["岗位", "人员"], ["客服专员", "林晓燕、蒋玲"], ["调度员", "赵建华"], ["服务工程师", "周海涛"]]


def test_formatting_only_edits_are_kept() -> None:
    base = make()

    def hand(doc: DocxDocument) -> None:
        doc.paragraphs[3].runs[0].bold = True
        doc.paragraphs[6].runs[0].font.color.rgb = RGBColor(0xC0, 0x00, 0x00)

    ours = edit(base, hand)
    merged = Document(io.BytesIO(merge(base, ours, make(replaced(1, "客户可拨打服务热线400-333-4444报修。")))))
    assert merged.paragraphs[3].runs[0].bold is True
    assert merged.paragraphs[6].runs[0].font.color.rgb == RGBColor(0xC0, 0x00, 0x00)
    assert merged.paragraphs[2].text == "客户可拨打服务热线400-333-4444报修。"


def test_formatting_edit_of_a_paragraph_the_profile_changed_is_a_clash() -> None:
    base = make()
    ours = edit(base, lambda d: setattr(d.paragraphs[2].runs[0], "bold", True))
    outcome = merge_docx(base, ours, make(replaced(1, "客户可拨打服务热线400-333-4444报修。")),
                         note=NOTE, author="林晓燕", date="2026-12-01T08:00:00Z")
    assert outcome.data is not None and len(outcome.clashes) == 1
    assert Document(io.BytesIO(outcome.data)).paragraphs[2].runs[0].bold is True


def test_hand_edit_and_change_both_in_the_header() -> None:
    base = make()

    def hand(doc: DocxDocument) -> None:
        doc.sections[0].header.paragraphs[0].add_run("（受控）")

    ours = edit(base, hand)
    merged = Document(io.BytesIO(merge(base, ours, make(header=["文件编号：LQ/CX-04", "版本：A/1"]))))
    assert [p.text for p in merged.sections[0].header.paragraphs] == [
        "文件编号：LQ/CX-04（受控）", "版本：A/1"]


def test_a_header_clash_is_commented_in_the_body_naming_the_header() -> None:
    base = make()

    def hand(doc: DocxDocument) -> None:
        doc.sections[0].header.paragraphs[1].text = "版本：A/0（试行）"

    outcome = merge_docx(base, edit(base, hand), make(header=["文件编号：LQ/CX-04", "版本：A/1"]),
                         note=NOTE, author="林晓燕", date="2026-12-01T08:00:00Z")
    assert outcome.data is not None
    [clash] = outcome.clashes
    assert (clash.part, clash.kept, clash.generated) == ("页眉", "版本：A/0（试行）", "版本：A/1")
    [(_, comment)] = read_comments(outcome.data)
    assert comment.startswith("页眉第 2 段") and "版本：A/1" in comment
    # A volume copies the body without the comments part: no anchors left behind.
    assert read_comments(strip_comments(outcome.data)) == [("", read_comments(outcome.data)[0][1])]
    assert "commentRangeStart" not in Document(io.BytesIO(strip_comments(outcome.data))).element.xml


def test_a_document_rewritten_by_hand_is_not_merged() -> None:
    base = make()

    def rewrite(doc: DocxDocument) -> None:
        for k, p in enumerate(doc.paragraphs):
            p.text = f"第{k}条：本公司自行制定的全新规定，与原文无关。"

    outcome = merge_docx(base, edit(base, rewrite), make(replaced(1, "热线400-333-4444。")),
                         note=NOTE, author="林晓燕", date="2026-12-01T08:00:00Z")
    assert outcome.data is None
    assert outcome.matched < 0.5 and "手工修改过多" in outcome.reason


def test_unchanged_by_hand_takes_the_new_render_whole() -> None:
    base = make()
    theirs = make(replaced(1, "客户可拨打服务热线400-333-4444报修，全年无休。"))
    assert body(merge(base, base, theirs)) == body(theirs)


def test_a_comment_the_hand_added_stays_on_a_paragraph_the_profile_changed() -> None:
    base = make()

    def hand(doc: DocxDocument) -> None:
        doc.add_comment(doc.paragraphs[2].runs, text="请法务确认热线", author="客户")

    generated = "客户可拨打服务热线400-333-4444报修，全年无休。"
    merged = merge(base, edit(base, hand), make(replaced(1, generated)))
    assert read_comments(merged) == [(generated, "请法务确认热线")]
    assert body(merged)[2] == generated


@pytest.mark.office
def test_libreoffice_shows_the_clash_comment_on_the_hand_paragraph(tmp_path: Path) -> None:
    base = make()
    hand = "客户拨打服务热线400-111-2222（每日8:00—20:00）即可报修。"

    def rewrite(doc: DocxDocument) -> None:
        doc.paragraphs[2].text = hand

    outcome = merge_docx(base, edit(base, rewrite), make(replaced(1, "热线400-333-4444。")),
                         note=NOTE, author="林晓燕", date="2026-12-01T08:00:00Z")
    assert outcome.data is not None
    source = tmp_path / "合并.docx"
    source.write_bytes(outcome.data)
    exe = shutil.which("soffice")
    assert exe is not None
    env = dict(os.environ, FONTCONFIG_FILE=str(FONTS_CONF), HOME=str(tmp_path))
    subprocess.run([exe, f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}", "--headless",
                    "--norestore", "--convert-to", "odt", "--outdir", str(tmp_path / "out"),
                    str(source)], env=env, check=True, timeout=300,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    with zipfile.ZipFile(tmp_path / "out" / "合并.odt") as odt:
        content = odt.read("content.xml").decode("utf-8")
    # The annotation sits in the hand's paragraph and holds the generated text.
    start = content.index("<office:annotation ")
    paragraph = content[content.rindex("<text:p", 0, start):content.index("</text:p>", content.index(
        "</office:annotation>", start))]
    assert "热线400-333-4444。" in paragraph.split("</office:annotation>")[0]
    assert "即可报修" in paragraph
