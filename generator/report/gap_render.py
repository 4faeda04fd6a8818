"""Pick the gap report renderer for an output format."""

from __future__ import annotations

from collections.abc import Callable

from generator.gap.scoring import GapReport
from generator.report.gap_docx import render_docx
from generator.report.gap_html import render_html
from generator.report.gap_json import render_json
from generator.report.gap_md import render_md
from generator.report.gap_text import render_text

TEXT_RENDERERS: dict[str, Callable[[GapReport], str]] = {
    "text": render_text,
    "json": render_json,
    "md": render_md,
    "html": render_html,
}


def render_gap(report: GapReport, fmt: str) -> str | bytes:
    """The report in `fmt`: text for the text formats, bytes for docx."""
    if fmt == "docx":
        return render_docx(report)
    return TEXT_RENDERERS[fmt](report)
