"""Collecting documents from a folder: a built set's own files are not read as documents."""

from __future__ import annotations

from pathlib import Path

from docx import Document

from generator.docs.inputs import load_documents


def test_base_copies_of_a_built_set_are_neither_read_nor_reported(tmp_path: Path) -> None:
    for rel in ("procedures/P04-报修.docx", ".svcmanual/base/procedures/P04-报修.docx",
                ".other/旧稿.docx"):
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        document = Document()
        document.add_paragraph("报修、送修和上门维修服务控制程序")
        document.save(str(path))
    loaded = load_documents(tmp_path)
    assert [o.name for o in loaded.outlines] == ["procedures/P04-报修.docx"]
    # Another hidden folder is named as skipped; the build's own base copies are not.
    assert [e.where for e in loaded.skipped] == [".other/旧稿.docx"]
