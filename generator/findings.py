"""Findings: what a check reports, as data (the CLI and the report renderers print them)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Finding:
    severity: Severity
    code: str
    clause: str
    message: str
    where: str | None = None

    def to_dict(self) -> dict[str, str | None]:
        return {"severity": self.severity, "code": self.code, "clause": self.clause,
                "message": self.message, "where": self.where}
