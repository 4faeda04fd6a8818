"""Titles of the clauses findings refer to (scheme indicators, plus the group clauses that the
manual elements cite)."""

from __future__ import annotations

from generator.catalog import load_catalog

_GROUPS = {"5.1.1": "组织架构", "5.1.2": "人员配置", "5.1.3": "资源配置", "5.1.4": "规范要求",
           "5.1.5": "监督", "5.1.6": "改进", "5.1.7": "服务文化"}


def clause_title(clause: str) -> str:
    indicator = load_catalog().scheme.indicators_by_id.get(clause)
    return indicator.title if indicator else _GROUPS.get(clause, "")


def clause_key(clause: str) -> tuple[int, ...]:
    """Sort key: 5.1.4.1 before 5.1.7 before 5.2.1."""
    return tuple(int(p) if p.isdigit() else 0 for p in clause.split("."))
