"""The industry packs as data: the law registry and the eight sector files load, are complete,
and every fault in them is refused with its file and place."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from generator.catalog import CATALOG_DIR, load_catalog
from generator.catalog.sectors import (
    SECTOR_DIR,
    SECTOR_IDS,
    load_sectors,
    sector_procedures,
    sector_set,
)
from generator.errors import CatalogError


def test_eight_sectors_load_with_complete_law_rows() -> None:
    sectors = sector_set()
    assert tuple(sectors.sectors) == SECTOR_IDS
    for law in sectors.laws.values():
        assert law.issuer and law.effective and law.number and law.verified
    for sector in sectors.sectors.values():
        assert sector.laws, sector.id
        assert all(ref.law in sectors.laws for ref in sector.laws)


def test_one_law_has_one_number_and_date_everywhere() -> None:
    laws = sector_set().laws
    assert laws["product_quality_law"].number == "中华人民共和国主席令第二十二号"
    assert str(laws["product_quality_law"].effective) == "2018-12-29"
    assert laws["consumer_rights_law"].number == "中华人民共和国主席令第七号"
    assert str(laws["consumer_rights_law"].effective) == "2014-03-15"
    assert laws["civil_code"].number == "中华人民共和国主席令第四十五号"
    assert laws["government_procurement_law"].number == "中华人民共和国主席令第十四号"
    names = [law.name for law in laws.values()]
    assert len(names) == len(set(names))


def test_medical_is_no_consumer_good_and_appliance_is() -> None:
    sectors = sector_set().sectors
    assert sectors["household_appliance"].consumer_goods
    assert not sectors["medical_device"].consumer_goods
    assert sectors["sanitation_equipment"].terms.loaner == "备用车辆"
    assert "P05" in sectors["software_it"].typical_exclusions


def test_sector_record_lists_rename_and_add_forms() -> None:
    catalog = load_catalog()
    medical = {r.code: r for p in sector_procedures(catalog, sector_set().sectors["medical_device"])
               for r in p.records}
    assert medical["04-06"].name == "预防性维护记录"
    assert medical["04-07"].name == "电气安全检测记录"
    software = {r.code: r.name for p in sector_procedures(catalog, sector_set().sectors["software_it"])
                for r in p.records}
    assert "返厂" not in software["04-05"]
    common = {r.code: r.name for p in sector_procedures(catalog, None) for r in p.records}
    assert common["04-05"] == "返厂维修单" and "04-06" not in common


def _copy(tmp_path: Path) -> tuple[Path, Path]:
    folder = tmp_path / "sectors"
    shutil.copytree(SECTOR_DIR, folder)
    laws = tmp_path / "laws.yaml"
    shutil.copy(CATALOG_DIR / "laws.yaml", laws)
    return folder, laws


def _edit(path: Path, change: object) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)  # type: ignore[operator]
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


@pytest.mark.parametrize("fault, message", [
    (lambda d: d["laws"].append({"law": "no_such_law", "applies": "x"}), "no_such_law"),
    (lambda d: d["forms"].append({"code": "04-99", "columns": ["a"]}), "04-99"),
    (lambda d: d.update(colour="red"), "colour"),
    (lambda d: d.update(typical_exclusions=["P01"]), "P01"),
])
def test_faulty_sector_is_refused_with_its_file(tmp_path: Path, fault: object, message: str) -> None:
    folder, laws = _copy(tmp_path)
    _edit(folder / "apparel.yaml", fault)
    with pytest.raises(CatalogError) as exc:
        load_sectors(load_catalog(), folder, laws)
    assert message in exc.value.render() and "apparel.yaml" in exc.value.render()


def test_law_row_without_issuer_is_refused(tmp_path: Path) -> None:
    folder, laws = _copy(tmp_path)
    _edit(laws, lambda d: d["laws"][0].pop("issuer"))
    with pytest.raises(CatalogError) as exc:
        load_sectors(load_catalog(), folder, laws)
    assert "issuer" in exc.value.render()
