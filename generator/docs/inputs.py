"""Collect the documents to check from a .docx, a .pdf, a folder (recursive) or a .zip.

Rules:
1. A folder is searched recursively; a ZIP is read member by member without extracting it
   (member names from Windows tools are GBK; sizes are checked before anything is inflated:
   an archive that expands like a zip bomb is refused, a member over `MAX_ZIP_MEMBER` is a
   failure for that member).
2. Word lock files (~$…), hidden files, __MACOSX entries and files that are not documents
   (.xlsx, .jpg …) are skipped, each named with the reason (`Loaded.skipped`). A zip inside a
   folder or a zip is opened in turn, down to `MAX_ZIP_DEPTH` levels; members are named
   "outer.zip/inner.zip/file.docx". Text-layer PDFs are read by `generator.docs.pdf`.
3. .doc/.odt/.wps/.rtf/.docm are converted to .docx by LibreOffice in ONE headless run with its
   own profile directory and a timeout (docx-pitfalls §10); without LibreOffice each such
   file gets a clear error.
4. A document that cannot be read is a failure for that file; the others are still read.
   When PATH itself is a single unreadable file, the error is raised (the tool failed).
"""

from __future__ import annotations

import io
import lzma
import shutil
import subprocess
import tempfile
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from generator.docs.outline import Outline, read_outline, read_outline_bytes
from generator.docs.pdf import read_pdf_bytes
from generator.errors import InputFileError
from generator.ooxml.safety import MAX_FILE_BYTES, check_zip_sizes

DOCX = frozenset({".docx"})
PDF = ".pdf"
ZIP = ".zip"
BUILD_MANIFEST = "manifest.json"  # written by `svcmanual build` beside the documents
MAX_ZIP_DEPTH = 3  # a zip inside a zip inside a zip; deeper ones are named, not opened
CONVERTIBLE = frozenset({".doc", ".odt", ".wps", ".rtf", ".docm"})
MAX_ZIP_MEMBER = 200 * 1024 * 1024
INSTALL_HINT = ("请安装 LibreOffice（Debian/Ubuntu：sudo apt-get install "
                "libreoffice-writer-nogui），或在 Word/WPS 中另存为 .docx 后再检查")


@dataclass
class Loaded:
    outlines: list[Outline] = field(default_factory=list)
    failures: list[InputFileError] = field(default_factory=list)
    skipped: list[InputFileError] = field(default_factory=list)  # not documents: why not read


def load_documents(path: Path, *, timeout: float | None = None) -> Loaded:
    """Read every document under `path` (rules 1–4)."""
    if not path.exists():
        raise InputFileError("路径不存在", where=str(path), hint="请检查路径是否正确")
    skipped: list[InputFileError] = []
    if path.is_dir():
        items = _folder_items(path, skipped)
        source = "文件夹"
    elif path.suffix.lower() == ZIP:
        items = list(_zip_items(path, skipped))
        source = "压缩包"
    elif path.suffix.lower() in DOCX:
        return Loaded([read_outline(path)])
    elif path.suffix.lower() == PDF:
        return Loaded([_read_pdf(path.read_bytes(), path.name)])
    elif path.suffix.lower() in CONVERTIBLE:
        loaded = _read_all([(path.name, path)], timeout)
        if loaded.failures:
            raise loaded.failures[0]
        return loaded
    else:
        raise InputFileError(
            f"不支持的文件类型“{path.suffix or '无扩展名'}”", where=str(path),
            hint="请提供 .docx 文件、包含 .docx 的文件夹或 .zip 压缩包",
        )
    if not items:
        raise InputFileError(f"{source}中没有找到 Word 或 PDF 文档（.docx/.doc/.odt/.wps/.pdf）",
                             where=str(path), hint="请确认路径是否正确")
    loaded = _read_all(items, timeout)
    loaded.skipped.extend(skipped)
    return loaded


def _read_pdf(data: bytes, name: str) -> Outline:
    if len(data) > MAX_FILE_BYTES:
        raise InputFileError(f"文件过大（{len(data) // (1024 * 1024)} MB）", where=name,
                             hint="请确认选择了正确的文件")
    return read_pdf_bytes(data, name)


Item = tuple[str, "Path | bytes | InputFileError"]


def skip_reason(name: str) -> str | None:
    """Why a file of a folder or zip is not read, or None when it is a document to read."""
    parts = name.replace("\\", "/").split("/")
    base = parts[-1]
    if "__MACOSX" in parts:
        return "macOS 压缩时附带的元数据文件，不是文档"
    if base.startswith("~$"):
        return "Word 打开文档时留下的临时锁定文件，不是文档"
    if base.startswith("."):
        return "隐藏文件，不是文档"
    suffix = Path(base).suffix.lower()
    if suffix not in DOCX | CONVERTIBLE | {PDF, ZIP}:
        return f"不是可检查的文档类型（{suffix or '无扩展名'}），只检查 .docx/.doc/.odt/.wps/.pdf"
    return None


def _note_skip(skipped: list[InputFileError], name: str, reason: str) -> None:
    # the build's own provenance file is no client document: not worth a warning
    if Path(name).name != BUILD_MANIFEST:
        skipped.append(InputFileError(f"已跳过：{reason}", where=name))


def _folder_items(folder: Path, skipped: list[InputFileError]) -> list[Item]:
    found = [p for p in folder.rglob("*") if p.is_file()]
    items: list[Item] = []
    for file in sorted(found, key=lambda p: p.relative_to(folder).as_posix()):
        name = file.relative_to(folder).as_posix()
        reason = skip_reason(name)
        if reason is not None:
            _note_skip(skipped, name, reason)
        elif file.suffix.lower() == ZIP:
            items.extend(_zip_items(file, skipped, prefix=name + "/", depth=1))
        else:
            items.append((name, file))
    return items


def _member_name(info: zipfile.ZipInfo) -> str:
    if info.flag_bits & 0x800:  # the UTF-8 flag; without it Windows tools wrote GBK
        return info.filename
    try:
        return info.filename.encode("cp437").decode("gbk")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return info.filename


def _zip_items(path: Path | bytes, skipped: list[InputFileError], *, prefix: str = "",
               depth: int = 0) -> Iterator[Item]:
    """Members of a zip (`path`, or the bytes of a zip inside one), nested zips opened up to
    `MAX_ZIP_DEPTH`; member names carry `prefix` (the enclosing zip's name)."""
    where = prefix.rstrip("/") if prefix else str(path)
    try:
        archive = zipfile.ZipFile(io.BytesIO(path) if isinstance(path, bytes) else path)
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
        error = InputFileError("压缩包已损坏，无法打开", where=where, hint="请重新压缩后再检查")
        if depth == 0:
            raise error from None
        yield where, error
        return
    with archive:
        try:
            check_zip_sizes(infos, where)
        except InputFileError as exc:
            if depth == 0:
                raise
            yield where, exc
            return
        for info in infos:
            name = prefix + _member_name(info)
            if info.is_dir():
                continue
            reason = skip_reason(name)
            if reason is not None:
                _note_skip(skipped, name, reason)
                continue
            if info.file_size > MAX_ZIP_MEMBER:  # a document this large is not a manual
                yield name, InputFileError(
                    f"文件过大（{info.file_size // (1024 * 1024)} MB），超过上限 "
                    f"{MAX_ZIP_MEMBER // (1024 * 1024)} MB，未解压", where=name,
                    hint="请确认选择了正确的文件，或拆分后分别检查")
                continue
            if info.flag_bits & 0x1:
                yield name, InputFileError("压缩包内的该文件设有密码，无法读取", where=name,
                                           hint="请去除密码后重新压缩")
                continue
            try:
                data = archive.read(info)
            except (zipfile.BadZipFile, zlib.error, lzma.LZMAError, OSError, ValueError,
                    EOFError, NotImplementedError):
                yield name, InputFileError("压缩包内的该文件已损坏，无法解压", where=name,
                                           hint="请重新压缩后再检查")
                continue
            if Path(name).suffix.lower() != ZIP:
                yield name, data
            elif depth + 1 >= MAX_ZIP_DEPTH:
                yield name, InputFileError(
                    f"压缩包嵌套超过 {MAX_ZIP_DEPTH} 层，未打开", where=name,
                    hint="请解压后把文档放在同一个压缩包或文件夹中再检查")
            else:
                yield from _zip_items(data, skipped, prefix=name + "/", depth=depth + 1)


def _read_all(items: list[Item], timeout: float | None) -> Loaded:
    loaded = Loaded()
    to_convert: list[tuple[str, bytes]] = []
    for name, src in items:
        if isinstance(src, InputFileError):
            loaded.failures.append(src)
            continue
        if Path(name).suffix.lower() in CONVERTIBLE:
            try:
                to_convert.append((name, src if isinstance(src, bytes) else src.read_bytes()))
            except OSError as exc:
                loaded.failures.append(
                    InputFileError(f"无法读取文件（{exc.strerror}）", where=name))
            continue
        try:
            if Path(name).suffix.lower() == PDF:
                outline = _read_pdf(src if isinstance(src, bytes) else src.read_bytes(), name)
            else:
                outline = (read_outline_bytes(src, name) if isinstance(src, bytes)
                           else read_outline(src, name))
        except InputFileError as exc:
            loaded.failures.append(exc)
            continue
        loaded.outlines.append(outline)
    if to_convert:
        converted, failures = convert_to_docx(to_convert, timeout=timeout)
        loaded.failures.extend(failures)
        for name, data in converted:
            try:
                loaded.outlines.append(read_outline_bytes(data, name))
            except InputFileError as exc:
                loaded.failures.append(exc)
    loaded.outlines.sort(key=lambda o: o.name)
    return loaded


def convert_to_docx(files: list[tuple[str, bytes]], *, timeout: float | None = None
                    ) -> tuple[list[tuple[str, bytes]], list[InputFileError]]:
    """Convert legacy/ODF documents to .docx with one LibreOffice run (rule 3)."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        return [], [InputFileError("需要 LibreOffice 才能读取该格式（.doc/.odt/.wps/.rtf）",
                                   where=name, hint=INSTALL_HINT) for name, _ in files]
    limit = timeout if timeout is not None else min(60 + 15 * len(files), 600)
    with tempfile.TemporaryDirectory(prefix="svcmanual-lo-") as tmp:
        inbox, outbox = Path(tmp, "in"), Path(tmp, "out")
        inbox.mkdir()
        sources = []
        for i, (name, data) in enumerate(files):
            # numbered names: no clash between a/x.doc and b/x.doc, no odd characters
            source = inbox / f"{i:04d}{Path(name).suffix.lower()}"
            source.write_bytes(data)
            sources.append(str(source))
        cmd = [soffice, "--headless", "--norestore", "--nologo", "--nodefault",
               f"-env:UserInstallation={Path(tmp, 'profile').as_uri()}",
               "--convert-to", "docx", "--outdir", str(outbox), *sources]
        try:
            subprocess.run(cmd, capture_output=True, timeout=limit, check=False)
        except subprocess.TimeoutExpired:
            return [], [InputFileError(f"LibreOffice 转换超时（{limit:.0f} 秒）", where=name,
                                       hint="请在 Word/WPS 中另存为 .docx 后再检查")
                        for name, _ in files]
        except OSError as exc:
            return [], [InputFileError(f"无法运行 LibreOffice（{exc.strerror}）", where=name,
                                       hint=INSTALL_HINT) for name, _ in files]
        converted: list[tuple[str, bytes]] = []
        failures: list[InputFileError] = []
        for i, (name, _) in enumerate(files):
            result = outbox / f"{i:04d}.docx"
            if result.is_file():
                converted.append((name, result.read_bytes()))
            else:
                failures.append(InputFileError(
                    "LibreOffice 无法转换该文件（可能已加密、已损坏或不是文字文档）", where=name,
                    hint="请在 Word/WPS 中打开确认后另存为 .docx 再检查"))
        return converted, failures
