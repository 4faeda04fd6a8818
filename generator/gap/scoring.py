"""The score of a gap check (domain reference §3, architecture "gap check files").

Rules:
1. Excluded indicators (删减) leave the base; the remaining weights are the 涉及项总分值.
2. base = Σ weight × fraction met / Σ applicable weights × 100.
3. score = base − 1 per special deduction + 1 for the bonus (at most one).
4. Indicators without evidence earn nothing in `score`; `score_range` runs from that
   (all of them failed) to the score with all of them met.
5. The level is the first of the scheme's levels (highest first) whose minimum the score
   reaches; none with more special deductions than `max_special_deductions`.
Values are kept unrounded; renderers round to 2 decimals for display.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.catalog import Level
from generator.gap.model import IndicatorResult

# Weights such as 2.5 make float sums drift by ~1e-14; a score on a threshold must reach it.
EPSILON = 1e-9


@dataclass(frozen=True)
class GapReport:
    scheme_name: str
    scheme_estimated: bool
    company: str
    indicators: tuple[IndicatorResult, ...]
    levels: tuple[Level, ...]
    max_special_deductions: int
    special_deductions: tuple[str, ...]  # reasons, one per deduction
    bonus: str | None  # reason of the one special bonus
    notes: tuple[str, ...] = ()  # remarks from loading the inputs

    @property
    def applicable(self) -> float:
        return sum(i.weight for i in self.indicators if i.applicable)

    @property
    def earned(self) -> float:
        return sum(i.earned or 0.0 for i in self.indicators if i.applicable)

    @property
    def not_assessed(self) -> tuple[IndicatorResult, ...]:
        return tuple(i for i in self.indicators if i.status == "not_assessed")

    @property
    def adjustment(self) -> int:
        return (1 if self.bonus else 0) - len(self.special_deductions)

    def _scaled(self, points: float) -> float:
        return points / self.applicable * 100 + self.adjustment

    @property
    def score(self) -> float:
        return self._scaled(self.earned)

    @property
    def score_range(self) -> tuple[float, float]:
        unknown = sum(i.weight for i in self.not_assessed)
        return self.score, self._scaled(self.earned + unknown)

    @property
    def level_withheld(self) -> bool:
        return len(self.special_deductions) > self.max_special_deductions

    def level_for(self, score: float) -> str | None:
        if self.level_withheld:
            return None
        for level in self.levels:
            if score >= level.min - EPSILON:
                return level.name
        return None

    @property
    def level(self) -> str | None:
        return self.level_for(self.score)

    @property
    def gaps(self) -> tuple[IndicatorResult, ...]:
        """Indicators that lose points, the costliest first (scheme order breaks ties)."""
        order = {ind.id: n for n, ind in enumerate(self.indicators)}
        losing = [i for i in self.indicators if i.lost > EPSILON]
        return tuple(sorted(losing, key=lambda i: (-i.lost, order[i.id])))
