"""The output folder's life cycle: a staging folder beside the set, swapped in when complete.

Rules:
1. A build writes into `.<slug>.staging-<pid>` beside `<slug>`; files kept from the previous
   set are hard links, so nothing already there is rewritten.
2. The swap is two renames: the old set becomes `.<slug>.previous`, the staging folder becomes
   `<slug>`, then the old set is removed. A build killed between the two renames leaves the old
   set aside; the next build restores it (`recover`) and removes stale staging folders.
3. A file edited by hand and replaced with `force` is first copied to
   `<slug>.backup-<date>/`, at its path in the set.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

from generator.errors import OutputError


def staging_folder(out: Path, slug: str) -> Path:
    return out / f".{slug}.staging-{os.getpid()}"


def reset(folder: Path) -> None:
    """An empty folder at `folder`, whatever was there."""
    shutil.rmtree(folder, ignore_errors=True)
    try:
        folder.mkdir(parents=True)
    except OSError as exc:
        raise OutputError(f"无法创建输出目录（{exc.strerror}）", where=str(folder),
                          hint="请检查输出目录的权限和磁盘空间") from None


def _previous_name(out: Path, slug: str) -> Path:
    return out / f".{slug}.previous"


def recover(out: Path, slug: str) -> None:
    """A build killed between the two renames of `swap` left the old set aside: restore it."""
    previous = _previous_name(out, slug)
    final = out / slug
    if previous.is_dir() and not final.exists():
        os.rename(previous, final)
    elif previous.is_dir():
        shutil.rmtree(previous, ignore_errors=True)
    if out.is_dir():
        for stale in out.glob(f".{slug}.staging-*"):
            shutil.rmtree(stale, ignore_errors=True)


def swap(staging: Path, final: Path, out: Path, slug: str) -> None:
    previous = _previous_name(out, slug)
    if final.exists():
        os.rename(final, previous)
        os.rename(staging, final)
        shutil.rmtree(previous, ignore_errors=True)
    else:
        os.rename(staging, final)


def backup(final: Path, out: Path, slug: str, paths: list[str], today: dt.date) -> None:
    folder = out / f"{slug}.backup-{today.isoformat()}"
    for rel in paths:
        source = final / rel
        if source.exists():
            target = folder / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)


def carry_folder(final: Path, staging: Path, name: str) -> None:
    """Reports of earlier rebuilds stay with the set (hard links: nothing is rewritten)."""
    source = final / name
    if source.is_dir():
        shutil.copytree(source, staging / name, copy_function=os.link, dirs_exist_ok=True)


def carry_pdfs(final: Path, staging: Path, unchanged: list[str]) -> None:
    """PDFs of unchanged documents stay valid: keep them with the new set."""
    old_pdf = final / "pdf"
    if not old_pdf.is_dir():
        return
    for rel in unchanged:
        source = old_pdf / Path(rel).with_suffix(".pdf")
        if source.exists():
            target = staging / "pdf" / Path(rel).with_suffix(".pdf")
            target.parent.mkdir(parents=True, exist_ok=True)
            os.link(source, target)
