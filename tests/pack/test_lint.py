"""`templates lint` reports every fault of a trial render as a finding, never a traceback."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from docx import Document

from generator.cli import main
from generator.errors import EXIT_SHORT
from generator.pack.lint import example_contexts, lint_template


def _template(path: Path, text: str) -> Path:
    doc = Document()
    doc.add_paragraph(text)
    doc.save(str(path))
    return path


def test_a_python_error_in_a_trial_render_is_a_finding(tmp_path: Path) -> None:
    # `charges.items` is the dict method: iterating it raises TypeError, not a Jinja error
    path = _template(tmp_path / "收费.docx", "{% for c in charges.items %}{{ c.item }}{% endfor %}")
    findings = [f for f in lint_template(path, example_contexts()) if f.rule == "变量"]
    assert len(findings) == 1
    assert findings[0].template == "收费.docx" and "TypeError" in findings[0].message
    assert "x['items']" in findings[0].message


def test_lint_on_the_command_line_names_the_template_and_shows_no_traceback(tmp_path: Path) -> None:
    pack = tmp_path / "pack" / "procedures"
    pack.mkdir(parents=True)
    _template(pack / "P01-收费.docx", "{% for c in charges.items %}{{ c.item }}{% endfor %}")
    result = CliRunner().invoke(main, ["templates", "lint", "--templates", str(tmp_path / "pack")])
    assert result.exit_code == EXIT_SHORT, result.output
    assert "P01-收费.docx" in result.output and "TypeError" in result.output
    assert "Traceback" not in result.output and isinstance(result.exception, SystemExit)
