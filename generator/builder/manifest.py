"""Provenance and versions: document text hashes, manifest.json, version numbers."""

from __future__ import annotations

import hashlib
import json
import zipfile
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from generator.builder import outputs
from generator.errors import InputFileError
from generator.ooxml.package import XmlSyntaxError, document_digests

MANIFEST = "manifest.json"


def text_sha256(data: bytes) -> str:
    """The hash of a document's visible text (`docx_text`)."""
    return render_digests(data)[0]


def render_digests(data: bytes) -> tuple[str, str]:
    """`text_sha256` and `content_digest` of a document, once per content
    (`builder.outputs.digests`)."""
    return outputs.digests(data, _digests)


def _digests(data: bytes) -> tuple[str, str]:
    text, parts = document_digests(data)
    return hashlib.sha256(text.encode("utf-8")).hexdigest(), parts


def file_text_sha256(path: Path) -> str:
    try:
        return text_sha256(path.read_bytes())
    except (OSError, zipfile.BadZipFile, XmlSyntaxError, KeyError, EOFError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else "文件已损坏或不完整"
        raise InputFileError(
            f"无法读取已生成的文件（{reason}），无法判断其中是否有手工修改", where=str(path),
            hint="如该文件未做手工修改（或修改已无需保留），请删除该文件后重新生成；"
                 "如有需要保留的修改，请从备份恢复该文件后再生成") from None


def file_parts_sha256(path: Path) -> str:
    try:
        return render_digests(path.read_bytes())[1]
    except (OSError, zipfile.BadZipFile, XmlSyntaxError, KeyError, EOFError) as exc:
        raise InputFileError(f"无法读取已生成的文件：{exc}", where=str(path),
                             hint="文件可能已损坏；请删除该文件后重新生成（会从首版重新编号）") from None


def edited_by_hand(path: Path, entry: DocumentEntry) -> bool:
    """Whether the file differs from what the build wrote: in any part a person can edit
    (text, formatting, pictures, tables, headers, footers), or in its text for manifests
    written before parts were hashed."""
    if entry.parts_sha256:
        return file_parts_sha256(path) != entry.parts_sha256
    return file_text_sha256(path) != entry.content_sha256


def next_version(version: str) -> str:
    """A/0 -> A/1 (a revision); the letter changes only on a re-issue, which is manual."""
    letter, _, number = version.partition("/")
    return f"{letter}/{int(number or 0) + 1}"


@dataclass
class Revision:
    version: str
    date: str
    change: str
    by: str
    approved_by: str


@dataclass
class DocumentEntry:
    id: str
    title: str
    code: str
    version: str
    path: str
    template: str
    template_sha256: str
    content_sha256: str  # text of the file as written (after any field refresh)
    render_sha256: str = ""  # text of the fresh render: "did the content change?"
    revisions: list[Revision] = field(default_factory=list)
    # everything editable of the file as written (`content_digest`): "was it edited by hand?"
    # ("" in manifests of earlier versions: their text hash decides)
    parts_sha256: str = ""
    # everything editable of the fresh render (`content_digest`, before any field refresh): "did
    # the layout change?" — a template that only widens a column still revises the document
    # ("" in manifests of earlier versions: the text alone decides)
    layout_sha256: str = ""

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Manifest:
    generator_version: str
    profile_sha256: str
    generated_at: str
    documents: list[DocumentEntry]
    profile: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "generator_version": self.generator_version,
            "profile_sha256": self.profile_sha256,
            "generated_at": self.generated_at,
            "documents": [d.to_json() for d in self.documents],
            "profile": self.profile,
        }

    def by_id(self) -> dict[str, DocumentEntry]:
        return {d.id: d for d in self.documents}


def read_manifest(folder: Path) -> Manifest | None:
    path = folder / MANIFEST
    if not path.exists():
        return None
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        docs = [
            DocumentEntry(**{**d, "revisions": [Revision(**r) for r in d.get("revisions", [])]})
            for d in raw["documents"]
        ]
        return Manifest(raw["generator_version"], raw["profile_sha256"], raw["generated_at"],
                        docs, raw.get("profile", {}))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise InputFileError(
            f"manifest.json 无法解析（{exc}）", where=str(path),
            hint="该文件由 svcmanual 生成，请勿手工修改；如已损坏，可删除整个输出文件夹后重新生成",
        ) from None


def manifest_bytes(manifest: Manifest) -> bytes:
    return (json.dumps(manifest.to_json(), ensure_ascii=False, indent=2) + "\n").encode("utf-8")
