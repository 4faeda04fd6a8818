"""LibreOffice headless: one process per batch of files, its own user profile, a timeout.

Two jobs: refresh fields (TOC, page numbers) inside .docx files and store them, and export
PDFs. LibreOffice has no command-line switch to update indexes (tdf#44448), so a small Basic
macro is installed into the throw-away user profile and run with `macro:///`.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
from pathlib import Path

from generator.errors import DependencyMissing, SvcError
from generator.fsutil import scratch_dir

INSTALL_HINT = (
    "请安装 LibreOffice 与中文字体：sudo apt-get install libreoffice-writer-nogui fonts-noto-cjk"
    "（Windows/macOS 请从 libreoffice.org 安装，并确保 soffice 在 PATH 中）"
)
FONTS_CONF = Path(__file__).with_name("fonts.conf")

_MACRO = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE script:module PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "module.dtd">
<script:module xmlns:script="http://openoffice.org/2000/script" script:name="Module1" script:language="StarBasic">
Sub RefreshFields(urls As String)
  Dim url As Variant
  For Each url In Split(urls, "|")
    RefreshOne(url)
  Next url
End Sub

Sub RefreshOne(url As String)
  Dim args(0) As New com.sun.star.beans.PropertyValue
  args(0).Name = "Hidden"
  args(0).Value = True
  Dim doc As Object
  doc = StarDesktop.loadComponentFromURL(url, "_blank", 0, args())
  Dim pass As Integer, k As Integer
  REM Fill, then fill again: the first fill changes the TOC's own length, which can move
  REM the headings after it to other pages.
  For pass = 1 To 2
    For k = 0 To doc.getDocumentIndexes().getCount() - 1
      doc.getDocumentIndexes().getByIndex(k).update()
    Next k
    doc.getTextFields().refresh()
  Next pass
  Dim fmt(0) As New com.sun.star.beans.PropertyValue
  fmt(0).Name = "FilterName"
  fmt(0).Value = "MS Word 2007 XML"
  doc.storeToURL(url, fmt())
  doc.close(True)
End Sub
</script:module>
"""

def find_soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def require_soffice() -> str:
    exe = find_soffice()
    if exe is None:
        raise DependencyMissing("未找到 LibreOffice（soffice），无法导出 PDF 或刷新目录与页码",
                                hint=INSTALL_HINT)
    return exe


def _profile_dir(base: Path, exe: str, env: dict[str, str]) -> Path:
    """A throw-away LibreOffice user profile holding our Basic macro. LibreOffice lays out a
    new profile on first start and would overwrite a macro written before that, so the profile
    is initialised first and the macro module replaced afterwards."""
    profile = base / "lo-profile"
    _run(exe, profile, ["--terminate_after_init"], env, 120)
    module = profile / "user" / "basic" / "Standard" / "Module1.xba"
    module.parent.mkdir(parents=True, exist_ok=True)
    module.write_text(_MACRO, encoding="utf-8")
    return profile


def _run(exe: str, profile: Path, args: list[str], env: dict[str, str], timeout: float) -> None:
    command = [exe, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
               "--nologo", "--nodefault", "--nolockcheck", *args]
    # A new session, so that on a time-out the whole soffice process tree can be ended.
    process = subprocess.Popen(command, env=env, stdin=subprocess.DEVNULL,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               start_new_session=True)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        raise SvcError(f"LibreOffice 在 {timeout:.0f} 秒内未完成，已终止",
                       hint="请确认 LibreOffice 可正常运行（soffice --headless --version）") from None


class _Office:
    """One throw-away user profile for a batch of LibreOffice runs."""

    def __init__(self, base: Path):
        self.exe = require_soffice()
        self.env = dict(os.environ, FONTCONFIG_FILE=str(FONTS_CONF), HOME=str(base))
        self.profile = _profile_dir(base, self.exe, self.env)

    def run(self, args: list[str], timeout: float) -> None:
        _run(self.exe, self.profile, args, self.env, timeout)


def refresh_fields(files: list[Path], timeout: float | None = None) -> None:
    """Update TOC and other fields in place (the .docx then shows them filled in Word/WPS),
    every file in ONE LibreOffice process (a batch passes the manuals of all its sets)."""
    if not files:
        return
    urls = "|".join(file.resolve().as_uri() for file in files)
    with scratch_dir("svcmanual-lo-") as tmp:
        _Office(Path(tmp)).run([f'macro:///Standard.Module1.RefreshFields("{urls}")'],
                               timeout or 120 + 60 * len(files))


def convert_to_pdf(files: list[Path], outdir: Path, timeout: float | None = None) -> list[Path]:
    """Convert many files with ONE soffice process; return the PDFs that appeared."""
    if not files:
        return []
    outdir.mkdir(parents=True, exist_ok=True)
    with scratch_dir("svcmanual-lo-") as tmp:
        _Office(Path(tmp)).run(["--convert-to", "pdf", "--outdir", str(outdir), *map(str, files)],
                               timeout or 120 + 10 * len(files))
    produced = [outdir / (f.stem + ".pdf") for f in files]
    missing = [p.name for p in produced if not p.exists()]
    if missing:
        raise SvcError(f"LibreOffice 未能生成 {len(missing)} 个 PDF：{'、'.join(missing[:5])}",
                       hint="请确认 LibreOffice 可正常运行（soffice --headless --version）")
    return produced
