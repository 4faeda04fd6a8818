"""Record forms: columns sized to their content (no header word or date wraps a character a
line), pre-printed items in the first rows."""

from __future__ import annotations

import io
import zipfile

import pytest
from docx import Document
from docx.shared import Cm
from pydantic import ValidationError

from generator.catalog.sectors import sector_set
from generator.pack.authoring.recordbuild import (
    CHAR_CM,
    DATE_CM,
    PAD_CM,
    FormLayout,
    column_widths,
    load_layouts,
)
from generator.pack.pack import default_pack_dir

PORTRAIT, LANDSCAPE = 15.9, 24.7


def test_every_column_holds_its_header_word_and_a_date() -> None:
    for code, layout in load_layouts().items():
        usable = LANDSCAPE if layout.landscape else PORTRAIT
        widths = column_widths(layout.columns, usable)
        assert abs(sum(widths) - usable) < 1e-6, code
        for label, width in zip(layout.columns, widths, strict=True):
            half = -(-len(label) // 2)  # at worst a long header splits evenly on two lines
            assert width >= half * CHAR_CM + PAD_CM - 1e-6, (code, label, width)
            if label.endswith(("日期", "时间")):
                assert width >= DATE_CM - 1e-6, (code, label, width)


def test_short_headers_stay_on_one_line_and_descriptions_get_the_room() -> None:
    widths = dict(zip(columns := ("维修日期", "工单号", "故障现象", "维修人"),
                      column_widths(columns, PORTRAIT), strict=True))
    assert widths["维修日期"] >= 4 * CHAR_CM + PAD_CM
    assert widths["故障现象"] > widths["工单号"] > widths["维修日期"] - 1


def test_committed_form_has_its_date_column_wide_enough() -> None:
    path = next((default_pack_dir() / "records").glob("JL-04-03-*.docx"))
    with zipfile.ZipFile(path) as archive:
        assert "stylesWithEffects" not in " ".join(archive.namelist())
    doc = Document(io.BytesIO(path.read_bytes()))
    table = doc.tables[-1]
    header = [c.text for c in table.rows[0].cells]
    width = table.columns[header.index("维修日期")].width
    assert width is not None and width >= Cm(DATE_CM) * 0.99


def test_pre_printed_items_fill_the_first_rows_after_the_number() -> None:
    path = next((default_pack_dir() / "records" / "medical_device").glob("JL-14-02-*.docx"))
    table = Document(io.BytesIO(path.read_bytes())).tables[-1]
    items = next(f.items for f in sector_set().sectors["medical_device"].forms
                 if f.code == "14-02")
    assert [c.text for c in table.rows[0].cells][:2] == ["序号", "评价项目"]
    for i, item in enumerate(items, start=1):
        assert [c.text for c in table.rows[i].cells][:3] == [str(i), item, ""]
    assert all(c.text == "" for c in table.rows[len(items) + 1].cells)
    widths = [col.width for col in table.columns]
    assert widths[1] == max(widths), "the questions get the room, not the tick boxes"


def test_more_items_than_rows_is_refused() -> None:
    with pytest.raises(ValidationError):
        FormLayout(code="99-01", columns=("序号", "项目"), rows=2, items=("a", "b", "c"))
