"""Built sets are lean: no python-docx extras in any file, every procedure under 250 KB of XML."""

from __future__ import annotations

import zipfile
from pathlib import Path

from generator.pack.pack import default_pack_dir

LIMIT = 250_000
EXTRAS = ("word/stylesWithEffects.xml", "docProps/thumbnail.jpeg")


def _xml_size(path: Path) -> int:
    with zipfile.ZipFile(path) as archive:
        return sum(i.file_size for i in archive.infolist() if i.filename.endswith((".xml", ".rels")))


def test_built_documents_carry_no_foreign_parts(built: dict[str, Path]) -> None:
    for folder in built.values():
        documents = sorted(folder.rglob("*.docx"))
        assert len(documents) > 50
        for path in documents:
            with zipfile.ZipFile(path) as archive:
                names = set(archive.namelist())
                core = archive.read("docProps/core.xml").decode()
            assert not names & set(EXTRAS), path
            assert not any(n.startswith("customXml/") for n in names), path
            assert "svcmanual" in core and "2013-12-23" not in core, path


def test_every_built_procedure_is_under_250_kb_of_xml(built: dict[str, Path]) -> None:
    for folder in built.values():
        procedures = sorted((folder / "procedures").glob("*.docx"))
        assert len(procedures) >= 15
        sizes = {p.name: _xml_size(p) for p in procedures}
        assert max(sizes.values()) < LIMIT, sizes


def test_every_procedure_template_is_under_250_kb_of_xml() -> None:
    templates = sorted((default_pack_dir() / "procedures").glob("*.docx"))
    assert len(templates) == 22
    sizes = {p.name: _xml_size(p) for p in templates}
    assert max(sizes.values()) < LIMIT, sizes
