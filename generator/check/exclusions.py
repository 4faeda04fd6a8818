"""Procedures the manual itself declares excluded (删减), for a set checked without a profile.

Rule: a row of a table in the manual that names a procedure (its title, in 《》 or not, as
`matching` recognises it) and says 删减 or 不适用 in another cell excludes that procedure; the
reason is that other cell's text. A profile's exclusions take precedence.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from generator.check.matching import ProcedureMatcher, title_text
from generator.docs.textnorm import normalize

_DECLARED = re.compile(r"删减|不适用")
_BOOK = re.compile(r"《([^》]{2,40})》")


def declared_exclusions(tables: Sequence[Sequence[Sequence[str]]],
                        matcher: ProcedureMatcher) -> dict[str, str]:
    """Procedure id -> reason, from the rows of the manual's tables."""
    out: dict[str, str] = {}
    for rows in tables:
        for row in rows:
            reasons = [c for c in row if _DECLARED.search(c)]
            if not reasons:
                continue
            for cell in row:
                if cell in reasons:
                    continue
                for name in _BOOK.findall(cell) or [cell]:
                    title = title_text(normalize(name))
                    match = matcher.match(title) if title else None
                    if match is not None and match.exact:
                        out.setdefault(match.procedure.id, reasons[0].strip())
    return out
