"""Record-form columns sized to their content: no header word or date wraps a character a line."""

from __future__ import annotations

import io
import zipfile

from docx import Document
from docx.shared import Cm

from generator.pack.authoring.recordbuild import (
    CHAR_CM,
    DATE_CM,
    PAD_CM,
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
