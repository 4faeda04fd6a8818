"""Batch builds: parallel processes, one failure does not stop the others (issue 8)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.build import refresh
from generator.build.batch import BuildOptions, run_batch
from generator.build.manifest import file_text_sha256, read_manifest
from generator.build.plan import MANUAL
from generator.cli import main
from generator.ooxml.package import docx_text
from tests.conftest import DATA, PROFILES


def test_batch_in_two_processes_builds_the_good_and_reports_the_bad(tmp_path: Path) -> None:
    bad = DATA / "profiles" / "three_errors.yaml"
    result = CliRunner().invoke(main, ["build", str(PROFILES[0]), str(bad), str(PROFILES[1]),
                                       "-o", str(tmp_path), "--jobs", "2", "--no-refresh"])
    assert result.exit_code == 3  # a profile fell short; the tool itself did not fail
    for good in (PROFILES[0], PROFILES[1]):
        slug = good.read_text(encoding="utf-8").split("slug: ", 1)[1].split()[0]
        assert (tmp_path / slug / "manifest.json").is_file()
    assert "three_errors.yaml:9: company.employes" in result.stderr
    summary = result.stdout.splitlines()
    assert any("成功" in line and PROFILES[0].name in line for line in summary)
    assert any("失败" in line and "three_errors.yaml" in line for line in summary)
    assert "共 3 个档案，成功 2 个，失败 1 个" in result.stdout


def test_batch_refreshes_all_manuals_in_one_libreoffice_run(tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[list[Path]] = []

    def fake_refresh(files: list[Path], timeout: float | None = None) -> None:
        calls.append(list(files))
        for file in files:  # stands in for LibreOffice storing the filled document
            file.write_bytes(_with_page_number(file.read_bytes()))

    monkeypatch.setattr(refresh, "find_soffice", lambda: "/usr/bin/soffice")
    monkeypatch.setattr(refresh, "refresh_fields", fake_refresh)
    outcomes = run_batch([str(p) for p in PROFILES], BuildOptions(output=str(tmp_path)), jobs=1)
    assert all(o.ok for o in outcomes)
    assert len(calls) == 1 and len(calls[0]) == len(PROFILES)
    for outcome in outcomes:
        assert outcome.result is not None
        folder = outcome.result.folder
        manual = folder / MANUAL
        assert "第9页" in docx_text(manual.read_bytes())
        entry = next(e for e in read_manifest(folder).documents if e.path == MANUAL)  # type: ignore[union-attr]
        assert entry.content_sha256 == file_text_sha256(manual) != entry.render_sha256
        assert not [p for p in tmp_path.iterdir() if ".refresh-" in p.name]


def _with_page_number(data: bytes) -> bytes:
    """The .docx with one more paragraph, as a refresh changes the text."""
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        parts = {i.filename: source.read(i) for i in source.infolist()}
    body = parts["word/document.xml"]
    end = body.rindex(b"<w:sectPr")  # the body's own section properties come last
    parts["word/document.xml"] = (body[:end] + "<w:p><w:r><w:t>第9页</w:t></w:r></w:p>".encode()
                                  + body[end:])
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name, content in parts.items():
            target.writestr(name, content)
    return out.getvalue()
