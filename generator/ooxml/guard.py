"""The one guarded reader for every file and archive a user hands us.

Every input — a profile, an assessment, a client .docx, a .zip of documents, a template of a
third-party pack — is read through here (`read_input`, `verify_archive`, `read_member`):
1. Regular files only: a device (/dev/zero), a FIFO, a socket or a folder is refused from its
   `stat` before anything is opened; the file is opened non-blocking (a FIFO swapped in after the
   check cannot hang us) and read at most `limit + 1` bytes, so a size on disk that lies or
   grows is still caught while reading.
2. Archives are checked while inflating, never from their headers: every member is streamed
   through the decompressor and its real bytes are counted against a per-member bound, a total
   bound for the archive and a ratio bound (a zip bomb with false declared sizes stops at the
   bound, in bounded memory). At most `MAX_ENTRIES` members.
3. Nesting: a document inside a .zip is read (depth 1); an archive inside that is not opened.
Each failure is an `InputFileError` naming the file, in Chinese, with what to do.
"""

from __future__ import annotations

import errno
import lzma
import os
import stat
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from generator.errors import InputFileError

MAX_FILE_BYTES = 200 * 1024 * 1024  # one document (or template) on disk
MAX_ZIP_BYTES = 500 * 1024 * 1024  # a .zip of documents on disk
MAX_UNCOMPRESSED = 500 * 1024 * 1024  # all members of one archive, inflated
MAX_ENTRIES = 20_000
MAX_RATIO = 200
MAX_NESTING = 1  # a .zip may hold documents; archives inside it are not opened
RATIO_FLOOR = 10 * 1024 * 1024  # small members may compress extremely well (blank XML)
_CHUNK = 1024 * 1024
_HINT_BOMB = "该文件疑似压缩炸弹；请确认文件来源，用 Word/WPS 打开后重新另存再检查"
_DAMAGED = (zipfile.BadZipFile, zlib.error, lzma.LZMAError, OSError, EOFError, ValueError,
            NotImplementedError, RuntimeError)


class BombError(InputFileError):
    """An archive that inflates far more than its size (ratio) or than any document (total):
    the archive as a whole is refused, not only the member that showed it."""


def _mb(size: int) -> str:
    if size < 1024 * 1024:
        return f"{size} 字节"
    return f"{size // (1024 * 1024)} MB"


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "文件夹"
    if stat.S_ISFIFO(mode):
        return "命名管道（FIFO）"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "设备文件"
    if stat.S_ISSOCK(mode):
        return "套接字"
    return "特殊文件"


def check_regular(path: Path, limit: int, *, where: str | None = None) -> None:
    """`path` is a regular file of at most `limit` bytes (rule 1), judged from its `stat`."""
    where = where or str(path)
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise InputFileError("文件不存在", where=where, hint="请检查路径是否正确") from None
    except OSError as exc:
        raise InputFileError(f"无法读取文件（{exc.strerror}）", where=where) from None
    _check_stat(info, limit, where)


def read_input(path: Path, limit: int, *, where: str | None = None) -> bytes:
    """The bytes of the regular file `path`, at most `limit` of them (rule 1)."""
    where = where or str(path)
    check_regular(path, limit, where=where)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise InputFileError(f"无法读取文件（{exc.strerror}）", where=where) from None
    try:
        _check_stat(os.fstat(fd), limit, where)  # the file opened is the one checked
        chunks: list[bytes] = []
        total = 0
        while total <= limit:
            chunk = os.read(fd, min(_CHUNK, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
    except BlockingIOError:
        raise InputFileError("文件暂时无法读取（被其他程序占用）", where=where,
                             hint="请关闭占用该文件的程序后重试") from None
    except OSError as exc:
        raise InputFileError(f"无法读取文件（{exc.strerror}）", where=where) from None
    finally:
        os.close(fd)
    if total > limit:
        raise _too_large(where, limit)
    return b"".join(chunks)


def _check_stat(info: os.stat_result, limit: int, where: str) -> None:
    if not stat.S_ISREG(info.st_mode):
        raise InputFileError(f"这不是普通文件，而是{_kind(info.st_mode)}，不能读取", where=where,
                             hint="请指定一个普通文件（.yaml、.docx 或 .zip）")
    if info.st_size > limit:
        raise _too_large(where, limit, info.st_size)


def _too_large(where: str, limit: int, size: int | None = None) -> InputFileError:
    got = f"（{_mb(size)}）" if size is not None else ""
    return InputFileError(f"文件过大{got}，超过上限 {_mb(limit)}", where=where,
                          hint="请确认选择了正确的文件，或拆分后分别检查")


@dataclass
class Budget:
    """What is left to inflate from one archive (rule 2)."""

    where: str
    left: int = field(default_factory=lambda: MAX_UNCOMPRESSED)

    def spend(self, size: int) -> None:
        self.left -= size
        if self.left < 0:
            raise BombError(f"文件解压后超过上限 {_mb(MAX_UNCOMPRESSED)}，疑似压缩炸弹，已拒绝读取",
                                 where=self.where, hint=_HINT_BOMB)


def read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: Budget, *,
                limit: int = MAX_FILE_BYTES, keep: bool = True) -> bytes:
    """One member inflated chunk by chunk, its real size counted (rule 2); `keep=False`
    only verifies it (bounded memory) and returns b""."""
    chunks: list[bytes] = []
    size = 0
    try:
        with archive.open(info) as stream:
            while chunk := stream.read(_CHUNK):
                size += len(chunk)
                budget.spend(len(chunk))
                if size > limit:
                    raise InputFileError(
                        f"文件内部“{info.filename}”解压后超过 {_mb(limit)}，疑似压缩炸弹，已拒绝读取",
                        where=budget.where, hint=_HINT_BOMB)
                if size > RATIO_FLOOR and size > MAX_RATIO * max(info.compress_size, 1):
                    raise BombError(
                        f"文件内部“{info.filename}”解压后膨胀超过 {MAX_RATIO} 倍，疑似压缩炸弹，已拒绝读取",
                        where=budget.where, hint=_HINT_BOMB)
                if keep:
                    chunks.append(chunk)
    except InputFileError:
        raise
    except _DAMAGED:
        raise InputFileError(f"文件内部“{info.filename}”已损坏，无法解压", where=budget.where,
                             hint="请用 Word 或 WPS 打开后另存为 .docx 再检查") from None
    return b"".join(chunks)


def open_archive(source: Path | object, where: str, *, docx: bool = True
                 ) -> tuple[zipfile.ZipFile, list[zipfile.ZipInfo]]:
    """Open a ZIP (a path or a binary stream: a .docx, or with `docx=False` a .zip of
    documents) and list at most `MAX_ENTRIES` members."""
    try:
        archive = zipfile.ZipFile(source)  # type: ignore[arg-type]
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError,
            NotImplementedError):
        if not docx:
            raise InputFileError("压缩包已损坏，无法打开", where=where,
                                 hint="请重新压缩后再检查") from None
        raise InputFileError("文件已损坏，不是有效的 Word 文档", where=where,
                             hint="请用 Word 或 WPS 打开后另存为 .docx（Word 文档）再检查"
                             ) from None
    if len(infos) > MAX_ENTRIES:
        archive.close()
        raise InputFileError(f"压缩包内文件数过多（{len(infos)} 个，上限 {MAX_ENTRIES}），"
                             "疑似恶意文件，已拒绝读取", where=where, hint=_HINT_BOMB)
    return archive, infos


def verify_archive(archive: zipfile.ZipFile, infos: list[zipfile.ZipInfo], where: str) -> None:
    """Inflate every member once without keeping it: after this, every later read of the
    archive is known to stay within the bounds (the CRC ties the data to the sizes)."""
    budget = Budget(where)
    for info in infos:
        if info.flag_bits & 0x1 or info.is_dir():
            continue  # encrypted members are refused by the caller; folders hold nothing
        read_member(archive, info, budget, keep=False)


def is_disk_full(exc: OSError) -> bool:
    """A write failed because the disk (or the user's quota) is full."""
    return exc.errno in (errno.ENOSPC, errno.EDQUOT)
