"""The standard described as data: procedures, manual elements and the scoring scheme.

The sections every procedure has are in `catalog.sections`.

Loaded once and checked at start-up (rules):
1. Procedures are exactly P01..P22 in order, titles unique, record codes unique and of the
   form NN-MM where NN is the procedure's number.
2. Every clause a procedure cites is an indicator of the default scheme.
3. Manual element ids are unique; required ones are those of the 5.1.4.1 contract.
4. Scheme weights are positive and sum to 100; levels are in descending order.
"""

from __future__ import annotations

from functools import cached_property, lru_cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from generator.errors import CatalogError
from generator.yamlfile import load_data

CATALOG_DIR = Path(__file__).parent
DEFAULT_SCHEME = CATALOG_DIR / "schemes" / "gbt27922-2011.yaml"

# Who keeps a record form or leads a function: the profile's department for each of these
# (`organization.aftersales_department` and `organization.functions`).
Keeper = Literal["aftersales", "hr", "office", "quality", "technical", "sales", "finance",
                 "warehouse"]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class RecordForm(_Frozen):
    code: str = Field(pattern=r"^\d{2}-\d{2}$")
    name: str
    keeper: Keeper
    retention: str | None = None  # None: the profile's general retention period


class Procedure(_Frozen):
    id: str = Field(pattern=r"^P\d{2}$")
    title: str
    clauses: tuple[str, ...]
    excludable: bool
    keywords: tuple[str, ...]
    variants: tuple[str, ...]
    records: tuple[RecordForm, ...]

    @property
    def number(self) -> str:
        return self.id[1:]


class ManualElement(_Frozen):
    id: str
    title: str
    clause: str
    required: bool
    synonyms: tuple[str, ...]


class Assignment(_Frozen):
    lead: Keeper
    assist: tuple[Keeper, ...] = ()


class Level(_Frozen):
    name: str
    min: float


class Indicator(_Frozen):
    id: str = Field(min_length=1)
    title: str = Field(min_length=1)
    weight: float = Field(gt=0)
    group: str = ""
    # The GB/T 27922 clause whose automatic checks score this indicator; a certification
    # body's scheme may number its items differently. Defaults to `id`.
    clause: str | None = None
    # Procedures whose presence evidences the indicator; None: those citing `clause`.
    procedures: tuple[str, ...] | None = None
    fix: str = ""  # what closes a gap on this indicator (shown when no better hint exists)

    @property
    def standard_clause(self) -> str:
        return self.clause or self.id


class Scheme(_Frozen):
    name: str
    estimated: bool = False
    levels: tuple[Level, ...]
    max_special_deductions: int = Field(ge=0)
    indicators: tuple[Indicator, ...]

    @cached_property
    def indicators_by_id(self) -> dict[str, Indicator]:
        return {i.id: i for i in self.indicators}


class Catalog(_Frozen):
    model_config = ConfigDict(frozen=True, extra="forbid", ignored_types=(cached_property,))
    procedures: tuple[Procedure, ...]
    elements: tuple[ManualElement, ...]
    function_matrix: dict[str, Assignment]
    scheme: Scheme

    @cached_property
    def procedures_by_id(self) -> dict[str, Procedure]:
        return {p.id: p for p in self.procedures}


def _read(path: Path) -> object:
    try:
        return load_data(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise CatalogError(f"无法读取目录文件：{exc}", where=str(path)) from None


def load_scheme(path: Path = DEFAULT_SCHEME) -> Scheme:
    try:
        scheme = Scheme.model_validate(_read(path))
    except ValidationError as exc:
        raise CatalogError(f"评分方案格式错误：{exc.errors()[0]['msg']}", where=str(path)) from None
    problems = check_scheme(scheme)
    if problems:
        raise CatalogError("；".join(problems), where=str(path))
    return scheme


def check_scheme(scheme: Scheme) -> list[str]:
    problems = []
    ids = [i.id for i in scheme.indicators]
    if len(set(ids)) != len(ids):
        problems.append("指标编号重复")
    total = sum(i.weight for i in scheme.indicators)
    if abs(total - 100) > 1e-6:
        problems.append(f"指标权重之和为 {total:g}，应为 100")
    mins = [lv.min for lv in scheme.levels]
    if mins != sorted(mins, reverse=True):
        problems.append("等级应按分数线从高到低排列")
    return problems


@lru_cache(maxsize=1)
def load_catalog() -> Catalog:
    raw_procs = _read(CATALOG_DIR / "procedures.yaml")
    raw_manual = _read(CATALOG_DIR / "manual.yaml")
    try:
        catalog = Catalog(
            procedures=raw_procs["procedures"],  # type: ignore[index]
            elements=raw_manual["elements"],  # type: ignore[index]
            function_matrix=raw_manual["function_matrix"],  # type: ignore[index]
            scheme=load_scheme(),
        )
    except (ValidationError, TypeError, KeyError) as exc:
        raise CatalogError(f"内置目录数据格式错误：{exc}", where=str(CATALOG_DIR)) from None
    problems = check_catalog(catalog)
    if problems:
        raise CatalogError("；".join(problems), where=str(CATALOG_DIR))
    return catalog


def check_catalog(catalog: Catalog) -> list[str]:
    problems: list[str] = []
    ids = [p.id for p in catalog.procedures]
    if ids != [f"P{n:02d}" for n in range(1, 23)]:
        problems.append("程序文件应为 P01—P22 且按顺序排列")
    titles = [p.title for p in catalog.procedures]
    if len(set(titles)) != len(titles):
        problems.append("程序文件标题重复")
    codes = [r.code for p in catalog.procedures for r in p.records]
    if len(set(codes)) != len(codes):
        problems.append("记录表单编号重复")
    for proc in catalog.procedures:
        for rec in proc.records:
            if not rec.code.startswith(proc.number + "-"):
                problems.append(f"{proc.id} 的记录编号 {rec.code} 应以 {proc.number}- 开头")
        for clause in proc.clauses:
            if clause not in catalog.scheme.indicators_by_id:
                problems.append(f"{proc.id} 引用的条款 {clause} 不在评分方案中")
    if set(catalog.function_matrix) != set(catalog.scheme.indicators_by_id):
        problems.append("职能分配表应覆盖评分方案的全部指标")
    element_ids = [e.id for e in catalog.elements]
    if len(set(element_ids)) != len(element_ids):
        problems.append("手册要素编号重复")
    required = {e.id for e in catalog.elements if e.required}
    if required != {"scope", "functions", "organization", "mechanism", "document_control"}:
        problems.append("5.1.4.1 必备要素与约定不符")
    problems.extend(check_scheme(catalog.scheme))
    return problems
