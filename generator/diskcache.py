"""The user's cache folder: compiled templates, prepared templates, finished documents.

Everything kept here is an optimisation: a missing, unreadable or corrupt file is a miss, a
failed write is ignored, and SVCMANUAL_CACHE=off switches the folder off. Files are written
atomically and each at most `MAX_CACHE_BYTES` (a hostile template's output must not fill the
disk). A `sealed` file carries the SHA-256 of its content and is a miss when they disagree, so
a truncated or damaged file never becomes part of a document.

The folder is kept under `limit_bytes()` (SVCMANUAL_CACHE_MB, default 512 MB, counted in disk
blocks): `prune`, called at the end of a build that added files (at most every ten minutes
unless the build added a twentieth of the limit), removes the least recently used ones (a hit
refreshes a file's modification time) until the folder is back under four fifths of it.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import time
from pathlib import Path

MAX_CACHE_BYTES = 8 * 1024 * 1024
DEFAULT_LIMIT_MB = 512
PRUNE_EVERY_SECONDS = 600
_SEAL = hashlib.sha256().digest_size

_added = 0  # bytes written by this process since the last prune


def cache_dir() -> Path | None:
    """Where the caches persist (subfolders of this one); SVCMANUAL_CACHE=off disables them."""
    setting = os.environ.get("SVCMANUAL_CACHE")
    if setting == "off":
        return None
    if setting:
        return Path(setting)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "svcmanual"


def limit_bytes() -> int:
    setting = os.environ.get("SVCMANUAL_CACHE_MB", "")
    megabytes = int(setting) if setting.isdigit() else DEFAULT_LIMIT_MB
    return megabytes * 1024 * 1024


def read_cache(path: Path) -> bytes | None:
    """The file's bytes, or None; a hit counts as a use (for `prune`)."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    with contextlib.suppress(OSError):
        os.utime(path)
    return data


def write_cache(path: Path, data: bytes) -> None:
    """Write a cache file atomically; failing to write it is fine. A file over
    `MAX_CACHE_BYTES` is not written."""
    global _added
    if len(data) > MAX_CACHE_BYTES:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".tmp{os.getpid()}")
        tmp.write_bytes(data)
        os.replace(tmp, path)
    except OSError:
        return
    _added += len(data)


def read_sealed(path: Path) -> bytes | None:
    """The content of a file written by `write_sealed`, or None when it is missing or its
    content no longer matches its seal."""
    raw = read_cache(path)
    if raw is None or len(raw) < _SEAL:
        return None
    data = raw[_SEAL:]
    return data if hashlib.sha256(data).digest() == raw[:_SEAL] else None


def write_sealed(path: Path, data: bytes) -> None:
    write_cache(path, hashlib.sha256(data).digest() + data)


def prune() -> None:
    """Keep the folder under the limit, least recently used files first. Only when this
    process has added files, and then only when it has added a twentieth of the limit or no
    process has pruned for `PRUNE_EVERY_SECONDS` (a walk over tens of thousands of files is
    not for every build of a batch). Sizes are counted as the disk blocks the files take."""
    global _added
    folder = cache_dir()
    if folder is None or _added == 0:
        return
    limit = limit_bytes()
    marker = folder / ".pruned"
    due = _added >= limit // 20
    if not due:
        try:
            due = time.time() - marker.stat().st_mtime > PRUNE_EVERY_SECONDS
        except OSError:
            due = True
    if not due:
        return
    _added = 0
    with contextlib.suppress(OSError):
        marker.touch()
    files: list[tuple[float, int, str]] = []
    for root, _dirs, names in os.walk(folder):
        for name in names:
            path = os.path.join(root, name)
            try:
                st = os.stat(path)
            except OSError:
                continue
            blocks = getattr(st, "st_blocks", None)
            files.append((st.st_mtime, st.st_size if blocks is None else blocks * 512, path))
    total = sum(size for _, size, _ in files)
    if total <= limit:
        return
    for _, size, path in sorted(files):
        if total <= limit * 4 // 5:
            break
        if path == str(marker):
            continue
        try:
            os.remove(path)
        except OSError:
            continue
        total -= size
