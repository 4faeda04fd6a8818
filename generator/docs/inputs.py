"""Collect the documents to check from a .docx, a .pdf, a folder (recursive) or a .zip.

Rules:
1. A folder is searched recursively (regular files only); a ZIP (at most `MAX_ZIP_BYTES` on
   disk) is read member by member without extracting it, through `generator.ooxml.guard`:
   real inflated sizes are counted while reading, against one budget for the outermost
   archive and everything nested in it (an archive that expands like a zip bomb is refused, a
   member over `MAX_ZIP_MEMBER` is a failure for that member). Member names from Windows tools
   are GBK. A device or FIFO given as PATH is refused before it is opened.
2. Word lock files (~$…), hidden files, __MACOSX entries and files that are not documents
   (.xlsx, .jpg …) are skipped, each named with the reason (`Loaded.skipped`; not the build's
   own manifest.json, history and .svcmanual/ base copies). A zip inside a
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
import re
import shutil
import subprocess
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from generator.docs.outline import Outline, read_outline, read_outline_bytes
from generator.docs.pdf import read_pdf_bytes
from generator.errors import InputFileError
from generator.fsutil import scratch_dir
from generator.ooxml.guard import (
    MAX_FILE_BYTES,
    MAX_ZIP_BYTES,
    BombError,
    Budget,
    check_regular,
    open_archive,
    read_input,
    read_member,
)

DOCX = frozenset({".docx"})
PDF = ".pdf"
ZIP = ".zip"
BUILD_MANIFEST = "manifest.json"  # written by `svcmanual build` beside the documents
BUILD_FILES = frozenset({BUILD_MANIFEST, "认证日程.ics"})  # the build's own non-documents
# the build's history: change reports and redlines, and backups of hand-edited files
BUILD_HISTORY = re.compile(r"^(?:修订说明|.+\.backup-\d{4}-\d{2}-\d{2}(?:-\d+)?)$")
HISTORY_REASON = "svcmanual 生成的修订历史（修订说明、修订对照稿或备份），不是现行文件"
BUILD_STATE = ".svcmanual"  # the build's hidden folder of base copies (build.merging)
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
    if not path.is_dir() and not path.is_file():
        read_input(path, MAX_FILE_BYTES)  # a device, a FIFO, a socket: refused with its kind
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
        return Loaded([_read_pdf(read_input(path, MAX_FILE_BYTES), path.name)])
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


def read_sources(path: Path, *, timeout: float | None = None
                 ) -> tuple[list[tuple[str, bytes]], list[InputFileError]]:
    """The .docx bytes of every document under `path` (rules 1–3), by name, converting
    .doc/.odt in one LibreOffice run; for tools that rewrite the files (`templates import`)."""
    if not path.exists():
        raise InputFileError("路径不存在", where=str(path), hint="请检查路径是否正确")
    skipped: list[InputFileError] = []  # not documents (lock files, images …): nothing to import
    if path.is_dir():
        items = _folder_items(path, skipped)
    elif path.suffix.lower() == ZIP:
        items = list(_zip_items(path, skipped))
    elif path.suffix.lower() in DOCX | CONVERTIBLE:
        items = [(path.name, path)]
    else:
        raise InputFileError(f"不支持的文件类型“{path.suffix or '无扩展名'}”", where=str(path),
                             hint="请提供文件夹或 .zip 压缩包（其中为 .docx/.doc/.odt 文件）")
    if not items:
        raise InputFileError("没有找到 Word 文档（.docx/.doc/.odt/.wps）", where=str(path),
                             hint="请确认路径是否正确")
    files: list[tuple[str, bytes]] = []
    failures: list[InputFileError] = []
    to_convert: list[tuple[str, bytes]] = []
    for name, src in items:
        if isinstance(src, InputFileError):
            failures.append(src)
            continue
        try:
            data = src if isinstance(src, bytes) else read_input(src, MAX_FILE_BYTES)
        except InputFileError as exc:
            failures.append(exc)
            continue
        except OSError as exc:
            failures.append(InputFileError(f"无法读取文件（{exc.strerror}）", where=name))
            continue
        (to_convert if Path(name).suffix.lower() in CONVERTIBLE else files).append((name, data))
    if to_convert:
        converted, failed = convert_to_docx(to_convert, timeout=timeout)
        files += converted
        failures += failed
    return sorted(files), failures



def skip_reason(name: str) -> str | None:
    """Why a file of a folder or zip is not read, or None when it is a document to read."""
    parts = name.replace("\\", "/").split("/")
    base = parts[-1]
    if "__MACOSX" in parts:
        return "macOS 压缩时附带的元数据文件，不是文档"
    if any(BUILD_HISTORY.match(folder) for folder in parts[:-1]):
        return HISTORY_REASON
    if base.startswith("~$"):
        return "Word 打开文档时留下的临时锁定文件，不是文档"
    if base.startswith("."):
        return "隐藏文件，不是文档"
    if any(part.startswith(".") and part not in (".", "..") for part in parts[:-1]):
        return "隐藏文件夹中的文件，不是文档"
    suffix = Path(base).suffix.lower()
    if suffix not in DOCX | CONVERTIBLE | {PDF, ZIP}:
        return f"不是可检查的文档类型（{suffix or '无扩展名'}），只检查 .docx/.doc/.odt/.wps/.pdf"
    return None


def _note_skip(skipped: list[InputFileError], name: str, reason: str) -> None:
    # the build's own provenance file, history and base copies are no client documents: not
    # worth a warning
    if (Path(name).name not in BUILD_FILES and reason != HISTORY_REASON
            and BUILD_STATE not in Path(name).parts):
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
               depth: int = 0, budget: Budget | None = None) -> Iterator[Item]:
    """Members of a zip (`path`, or the bytes of a zip inside one), nested zips opened up to
    `MAX_ZIP_DEPTH`; member names carry `prefix` (the enclosing zip's name). Everything
    inflated from one zip on disk counts against one `budget`."""
    where = prefix.rstrip("/") if prefix else str(path)
    try:
        if isinstance(path, Path):
            check_regular(path, MAX_ZIP_BYTES, where=where)
        archive, infos = open_archive(io.BytesIO(path) if isinstance(path, bytes) else path,
                                      where, docx=False)
    except InputFileError as error:
        if depth == 0:
            raise
        yield where, error
        return
    budget = budget or Budget(where)
    with archive:
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
                data = read_member(archive, info, budget, limit=MAX_ZIP_MEMBER)
            except BombError as exc:
                if depth == 0:
                    raise  # the archive as a whole is a bomb: stop reading it
                yield where, exc
                return
            except InputFileError as exc:
                yield name, InputFileError(exc.message, where=name, hint="请重新压缩后再检查")
                continue
            if Path(name).suffix.lower() != ZIP:
                yield name, data
            elif depth + 1 >= MAX_ZIP_DEPTH:
                yield name, InputFileError(
                    f"压缩包嵌套超过 {MAX_ZIP_DEPTH} 层，未打开", where=name,
                    hint="请解压后把文档放在同一个压缩包或文件夹中再检查")
            else:
                yield from _zip_items(data, skipped, prefix=name + "/", depth=depth + 1,
                                      budget=budget)


def _read_all(items: list[Item], timeout: float | None) -> Loaded:
    loaded = Loaded()
    to_convert: list[tuple[str, bytes]] = []
    for name, src in items:
        if isinstance(src, InputFileError):
            loaded.failures.append(src)
            continue
        if Path(name).suffix.lower() in CONVERTIBLE:
            try:
                to_convert.append((name, src if isinstance(src, bytes)
                                   else read_input(src, MAX_FILE_BYTES, where=name)))
            except InputFileError as exc:
                loaded.failures.append(exc)
            continue
        try:
            if Path(name).suffix.lower() == PDF:
                outline = _read_pdf(src if isinstance(src, bytes)
                                    else read_input(src, MAX_FILE_BYTES, where=name), name)
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
    with scratch_dir("svcmanual-lo-") as tmp:
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
