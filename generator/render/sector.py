"""The sector part of the render context: the trade's words and regimes, its law rows.

A profile names its sector in `company.sector`; without one the common texts are used and
`sector` holds the common words (产品, 整机, 备用机) with `consumer_goods` true, as the common
texts were written for consumer goods. The law list is the sector's laws followed by the
profile's own (one row per name); a profile row missing issuer, number or date is completed
from the registry (`catalog/laws.yaml`) when the name is known there.
"""

from __future__ import annotations

from typing import Any, TypedDict

from generator.catalog.sectors import Law, Sector, sector_laws, sector_set
from generator.profile.model import Profile
from generator.render.wording import cn_date

COMMON_TERMS = {"goods": "产品", "customer": "客户", "unit": "台", "service_object": "整机",
                "loaner": "备用机"}


class Regimes(TypedDict):
    warranty: str  # the warranty regime (三包, contract, statutory 保修期 …)
    recall: str  # the recall and regulatory-reporting regime
    delivery: str  # what delivery, installation and acceptance mean in the trade


class SectorEntry(TypedDict):
    id: str  # "" for the common texts
    name: str  # 家用电器 …, "通用" for the common texts
    terms: dict[str, str]  # goods, customer, unit, service_object, loaner
    consumer_goods: bool  # consumer 三包 applies (never for medical devices)
    onsite: bool  # the trade serves at the customer's site (garments do not)
    regimes: Regimes
    severity: list[dict[str, str]]  # level, definition, response, restore (software)


def profile_sector(profile: Profile) -> Sector | None:
    sid = profile.company.sector
    return None if sid is None else sector_set().sectors[sid]


def sector_entry(sector: Sector | None) -> SectorEntry:
    if sector is None:
        return {"id": "", "name": "通用", "terms": dict(COMMON_TERMS), "consumer_goods": True, "onsite": True,
                "regimes": {"warranty": "", "recall": "", "delivery": ""}, "severity": []}
    return {
        "id": sector.id,
        "name": sector.name,
        "terms": sector.terms.model_dump(),
        "consumer_goods": sector.consumer_goods,
        "onsite": sector.onsite,
        "regimes": {"warranty": sector.warranty_regime, "recall": sector.recall_regime,
                    "delivery": sector.delivery},
        "severity": [s.model_dump() for s in sector.severity],
    }


def _row(law: Law) -> dict[str, Any]:
    return {"name": law.name, "issuer": law.issuer, "number": law.number,
            "effective": cn_date(law.effective)}


def law_rows(profile: Profile, sector: Sector | None) -> list[dict[str, Any]]:
    """The manual's law list: name, issuer, number, effective (in Chinese) per row."""
    registry = sector_set().laws
    by_name = {law.name: law for law in registry.values()}
    rows = [] if sector is None else [_row(law) for law in sector_laws(sector, registry)]
    seen = {r["name"] for r in rows}
    # With a sector, the default law list gives way to the sector's (a profile names its own).
    own_laws = profile.laws if sector is None or "laws" in profile.model_fields_set else []
    for own in own_laws:
        if own.name in seen:
            continue
        seen.add(own.name)
        known = by_name.get(own.name)
        effective = own.effective or (known.effective if known else None)
        rows.append({
            "name": own.name,
            "issuer": own.issuer or (known.issuer if known else None),
            "number": own.number or (known.number if known else None),
            "effective": cn_date(effective) if effective else None,
        })
    return rows
