"""WordprocessingML names: namespaces, Clark-notation tag constants and the story parts.

One definition for the whole package, so every module spells a tag the same way. `qn` is
python-docx's prefix resolver ("w:p" -> "{…/main}p"), re-exported for the other ooxml modules.
"""

from __future__ import annotations

import re

from docx.oxml.ns import qn

__all__ = [
    "DOCUMENT_PART",
    "MC_NS",
    "STORY_PART",
    "W_BR",
    "W_CR",
    "W_DEL",
    "W_DELTEXT",
    "W_FLDCHAR",
    "W_INS",
    "W_INSTR",
    "W_NS",
    "W_P",
    "W_PPR",
    "W_R",
    "W_RPR",
    "W_SDT",
    "W_SECTPR",
    "W_T",
    "W_TAB",
    "W_TBL",
    "W_TC",
    "W_TR",
    "W_TXBX",
    "XML_SPACE",
    "W",
    "qn",
]

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
W = "{" + W_NS + "}"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"

W_P, W_TBL, W_TR, W_TC, W_SDT = W + "p", W + "tbl", W + "tr", W + "tc", W + "sdt"
W_T, W_TAB, W_BR, W_CR, W_R = W + "t", W + "tab", W + "br", W + "cr", W + "r"
W_PPR, W_RPR, W_SECTPR = W + "pPr", W + "rPr", W + "sectPr"
W_INS, W_DEL, W_DELTEXT = W + "ins", W + "del", W + "delText"
W_FLDCHAR, W_INSTR, W_TXBX = W + "fldChar", W + "instrText", W + "txbxContent"

DOCUMENT_PART = "word/document.xml"
# The parts holding visible text: the body, every header and every footer.
STORY_PART = re.compile(r"^word/(document|header\d*|footer\d*)\.xml$")
