"""The words the checker reads client files with, loaded from `sections.yaml` and
`parties.yaml` beside this module: procedure kinds, section labels and heads, content cues,
third-party role words. Data, not code: a consultancy's new label is one line of YAML.

Checked at load (rules): every section id is one of the six; labels and kinds are non-empty;
each cue is a valid regular expression once `{kind}` is filled in.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from generator.errors import CatalogError
from generator.yamlfile import load_data

CATALOG_DIR = Path(__file__).parent
SECTION_IDS = ("purpose", "scope", "responsibilities", "procedure", "related_documents",
               "records")


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


def _known_ids(value: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
    unknown = set(value) - set(SECTION_IDS)
    if unknown:
        raise ValueError(f"未知的章节编号：{'、'.join(sorted(unknown))}")
    return value


class SectionWords(_Frozen):
    kinds: tuple[str, ...] = Field(min_length=1)
    labels: dict[str, tuple[str, ...]]
    heads: dict[str, tuple[str, ...]]
    max_head_label: int = Field(gt=2)
    process_words: tuple[str, ...] = ()
    max_process_label: int = Field(default=4, gt=2)
    neutral: tuple[str, ...]
    cues: dict[str, tuple[str, ...]]

    _ids = field_validator("labels", "heads", "cues")(_known_ids)

    def cue_patterns(self, section: str) -> tuple[re.Pattern[str], ...]:
        kinds = "(?:" + "|".join(re.escape(k) for k in self.kinds) + ")"
        return tuple(re.compile(c.replace("{kind}", kinds)) for c in self.cues.get(section, ()))


class PartyWords(_Frozen):
    role_words: tuple[str, ...] = Field(min_length=1)
    third_party_names: tuple[str, ...]
    own_places: tuple[str, ...]
    own_words: tuple[str, ...]


def _load(name: str) -> object:
    path = CATALOG_DIR / name
    try:
        return load_data(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise CatalogError(f"无法读取目录文件：{exc}", where=str(path)) from None


@lru_cache(maxsize=1)
def section_words() -> SectionWords:
    try:
        words = SectionWords.model_validate(_load("sections.yaml"))
        for sid in SECTION_IDS:
            words.cue_patterns(sid)
    except (ValidationError, re.error) as exc:
        raise CatalogError(f"章节用语格式错误：{exc}",
                           where=str(CATALOG_DIR / "sections.yaml")) from None
    return words


@lru_cache(maxsize=1)
def party_words() -> PartyWords:
    try:
        return PartyWords.model_validate(_load("parties.yaml"))
    except ValidationError as exc:
        raise CatalogError(f"第三方用语格式错误：{exc}",
                           where=str(CATALOG_DIR / "parties.yaml")) from None
