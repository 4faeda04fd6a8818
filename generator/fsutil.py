"""Safe writes: a file is either its old self or its complete new self, never half-written.

A written file gets the mode an ordinary `open()` would give it (0666 less the umask), not the
0600 of the temporary file it is written through.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from generator.errors import OutputError


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def atomic_write_bytes(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise OutputError(f"无法写入文件（{exc.strerror}）", where=str(path),
                          hint="请检查目录权限和磁盘空间") from None


def atomic_write_text(path: Path, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))
