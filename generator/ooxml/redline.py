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

python-docx has no object model for tracked changes, so this module works on the package's
XML directly. It imports the tag names of render/ooxml.py but keeps its own helpers: it rewrites
whole parts of an existing package instead of building a document.
"""

from __future__ import annotations

import copy
import datetime as dt
import difflib
import io
import re
import zipfile
from collections.abc import Hashable, Iterable, Iterator
from dataclasses import dataclass

from lxml import etree

from generator.errors import InputFileError
from generator.ooxml.format import W_BR, W_NS, W_P, W_R, W_T, W_TAB, W_TBL, W_TR
from generator.ooxml.safety import check_docx_bytes

_W = "{" + W_NS + "}"
W_INS, W_DEL, W_DELTEXT, W_PPR, W_RPR = (_W + t for t in ("ins", "del", "delText", "pPr", "rPr"))
W_CR, W_FLDCHAR, W_INSTR, W_TXBX = (_W + t for t in ("cr", "fldChar", "instrText", "txbxContent"))
_FREE_PARENTS = (W_P, _W + "hyperlink")  # runs elsewhere (fldSimple, sdt, ins …) are locked
_DRAWINGS = (_W + "drawing", _W + "pict", _W + "object")
_AFTER_PARA_RPR = (_W + "sectPr", _W + "pPrChange")
_SPECIAL = {W_TAB: "\t", W_BR: "\n", W_CR: "\n"}
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_DOCUMENT = "word/document.xml"
_STORIES = re.compile(r"^word/(document|header\d*|footer\d*)\.xml$")
_NS = {"w": W_NS}
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True)
_PAIR_RATIO = 0.5
_TINY = 2  # an equal stretch this short between two changes is folded into them
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

Op = tuple[str, int, int, int, int]


@dataclass
class _Marks:
    """Makes w:ins/w:del elements with unique ids."""

    author: str
    date: str
    next_id: int

    def make(self, tag: str) -> etree._Element:
        el = etree.Element(tag)
        el.set(_W + "id", str(self.next_id))
        el.set(_W + "author", self.author)
        el.set(_W + "date", self.date)
        self.next_id += 1
        return el


@dataclass
class _Piece:
    """A run holding exactly one text child, covering new_text[start:end]."""

    run: etree._Element
    start: int
    end: int
    locked: bool


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
            if _DOCUMENT not in names:
                raise InputFileError(f"{label}文档没有正文部件 {_DOCUMENT}，无法生成修订对照",
                                     hint="请用 Word 打开后另存为 .docx 再试")
        marks = _Marks(author, when.strftime("%Y-%m-%dT%H:%M:%SZ"), _max_id(new_zip) + 1)
        parts: dict[str, etree._Element] = {}
        for name in new_zip.namelist():
            if _STORIES.match(name) and name in old_names:
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
            next(_xml(archive, name).iter(W_INS, W_DEL, _W + "moveFrom", _W + "moveTo"), None)
            is not None
            for name in archive.namelist() if _STORIES.match(name)
        )


def accept_all(data: bytes) -> str:
    """Body text (one paragraph a line, table cells included) once every change is accepted."""
    return _resolved_text(data, accept=True)


def reject_all(data: bytes) -> str:
    """Body text once every change is rejected."""
    return _resolved_text(data, accept=False)


# ------------------------------------------------------------------------------ reading XML

def _xml(archive: zipfile.ZipFile, name: str) -> etree._Element:
    return etree.fromstring(archive.read(name), _PARSER)


def _max_id(archive: zipfile.ZipFile) -> int:
    ids = [0]
    for name in archive.namelist():
        if name.startswith("word/") and name.endswith(".xml"):
            values = _xml(archive, name).xpath("//@w:id", namespaces=_NS)
            ids += [int(v) for v in values if v.isdigit()]
    return max(ids)


def _paragraphs(root: etree._Element) -> list[etree._Element]:
    """Paragraphs in reading order, table cells included, text boxes (drawings) excluded."""
    return [p for p in root.iter(W_P) if next(p.iterancestors(W_TXBX), None) is None]


def _own(p: etree._Element, *tags: str) -> Iterator[etree._Element]:
    """Descendants of `p` with these tags that belong to `p`, not to a nested text box."""
    for el in p.iter(*tags):
        if next(el.iterancestors(W_P)) is p:
            yield el


def _within(el: etree._Element, tag: str, p: etree._Element) -> bool:
    for ancestor in el.iterancestors():
        if ancestor is p:
            return False
        if ancestor.tag == tag:
            return True
    return False


def _run_text(run: etree._Element) -> str:
    return "".join(
        (c.text or "") if c.tag in (W_T, W_DELTEXT) else _SPECIAL.get(c.tag, "") for c in run)


def _text(p: etree._Element) -> str:
    return "".join(_run_text(r) for r in _own(p, W_R) if not _within(r, W_DEL, p))


def _key(p: etree._Element) -> tuple[str, tuple[str, ...], int]:
    """Text, field instructions and number of drawings: what makes two paragraphs equal."""
    fields = [(i.text or "").strip() for i in _own(p, W_INSTR)]
    fields += [(s.get(_W + "instr") or "").strip() for s in _own(p, _W + "fldSimple")]
    return _text(p), tuple(fields), sum(1 for _ in _own(p, *_DRAWINGS))


def _resolved_text(data: bytes, *, accept: bool) -> str:
    gone = W_DEL if accept else W_INS
    with check_docx_bytes(data, "修订对照") as archive:
        root = _xml(archive, _DOCUMENT)
    lines: list[str] = []
    carry = ""
    for p in _paragraphs(root):
        if any(tr.find(f"{_W}trPr/{gone}") is not None for tr in p.iterancestors(W_TR)):
            continue  # the whole row goes
        text = carry + "".join(_run_text(r) for r in _own(p, W_R) if not _within(r, gone, p))
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


def _mark_story(old_root: etree._Element, new_root: etree._Element, marks: _Marks) -> None:
    olds, news = _paragraphs(old_root), _paragraphs(new_root)
    steps: list[Step] = []
    for tag, i1, i2, j1, j2 in _align([_key(p) for p in olds], [_key(p) for p in news]):
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
            _mark_changed(o, n, marks)
        elif kind == "insert":
            _wrap(_live_runs(n), W_INS, marks)
            _mark_paragraph(n, W_INS, marks)
        previous = n
    if pending:
        _place(pending, previous, None, new_root, marks)
    _settle_marks(new_root)
    _mark_inserted_rows(new_root, marks)


def _align(a: list[Hashable], b: list[Hashable]) -> list[Op]:
    """Paragraph opcodes, with the unchanged head and tail cut off first (most of a regenerated
    document), as difflib's cost grows with the square of repeated items such as empty
    paragraphs. Its junk heuristic stays off: it would leave such items unmatched."""
    ids: dict[Hashable, int] = {}
    x, y = [ids.setdefault(k, len(ids)) for k in a], [ids.setdefault(k, len(ids)) for k in b]
    head = tail = 0
    while head < min(len(x), len(y)) and x[head] == y[head]:
        head += 1
    while tail < min(len(x), len(y)) - head and x[-1 - tail] == y[-1 - tail]:
        tail += 1
    middle = difflib.SequenceMatcher(None, x[head:len(x) - tail], y[head:len(y) - tail],
                                     autojunk=False).get_opcodes()
    ops: list[Op] = [("equal", 0, head, 0, head)] if head else []
    ops += [(t, i1 + head, i2 + head, j1 + head, j2 + head) for t, i1, i2, j1, j2 in middle]
    if tail:
        ops.append(("equal", len(x) - tail, len(x), len(y) - tail, len(y)))
    return ops


def _pair(olds: list[etree._Element], news: list[etree._Element]) -> list[Step]:
    """Pair each old paragraph with the most similar later new one, in order; between two
    pairs, leftover old and new paragraphs in the same kind of container are rewritten one
    for one (an old cell text replaced by a new one stays one paragraph)."""
    new_texts = [_text(n) for n in news]
    pairs: list[tuple[int, int]] = []
    for i, o in enumerate(olds):
        j = pairs[-1][1] + 1 if pairs else 0
        text = _text(o)
        best = min(((-_similarity(text, t), k) for k, t in enumerate(new_texts[j:], j)), default=None)
        if best is not None and -best[0] >= _PAIR_RATIO:
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


def _similarity(a: str, b: str) -> float:
    """difflib's ratio, or 0 when its cheap upper bounds already fall short of pairing."""
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    if matcher.real_quick_ratio() < _PAIR_RATIO or matcher.quick_ratio() < _PAIR_RATIO:
        return 0.0
    return matcher.ratio()


def _place(olds: list[etree._Element], previous: etree._Element | None,
           following: etree._Element | None, root: etree._Element, marks: _Marks) -> None:
    """Put deleted copies of consecutive old paragraphs between two new ones. A table row or
    a table whose paragraphs are all gone comes back whole, as a deleted row or table."""
    gone = set(olds)
    units: list[etree._Element] = []
    for o in olds:
        unit = o
        for holder in o.iterancestors(W_TR, W_TBL):
            if not all(p in gone for p in _paragraphs(holder)):
                break
            unit = holder
        if not any(u is unit for u in units):
            units.append(unit)
    cursors: dict[etree._Element, etree._Element] = {}
    for unit in units:
        _put(unit, previous, following, root, marks, cursors)


def _put(unit: etree._Element, previous: etree._Element | None, following: etree._Element | None,
         root: etree._Element, marks: _Marks, cursors: dict[etree._Element, etree._Element]) -> None:
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
        for p in _paragraphs(unit):  # no row or table to join: fall back to paragraphs
            _put(p, previous, following, root, marks, cursors)
        return
    if peer is None:  # a paragraph goes next to any new paragraph, or at the end
        how, peer = next(((h, a) for h, a in options if a is not None), (None, None))
    deleted = _deleted_copy(unit, marks)
    if peer is None:
        body = root.find(_W + "body")
        body = root if body is None else body
        tail = body.find(_W + "sectPr")
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


# ------------------------------------------------------------------------------ marking

def _mark_changed(old: etree._Element, new: etree._Element, marks: _Marks) -> None:
    old_text = _text(old)
    if (_key(old)[1:] != _key(new)[1:] or _similarity(old_text, _text(new)) < _PAIR_RATIO
            or not _diff_runs(old_text, new, marks)):
        _wrap(_live_runs(new), W_INS, marks)
        deleted = _deleted_runs(old, marks)
        if deleted is not None:
            ppr = new.find(W_PPR)
            if ppr is None:
                new.insert(0, deleted)
            else:
                ppr.addnext(deleted)


def _diff_runs(old_text: str, p: etree._Element, marks: _Marks) -> bool:
    """Mark the character changes from `old_text` in `p`; False (nothing marked) when a
    change would touch a field, a content control or an existing revision."""
    ops = [op for op in _char_ops(old_text, _text(p)) if op[0] != "equal"]
    _explode(p)
    pieces = _pieces(p)
    for _tag, i1, i2, j1, j2 in ops:
        if any(q.locked and q.start < j2 and q.end > j1 for q in pieces):
            return False
        before, after = _around(pieces, j1)
        if i2 > i1 and j2 == j1 and (before or after) and not any(
                q is not None and not q.locked for q in (before, after)):
            return False
    cuts = {j for op in ops for j in op[3:]}
    pieces = [part for q in pieces for part in _split(q, cuts)]
    for _tag, i1, i2, j1, j2 in ops:
        inserted = [q for q in pieces if j1 <= q.start and q.end <= j2]
        if i2 > i1:
            before, after = _around(pieces, j1)
            anchor = inserted[0] if inserted else before if before and not before.locked else after
            deleted = marks.make(W_DEL)
            deleted.append(_deleted_run(old_text[i1:i2], None if anchor is None else anchor.run))
            if anchor is None:
                p.append(deleted)
            elif anchor is before:
                anchor.run.addnext(deleted)
            else:
                anchor.run.addprevious(deleted)
        _wrap([q.run for q in inserted], W_INS, marks)
    return True


def _char_ops(a: str, b: str) -> list[Op]:
    """Character opcodes in which an equal stretch between two changes is folded into them when
    it is no longer than both (the semantic clean-up of diff-match-patch) or than _TINY."""
    ops: list[Op] = list(difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes())
    while True:
        merged: list[Op] = []
        for tag, i1, i2, j1, j2 in ops:
            if merged and tag != "equal" and merged[-1][0] != "equal":
                _, i1, _, j1, _ = merged.pop()
                tag = "replace"
            merged.append((tag, i1, i2, j1, j2))
        ops = merged
        size = [max(i2 - i1, j2 - j1) for _, i1, i2, j1, j2 in ops]
        tiny = next((k for k in range(1, len(ops) - 1)
                     if ops[k][0] == "equal"
                     and size[k] <= max(_TINY, min(size[k - 1], size[k + 1]))), None)
        if tiny is None:
            return [(_kind(*op[1:]) if op[0] != "equal" else "equal", *op[1:]) for op in ops]
        ops[tiny] = ("replace", *ops[tiny][1:])


def _kind(i1: int, i2: int, j1: int, j2: int) -> str:
    return "insert" if i1 == i2 else "delete" if j1 == j2 else "replace"


def _explode(p: etree._Element) -> None:
    """Give every run of `p` at most one content child, so text runs can be split."""
    for run in list(_own(p, W_R)):
        rpr = run.find(W_RPR)
        anchor = run
        for child in [c for c in run if c.tag != W_RPR][1:]:
            part = etree.Element(W_R, attrib=dict(run.attrib))
            if rpr is not None:
                part.append(copy.deepcopy(rpr))
            part.append(child)
            anchor.addnext(part)
            anchor = part


def _pieces(p: etree._Element) -> list[_Piece]:
    pieces: list[_Piece] = []
    depth = position = 0
    for run in _own(p, W_R):
        if _within(run, W_DEL, p):
            continue
        text = _run_text(run)
        if text:
            locked = depth > 0 or run.getparent().tag not in _FREE_PARENTS
            pieces.append(_Piece(run, position, position + len(text), locked))
            position += len(text)
        kinds = [c.get(_W + "fldCharType") for c in run.iterchildren(W_FLDCHAR)]
        depth += kinds.count("begin") - kinds.count("end")
    return pieces


def _around(pieces: list[_Piece], j: int) -> tuple[_Piece | None, _Piece | None]:
    """The pieces holding the character before and the character at position `j`."""
    before = next((q for q in pieces if q.start < j <= q.end), None)
    after = next((q for q in pieces if q.start <= j < q.end), None)
    return before, after


def _split(piece: _Piece, cuts: Iterable[int]) -> list[_Piece]:
    out: list[_Piece] = []
    run, start = piece.run, piece.start
    for cut in sorted(c for c in cuts if piece.start < c < piece.end):
        tail = copy.deepcopy(run)
        run.addnext(tail)
        head_t, tail_t = run.find(W_T), tail.find(W_T)
        text = head_t.text or ""
        head_t.text, tail_t.text = text[: cut - start], text[cut - start:]
        for t in (head_t, tail_t):
            t.set(_XML_SPACE, "preserve")
        out.append(_Piece(run, start, cut, piece.locked))
        run, start = tail, cut
    out.append(_Piece(run, start, piece.end, piece.locked))
    return out


def _live_runs(p: etree._Element) -> list[etree._Element]:
    return [r for r in _own(p, W_R) if not (_within(r, W_INS, p) or _within(r, W_DEL, p))]


def _wrap(runs: list[etree._Element], tag: str, marks: _Marks) -> None:
    """Wrap each stretch of adjacent sibling runs in one w:ins/w:del."""
    group: list[etree._Element] = []
    for run in [*runs, None]:
        if group and (run is None or run.getprevious() is not group[-1]):
            wrapper = marks.make(tag)
            group[0].addprevious(wrapper)
            wrapper.extend(group)
            group = []
        if run is not None:
            group.append(run)


def _deleted_run(text: str, like: etree._Element | None) -> etree._Element:
    """A run of w:delText (w:tab, w:br for tabs and breaks) with the w:rPr of `like`."""
    run = etree.Element(W_R)
    rpr = None if like is None else like.find(W_RPR)
    if rpr is not None:
        run.append(copy.deepcopy(rpr))
    for chunk in re.split(r"([\t\n])", text):
        if chunk in ("\t", "\n"):
            etree.SubElement(run, W_TAB if chunk == "\t" else W_BR)
        elif chunk:
            t = etree.SubElement(run, W_DELTEXT)
            t.text = chunk
            t.set(_XML_SPACE, "preserve")
    return run


def _deleted_runs(old: etree._Element, marks: _Marks) -> etree._Element | None:
    """The text of an old paragraph as one w:del, each run keeping its own w:rPr."""
    deleted = marks.make(W_DEL)
    for run in _own(old, W_R):
        text = "" if _within(run, W_DEL, old) else _run_text(run)
        if text:
            deleted.append(_deleted_run(text, run))
    return deleted if len(deleted) else None


def _deleted_copy(unit: etree._Element, marks: _Marks) -> etree._Element:
    if unit.tag == W_P:
        return _deleted_paragraph(unit, marks)
    twin = copy.deepcopy(unit)
    for original, copied in zip(_paragraphs(unit), _paragraphs(twin), strict=True):
        copied.getparent().replace(copied, _deleted_paragraph(original, marks))
    for tr in [twin] if twin.tag == W_TR else twin.iter(W_TR):
        _mark_row(tr, marks.make(W_DEL))
    return twin


def _deleted_paragraph(old: etree._Element, marks: _Marks) -> etree._Element:
    """A text-only copy of `old` (drawings and fields would need the old part's
    relationships) with its runs and its mark deleted."""
    p = etree.Element(W_P)
    ppr = old.find(W_PPR)
    if ppr is not None:
        ppr = copy.deepcopy(ppr)
        for el in [c for c in ppr if c.tag in _AFTER_PARA_RPR]:
            ppr.remove(el)  # a section break or a formatting change must not come along
        p.append(ppr)
    deleted = _deleted_runs(old, marks)
    if deleted is not None:
        p.append(deleted)
    _mark_paragraph(p, W_DEL, marks)
    return p


def _mark_paragraph(p: etree._Element, tag: str, marks: _Marks) -> None:
    """Mark the paragraph mark itself inserted or deleted (w:pPr/w:rPr/w:ins|w:del)."""
    rpr = _mark_rpr(p)
    for el in [*rpr.iterchildren(W_INS), *rpr.iterchildren(W_DEL)]:
        rpr.remove(el)
    rpr.insert(0, marks.make(tag))


def _mark_rpr(p: etree._Element) -> etree._Element:
    ppr = p.find(W_PPR)
    if ppr is None:
        ppr = etree.Element(W_PPR)
        p.insert(0, ppr)
    rpr = ppr.find(W_RPR)
    if rpr is None:
        rpr = etree.Element(W_RPR)
        tail = next((c for c in ppr if c.tag in _AFTER_PARA_RPR), None)
        if tail is None:
            ppr.append(rpr)
        else:
            tail.addprevious(rpr)
    return rpr


def _mark_of(p: etree._Element) -> etree._Element | None:
    return next(iter(p.xpath("w:pPr/w:rPr/w:ins | w:pPr/w:rPr/w:del", namespaces=_NS)), None)


def _settle_marks(root: etree._Element) -> None:
    """A paragraph mark at the end of a cell or of the body, or before a table, cannot be
    removed (Word and LibreOffice keep the empty paragraph). When such a mark is tracked, track
    instead the mark of the untracked paragraph before the stretch of tracked ones: removing it
    joins the same text away. A deleted paragraph handed its mark away takes the properties of
    that paragraph, so that accepting leaves them as in the new file."""
    for p in _paragraphs(root):
        mark, following = _mark_of(p), p.getnext()
        if mark is None or (following is not None and following.tag == W_P):
            continue
        first = p
        while (before := first.getprevious()) is not None and before.tag == W_P \
                and (m := _mark_of(before)) is not None and m.tag == mark.tag:
            first = before
        before = first.getprevious()
        if before is None or before.tag != W_P or _mark_of(before) is not None \
                or before.find(f"{W_PPR}/{_W}sectPr") is not None:  # a section break stays
            continue
        mark.getparent().remove(mark)
        if mark.tag == W_DEL:
            ppr = before.find(W_PPR)
            for el in p.findall(W_PPR):
                p.remove(el)
            if ppr is not None:
                p.insert(0, copy.deepcopy(ppr))
        _mark_rpr(before).insert(0, mark)


def _mark_inserted_rows(root: etree._Element, marks: _Marks) -> None:
    """A table row whose every paragraph is inserted is an inserted row (w:trPr/w:ins), so
    rejecting removes the row, not only its text."""
    for tr in root.iter(W_TR):
        marks_of = [_mark_of(p) for p in _paragraphs(tr)]
        if marks_of and all(m is not None and m.tag == W_INS for m in marks_of):
            _mark_row(tr, marks.make(W_INS))


def _mark_row(tr: etree._Element, mark: etree._Element) -> None:
    trpr = tr.find(_W + "trPr")
    if trpr is None:
        trpr = etree.Element(_W + "trPr")
        tr.insert(0 if tr.find(_W + "tblPrEx") is None else 1, trpr)
    change = trpr.find(_W + "trPrChange")
    if change is None:
        trpr.append(mark)
    else:
        change.addprevious(mark)


def _show_revisions(settings: etree._Element) -> etree._Element:
    """Ask Word and LibreOffice to show insertions and deletions, and to track later edits."""
    for name in ("revisionView", "trackRevisions"):
        for el in settings.findall(_W + name):
            settings.remove(el)
    index = max((k + 1 for k, c in enumerate(settings)
                 if isinstance(c.tag, str) and etree.QName(c).namespace == W_NS
                 and etree.QName(c).localname in _SETTINGS_BEFORE), default=0)
    view = etree.Element(_W + "revisionView")
    view.set(_W + "markup", "true")
    view.set(_W + "insDel", "true")
    settings.insert(index, view)
    settings.insert(index + 1, etree.Element(_W + "trackRevisions"))
    return settings
