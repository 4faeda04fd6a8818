"""Hand edits that do not change the text are detected too (issue 19, item 3): a picture, a
formatting change, a header's layout. Each edited file is kept, reported, and backed up
before `--force` replaces it."""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

from click.testing import CliRunner
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH

from generator.builder.run import build
from generator.cli import main
from generator.ooxml.package import content_digest
from tests.builder.sets import hashes, profile_with


def _png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00")) + chunk(b"IEND", b""))


def _picture(path: Path) -> None:
    doc = Document(str(path))
    doc.paragraphs[-1].add_run().add_picture(io.BytesIO(_png()))
    doc.save(str(path))


def _bold(path: Path) -> None:
    doc = Document(str(path))
    run = next(r for p in doc.paragraphs for r in p.runs if r.text.strip())
    run.bold = not run.bold
    doc.save(str(path))


def _header_layout(path: Path) -> None:
    doc = Document(str(path))
    paragraph = next(p for s in doc.sections for p in s.header.paragraphs)
    paragraph.alignment = (WD_ALIGN_PARAGRAPH.LEFT
                           if paragraph.alignment != WD_ALIGN_PARAGRAPH.LEFT
                           else WD_ALIGN_PARAGRAPH.RIGHT)
    doc.save(str(path))


def test_saving_without_an_edit_keeps_the_digest(tmp_path: Path) -> None:
    profile = profile_with(tmp_path / "p.yaml")
    folder = build(profile, tmp_path / "out", refresh=False).folder
    path = next((folder / "procedures").iterdir())
    data = path.read_bytes()
    resaved = io.BytesIO()
    Document(io.BytesIO(data)).save(resaved)
    assert content_digest(resaved.getvalue()) == content_digest(data)
    _bold(path)
    assert content_digest(path.read_bytes()) != content_digest(data)


def test_picture_formatting_and_header_edits_are_protected_reported_and_backed_up(
        tmp_path: Path) -> None:
    profile = profile_with(tmp_path / "p.yaml")
    folder = build(profile, tmp_path / "out", refresh=False).folder
    names = sorted(p.relative_to(folder).as_posix() for p in (folder / "procedures").iterdir())
    edits = {names[0]: _picture, names[1]: _bold, names[2]: _header_layout}
    for rel, edit in edits.items():
        edit(folder / rel)
    edited = {rel: (folder / rel).read_bytes() for rel in edits}
    run = CliRunner().invoke(main, ["build", str(profile), "-o", str(tmp_path / "out"),
                                    "--no-refresh"])
    assert run.exit_code == 0, run.output
    for rel in edits:
        assert f"{rel}：已被手工修改，未覆盖" in run.stderr
        assert (folder / rel).read_bytes() == edited[rel]  # survives the rebuild
    untouched = hashes(folder)
    again = build(profile, tmp_path / "out", refresh=False)  # still protected, nothing lost
    assert sorted(again.protected) == sorted(edits) and hashes(folder) == untouched
    forced = build(profile, tmp_path / "out", refresh=False, force=True)
    assert sorted(forced.backed_up) == sorted(edits)
    backup = next(tmp_path.glob("out/*.backup-*"))
    for rel in edits:
        assert (backup / rel).read_bytes() == edited[rel]
        assert (folder / rel).read_bytes() != edited[rel]
