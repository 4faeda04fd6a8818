"""Fields of finished sets refreshed together: one LibreOffice process for a whole batch.

`build` refreshes its own manual in the staging folder when it runs alone. A batch builds its
sets without that and then calls `refresh_sets`: the manuals written by every set are copied
beside their sets, refreshed in ONE LibreOffice run, and each copy replaces its file (a
rename, so a failed refresh leaves the built file as it was); the manifest then records the
filled text's hash, as a refresh inside the build would have.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from generator.assemble.office import find_soffice, refresh_fields
from generator.builder.manifest import (
    MANIFEST,
    file_parts_sha256,
    file_text_sha256,
    manifest_bytes,
    read_manifest,
)
from generator.builder.plan import MANUAL, BuildResult
from generator.fsutil import atomic_write_bytes

NO_OFFICE = ("未找到 LibreOffice（soffice）：文件已全部生成，目录只列标题、暂无页码，也不能导出 PDF。"
             "需要页码和 PDF 时请安装 LibreOffice 和中文字体（Debian/Ubuntu："
             "sudo apt install libreoffice-writer-nogui fonts-noto-cjk）后重新运行；"
             "或在 Word/WPS 中打开文件后“更新域”")


def refresh_sets(results: list[BuildResult]) -> None:
    """Refresh the manual of every set in `results` that wrote one."""
    todo = [r for r in results if not r.dry_run and MANUAL in r.written]
    if not todo:
        return
    if find_soffice() is None:
        for result in todo:
            result.notes.append(NO_OFFICE)
        return
    folders = [Path(tempfile.mkdtemp(prefix=f".{r.slug}.refresh-", dir=r.folder.parent))
               for r in todo]
    try:
        copies = []
        for result, folder in zip(todo, folders, strict=True):
            copy = folder / MANUAL
            shutil.copyfile(result.folder / MANUAL, copy)
            copies.append(copy)
        refresh_fields(copies)
        for result, copy in zip(todo, copies, strict=True):
            _take(result, copy)
    finally:
        for folder in folders:
            shutil.rmtree(folder, ignore_errors=True)


def _take(result: BuildResult, copy: Path) -> None:
    digest, parts = file_text_sha256(copy), file_parts_sha256(copy)
    os.replace(copy, result.folder / MANUAL)
    for entry in result.entries:
        if entry.path == MANUAL:
            entry.content_sha256, entry.parts_sha256 = digest, parts
    manifest = read_manifest(result.folder)
    if manifest is not None:
        for entry in manifest.documents:
            if entry.path == MANUAL:
                entry.content_sha256, entry.parts_sha256 = digest, parts
        atomic_write_bytes(result.folder / MANIFEST, manifest_bytes(manifest))
