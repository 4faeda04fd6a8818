"""PDF export of a built set: pdf/ mirrors the .docx layout, one LibreOffice run for all."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from generator.assemble.office import convert_to_pdf, require_soffice


def export_pdfs(folder: Path, relpaths: list[str]) -> list[Path]:
    require_soffice()
    sources = [folder / rel for rel in relpaths]
    written = []
    with tempfile.TemporaryDirectory(prefix="svcmanual-pdf-") as tmp:
        produced = convert_to_pdf(sources, Path(tmp))
        for rel, pdf in zip(relpaths, produced, strict=True):
            target = folder / "pdf" / Path(rel).with_suffix(".pdf")
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(str(pdf), target)
            written.append(target)
    return written
