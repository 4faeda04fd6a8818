"""Findings: what a check reports, as data (the CLI and the report renderers print them)."""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.errors import Severity


@dataclass(frozen=True)
class Finding:
    severity: Severity
    code: str
    clause: str
    message: str
    where: str | None = None
    # what the finding is about, for programs (not in the JSON contract): "P13",
    # "P13.records", an element id, a company name, a phone number, a role, a file name
    subject: str | None = field(default=None, compare=False)

    def to_dict(self) -> dict[str, str | None]:
        return {"severity": self.severity, "code": self.code, "clause": self.clause,
                "message": self.message, "where": self.where}
