"""Redline copy: the new .docx with Word tracked changes showing what changed since the old one.

Rules:
1. The body (table cells included) and every header/footer part that both files hold under the
   same part name are compared; text boxes and other parts are left as they are in the new file.
2. Paragraphs are aligned with difflib on their text plus the fields and drawings they hold.
   Inside a block of differing paragraphs an old and a new paragraph are paired when their
   texts are at least half alike; the rest are deleted or inserted paragraphs.
3. A paired paragraph is diffed character by character (Chinese has no word boundaries). An
   equal stretch no longer than the changes on both sides of it is folded into them, so
   “沈国梁”→“韩国诚” reads as one replacement, not three.
4. Inserted text stays in its own new runs, wrapped in w:ins. Deleted text becomes a w:del run
   carrying the w:rPr of the new run covering its position (the first inserted run of a
   replacement, else the run before it), so it looks like the text around it; the old run's
   formatting is not kept (it may name styles the new file lacks).
5. Field codes and field results (w:fldChar/w:instrText, w:fldSimple), content controls and
   drawings are never split. If a change touches them, or the paragraph's fields or drawings
   differ, the paragraph is replaced whole: its old text deleted at its start, every new run
   inserted.
6. A paragraph only in the old file comes back as a deleted paragraph (its text runs with their
   own w:rPr in w:del, its mark deleted), next to its old neighbour in the new file; one only in
   the new file gets its runs and its paragraph mark inserted.
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
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from lxml import etree

from generator.docxsafe import check_docx_bytes
from generator.errors import InputFileError
from generator.render.ooxml import W_BR, W_NS, W_P, W_R, W_T, W_TAB, W_TR

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
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True)
_PAIR_RATIO = 0.5
# CT_Settings children that must precede w:revisionView and w:trackRevisions.
_SETTINGS_BEFORE = frozenset(
    "writeProtection view zoom removePersonalInformation removeDateAndTime "
    "doNotDisplayPageBoundaries displayBackgroundShape printPostScriptOverText "
    "printFractionalCharacterWidth printFormsData embedTrueTypeFonts embedSystemFonts "
    "saveSubsetFonts saveFormsData mirrorMargins alignBordersAndEdges bordersDoNotSurroundHeader "
    "bordersDoNotSurroundFooter gutterAtTop hideSpellingErrors hideGrammaticalErrors "
    "activeWritingStyle proofState formsDesign attachedTemplate linkStyles stylePaneFormatFilter "
    "stylePaneSortMethod documentType mailMerge".split()
)

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
    """Whether the body, a header or a footer holds an insertion or a deletion."""
    with check_docx_bytes(data, "修订对照") as archive:
        return any(
            next(_xml(archive, name).iter(W_INS, W_DEL), None) is not None
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
            values = _xml(archive, name).xpath("//@w:id", namespaces={"w": W_NS})
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
    gone_runs, gone_mark = (W_DEL, W_DEL) if accept else (W_INS, W_INS)
    with check_docx_bytes(data, "修订对照") as archive:
        root = _xml(archive, _DOCUMENT)
    lines: list[str] = []
    carry = ""
    for p in _paragraphs(root):
        if any(tr.find(f"{_W}trPr/{gone_mark}") is not None for tr in p.iterancestors(W_TR)):
            continue  # the whole row goes
        text = carry + "".join(_run_text(r) for r in _own(p, W_R) if not _within(r, gone_runs, p))
        mark = p.find(f"{W_PPR}/{W_RPR}/{gone_mark}")
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
    matcher = difflib.SequenceMatcher(None, [_key(p) for p in olds], [_key(p) for p in news],
                                      autojunk=False)
    steps: list[Step] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
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
    _mark_inserted_rows(new_root, marks)


def _pair(olds: list[etree._Element], news: list[etree._Element]) -> list[Step]:
    """Pair each old paragraph with the most similar later new one, in order."""
    new_texts = [_text(n) for n in news]
    steps: list[Step] = []
    j = 0
    for o in olds:
        text = _text(o)
        best = min(((-_similarity(text, t), k) for k, t in enumerate(new_texts[j:], j)), default=None)
        if best is not None and -best[0] >= _PAIR_RATIO:
            k = best[1]
            steps += [("insert", None, n) for n in news[j:k]]
            steps.append(("change", o, news[k]))
            j = k + 1
        else:
            steps.append(("delete", o, None))
    return steps + [("insert", None, n) for n in news[j:]]


def _similarity(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def _place(olds: list[etree._Element], previous: etree._Element | None,
           following: etree._Element | None, root: etree._Element, marks: _Marks) -> None:
    """Put deleted copies of `olds` where they stood: after the new paragraph that precedes
    them when they followed a paragraph in their container, else before the next one;
    preferring an anchor in the same kind of container (body, cell, header)."""
    first = olds[0]
    sibling = first.getprevious()
    options = [("after", previous), ("before", following)]
    if sibling is None or sibling.tag != W_P:
        options.reverse()
    usable = [(how, a) for how, a in options if a is not None]
    container = first.getparent().tag
    how, anchor = next((o for o in usable if o[1].getparent().tag == container),
                       usable[0] if usable else ("end", None))
    deleted = [_deleted_paragraph(o, marks) for o in olds]
    for paragraph in deleted:
        if anchor is None:
            body = root.find(_W + "body")
            body = root if body is None else body
            tail = body.find(_W + "sectPr")
            if tail is None:
                body.append(paragraph)
            else:
                tail.addprevious(paragraph)
        elif how == "before":
            anchor.addprevious(paragraph)
        else:
            anchor.addnext(paragraph)
            anchor = paragraph


# ------------------------------------------------------------------------------ marking

def _mark_changed(old: etree._Element, new: etree._Element, marks: _Marks) -> None:
    if _key(old)[1:] != _key(new)[1:] or not _diff_runs(_text(old), new, marks):
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
    """Character opcodes with every equal stretch no longer than both neighbouring changes
    folded into them (the semantic clean-up of diff-match-patch)."""
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
                     if ops[k][0] == "equal" and size[k] <= min(size[k - 1], size[k + 1])), None)
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
    for el in [*rpr.iterchildren(W_INS), *rpr.iterchildren(W_DEL)]:
        rpr.remove(el)
    rpr.insert(0, marks.make(tag))


def _mark_inserted_rows(root: etree._Element, marks: _Marks) -> None:
    """A table row whose every paragraph is inserted is an inserted row (w:trPr/w:ins), so
    rejecting removes the row, not only its text."""
    for tr in root.iter(W_TR):
        marks_of = [p.find(f"{W_PPR}/{W_RPR}/{W_INS}") for p in tr.iter(W_P)]
        if not marks_of or any(m is None for m in marks_of):
            continue
        trpr = tr.find(_W + "trPr")
        if trpr is None:
            trpr = etree.Element(_W + "trPr")
            prex = tr.find(_W + "tblPrEx")
            tr.insert(0 if prex is None else 1, trpr)
        change = trpr.find(_W + "trPrChange")
        if change is None:
            trpr.append(marks.make(W_INS))
        else:
            change.addprevious(marks.make(W_INS))


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
