"""Package hashes: the text and parts digests of a document, in one read or apart."""

from __future__ import annotations

import io
import zipfile

from docx import Document

from generator.ooxml.package import content_digest, document_digests, docx_text


def _document(text: str) -> bytes:
    doc = Document()
    doc.add_paragraph(text)
    doc.sections[0].header.paragraphs[0].text = "页眉：文件编号 LQ/CX-01"
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _rewrite(data: bytes, name: str, change: tuple[bytes, bytes]) -> bytes:
    """`data` with one part's bytes edited (`change`: old, new), every other part as is."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            raw = source.read(info)
            if info.filename == name:
                assert change[0] in raw
                raw = raw.replace(change[0], change[1], 1)
            target.writestr(info, raw)
    return out.getvalue()


def test_one_read_gives_the_text_and_the_parts_digest_of_separate_reads() -> None:
    for text in ("售后服务手册", "投诉处理程序"):  # the second shares every part but the body
        data = _document(text)
        assert document_digests(data) == (docx_text(data), content_digest(data))
        assert text in docx_text(data) and "LQ/CX-01" in docx_text(data)


def test_what_word_adds_on_a_save_keeps_the_digest_and_an_edit_changes_it() -> None:
    data = _document("服务承诺")
    marked = _rewrite(data, "word/document.xml",
                      (b"<w:p>", b'<w:p w:rsidR="00AB12CD" w:rsidRDefault="00AB12CD">'
                                 b'<w:proofErr w:type="spellStart"/>'))
    assert marked != data
    assert content_digest(marked) == content_digest(data)
    assert document_digests(marked) == (docx_text(data), content_digest(data))
    edited = _rewrite(data, "word/document.xml", ("服务承诺".encode(), "服务承诺书".encode()))
    assert content_digest(edited) != content_digest(data)


def test_a_part_shared_by_many_documents_still_counts_when_it_differs() -> None:
    data = _document("服务网点")
    content_digest(data)  # its styles are now known
    restyled = _rewrite(data, "word/styles.xml", (b'w:styleId="Normal"', b'w:styleId="Normal2"'))
    assert content_digest(restyled) != content_digest(data)
    spaced = _rewrite(data, "word/styles.xml", (b"<w:styles ", b"<w:styles  "))
    assert content_digest(spaced) == content_digest(data)  # same XML, written differently
