"""Result data of a gap check: what each indicator earned, from which evidence, and why."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Source = Literal["assessment", "profile", "documents", "not_assessed"]
Status = Literal["met", "partial", "not_met", "excluded", "not_assessed"]


@dataclass(frozen=True)
class Evidence:
    """One source's finding on one indicator: the share met (0..1), what shows it, what fixes it."""

    fraction: float
    source: Source
    text: str
    gap: str | None = None


@dataclass(frozen=True)
class Exclusion:
    """An indicator left out (删减) by the assessment or the profile."""

    source: Source
    reason: str


@dataclass(frozen=True)
class IndicatorResult:
    id: str
    title: str
    group: str
    weight: float
    status: Status
    fraction: float | None  # None: excluded or not assessed
    source: Source
    evidence: str
    gap: str | None

    @property
    def applicable(self) -> bool:
        return self.status != "excluded"

    @property
    def earned(self) -> float | None:
        return None if self.fraction is None else self.weight * self.fraction

    @property
    def lost(self) -> float:
        """Points missing from the reported score (unevidenced indicators earn nothing)."""
        if self.status == "excluded":
            return 0.0
        return self.weight * (1.0 - (self.fraction or 0.0))


def status_for(fraction: float) -> Status:
    if fraction >= 1.0:
        return "met"
    return "not_met" if fraction <= 0.0 else "partial"


STATUS_CN: dict[str, str] = {
    "met": "符合",
    "partial": "部分符合",
    "not_met": "不符合",
    "excluded": "删减",
    "not_assessed": "未评估",
}

SOURCE_CN: dict[str, str] = {
    "assessment": "评估文件",
    "profile": "企业档案",
    "documents": "文件核对",
    "not_assessed": "无证据",
}
