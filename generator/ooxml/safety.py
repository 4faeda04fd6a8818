"""Refuse hostile or foreign files before python-docx opens them.

Rules (each failure is an `InputFileError` naming the file, in Chinese):
1. At most `MAX_FILE_BYTES` on disk.
2. An OLE compound file (D0 CF 11 E0) is an encrypted .docx or a legacy .doc.
3. Anything that is not a ZIP is not a Word document (PDF and RTF are named as such).
4. The ZIP must open, hold at most `MAX_ENTRIES` members, and every member is inflated once
   through `generator.ooxml.guard` with its real bytes counted (total, per member, ratio):
   a zip bomb with false declared sizes is refused in bounded time and memory.
5. It must be a WordprocessingML package (an Excel or PowerPoint file is named as such).
XML external entities are not resolved: python-docx parses with resolve_entities=False and
lxml's default no_network=True (a test keeps this true).
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from generator.errors import InputFileError
from generator.ooxml.guard import (
    MAX_FILE_BYTES,
    Budget,
    open_archive,
    read_input,
    read_member,
    verify_archive,
)

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_HINT_RESAVE = "请用 Word 或 WPS 打开后另存为 .docx（Word 文档）再检查"


def _foreign_kind(head: bytes) -> str | None:
    if head.startswith(b"%PDF"):
        return "PDF 文件"
    if head.startswith(b"{\\rtf"):
        return "RTF 文件"
    return None


def check_docx_bytes(data: bytes, where: str) -> zipfile.ZipFile:
    """Validate `data` as a safe .docx package; return the opened ZIP."""
    if len(data) > MAX_FILE_BYTES:
        raise InputFileError(
            f"文件过大（{len(data) // (1024 * 1024)} MB），超过上限 "
            f"{MAX_FILE_BYTES // (1024 * 1024)} MB",
            where=where, hint="请确认选择了正确的文件，或拆分后分别检查",
        )
    if data.startswith(OLE_MAGIC):
        raise InputFileError(
            "文档已加密或为旧版 .doc 格式，无法读取", where=where,
            hint="如已加密，请去除打开密码后另存为 .docx；如为 .doc，请另存为 .docx"
                 "（或安装 LibreOffice 后直接检查 .doc 文件）",
        )
    if not data.startswith(b"PK"):
        kind = _foreign_kind(data[:8])
        what = f"这是{kind}，不是 Word 文档" if kind else "不是 Word 文档（.docx）"
        raise InputFileError(what, where=where, hint=_HINT_RESAVE)
    archive, infos = open_archive(io.BytesIO(data), where)
    if any(info.flag_bits & 0x1 for info in infos):
        archive.close()
        raise InputFileError("文档已加密，无法读取", where=where,
                             hint="请去除密码后另存为 .docx 再检查")
    try:
        verify_archive(archive, infos, where)
    except InputFileError:
        archive.close()
        raise
    names = {info.filename for info in infos}
    if "word/document.xml" not in names and not _declares_document(archive, names):
        if "xl/workbook.xml" in names:
            what = "这是 Excel 表格，不是 Word 文档"
        elif _member_text(archive, "mimetype").startswith("application/vnd.oasis.opendocument"):
            what = "这是 OpenDocument 文档（.odt 格式），扩展名却是 .docx"
        elif "ppt/presentation.xml" in names:
            what = "这是 PowerPoint 演示文稿，不是 Word 文档"
        else:
            what = "不是 Word 文档（.docx）"
        raise InputFileError(what, where=where, hint=_HINT_RESAVE)
    return archive


def read_docx(path: Path, where: str | None = None) -> bytes:
    """A .docx (or a template) from disk through the guarded reader, checked as a package."""
    data = read_input(path, MAX_FILE_BYTES, where=where)
    check_docx_bytes(data, where or str(path)).close()
    return data


def _declares_document(archive: zipfile.ZipFile, names: set[str]) -> bool:
    """A package whose main part is not word/document.xml still declares it by content type."""
    return "[Content_Types].xml" in names and (
        "wordprocessingml.document.main" in _member_text(archive, "[Content_Types].xml"))


def _member_text(archive: zipfile.ZipFile, name: str, limit: int = 1024 * 1024) -> str:
    """A small member as text; "" when it is absent, too large or unreadable."""
    try:
        info = archive.getinfo(name)
        return read_member(archive, info, Budget(name), limit=limit).decode(
            "utf-8", errors="replace")
    except (KeyError, InputFileError):
        return ""
