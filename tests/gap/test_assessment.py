"""Assessment files (generator.gap.assessment): every text must be writable into the .docx
report, so a control character in a note is refused with its line, never a traceback."""

from __future__ import annotations

from pathlib import Path

import yaml
from click.testing import CliRunner

from generator.cli import main

DATA = Path(__file__).resolve().parents[1] / "data" / "gapcheck"


def test_control_character_in_a_note_is_refused_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "assessment.yaml"
    indicators = {i: "met" for i in ("A1", "A2", "A3", "A4")}
    indicators["A5"] = {"status": "met", "note": "抽查记录\x07见附件"}  # type: ignore[assignment]
    path.write_text(yaml.safe_dump({"indicators": indicators}, allow_unicode=True),
                    encoding="utf-8")
    result = CliRunner().invoke(main, [
        "gap-check", "--profile", str(DATA / "profile.yaml"), "--assessment", str(path),
        "--scheme", str(DATA / "schemes" / "simple.yaml"), "--format", "docx",
        "-o", str(tmp_path / "report.docx")])
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.exit_code == 1
    assert "assessment.yaml:" in result.stderr and "控制字符" in result.stderr
    assert not (tmp_path / "report.docx").exists()
