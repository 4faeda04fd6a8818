"""The consistency rules of a document set as data (`rules.yaml`), typed and loaded once.

Each rule has an id that the profile checks (`profile.checks`) and the validator's findings
(`check.consistency`) carry, so that a user can look it up with `svcmanual rules`.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict

from generator.yamlfile import load_data

_FILE = Path(__file__).resolve().parent / "rules.yaml"


class Rule(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    clause: str
    title: str
    message: str
    runs: tuple[Literal["check", "validate"], ...]


class Evidence(BaseModel):
    """A commitment whose keeping leaves a record (R-EVIDENCE)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    field: str  # dotted path in the profile, e.g. commitments.pm_per_year
    what: str
    procedure: str
    forms: tuple[str, ...]  # one record form's title of that procedure contains one of these


class _RuleFile(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    rules: tuple[Rule, ...]
    evidence: tuple[Evidence, ...]


@lru_cache(maxsize=1)
def _load() -> _RuleFile:
    return _RuleFile.model_validate(load_data(_FILE.read_text(encoding="utf-8")))


def load_evidence() -> tuple[Evidence, ...]:
    """The commitments R-EVIDENCE checks, in file order."""
    return _load().evidence


def load_rules() -> tuple[Rule, ...]:
    """The rules in file order (ids are unique: a duplicate is a programming error)."""
    rules = _load().rules
    ids = [r.id for r in rules]
    if len(ids) != len(set(ids)):
        raise ValueError(f"{_FILE}: duplicate rule ids")
    return rules


def rule(rule_id: str) -> Rule:
    return next(r for r in load_rules() if r.id == rule_id)
