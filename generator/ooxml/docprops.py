"""The document properties of an imported file, cleaned of the previous client's facts.

Word keeps title, subject, author, last editor, company, manager and custom properties in
`docProps/core.xml`, `docProps/app.xml` and `docProps/custom.xml`; a consultancy's file
carries its last client there ("澜沁电器售后服务手册", author 陆文博, company 浙江澜沁电器有限公司).
Used by `tagging.tag_package`.

Rules:
1. Every known fact is cut out of every property text, longest first (the title
   "澜沁电器售后服务手册" keeps "售后服务手册"); they do not become tags, as a build fills
   only the story parts.
2. A property left with nothing but punctuation or spaces is emptied.
3. Every other part of the package is untouched.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from lxml import etree

from generator.ooxml.package import parse

PARTS = ("docProps/core.xml", "docProps/app.xml", "docProps/custom.xml")
_ONLY_PUNCTUATION = re.compile(r"^[\s\W_]*$")


def clean_properties(raw: bytes, facts: Sequence[str]) -> tuple[bytes, list[str]]:
    """`raw` (one of `PARTS`) without `facts`; the properties changed, by element name."""
    root = parse(raw)
    ordered = sorted({f for f in facts if f}, key=len, reverse=True)
    changed: list[str] = []
    for node in root.iter():
        if not isinstance(node.tag, str) or not node.text or len(node):
            continue
        text = node.text
        for fact in ordered:
            text = text.replace(fact, "")
        if text != node.text:
            node.text = "" if _ONLY_PUNCTUATION.match(text) else text.strip()
            changed.append(etree.QName(node).localname)
    if not changed:
        return raw, []
    out: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    return out, changed
