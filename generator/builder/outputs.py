"""Finished documents and their digests, kept by the hash of everything they are made from.

A render is a pure function of the generator's code, the template's bytes and the values it is
given (no clock, no random ids: an unchanged profile gives the same bytes). So a document made
before, by any build of any set on this machine, is taken from the cache instead of being
rendered again, and the digests of a document's bytes (its text and its editable parts, which
the manifest records and hand-edit detection compares) are computed once per content.

Keys: `code_digest()` (every file of the generator package, the Python and zlib versions and
those of the libraries that write the bytes) plus the caller's parts. Values are sealed (`diskcache.read_sealed`), so a
damaged cache file is a miss, never a document. A value that cannot be written as canonical
JSON (`canonical`) has no key: that render simply is not cached.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import sys
import zlib
from collections.abc import Callable
from importlib import metadata
from pathlib import Path
from typing import Any

from generator.diskcache import cache_dir, read_sealed, write_sealed

_FORMAT = b"svcmanual-outputs-1"
_LIBRARIES = ("docxtpl", "python-docx", "docxcompose", "jinja2", "lxml", "markupsafe")
_SKIPPED = {"__pycache__", "_data"}  # bytecode; an installed wheel's templates (keyed by content)
_MEMORY_LIMIT = 4096


@functools.cache
def code_digest() -> bytes:
    """The generator's own files (code and catalog data) and the writing libraries' versions."""
    digest = hashlib.sha256(_FORMAT)
    package = Path(__file__).resolve().parent.parent
    for path in sorted(package.rglob("*")):
        if path.is_file() and not _SKIPPED.intersection(path.relative_to(package).parts):
            digest.update(path.relative_to(package).as_posix().encode("utf-8") + b"\0")
            digest.update(path.read_bytes())
    digest.update(f"{sys.version}\0{zlib.ZLIB_RUNTIME_VERSION}\0".encode())
    for name in _LIBRARIES:
        try:
            digest.update(f"{name}={metadata.version(name)}\0".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{name}=?\0".encode())
    return digest.digest()


def _json_default(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    raise TypeError(type(value).__name__)


def canonical(value: Any) -> bytes | None:
    """`value` as canonical JSON (sorted keys), or None when it holds anything else than
    JSON data and dates."""
    try:
        return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"),
                          default=_json_default).encode("utf-8")
    except (TypeError, ValueError):
        return None


def key(*parts: bytes) -> str:
    digest = hashlib.sha256(code_digest())
    for part in parts:
        digest.update(len(part).to_bytes(8, "big") + part)
    return digest.hexdigest()


def _path(kind: str, name: str) -> Path | None:
    folder = cache_dir()
    return folder / kind / name[:2] / f"{name}.bin" if folder else None


def document(name: str | None, make: Callable[[], bytes]) -> bytes:
    """The document kept under `name`, else `make()` (kept for next time). No name: made."""
    if name is None:
        return make()
    path = _path("documents", name)
    found = read_sealed(path) if path else None
    if found is not None:
        return found
    data = make()
    if path is not None:
        write_sealed(path, data)
    return data


_DIGESTS: dict[bytes, tuple[str, str]] = {}


def digests(data: bytes, compute: Callable[[bytes], tuple[str, str]]) -> tuple[str, str]:
    """`compute(data)` (a pair of hex digests), once per content: from memory, the disk, or
    computed now."""
    own = hashlib.sha256(data).digest()
    found = _DIGESTS.get(own)
    if found is not None:
        return found
    path = _path("digests", key(b"digests", own))
    raw = read_sealed(path) if path else None
    pair = tuple(raw.decode("ascii").split(" ")) if raw else ()
    if len(pair) == 2:
        found = (pair[0], pair[1])
    else:
        found = compute(data)
        if path is not None:
            write_sealed(path, f"{found[0]} {found[1]}".encode("ascii"))
    if len(_DIGESTS) > _MEMORY_LIMIT:
        _DIGESTS.clear()
    _DIGESTS[own] = found
    return found
