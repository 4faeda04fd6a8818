"""The outline reader on client-style documents and on hostile files."""

from __future__ import annotations

import random
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import nsdecls

from generator.docs.outline import read_outline, read_outline_bytes
from generator.errors import InputFileError
from tests.clientdocs import (
    Look,
    docx_with_document_xml,
    write_corrupt,
    write_manual,
    write_ole,
    write_procedure,
    write_zip,
)

TITLE = "客户投诉处理程序"
KEYS = [TITLE, "目的", "范围", "职责", "工作程序", "受理与登记", "相关文件", "记录"]
STYLED = [0, 1, 1, 1, 1, 2, 1, 1]  # a Title style, then Heading 1/2
NESTED = [1, 2, 2, 2, 2, 3, 2, 2]  # a bold title line, numbered headings below it
FLAT = [1, 1, 1, 1, 1, 1, 1, 1]  # bold lines only: nothing tells the levels apart
LOOKS = {
    "word-styles": (Look("word", "decimal"), STYLED),
    "chinese-ui-style-ids": (Look("numeric_id", "decimal"), STYLED),
    "outline-level-only": (Look("outline", "chinese"), STYLED),
    "auto-numbering-chapter": (Look("autonum", "chapter"), STYLED),
    "auto-numbering-decimal": (Look("autonum", "decimal"), STYLED),
    "plain-一、（一）": (Look("plain", "chinese"), NESTED),
    "plain-第一章": (Look("plain", "chapter"), NESTED),
    "plain-1.1": (Look("plain", "decimal"), NESTED),
    "bold-no-numbers": (Look("bold"), FLAT),
    "traditional": (Look("plain", "chinese", traditional=True), NESTED),
}


def _body(paragraphs: str) -> str:
    return (f'<w:document {nsdecls("w")}><w:body>{paragraphs}'
            "<w:sectPr/></w:body></w:document>")


def _p(text: str, ppr: str = "", rpr: str = "") -> str:
    return f"<w:p><w:pPr>{ppr}</w:pPr><w:r><w:rPr>{rpr}</w:rPr><w:t>{text}</w:t></w:r></w:p>"


@pytest.mark.parametrize(("look", "levels"), LOOKS.values(), ids=LOOKS.keys())
def test_headings_and_levels_in_every_client_style(tmp_path: Path, look: Look,
                                                   levels: list[int]) -> None:
    path = write_procedure(tmp_path / "p.docx", TITLE, look=look)
    outline = read_outline(path)
    assert [h.key for h in outline.headings] == KEYS
    assert [h.level for h in outline.headings] == levels
    assert outline.name == "p.docx"


def test_traditional_text_is_kept_and_matched_simplified(tmp_path: Path) -> None:
    path = write_procedure(tmp_path / "p.docx", TITLE, look=Look("word", traditional=True))
    title = read_outline(path).headings[0]
    assert title.text == "客戶投訴處理程序"
    assert title.norm == TITLE


def test_automatic_numbers_are_rebuilt_into_the_text(tmp_path: Path) -> None:
    path = write_procedure(tmp_path / "p.docx", TITLE, look=Look("autonum", "chapter"))
    texts = [h.text for h in read_outline(path).headings]
    assert texts[1:4] == ["第一章 目的", "第二章 范围", "第三章 职责"]
    assert "一、 受理与登记" in texts


def test_full_width_numbers_and_punctuation_are_folded(tmp_path: Path) -> None:
    path = docx_with_document_xml(tmp_path / "f.docx", _body(_p("１．目的") + _p("ＸＸ公司：")))
    blocks = read_outline(path).blocks
    assert (blocks[0].kind, blocks[0].key) == ("heading", "目的")
    assert blocks[1].norm == "XX公司:"


def test_quantities_list_items_and_sentences_are_not_headings(tmp_path: Path) -> None:
    body = "".join(_p(t) for t in ("2个工作日内完成回访", "（1）登记客户信息", "a) 派工",
                                   "1. 客服人员接听电话并登记。", "1.5倍储备"))
    path = docx_with_document_xml(tmp_path / "q.docx", _body(body))
    assert read_outline(path).headings == []


def test_short_bold_line_is_a_heading_long_or_labelled_is_not(tmp_path: Path) -> None:
    bold = "<w:b/>"
    body = (_p("职责", rpr=bold) + _p("受控状态：受控", rpr=bold)
            + _p("本程序适用于公司全部产品的售后服务管理工作及其相关的记录", rpr=bold))
    path = docx_with_document_xml(tmp_path / "b.docx", _body(body))
    assert [h.text for h in read_outline(path).headings] == ["职责"]


def test_outline_level_in_paragraph_and_undefined_numeric_style_id(tmp_path: Path) -> None:
    body = (_p("总则", '<w:outlineLvl w:val="0"/>')
            + _p("适用范围", '<w:pStyle w:val="2"/>'))  # id "2" that styles.xml lacks
    path = docx_with_document_xml(tmp_path / "o.docx", _body(body))
    assert [(h.level, h.text) for h in read_outline(path).headings] == [(1, "总则"), (2, "适用范围")]


def test_table_of_contents_entries_are_left_out(tmp_path: Path) -> None:
    toc = ('<w:sdt><w:sdtPr><w:docPartObj><w:docPartGallery w:val="Table of Contents"/>'
           f"</w:docPartObj></w:sdtPr><w:sdtContent>{_p('1 目的')}{_p('2 范围')}"
           "</w:sdtContent></w:sdt>")
    body = toc + _p("目录条目\t3") + _p("1 目的", '<w:pStyle w:val="Heading1"/>')
    path = docx_with_document_xml(tmp_path / "t.docx", _body(body))
    outline = read_outline(path)
    assert [h.text for h in outline.headings] == ["1 目的"]
    assert "2 范围" not in outline.text


def test_tables_headers_and_sections(tmp_path: Path) -> None:
    path = write_manual(tmp_path / "m.docx")
    doc = Document(str(path))
    doc.sections[0].header.paragraphs[0].text = "文件编号：MA/SC-01\t版本：A/0"
    doc.save(str(path))
    outline = read_outline(path)
    control = outline.tables[0]
    assert control.rows[0] == ("文件编号", "MA/SC-01", "版本", "A/0")
    assert outline.header_lines == ("文件编号：MA/SC-01\t版本：A/0",)
    sections = {s.heading.key: s for s in outline.sections() if s.heading}
    assert "全部家用电器产品" in sections["产品/服务范围"].text
    assert sections["程序文件清单"].blocks[-1].kind == "table"
    assert outline.sections()[0].heading is None  # the cover before the first heading


# ---------------------------------------------------------------- hostile and foreign files


def _error(path: Path) -> str:
    with pytest.raises(InputFileError) as info:
        read_outline(path)
    return info.value.render()


def test_encrypted_or_legacy_doc_is_named(tmp_path: Path) -> None:
    message = _error(write_ole(tmp_path / "加密.docx"))
    assert "加密.docx" in message
    assert "文档已加密或为旧版 .doc 格式" in message


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"%PDF-1.7 ...", "这是PDF 文件，不是 Word 文档"),
        ("这是一个文本文件".encode(), "不是 Word 文档"),
        (b"", "不是 Word 文档"),
    ],
    ids=["pdf", "text", "empty"],
)
def test_non_word_files_are_named(tmp_path: Path, content: bytes, expected: str) -> None:
    path = tmp_path / "x.docx"
    path.write_bytes(content)
    assert expected in _error(path)


def test_excel_file_renamed_to_docx(tmp_path: Path) -> None:
    path = write_zip(tmp_path / "表.docx", {"[Content_Types].xml": b"<Types/>",
                                            "xl/workbook.xml": b"<workbook/>"})
    assert "这是 Excel 表格，不是 Word 文档" in _error(path)


def test_truncated_docx_is_damaged(tmp_path: Path) -> None:
    assert "文件已损坏" in _error(write_corrupt(tmp_path / "半个.docx"))


def test_zip_bomb_is_refused_before_inflating(tmp_path: Path) -> None:
    path = tmp_path / "bomb.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"\0" * (20 * 1024 * 1024))
    assert "压缩炸弹" in _error(path)


def test_external_entities_are_not_resolved(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRET", encoding="utf-8")
    xml = (f'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "{secret.as_uri()}">]>'
           + _body(_p("&x;")))
    path = docx_with_document_xml(tmp_path / "xxe.docx", xml)
    try:
        text = read_outline(path).text
    except InputFileError:
        return  # refusing the file is fine too
    assert "TOPSECRET" not in text


def test_entity_expansion_bomb_is_harmless(tmp_path: Path) -> None:
    entities = '<!ENTITY a "aaaaaaaaaa">' + "".join(
        f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(8))
    xml = f'<?xml version="1.0"?><!DOCTYPE d [{entities}]>' + _body(_p("&i;"))
    path = docx_with_document_xml(tmp_path / "lol.docx", xml)
    try:
        text = read_outline(path).text
    except InputFileError:
        return
    assert len(text) < 1000


def test_damaged_bytes_never_escape_as_tracebacks(tmp_path: Path) -> None:
    good = write_procedure(tmp_path / "p.docx", TITLE).read_bytes()
    rng = random.Random(27922)
    for _ in range(60):
        data = bytearray(good)
        for _ in range(rng.randint(1, 20)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        try:
            read_outline_bytes(bytes(data), "坏.docx")
        except InputFileError as exc:
            assert exc.where == "坏.docx"


def test_missing_file(tmp_path: Path) -> None:
    assert "文件不存在" in _error(tmp_path / "无.docx")


def test_document_without_body_reads_empty(tmp_path: Path) -> None:
    path = docx_with_document_xml(tmp_path / "e.docx",
                                  f'<w:document {nsdecls("w")}></w:document>')
    assert read_outline(path).blocks == ()
