"""Helpers for tests of rebuilds: profiles with edits, copies of a built set, what a set holds."""

from __future__ import annotations

import hashlib
import json
import subprocess
from pathlib import Path

import yaml
from docx import Document

from tests.conftest import PROFILES

BASE = PROFILES[1] if len(PROFILES) > 1 else PROFILES[0]


def profile_with(path: Path, edits: dict[str, object] | None = None) -> Path:
    """BASE with dotted-path edits ({"company.hotline": "…", "organization.departments.0.head": …})."""
    data = yaml.safe_load(BASE.read_text(encoding="utf-8"))
    for dotted, value in (edits or {}).items():
        target = data
        keys = dotted.split(".")
        for key in keys[:-1]:
            target = target[int(key)] if key.isdigit() else target[key]
        target[keys[-1]] = value
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def base_data() -> dict[str, object]:
    return dict(yaml.safe_load(BASE.read_text(encoding="utf-8")))


def copy_set(folder: Path, target: Path) -> Path:
    """A copy of the output folder holding `folder` (hard links are not shared with it)."""
    subprocess.run(["cp", "-a", str(folder.parent), str(target)], check=True)
    return target / folder.name


def hashes(folder: Path) -> dict[str, str]:
    """Every file under `folder` with the hash of its bytes."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def documents(folder: Path) -> dict[str, dict[str, object]]:
    raw = json.loads((folder / "manifest.json").read_text("utf-8"))
    return {d["id"]: d for d in raw["documents"]}


def assert_whole(folder: Path) -> None:
    """Every document of the manifest exists and reopens."""
    for entry in documents(folder).values():
        Document(str(folder / str(entry["path"])))


def add_user_files(folder: Path) -> dict[str, bytes]:
    """A scanned page at the top, a folder of filled-in records, a note in pdf/."""
    files = {
        "签字页扫描件.pdf": b"%PDF-1.4 scanned signature page",
        "已填记录/2026-11/维修记录-001.xlsx": b"filled record",
        "已填记录/说明.txt": "客户填写的记录".encode(),
        "pdf/盖章版.pdf": b"%PDF-1.4 stamped",
    }
    for rel, data in files.items():
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_bytes(data)
    return files
