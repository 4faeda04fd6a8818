"""The cache of finished documents and digests (builder.outputs, diskcache)."""

from __future__ import annotations

import os
import time
import zipfile
from pathlib import Path

import pytest

import generator.builder.certplan as certplan
import generator.builder.documents as documents
from generator import diskcache
from generator.builder.run import build
from tests.builder.sets import BASE


def members(path: Path) -> object:
    """A .docx as its parts (a render's zip headers carry the time it was made); other
    files as their bytes."""
    if path.suffix != ".docx":
        return path.read_bytes()
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def files(folder: Path) -> dict[str, object]:
    return {p.relative_to(folder).as_posix(): members(p) for p in folder.rglob("*")
            if p.is_file() and ".svcmanual" not in p.parts and p.name != "manifest.json"}


def refuse(*args: object, **kwargs: object) -> bytes:
    raise AssertionError("rendered although an identical document was made before")


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("SVCMANUAL_CACHE", str(folder))
    return folder


@pytest.fixture
def first(cache: Path, tmp_path: Path) -> dict[str, object]:
    return files(build(BASE, tmp_path / "first", refresh=False).folder)


def test_a_document_made_before_is_not_rendered_again(first: dict[str, object], tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(documents, "render_template", refuse)
    monkeypatch.setattr(documents, "compose_volume", refuse)
    monkeypatch.setattr(certplan, "plan_docx", refuse)
    again = build(BASE, tmp_path / "again", refresh=False)
    assert files(again.folder) == first
    assert len(again.written) == len(first) - 2  # all but the plan and the calendar


def test_a_damaged_cache_file_is_a_miss_not_a_document(first: dict[str, object], cache: Path,
                                                       tmp_path: Path) -> None:
    stored = sorted((cache / "documents").rglob("*.bin"))
    assert len(stored) >= len(first) - 1  # every document and the plan (not the calendar)
    for path in stored:
        raw = bytearray(path.read_bytes())
        raw[len(raw) // 2] ^= 0xFF
        path.write_bytes(bytes(raw))
    for path in (cache / "digests").rglob("*.bin"):
        path.write_bytes(path.read_bytes()[:-3])
    again = build(BASE, tmp_path / "again", refresh=False)
    assert files(again.folder) == first
    assert diskcache.read_sealed(stored[0]) is not None  # written again, whole


def test_without_a_cache_folder_the_set_is_the_same(first: dict[str, object], tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SVCMANUAL_CACHE", "off")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    again = build(BASE, tmp_path / "again", refresh=False)
    assert files(again.folder) == first
    assert not (tmp_path / "home").exists()


def test_the_cache_keeps_under_its_limit_dropping_the_least_recently_used(
        cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SVCMANUAL_CACHE_MB", "1")
    old, used, new = cache / "a" / "old.bin", cache / "a" / "used.bin", cache / "b" / "new.bin"
    for i, path in enumerate((old, used)):
        diskcache.write_cache(path, bytes(400_000))
        os.utime(path, (1_000_000 + i, 1_000_000 + i))
    assert diskcache.read_cache(used) is not None  # a hit: used now
    diskcache.write_cache(new, bytes(400_000))
    diskcache.prune()
    assert not old.exists()
    assert used.exists() and new.exists()


def test_a_build_leaves_the_cache_under_its_limit(cache: Path, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SVCMANUAL_CACHE_MB", "2")
    build(BASE, tmp_path / "out", refresh=False)
    assert 0 < sum(p.stat().st_size for p in cache.rglob("*") if p.is_file()) <= 2 * 1024 * 1024


def test_a_set_built_twice_is_the_same_byte_for_byte(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """Zip entries carry one fixed time, not the time of the build (which a render that
    changes nothing would otherwise differ by)."""
    monkeypatch.setenv("SVCMANUAL_CACHE", "off")
    first = build(BASE, tmp_path / "first", refresh=False).folder
    later = time.time() + 7 * 3600
    real = time.localtime
    monkeypatch.setattr(time, "localtime", lambda *args: real(later))
    again = build(BASE, tmp_path / "again", refresh=False).folder

    def raw(folder: Path) -> dict[str, bytes]:
        return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*")
                if p.is_file() and ".svcmanual" not in p.parts and p.name != "manifest.json"}

    assert raw(again) == raw(first)


def test_a_small_addition_soon_after_a_prune_does_not_walk_the_cache_again(
        cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SVCMANUAL_CACHE_MB", "1")
    diskcache.write_cache(cache / "a" / "first.bin", bytes(200_000))
    diskcache.prune()  # a twentieth of the limit added: due
    junk = cache / "b" / "junk.bin"
    junk.parent.mkdir(parents=True)
    junk.write_bytes(bytes(2_000_000))  # over the limit, put there behind the cache's back
    os.utime(junk, (1_000_000, 1_000_000))
    diskcache.write_cache(cache / "a" / "small.bin", b"x" * 10)
    diskcache.prune()
    assert junk.exists()  # pruned a moment ago, and only 10 bytes added since
    marker = cache / ".pruned"
    os.utime(marker, (time.time() - diskcache.PRUNE_EVERY_SECONDS - 1,) * 2)
    diskcache.write_cache(cache / "a" / "small2.bin", b"x" * 10)
    diskcache.prune()
    assert not junk.exists() and marker.exists()
