"""Industry packs as data: the law registry (`laws.yaml`) and one file per sector (`sectors/`).

A sector holds what changes with the trade: its words for goods, customer and the object of
service, whether consumer 三包 applies, the warranty, recall and delivery regimes, the laws and
standards (ids of the registry), the profile fields its procedures need, and its record forms
(a form of records.yaml overridden by code, optionally renamed, or a new form of a procedure).

Loaded once and checked at start-up (rules):
1. Every law id is unique, every row has issuer and effective date; a sector cites known ids only.
2. A sector's file name is its id, and the ids are exactly `SectorId`.
3. A form of a sector either overrides a code of the catalog or names its procedure and keeper;
   its code starts with the procedure's number; no code twice in one sector; its pre-printed
   items fit its rows.
4. A required field is a dotted path of the profile model.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from pathlib import Path
from typing import Literal, TypeVar, get_args

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from generator.catalog import CATALOG_DIR, Catalog, Keeper, Procedure, RecordForm, load_catalog
from generator.errors import CatalogError
from generator.yamlfile import load_data

SectorId = Literal["household_appliance", "software_it", "medical_device",
                   "construction_machinery", "sanitation_equipment", "apparel",
                   "home_decoration", "education_equipment"]
SECTOR_IDS: tuple[str, ...] = get_args(SectorId)
SECTOR_DIR = CATALOG_DIR / "sectors"
# Procedures whose text is written per sector (templates/src/procedures/<sector>/Pxx.txt).
SECTOR_PROCEDURES = ("P04", "P05", "P08", "P09", "P10", "P11", "P12", "P13")


_M = TypeVar("_M", bound=BaseModel)


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Law(_Frozen):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: str = Field(min_length=2)
    kind: Literal["law", "standard"]
    issuer: str = Field(min_length=2)
    number: str = Field(min_length=2)
    effective: dt.date
    verified: str = Field(min_length=10)  # where the row was checked


class LawRef(_Frozen):
    law: str  # id in the registry
    applies: str  # why it applies to this trade


class Terms(_Frozen):
    goods: str  # 产品 / 设备 / 系统 / 工程 …
    customer: str  # 用户 / 医疗机构 / 学校 …
    unit: str  # 台 / 套 / 件 / 户
    service_object: str  # what the warranty covers: 整机 / 在用设备 / 系统 / 工程 / 服装 …
    loaner: str = "备用机"  # what is lent during a repair: 备用机 / 备用车辆 …


class Severity(_Frozen):
    level: str
    definition: str
    response: str
    restore: str


class SectorForm(_Frozen):
    code: str = Field(pattern=r"^\d{2}-\d{2}$")
    title: str | None = None  # renames a catalog form; required for a new one
    procedure: str | None = Field(default=None, pattern=r"^P\d{2}$")  # only for a new form
    keeper: Keeper | None = None  # only for a new form
    fields: tuple[str, ...] = ()
    columns: tuple[str, ...] = Field(min_length=1)
    rows: int = Field(default=8, ge=1, le=40)
    items: tuple[str, ...] = ()  # pre-printed entries of the first text column, one a row
    sign: tuple[str, ...] = ()
    landscape: bool = False
    note: str | None = None


class Sector(_Frozen):
    id: SectorId
    name: str
    summary: str
    terms: Terms
    consumer_goods: bool  # consumer 三包 and the consumer-law wording apply
    onsite: bool = True  # the trade serves at the customer's site (garments do not)
    warranty_regime: str
    recall_regime: str
    delivery: str
    severity: tuple[Severity, ...] = ()
    typical_commitments: tuple[str, ...]
    typical_exclusions: tuple[str, ...] = ()
    requires: tuple[str, ...] = ()  # profile fields (dotted paths) the sector's texts use
    laws: tuple[LawRef, ...]
    forms: tuple[SectorForm, ...]


class SectorSet(_Frozen):
    laws: dict[str, Law]
    sectors: dict[str, Sector]


def _read(path: Path) -> object:
    try:
        return load_data(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise CatalogError(f"无法读取行业文件：{exc}", where=str(path)) from None


def _validate(model: type[_M], raw: object, where: Path) -> _M:
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        err = exc.errors()[0]
        place = ".".join(str(x) for x in err["loc"])
        raise CatalogError(f"行业数据格式错误（{place}）：{err['msg']}", where=str(where)) from None


def load_laws(path: Path = CATALOG_DIR / "laws.yaml") -> dict[str, Law]:
    raw = _read(path)
    rows = raw.get("laws") if isinstance(raw, dict) else None
    if not isinstance(rows, list):
        raise CatalogError("法规清单应有 laws: 列表", where=str(path))
    laws: dict[str, Law] = {}
    for item in rows:
        law = _validate(Law, item, path)
        if law.id in laws:
            raise CatalogError(f"法规编号 {law.id} 重复", where=str(path))
        laws[law.id] = law
    return laws


def load_sectors(catalog: Catalog, directory: Path = SECTOR_DIR,
                 laws_path: Path = CATALOG_DIR / "laws.yaml") -> SectorSet:
    laws = load_laws(laws_path)
    sectors: dict[str, Sector] = {}
    for path in sorted(directory.glob("*.yaml")):
        sector = _validate(Sector, _read(path), path)
        if sector.id != path.stem:
            raise CatalogError(f"行业编号 {sector.id} 应与文件名 {path.stem} 一致", where=str(path))
        problems = check_sector(sector, laws, catalog)
        if problems:
            raise CatalogError("；".join(problems), where=str(path))
        sectors[sector.id] = sector
    if tuple(sorted(sectors)) != tuple(sorted(SECTOR_IDS)):
        raise CatalogError(f"行业文件应恰为 {'、'.join(SECTOR_IDS)}", where=str(directory))
    return SectorSet(laws=laws, sectors={s: sectors[s] for s in SECTOR_IDS})


def check_sector(sector: Sector, laws: dict[str, Law], catalog: Catalog) -> list[str]:
    problems = [f"引用的法规 {ref.law} 不在 laws.yaml 中" for ref in sector.laws
                if ref.law not in laws]
    known = {r.code for p in catalog.procedures for r in p.records}
    codes = [f.code for f in sector.forms]
    if len(set(codes)) != len(codes):
        problems.append("表单编号重复")
    for form in sector.forms:
        if form.code in known:
            if form.procedure or form.keeper:
                problems.append(f"表单 {form.code} 已在目录中，不应再写 procedure 或 keeper")
        elif not (form.title and form.procedure and form.keeper):
            problems.append(f"新表单 {form.code} 须写明 title、procedure 和 keeper")
        elif form.procedure not in catalog.procedures_by_id or \
                not form.code.startswith(form.procedure[1:] + "-"):
            problems.append(f"新表单 {form.code} 的程序 {form.procedure} 不存在或与编号不符")
        if len(form.items) > form.rows:
            problems.append(f"表单 {form.code} 的预印项目多于行数")
    for exc_id in sector.typical_exclusions:
        if exc_id not in catalog.procedures_by_id or not catalog.procedures_by_id[exc_id].excludable:
            problems.append(f"典型删减 {exc_id} 不是可删减的程序")
    return problems


@lru_cache(maxsize=1)
def sector_set() -> SectorSet:
    return load_sectors(load_catalog())


def sector_laws(sector: Sector, laws: dict[str, Law]) -> list[Law]:
    return [laws[ref.law] for ref in sector.laws]


def form_layouts(sector: Sector | None) -> dict[str, SectorForm]:
    """The sector's forms by code (they replace the layouts of records.yaml)."""
    return {} if sector is None else {f.code: f for f in sector.forms}


def sector_procedures(catalog: Catalog, sector: Sector | None) -> tuple[Procedure, ...]:
    """The procedures with the sector's record list: renamed forms, new forms appended."""
    if sector is None:
        return catalog.procedures
    forms = form_layouts(sector)
    out = []
    for proc in catalog.procedures:
        records = [rec.model_copy(update={"name": forms[rec.code].title})
                   if rec.code in forms and forms[rec.code].title else rec
                   for rec in proc.records]
        records += [RecordForm(code=f.code, name=f.title or "", keeper=f.keeper or "aftersales")
                    for f in sector.forms if f.procedure == proc.id]
        out.append(proc.model_copy(update={"records": tuple(records)}))
    return tuple(out)
