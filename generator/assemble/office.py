"""LibreOffice headless: one process per batch of files, its own user profile, a timeout.

Two jobs: refresh fields (TOC, page numbers) inside .docx files and store them, and export
PDFs. LibreOffice has no command-line switch to update indexes (tdf#44448), so a small Basic
macro is installed into the throw-away user profile and run with `macro:///`.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from generator.errors import DependencyMissing, SvcError

INSTALL_HINT = (
    "请安装 LibreOffice 与中文字体：sudo apt-get install libreoffice-writer-nogui fonts-noto-cjk"
    "（Windows/macOS 请从 libreoffice.org 安装，并确保 soffice 在 PATH 中）"
)
FONTS_CONF = Path(__file__).with_name("fonts.conf")

_MACRO = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE script:module PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "module.dtd">
<script:module xmlns:script="http://openoffice.org/2000/script" script:name="Module1" script:language="StarBasic">
Sub RefreshFields(list As String)
  Dim files() As String
  files = Split(list, "|")
  Dim args(0) As New com.sun.star.beans.PropertyValue
  args(0).Name = "Hidden"
  args(0).Value = True
  Dim i As Integer
  For i = LBound(files) To UBound(files)
    Dim doc As Object
    doc = StarDesktop.loadComponentFromURL(files(i), "_blank", 0, args())
    Dim idx As Object
    Dim k As Integer
    For k = 0 To doc.getDocumentIndexes().getCount() - 1
      idx = doc.getDocumentIndexes().getByIndex(k)
      idx.update()
    Next k
    doc.getTextFields().refresh()
    doc.getDocumentIndexes()
    Dim fmt(0) As New com.sun.star.beans.PropertyValue
    fmt(0).Name = "FilterName"
    fmt(0).Value = "MS Word 2007 XML"
    doc.storeToURL(files(i), fmt())
    doc.close(True)
  Next i
End Sub
</script:module>
"""

_XLB = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE library:library PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "library.dtd">
<library:library xmlns:library="http://openoffice.org/2000/library" library:name="Standard" library:readonly="false" library:passwordprotected="false">  # noqa: E501
 <library:element library:name="Module1"/>
</library:library>
"""

_DLG = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE library:library PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "library.dtd">
<library:library xmlns:library="http://openoffice.org/2000/library" library:name="Standard" library:readonly="false" library:passwordprotected="false"/>  # noqa: E501
"""


def find_soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def require_soffice() -> str:
    exe = find_soffice()
    if exe is None:
        raise DependencyMissing("未找到 LibreOffice（soffice），无法导出 PDF 或刷新目录与页码",
                                hint=INSTALL_HINT)
    return exe


def _profile_dir(base: Path) -> Path:
    profile = base / "lo-profile"
    basic = profile / "user" / "basic" / "Standard"
    basic.mkdir(parents=True)
    (basic / "Module1.xba").write_text(_MACRO, encoding="utf-8")
    (basic / "script.xlb").write_text(_XLB.replace("library:element", "library:element"),
                                      encoding="utf-8")
    (basic / "dialog.xlb").write_text(_DLG, encoding="utf-8")
    (profile / "user" / "basic" / "script.xlc").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE library:libraries PUBLIC '
        '"-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "libraries.dtd">\n'
        '<library:libraries xmlns:library="http://openoffice.org/2000/library" '
        'xmlns:xlink="http://www.w3.org/1999/xlink">\n <library:library library:name="Standard" '
        'xlink:href="$(USER)/basic/Standard/script.xlb/" xlink:type="simple" '
        'library:link="false"/>\n</library:libraries>\n', encoding="utf-8")
    (profile / "user" / "basic" / "dialog.xlc").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE library:libraries PUBLIC '
        '"-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "libraries.dtd">\n'
        '<library:libraries xmlns:library="http://openoffice.org/2000/library" '
        'xmlns:xlink="http://www.w3.org/1999/xlink">\n <library:library library:name="Standard" '
        'xlink:href="$(USER)/basic/Standard/dialog.xlb/" xlink:type="simple" '
        'library:link="false"/>\n</library:libraries>\n', encoding="utf-8")
    return profile


def _run(args: list[str], base: Path, timeout: float) -> None:
    exe = require_soffice()
    env = dict(os.environ, FONTCONFIG_FILE=str(FONTS_CONF), HOME=str(base))
    command = [exe, f"-env:UserInstallation={_profile_dir(base).as_uri()}", "--headless",
               "--norestore", "--nologo", "--nodefault", "--nolockcheck", *args]
    try:
        subprocess.run(command, env=env, timeout=timeout, check=False, capture_output=True,
                       stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        raise SvcError(f"LibreOffice 在 {timeout:.0f} 秒内未完成，已终止",
                       hint="文件较多时可分批生成；或检查是否有残留的 soffice 进程") from None


def refresh_fields(files: list[Path], timeout: float = 600) -> None:
    """Update TOC and other fields in place (the .docx then shows them filled in Word/WPS)."""
    if not files:
        return
    with tempfile.TemporaryDirectory(prefix="svcmanual-lo-") as tmp:
        base = Path(tmp)
        urls = "|".join(f.resolve().as_uri() for f in files)
        _run([f'macro:///Standard.Module1.RefreshFields("{urls}")'], base, timeout)


def convert_to_pdf(files: list[Path], outdir: Path, timeout: float | None = None) -> list[Path]:
    """Convert many files with ONE soffice process; return the PDFs that appeared."""
    if not files:
        return []
    outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="svcmanual-lo-") as tmp:
        base = Path(tmp)
        _run(["--convert-to", "pdf", "--outdir", str(outdir), *map(str, files)], base,
             timeout or 120 + 10 * len(files))
    produced = [outdir / (f.stem + ".pdf") for f in files]
    missing = [p.name for p in produced if not p.exists()]
    if missing:
        raise SvcError(f"LibreOffice 未能生成 {len(missing)} 个 PDF：{'、'.join(missing[:5])}",
                       hint="请确认 LibreOffice 可正常运行（soffice --headless --version）")
    return produced
