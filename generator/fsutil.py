"""Safe writes: a file is either its old self or its complete new self, never half-written.

A written file gets the mode an ordinary `open()` would give it (0666 less the umask), not the
0600 of the temporary file it is written through.

A write that fails is an `OutputError` saying why in Chinese and what to do: a full disk
(Errno 28), a name over `MAX_NAME_BYTES`, no permission. Text is written as UTF-8; a file name
that was not UTF-8 on disk (it reaches us as lone surrogates) is shown with U+FFFD
(`clean_text`), never as a raw byte. Scratch folders (LibreOffice's profile and files) carry
the process id, so that those of a killed run are removed by the next one (`scratch_dir`).
"""

from __future__ import annotations

import contextlib
import errno
import glob
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from generator.errors import OutputError

MAX_NAME_BYTES = 255  # one path component, on every common file system


def clean_text(text: str) -> str:
    """`text` as valid Unicode: undecodable bytes of file names become U+FFFD."""
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def write_error(exc: OSError, path: Path) -> OutputError:
    """The Chinese message for a failed write to `path`."""
    where = clean_text(str(path))
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return OutputError("磁盘空间不足，文件未写入（已有的文件保持原样）", where=where,
                           hint="请清理磁盘或改用空间充足的输出目录（-o）后重试")
    if exc.errno == errno.ENAMETOOLONG:
        return OutputError(f"文件名过长（超过 {MAX_NAME_BYTES} 字节）", where=where,
                           hint="请缩短文件名或目录名后重试（一个汉字占 3 字节）")
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return OutputError(f"没有写入权限（{exc.strerror}）", where=where,
                           hint="请检查目录权限，或改用可写的输出目录")
    return OutputError(f"无法写入文件（{exc.strerror}）", where=where,
                       hint="请检查目录权限和磁盘空间")


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def atomic_write_bytes(path: Path, data: bytes) -> None:
    if len(os.fsencode(path.name)) > MAX_NAME_BYTES:
        raise write_error(OSError(errno.ENAMETOOLONG, "File name too long"), path)
    tmp: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # the temporary name is short: a name near the limit must not fail for our suffix
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".svcmanual-", suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except OSError as exc:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
        raise write_error(exc, path) from None


def atomic_write_text(path: Path, text: str) -> None:
    atomic_write_bytes(path, clean_text(text).encode("utf-8"))


@contextlib.contextmanager
def scratch_dir(prefix: str) -> Iterator[Path]:
    """A temporary folder `<prefix><pid>-…` removed afterwards; folders of the same prefix left
    by a process that no longer runs (killed, so its clean-up never ran) are removed first."""
    base = Path(tempfile.gettempdir())
    for stale in base.glob(f"{glob.escape(prefix)}*-*"):
        pid = stale.name[len(prefix):].split("-", 1)[0]
        if pid.isdigit() and int(pid) != os.getpid() and not _alive(int(pid)):
            shutil.rmtree(stale, ignore_errors=True)
    with tempfile.TemporaryDirectory(prefix=f"{prefix}{os.getpid()}-") as tmp:
        yield Path(tmp)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True  # another user's process, or we cannot tell: leave its folder alone
    return True
