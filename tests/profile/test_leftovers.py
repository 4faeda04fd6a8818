"""Another company's names left in a profile (profile.leftovers)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from generator.builder.run import build
from generator.errors import OutputError
from generator.profile.leftovers import MAX_PLACES, trade_name
from generator.profile.loader import load_profile
from tests.builder.sets import hashes
from tests.conftest import PROFILES

NEW_NAME, NEW_SHORT = "江西木禾办公家具有限公司", "木禾家具"


def renamed(example: Path, target: Path, name: str = NEW_NAME, short: str = NEW_SHORT) -> Path:
    """`example` with only its company's name and short name changed, as a consultant who
    copies a profile and edits the obvious fields leaves it."""
    text = example.read_text(encoding="utf-8")
    company = yaml.safe_load(text)["company"]
    text = re.sub(rf"(?m)^(\s+name:\s*){re.escape(company['name'])}\s*$", rf"\g<1>{name}", text,
                  count=1)
    text = re.sub(rf"(?m)^(\s+short_name:\s*){re.escape(company['short_name'])}\s*$",
                  rf"\g<1>{short}", text, count=1)
    target.write_text(text, encoding="utf-8")
    return target


def leftover_warnings(path: Path) -> list[tuple[int | None, str, str]]:
    loaded = load_profile(path)
    return [(w.line, w.path, w.message) for w in loaded.warnings
            if any(word in w.message for word in ("未改净", "疑为沿用", "另有", "信用代码与"))]


@pytest.mark.parametrize("example", PROFILES, ids=[p.stem for p in PROFILES])
def test_the_examples_carry_no_other_companys_names(example: Path) -> None:
    assert leftover_warnings(example) == []


@pytest.mark.parametrize("example", PROFILES, ids=[p.stem for p in PROFILES])
def test_a_copied_example_is_caught_at_every_line_it_still_names_the_example(
        example: Path, tmp_path: Path) -> None:
    data = yaml.safe_load(example.read_text(encoding="utf-8"))
    brand = trade_name(data["company"]["short_name"])
    path = renamed(example, tmp_path / "copy.yaml")
    lines = path.read_text(encoding="utf-8").splitlines()
    found = leftover_warnings(path)
    assert found, "a copied example with the old trade name, site and prefix passes unnoticed"
    marked = [ln for ln, _, message in found
              if not any(w in message for w in ("另有", "前缀", "信用代码"))]
    for line in marked:
        assert line is not None
        text = lines[line - 1]
        domain = (data["company"].get("website") or "").removeprefix("www.")
        assert brand in text or (domain and domain in text) or "@" in text, text
    prefixes = [p for _, p, m in found if "前缀" in m]
    assert prefixes == ["document_control.prefix"]
    assert [p for _, p, m in found if "信用代码" in m] == (
        ["company.credit_code"] if data["company"].get("credit_code") else [])
    expected = {i + 1 for i, text in enumerate(lines)
                if brand in text and not text.lstrip().startswith("#")}
    if len(expected) <= MAX_PLACES:
        assert expected <= set(marked)
    else:
        assert len(marked) == MAX_PLACES and any("另有" in m for _, _, m in found)


def test_a_sister_company_of_the_same_trade_name_is_not_another_company(tmp_path: Path) -> None:
    example = next(p for p in PROFILES if "lanqin" in p.stem)
    path = renamed(example, tmp_path / "sister.yaml", "安徽澜沁电器销售有限公司", "澜沁销售")
    assert leftover_warnings(path) == []


def test_a_build_names_the_set_of_the_last_client_in_the_same_output_folder(
        tmp_path: Path) -> None:
    example = next(p for p in PROFILES if "lanqin" in p.stem)
    last = renamed(example, tmp_path / "last.yaml", "湖南楚铭电器有限公司", "楚铭电器")
    text = last.read_text(encoding="utf-8").replace("澜沁", "楚铭").replace(
        "lanqin-appliance", "chuming-elec").replace("prefix: LQ", "prefix: CM").replace(
        "91330110MA2H3K7Q5L", "91430100MA4L0X1R2N")
    last.write_text(text, encoding="utf-8")
    assert leftover_warnings(last) == []
    out = tmp_path / "out"
    build(last, out, refresh=False)
    before = hashes(out)
    copied = renamed(last, tmp_path / "next.yaml")
    copied.write_text(copied.read_text(encoding="utf-8").replace(
        "credit_code: 91430100MA4L0X1R2N", "credit_code: 91360100MA35X8K21K"), encoding="utf-8")
    with pytest.raises(OutputError, match="另一家企业（湖南楚铭电器有限公司"):
        build(copied, out, refresh=False)  # the slug left as it was: the last client's set
    assert hashes(out) == before
    copied.write_text(copied.read_text(encoding="utf-8").replace(
        "slug: chuming-elec", "slug: muhe-furniture"), encoding="utf-8")
    assert leftover_warnings(copied) == []  # nothing of the examples left …
    result = build(copied, out, refresh=False)
    said = [w for w in result.warnings if "湖南楚铭电器有限公司" in w]
    assert said and all("输出目录中的文件集" in w for w in said)  # … but the last client's
    assert any("document_control.prefix" in w and "“CM”" in w for w in said)
    again = build(last, out, refresh=False)  # its own set is not another company's
    assert not [w for w in again.warnings if "未改净" in w]
