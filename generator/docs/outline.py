"""Read ANY .docx into an outline: headings with levels, paragraphs and table text.

Shared by the validator, the gap check and the tests of generated documents.

    outline = read_outline(Path("售后服务手册.docx"))
    for heading in outline.headings: print(heading.level, heading.text)
    for section in outline.sections(): ...

Rules:
1. The file passes `generator.ooxml.safety` first (size, OLE/encrypted, ZIP, zip bomb, Word
   package); then python-docx opens it. Any failure is an `InputFileError` for that file.
2. Blocks are body paragraphs and tables in reading order, including content controls;
   table-of-contents entries are left out (they repeat the headings).
3. A paragraph's text starts with its automatic numbering label when it has one (Word keeps
   "第一章" or "4.2" in numbering.xml, not in the text).
4. Headings follow `generator.docs.headings` (style name, outline level, text pattern, bold).
5. Every block also carries a normalised copy (`generator.docs.textnorm`) for matching; what is
   shown to users is always the original text.
6. Header and footer lines are kept apart (`header_lines`): document-control blocks live there.
"""

from __future__ import annotations

import io
import lzma
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Literal

import docx
from docx.document import Document as DocxDocument
from docx.opc.exceptions import PackageNotFoundError

from generator.docs import headings as hd
from generator.docs.textnorm import fold, strip_numbering, traditional_chars
from generator.errors import InputFileError
from generator.ooxml import numbering, read
from generator.ooxml.package import XmlSyntaxError
from generator.ooxml.safety import MAX_FILE_BYTES, check_docx_bytes

BlockKind = Literal["heading", "paragraph", "table"]
_SPACE = str.maketrans("", "", " \t\n\r\u3000\xa0")


@dataclass(frozen=True)
class Block:
    """One paragraph, heading or table. `level` is set for headings only (0 = title)."""

    index: int
    kind: BlockKind
    text: str
    folded: str
    level: int | None = None
    label: str = ""
    rows: tuple[tuple[str, ...], ...] = ()

    @cached_property
    def norm(self) -> str:
        """Matching form: folded (NFKC, Simplified) without whitespace."""
        return self.folded.translate(_SPACE)

    @cached_property
    def key(self) -> str:
        """Matching form without the leading heading number."""
        return strip_numbering(self.norm)


@dataclass(frozen=True)
class Section:
    """A heading and everything below it up to the next heading of the same or higher level
    (sub-sections included). The part before the first heading has `heading` None."""

    heading: Block | None
    blocks: tuple[Block, ...]

    @property
    def level(self) -> int:
        return (self.heading.level or 0) if self.heading else 0

    @property
    def title(self) -> str:
        return self.heading.text if self.heading else ""

    @property
    def text(self) -> str:
        return "\n".join(b.text for b in self.blocks)


@dataclass(frozen=True)
class Outline:
    name: str
    blocks: tuple[Block, ...]
    header_lines: tuple[str, ...] = ()
    header_folded: tuple[str, ...] = field(default=(), repr=False)

    @property
    def headings(self) -> list[Block]:
        return [b for b in self.blocks if b.kind == "heading"]

    @property
    def paragraphs(self) -> list[Block]:
        return [b for b in self.blocks if b.kind == "paragraph"]

    @property
    def tables(self) -> list[Block]:
        return [b for b in self.blocks if b.kind == "table"]

    @cached_property
    def text(self) -> str:
        return "\n".join(b.text for b in self.blocks)

    def sections(self) -> list[Section]:
        """Every heading as a section (nested ones too), preceded by the preamble if any."""
        out: list[Section] = []
        blocks = self.blocks
        starts = [i for i, b in enumerate(blocks) if b.kind == "heading"]
        first = starts[0] if starts else len(blocks)
        if first:
            out.append(Section(None, blocks[:first]))
        for pos in starts:
            level = blocks[pos].level or 0
            end = pos + 1
            while end < len(blocks) and not (
                blocks[end].kind == "heading" and (blocks[end].level or 0) <= level
            ):
                end += 1
            out.append(Section(blocks[pos], blocks[pos + 1 : end]))
        return out

    def slice(self, start: int, stop: int, name: str | None = None) -> Outline:
        """The blocks [start, stop) as an outline of their own (a part of a merged file)."""
        return Outline(name or self.name, self.blocks[start:stop], self.header_lines,
                       self.header_folded)


def read_outline(path: Path, name: str | None = None) -> Outline:
    """Read the .docx at `path`; `name` is how the file is called in messages."""
    where = name or path.name
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise InputFileError(f"文件过大（{size // (1024 * 1024)} MB）", where=where,
                                 hint="请确认选择了正确的文件")
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputFileError("文件不存在", where=where, hint="请检查路径是否正确") from None
    except OSError as exc:
        raise InputFileError(f"无法读取文件（{exc.strerror}）", where=where) from None
    return read_outline_bytes(data, where)


def read_outline_bytes(data: bytes, name: str) -> Outline:
    """Read a .docx held in memory (a member of a ZIP, a converted file)."""
    check_docx_bytes(data, name)
    try:
        document = docx.Document(io.BytesIO(data))
        return _build(document, name)
    except (PackageNotFoundError, KeyError, ValueError, XmlSyntaxError,
            zipfile.BadZipFile, zlib.error, lzma.LZMAError, EOFError, OSError,
            NotImplementedError, RecursionError, AttributeError, TypeError) as exc:
        # damaged packages surface as any of these: missing parts, bad XML, bad CRC or
        # deflate stream, unsupported compression method or zip version
        raise InputFileError(
            f"文件已损坏或格式不正确，无法读取（{type(exc).__name__}）", where=name,
            hint="请用 Word 或 WPS 打开后另存为 .docx 再检查",
        ) from None


@dataclass
class _Raw:
    kind: BlockKind
    text: str
    label: str = ""
    level: int | None = None
    family: str | None = None
    rows: tuple[tuple[str, ...], ...] = ()


def _build(document: DocxDocument, name: str) -> Outline:
    styles, default_style = read.document_styles(document)
    raws = list(_raw_blocks(document, styles, default_style, numbering.document_numbering(document)))
    header_lines = read.header_footer_lines(document)
    trad = traditional_chars([r.text for r in raws] + list(header_lines))
    stack = hd.LevelStack()
    blocks: list[Block] = []
    for raw in raws:
        folded = fold(raw.text, trad)
        level: int | None = None
        kind = raw.kind
        if kind == "paragraph":
            level, kind = _place(raw, folded, stack)
        blocks.append(Block(len(blocks), kind, raw.text, folded, level, raw.label, raw.rows))
    return Outline(name, tuple(blocks), tuple(header_lines),
                   tuple(fold(line, trad) for line in header_lines))


def _place(raw: _Raw, folded: str, stack: hd.LevelStack) -> tuple[int | None, BlockKind]:
    if raw.level is not None:
        if raw.level == 0:
            stack.place("title", 0)
            return 0, "heading"
        family = hd.pattern_family(folded) or f"style{raw.level}"
        return stack.place(family, raw.level), "heading"
    if raw.family is not None:
        return stack.place(raw.family), "heading"
    return None, "paragraph"


def _raw_blocks(document: DocxDocument, styles: dict[str, read.StyleInfo],
                default_style: str | None, numbers: numbering.Numbering) -> Iterator[_Raw]:
    for block in read.body_blocks(document):
        if isinstance(block, read.TableBlock):
            rows = block.rows
            text = "\n".join(line for line in (" | ".join(c for c in row if c) for row in rows)
                             if line)
            if text.strip():
                yield _Raw("table", text, rows=rows)
            continue
        info = block.info
        sid = info.style_id or default_style
        style = styles.get(sid) if sid else None
        num = info.num or (style.num if style else None)
        label = numbers.label(*num) if num else ""
        text = block.text
        if not text.strip() or block.in_toc or (style and hd.is_toc_style(style.name)):
            continue
        full = f"{label} {text.strip()}" if label else text.strip()
        yield _classify(block, full, label, info, style, sid, styles)


def _classify(block: read.ParagraphBlock, full: str, label: str, info: read.ParaInfo,
              style: read.StyleInfo | None, sid: str | None,
              styles: dict[str, read.StyleInfo]) -> _Raw:
    clue = hd.StyleClue(style.name if style else "", style.outline_level if style else None,
                        style is not None, sid)
    level = hd.style_level(clue, info.outline_level)
    quick = fold(full, frozenset())  # width folding is enough to judge the shape
    if hd.looks_like_toc_line(quick):
        return _Raw("paragraph", full, label)
    if level is not None and len(quick) <= 120:
        return _Raw("paragraph", full, label, level=level)
    family = hd.pattern_family(quick)
    if family is None and hd.bold_heading(quick) and block.runs_bold(
        styles, style.bold if style else False
    ):
        family = "bold"
    return _Raw("paragraph", full, label, family=family)
