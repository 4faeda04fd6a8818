"""The output folder's life cycle: a lock, a staging folder beside the set, swapped in when
complete.

Rules:
1. One build at a time per set: `lock` holds an OS file lock on `.<slug>.lock` beside the set
   for the whole build; a second build waits up to `wait` seconds, then stops with a message.
2. A build writes into `.<slug>.staging-<pid>` beside `<slug>`, always as new files; files
   kept from the previous set are hard links, never opened for writing, so a failed or killed
   build leaves every byte of the previous set as it was.
3. The swap is two renames: the old set becomes `.<slug>.previous`, the staging folder becomes
   `<slug>`, then the old set is removed. A build killed between the two renames leaves the old
   set aside; the next build (holding the lock) restores it (`recover`) and removes the staging
   folders of builds whose process is gone — never one of a process still running.
4. The set is shared with its user: every file in it that the tool did not write (not a
   document of the manifest, its PDF, the manifest or the 修订说明 folder) is carried into the
   new set as a hard link (`carry_user_files`). A folder holding files but no manifest is not a
   set of ours: it is refused, never replaced.
5. A file edited by hand and replaced with `force` is first copied into
   `<slug>.backup-<date>/` (`-2`, `-3` … for later backups of the same day), at its path in
   the set; the backup folder appears whole, by one rename. A copy, not a link: should the
   build die before the swap, a later edit in place of the file still in the set must not
   change its backup.
6. A set is one company's: a profile of another company name (not among its `former_names`)
   or of another 统一社会信用代码 is refused (`check_same_company`), so a copied profile whose
   slug was left as it was never revises another client's documents.
"""

from __future__ import annotations

import datetime as dt
import errno
import fcntl
import os
import shutil
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from generator.builder.manifest import MANIFEST
from generator.errors import OutputError
from generator.profile.model.company import Company

_STAGING = ".{slug}.staging-"


def _output_error(exc: OSError, where: Path) -> OutputError:
    return OutputError(f"无法写入输出目录（{exc.strerror}）", where=str(where),
                       hint="请检查输出目录的权限和磁盘空间")


@contextmanager
def lock(out: Path, slug: str, wait: float) -> Iterator[None]:
    """Hold the set's lock for the duration of the block."""
    try:
        out.mkdir(parents=True, exist_ok=True)
        fd = os.open(out / f".{slug}.lock", os.O_RDWR | os.O_CREAT, 0o666)
    except OSError as exc:
        raise _output_error(exc, out) from None
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError as exc:
                if exc.errno not in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
                    raise _output_error(exc, out / f".{slug}.lock") from None
            if time.monotonic() >= deadline:
                raise OutputError(
                    f"另一个 svcmanual build 正在生成同一套文件，已等待 {wait:g} 秒仍未结束",
                    where=str(out / slug),
                    hint="请等它结束后再运行；同一企业档案不要同时运行两次 build")
            time.sleep(0.1)
        yield
    finally:
        os.close(fd)  # releases the lock


def staging_folder(out: Path, slug: str) -> Path:
    return out / f"{_STAGING.format(slug=slug)}{os.getpid()}"


def reset(folder: Path) -> None:
    """An empty folder at `folder`, whatever was there."""
    shutil.rmtree(folder, ignore_errors=True)
    try:
        folder.mkdir(parents=True)
    except OSError as exc:
        raise _output_error(exc, folder) from None


def _previous_name(out: Path, slug: str) -> Path:
    return out / f".{slug}.previous"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process
    return True


def recover(out: Path, slug: str) -> None:
    """Called with the lock held. A build killed between the two renames of `swap` left the
    old set aside: restore it. Remove the staging folders of builds that are dead."""
    previous = _previous_name(out, slug)
    final = out / slug
    if previous.is_dir() and not final.exists():
        os.rename(previous, final)
    elif previous.is_dir():
        shutil.rmtree(previous, ignore_errors=True)
    if not out.is_dir():
        return
    prefix = _STAGING.format(slug=slug)
    for stale in out.glob(f"{prefix}*"):
        pid = stale.name[len(prefix):]
        if pid.isdigit() and (int(pid) == os.getpid() or not _alive(int(pid))):
            shutil.rmtree(stale, ignore_errors=True)
    for stale in out.glob(f".{slug}.backup-*.tmp-*"):
        pid = stale.name.rsplit("-", 1)[-1]
        if pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(stale, ignore_errors=True)


def check_is_ours(final: Path) -> None:
    """Refuse a folder at the set's place that svcmanual did not make."""
    if final.exists() and not final.is_dir():
        raise OutputError("输出位置已有同名文件，不是 svcmanual 生成的文件夹", where=str(final),
                          hint="请改用其他 --output 目录，或移走该文件后重试")
    if final.is_dir() and not (final / MANIFEST).exists() and any(final.iterdir()):
        raise OutputError(
            "该文件夹已存在且不是 svcmanual 生成的文件集（没有 manifest.json），为免删除其中的文件，"
            "未生成", where=str(final),
            hint="请改用其他 --output 目录，或把该文件夹改名/移走后重试（svcmanual 不会删除它）")


def check_same_company(final: Path, old_profile: dict[str, Any], company: Company) -> str | None:
    """Refuse to build one company's profile over another company's set: a copied profile
    whose slug was left as it was would revise the last client's documents in place. A set
    is the same company's when its name is this company's name or one of its `former_names`
    (a renamed company, revised with the new name), and its 统一社会信用代码 — which stays
    when a company is renamed — is not another one. A corrected code under the same name is
    a warning (returned), not a refusal."""
    old = old_profile.get("company") if isinstance(old_profile, dict) else None
    if not isinstance(old, dict):
        return None
    old_code, old_name = old.get("credit_code"), str(old.get("name") or "")
    other_code = bool(old_code and company.credit_code and old_code != company.credit_code)
    hint = ("企业档案的 slug 决定输出文件夹：请把 slug 改为本企业的（如公司简称的拼音），"
            "或改用其他 --output 目录")
    if old_name and old_name != company.name and old_name not in company.former_names:
        raise OutputError(
            f"该文件夹是另一家企业（{old_name}）的文件集，未生成，原文件集未改动", where=str(final),
            hint=f"如是同一企业更名，请在企业档案 company.former_names 中填写原名称“{old_name}”后"
                 f"重新生成；否则{hint}")
    if other_code and old_name != company.name:
        raise OutputError(
            f"该文件夹是另一家企业（{old_name}，统一社会信用代码 {old_code}）的文件集，"
            "未生成，原文件集未改动", where=str(final), hint=hint)
    if other_code:
        return (f"{final}：统一社会信用代码由 {old_code} 改为 {company.credit_code}；"
                "同一企业的代码不会变更，请核对营业执照")
    return None


def user_files(final: Path, ours: Iterable[str]) -> list[str]:
    """Files in the set that the tool did not write (relative paths, sorted)."""
    if not final.is_dir():
        return []
    owned = set(ours) | {MANIFEST}
    out = []
    for path in final.rglob("*"):
        if path.is_dir() and not path.is_symlink():
            continue
        rel = path.relative_to(final).as_posix()
        if rel in owned or rel.split("/", 1)[0] in _TOOL_FOLDERS:
            continue
        out.append(rel)
    return sorted(out)


REVISIONS_FOLDER = "修订说明"
# the change notes, and the base copies of the three-way merge (`merging.BASE_DIR`)
_TOOL_FOLDERS = (REVISIONS_FOLDER, ".svcmanual")


def _link(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    if source.is_symlink():
        os.symlink(os.readlink(source), target)
    else:
        os.link(source, target)


def carry_user_files(final: Path, staging: Path, paths: list[str]) -> None:
    """Hard links in the new set to the user's files (nothing is copied or rewritten);
    empty folders of the user are made again."""
    try:
        for rel in paths:
            _link(final / rel, staging / rel)
        for folder in final.rglob("*"):
            if folder.is_dir() and not folder.is_symlink() and not any(folder.iterdir()):
                (staging / folder.relative_to(final)).mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"无法在新文件集中保留用户文件（{exc.strerror}）", where=str(final),
                          hint="输出目录需支持硬链接（同一磁盘分区）；原文件集未改动") from None


def swap(staging: Path, final: Path, out: Path, slug: str) -> None:
    previous = _previous_name(out, slug)
    if final.exists():
        os.rename(final, previous)
        os.rename(staging, final)
        shutil.rmtree(previous, ignore_errors=True)
    else:
        os.rename(staging, final)


def backup_folder(out: Path, slug: str, today: dt.date) -> Path:
    """`<slug>.backup-<date>`, or `-2`, `-3` … when that day already has one."""
    base = f"{slug}.backup-{today.isoformat()}"
    n = 1
    while (out / (base if n == 1 else f"{base}-{n}")).exists():
        n += 1
    return out / (base if n == 1 else f"{base}-{n}")


def backup(final: Path, out: Path, slug: str, paths: list[str], today: dt.date) -> Path:
    """Keep the hand-edited files about to be replaced (copies; the old set is only read);
    the folder appears complete or not at all."""
    folder = backup_folder(out, slug, today)
    scratch = out / f".{folder.name}.tmp-{os.getpid()}"
    shutil.rmtree(scratch, ignore_errors=True)
    try:
        for rel in paths:
            if (final / rel).exists():
                (scratch / rel).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(final / rel, scratch / rel)
        os.rename(scratch, folder)
    except OSError as exc:
        shutil.rmtree(scratch, ignore_errors=True)
        raise _output_error(exc, folder) from None
    return folder


def carry_folder(final: Path, staging: Path, name: str) -> None:
    """Reports of earlier rebuilds stay with the set (hard links: nothing is rewritten)."""
    source = final / name
    if source.is_dir():
        shutil.copytree(source, staging / name, copy_function=os.link, dirs_exist_ok=True,
                        symlinks=True)


def carry_pdfs(final: Path, staging: Path, unchanged: list[str]) -> None:
    """PDFs of unchanged documents stay valid: keep them with the new set."""
    old_pdf = final / "pdf"
    if not old_pdf.is_dir():
        return
    for rel in unchanged:
        source = old_pdf / Path(rel).with_suffix(".pdf")
        if source.exists():
            _link(source, staging / "pdf" / Path(rel).with_suffix(".pdf"))
