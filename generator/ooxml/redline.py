"""Redline copy: the new .docx with Word tracked changes showing what changed since the old one.

Rules:
1. The body (table cells included) and every header/footer part that both files hold under the
   same part name are compared; text boxes and other parts are left as they are in the new file.
2. Paragraphs are aligned with difflib on their text plus the fields and drawings they hold.
   Inside a block of differing paragraphs an old and a new paragraph are paired when their
   texts are at least half alike; leftovers between two pairs are rewritten one for one while
   they sit in the same kind of container (a cell's new text replaces its old text in place);
   the rest are deleted or inserted paragraphs.
3. A paired paragraph is diffed character by character (Chinese has no word boundaries). An
   equal stretch between two changes is folded into them when it is no longer than both of
   them or than two characters, so “沈国梁”→“韩国诚” and “0574-87102655”→“0577-88001234”
   read as one replacement each, not as three.
4. Inserted text stays in its own new runs, wrapped in w:ins. Deleted text becomes a w:del run
   carrying the w:rPr of the new run covering its position (the first inserted run of a
   replacement, else the run before it, or after it at the start of a paragraph or next to a
   field), so it looks like the text around it; the old run's formatting is not kept (it may
   name styles the new file lacks).
5. Field codes and field results (w:fldChar/w:instrText, w:fldSimple), content controls and
   drawings are never split. If a change touches them, or the paragraph's fields or drawings
   differ, the paragraph is replaced whole: its old text deleted at its start, every new run
   inserted.
6. A paragraph only in the old file comes back as a deleted paragraph (its text runs with their
   own w:rPr in w:del, its mark deleted), next to its old neighbour in the new file; a table
   row or a whole table only in the old file comes back as a deleted row or table
   (w:trPr/w:del). A paragraph only in the new file gets its runs and its paragraph mark
   inserted; a row whose paragraphs are all inserted is an inserted row (w:trPr/w:ins).
   A tracked mark that cannot be removed (last in a cell or the body, or before a table) is
   moved to the untracked paragraph before it, whose removal joins the same text away.
7. Revision ids start above every w:id in the package; the settings ask for insertions and
   deletions to be shown and for later edits to the copy to be tracked.

python-docx has no object model for tracked changes, so the redline works on the package's
XML directly: it rewrites whole parts of an existing package instead of building a document.
This module holds the public functions and the paragraph alignment (rules 1, 2, 6 and 7);
`redline_text` reads paragraphs, `redline_marks` marks the changes inside them (rules 3-6).
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile

from lxml import etree

from generator.errors import InputFileError
from generator.ooxml.ns import (
    DOCUMENT_PART,
    STORY_PART,
    W_DEL,
    W_INS,
    W_NS,
    W_P,
    W_PPR,
    W_R,
    W_RPR,
    W_TBL,
    W_TR,
    W,
)
from generator.ooxml.package import SAFE_PARSER
from generator.ooxml.redline_marks import (
    Marks,
    deleted_copy,
    live_runs,
    mark_changed,
    mark_inserted_rows,
    mark_paragraph,
    settle_marks,
    wrap,
)
from generator.ooxml.redline_text import PAIR_RATIO, align, key, own, paragraphs, run_text, similarity, text_of, within
from generator.ooxml.safety import check_docx_bytes

_NS = {"w": W_NS}
# CT_Settings children that must precede w:revisionView and w:trackRevisions.
_SETTINGS_BEFORE = frozenset((
    "writeProtection", "view", "zoom", "removePersonalInformation", "removeDateAndTime",
    "doNotDisplayPageBoundaries", "displayBackgroundShape", "printPostScriptOverText",
    "printFractionalCharacterWidth", "printFormsData", "embedTrueTypeFonts", "embedSystemFonts",
    "saveSubsetFonts", "saveFormsData", "mirrorMargins", "alignBordersAndEdges",
    "bordersDoNotSurroundHeader", "bordersDoNotSurroundFooter", "gutterAtTop",
    "hideSpellingErrors", "hideGrammaticalErrors", "activeWritingStyle", "proofState",
    "formsDesign", "attachedTemplate", "linkStyles", "stylePaneFormatFilter",
    "stylePaneSortMethod", "documentType", "mailMerge",
))



def redline(old: bytes, new: bytes, *, author: str = "svcmanual", date: dt.datetime | None = None) -> bytes:
    """The `new` .docx with every change since `old` as tracked changes (see module rules).

    A naive `date` is taken as UTC; the default is now.
    """
    when = date or dt.datetime.now(dt.timezone.utc)
    if when.tzinfo is not None:
        when = when.astimezone(dt.timezone.utc)
    with check_docx_bytes(old, "修订对照的旧版文档") as old_zip, \
            check_docx_bytes(new, "修订对照的新版文档") as new_zip:
        old_names = set(old_zip.namelist())
        for label, names in (("旧版", old_names), ("新版", set(new_zip.namelist()))):
            if DOCUMENT_PART not in names:
                raise InputFileError(f"{label}文档没有正文部件 {DOCUMENT_PART}，无法生成修订对照",
                                     hint="请用 Word 打开后另存为 .docx 再试")
        marks = Marks(author, when.strftime("%Y-%m-%dT%H:%M:%SZ"), _max_id(new_zip) + 1)
        parts: dict[str, etree._Element] = {}
        for name in new_zip.namelist():
            if STORY_PART.match(name) and name in old_names:
                parts[name] = _xml(new_zip, name)
                _mark_story(_xml(old_zip, name), parts[name], marks)
        if "word/settings.xml" in new_zip.namelist():
            parts["word/settings.xml"] = _show_revisions(_xml(new_zip, "word/settings.xml"))
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
            for info in new_zip.infolist():
                root = parts.get(info.filename)
                data = new_zip.read(info) if root is None else etree.tostring(
                    root, xml_declaration=True, encoding="UTF-8", standalone=True)
                archive.writestr(info, data)
    return out.getvalue()


def has_tracked_changes(data: bytes) -> bool:
    """Whether the body, a header or a footer holds an insertion, a deletion or a move."""
    with check_docx_bytes(data, "修订对照") as archive:
        return any(
            next(_xml(archive, name).iter(W_INS, W_DEL, W + "moveFrom", W + "moveTo"), None)
            is not None
            for name in archive.namelist() if STORY_PART.match(name)
        )


def accept_all(data: bytes) -> str:
    """Body text (one paragraph a line, table cells included) once every change is accepted."""
    return _resolved_text(data, accept=True)


def reject_all(data: bytes) -> str:
    """Body text once every change is rejected."""
    return _resolved_text(data, accept=False)

# ------------------------------------------------------------------------------ reading XML

def _xml(archive: zipfile.ZipFile, name: str) -> etree._Element:
    return etree.fromstring(archive.read(name), SAFE_PARSER)


def _max_id(archive: zipfile.ZipFile) -> int:
    ids = [0]
    for name in archive.namelist():
        if name.startswith("word/") and name.endswith(".xml"):
            values = _xml(archive, name).xpath("//@w:id", namespaces=_NS)
            ids += [int(v) for v in values if v.isdigit()]
    return max(ids)


def _resolved_text(data: bytes, *, accept: bool) -> str:
    gone = W_DEL if accept else W_INS
    with check_docx_bytes(data, "修订对照") as archive:
        root = _xml(archive, DOCUMENT_PART)
    lines: list[str] = []
    carry = ""
    for p in paragraphs(root):
        if any(tr.find(f"{W}trPr/{gone}") is not None for tr in p.iterancestors(W_TR)):
            continue  # the whole row goes
        text = carry + "".join(run_text(r) for r in own(p, W_R) if not within(r, gone, p))
        mark = p.find(f"{W_PPR}/{W_RPR}/{gone}")
        following = p.getnext()
        # A removed paragraph mark joins the next paragraph; the last mark of a cell, or one
        # before a table, cannot be removed (Word keeps it).
        if mark is not None and following is not None and following.tag == W_P:
            carry = text
        else:
            lines.append(text)
            carry = ""
    return "\n".join(lines)


# ------------------------------------------------------------------------------ alignment

Step = tuple[str, etree._Element | None, etree._Element | None]  # kind, old, new


def _mark_story(old_root: etree._Element, new_root: etree._Element, marks: Marks) -> None:
    olds, news = paragraphs(old_root), paragraphs(new_root)
    steps: list[Step] = []
    for tag, i1, i2, j1, j2 in align([key(p) for p in olds], [key(p) for p in news]):
        if tag == "equal":
            steps += [("equal", None, n) for n in news[j1:j2]]
        else:
            steps += _pair(olds[i1:i2], news[j1:j2])
    pending: list[etree._Element] = []
    previous: etree._Element | None = None
    for kind, o, n in steps:
        if n is None:
            pending.append(o)
            continue
        if pending:
            _place(pending, previous, n, new_root, marks)
            pending = []
        if kind == "change":
            mark_changed(o, n, marks)
        elif kind == "insert":
            wrap(live_runs(n), W_INS, marks)
            mark_paragraph(n, W_INS, marks)
        previous = n
    if pending:
        _place(pending, previous, None, new_root, marks)
    settle_marks(new_root)
    mark_inserted_rows(new_root, marks)


def _pair(olds: list[etree._Element], news: list[etree._Element]) -> list[Step]:
    """Pair each old paragraph with the most similar later new one, in order; between two
    pairs, leftover old and new paragraphs in the same kind of container are rewritten one
    for one (an old cell text replaced by a new one stays one paragraph)."""
    new_texts = [text_of(n) for n in news]
    pairs: list[tuple[int, int]] = []
    for i, o in enumerate(olds):
        j = pairs[-1][1] + 1 if pairs else 0
        text = text_of(o)
        best = min(((-similarity(text, t), k) for k, t in enumerate(new_texts[j:], j)), default=None)
        if best is not None and -best[0] >= PAIR_RATIO:
            pairs.append((i, best[1]))
    steps: list[Step] = []
    i = j = 0
    for pi, pj in [*pairs, (len(olds), len(news))]:
        gap_old, gap_new = olds[i:pi], news[j:pj]
        same = 0
        while same < min(len(gap_old), len(gap_new)) and \
                gap_old[same].getparent().tag == gap_new[same].getparent().tag:
            same += 1
        steps += [("change", o, n) for o, n in zip(gap_old[:same], gap_new[:same], strict=True)]
        steps += [("delete", o, None) for o in gap_old[same:]]
        steps += [("insert", None, n) for n in gap_new[same:]]
        if pi < len(olds):
            steps.append(("change", olds[pi], news[pj]))
        i, j = pi + 1, pj + 1
    return steps


def _place(olds: list[etree._Element], previous: etree._Element | None,
           following: etree._Element | None, root: etree._Element, marks: Marks) -> None:
    """Put deleted copies of consecutive old paragraphs between two new ones. A table row or
    a table whose paragraphs are all gone comes back whole, as a deleted row or table."""
    gone = set(olds)
    units: list[etree._Element] = []
    for o in olds:
        unit = o
        for holder in o.iterancestors(W_TR, W_TBL):
            if not all(p in gone for p in paragraphs(holder)):
                break
            unit = holder
        if not any(u is unit for u in units):
            units.append(unit)
    cursors: dict[etree._Element, etree._Element] = {}
    for unit in units:
        _put(unit, previous, following, root, marks, cursors)


def _put(unit: etree._Element, previous: etree._Element | None, following: etree._Element | None,
         root: etree._Element, marks: Marks, cursors: dict[etree._Element, etree._Element]) -> None:
    """Insert a deleted copy of `unit` next to the block that holds the new paragraph before it
    (when it followed something in its container) or after it, at the unit's own level: a row
    among rows, a paragraph or table among the blocks of a body or cell."""
    level = unit.getparent().tag
    sibling = unit.getprevious()
    options = [("after", previous), ("before", following)]
    if sibling is None or sibling.tag not in (W_P, W_TBL, W_TR):
        options.reverse()
    targets = [(how, _peer(a, level)) for how, a in options if a is not None]
    how, peer = next(((h, q) for h, q in targets if q is not None), (None, None))
    if peer is None and unit.tag != W_P:
        for p in paragraphs(unit):  # no row or table to join: fall back to paragraphs
            _put(p, previous, following, root, marks, cursors)
        return
    if peer is None:  # a paragraph goes next to any new paragraph, or at the end
        how, peer = next(((h, a) for h, a in options if a is not None), (None, None))
    deleted = deleted_copy(unit, marks)
    if peer is None:
        body = root.find(W + "body")
        body = root if body is None else body
        tail = body.find(W + "sectPr")
        if tail is None:
            body.append(deleted)
        else:
            tail.addprevious(deleted)
    elif how == "before":
        peer.addprevious(deleted)
    else:
        cursors.get(peer, peer).addnext(deleted)
        cursors[peer] = deleted


def _peer(anchor: etree._Element, level: str) -> etree._Element | None:
    """`anchor` or its ancestor that sits directly in a `level` element (w:body, w:tc, w:tbl …)."""
    for el in (anchor, *anchor.iterancestors()):
        parent = el.getparent()
        if parent is not None and parent.tag == level:
            return el
    return None


def _show_revisions(settings: etree._Element) -> etree._Element:
    """Ask Word and LibreOffice to show insertions and deletions, and to track later edits."""
    for name in ("revisionView", "trackRevisions"):
        for el in settings.findall(W + name):
            settings.remove(el)
    index = max((k + 1 for k, c in enumerate(settings)
                 if isinstance(c.tag, str) and etree.QName(c).namespace == W_NS
                 and etree.QName(c).localname in _SETTINGS_BEFORE), default=0)
    view = etree.Element(W + "revisionView")
    view.set(W + "markup", "true")
    view.set(W + "insDel", "true")
    settings.insert(index, view)
    settings.insert(index + 1, etree.Element(W + "trackRevisions"))
    return settings
