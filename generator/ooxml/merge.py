"""Three-way merge of .docx files: hand edits kept through a regeneration.

base = the document as the tool last generated it, ours = the file as the user left it,
theirs = the new render. The result is ours with the changes from base to theirs applied.

Rules:
1. The body and every header and footer part held by all three under one name are merged;
   other parts (styles, numbering, settings, pictures) stay as in ours. Paragraphs, table
   cells included, are lined up by `merge_align`: base with ours, base with theirs.
2. A paragraph only theirs changed takes theirs' paragraph; one only ours changed stays as
   ours has it, text and formatting; one both changed the same way stays. A paragraph or row
   ours inserted stays where it was put; one ours deleted stays deleted. One theirs inserted
   (a new paragraph, a 修订记录 row, a table) goes next to its neighbour's counterpart in
   ours; one theirs removed goes unless ours changed it.
3. Both changed a paragraph differently (a clash): ours' text stays and a Word comment on it
   holds theirs' text and the note (the profile change behind it). Word cannot anchor
   comments in headers and footers, so a clash there is commented on the first body paragraph
   with text, naming the header or footer.
4. Under half of base's paragraphs with text found in ours, each at least half alike
   (`MIN_MATCHED`; a paragraph paired only by its place does not count), in the body or in
   any header or footer: no merge, the
   reason says how much matched. Nor when a paragraph to copy from theirs refers to a picture
   or link that ours does not hold under the same relationship id.
"""

from __future__ import annotations

import copy
import io
import zipfile
from dataclasses import dataclass, field

from docx import Document
from lxml import etree

from generator.ooxml import comments
from generator.ooxml.merge_align import match, shape
from generator.ooxml.ns import DOCUMENT_PART, STORY_PART, W_P, W_PPR, W_TBL, W_TC, W_TR, W
from generator.ooxml.package import parse
from generator.ooxml.redline_text import PAIR_RATIO, paragraphs, similarity, text_of

MIN_MATCHED = 0.5
_REL_ATTRS = tuple(f"{{http://schemas.openxmlformats.org/officeDocument/2006/relationships}}{a}"
                   for a in ("id", "embed", "link"))


@dataclass(frozen=True)
class Clash:
    """A paragraph both the hand and the profile changed."""

    part: str  # 正文, 页眉 or 页脚
    section: str  # the heading above it ("" before the first heading)
    paragraph: int  # its number among the part's paragraphs in the merged file, from 1
    kept: str  # the hand's text, kept
    generated: str  # the new render's text, put in the comment


@dataclass
class MergeOutcome:
    data: bytes | None  # the merged .docx, or None when not merged
    matched: float  # share of base's paragraphs with text found in ours
    clashes: list[Clash] = field(default_factory=list)
    reason: str = ""  # why not merged


class _Refused(Exception):
    def __init__(self, reason: str, matched: float = 1.0):
        super().__init__(reason)
        self.matched = matched


def merge_docx(base: bytes, ours: bytes, theirs: bytes, *, note: str, author: str,
               date: str) -> MergeOutcome:
    """Merge (module rules); `note` says which profile change made theirs, `date` is ISO 8601
    UTC for the comments."""
    packages = [_read(d) for d in (base, ours, theirs)]
    b, o, t = packages
    names = [n for n in o if STORY_PART.match(n) and n in b and n in t]
    names.sort(key=lambda n: n != DOCUMENT_PART)
    roots = {n: parse(o[n]) for n in names}
    merger = _Merger(o, t)
    found = total = 0
    try:
        for name in names:
            f, n = merger.story(name, parse(b[name]), roots[name], parse(t[name]))
            found, total = found + f, total + n
    except _Refused as exc:
        return MergeOutcome(None, min(exc.matched, found / total if total else 1.0),
                            reason=str(exc))
    matched = found / total if total else 1.0
    parts = dict(o)
    for name, root in roots.items():
        parts[name] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    if merger.notes and DOCUMENT_PART in roots:
        comments.attach(parts, roots[DOCUMENT_PART], _anchored(merger.notes, roots, note),
                        author=author, date=date)
        parts[DOCUMENT_PART] = etree.tostring(roots[DOCUMENT_PART], xml_declaration=True,
                                              encoding="UTF-8", standalone=True)
    clashes = [_clash(name, p, generated, roots) for name, p, generated in merger.notes]
    data = _write(ours, parts)
    try:
        Document(io.BytesIO(data))  # checked by reopening it
    except (ValueError, KeyError, etree.LxmlError) as exc:
        return MergeOutcome(None, matched, reason=f"合并结果无法重新打开（{exc}），未合并")
    return MergeOutcome(data, matched, clashes)


def _read(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {i.filename: archive.read(i) for i in archive.infolist()}


def _write(template: bytes, parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(template)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            archive.writestr(info, parts[info.filename])
        for name in sorted(set(parts) - set(source.namelist())):
            archive.writestr(name, parts[name])
    return out.getvalue()


class _Merger:
    """Applies theirs' changes to ours' story parts and collects the clashes."""

    def __init__(self, ours: dict[str, bytes], theirs: dict[str, bytes]):
        self.ours = ours
        self.theirs = theirs
        self.notes: list[tuple[str, etree._Element, str]] = []  # part, ours' paragraph, text

    def story(self, name: str, base: etree._Element, ours: etree._Element,
              theirs: etree._Element) -> tuple[int, int]:
        """Merge one part in place in `ours`; how many of base's paragraphs with text were
        found in ours, out of how many."""
        bs, os_, ts = paragraphs(base), paragraphs(ours), paragraphs(theirs)
        to_ours, to_theirs = match(bs, os_), match(bs, ts)
        with_text = [i for i, p in enumerate(bs) if text_of(p).strip()]
        found = sum(1 for i in with_text if i in to_ours and _alike(bs[i], os_[to_ours[i]]))
        if not with_text:
            return 0, 0
        if found / len(with_text) < MIN_MATCHED:
            raise _Refused(f"手工修改过多：{_part_label(name)}原生成的段落只有 "
                           f"{found / len(with_text):.0%} 还能在文件中找到（至少需要 "
                           f"{MIN_MATCHED:.0%}），无法逐段合并", found / len(with_text))
        self._insert(name, bs, os_, ts, to_ours, to_theirs)
        gone: list[etree._Element] = []
        for i, bp in enumerate(bs):
            j, k = to_ours.get(i), to_theirs.get(i)
            if j is None:
                continue  # deleted by hand: stays deleted
            op = os_[j]
            if k is not None and shape(ts[k]) == shape(bp):
                continue  # theirs did not change it
            hand = shape(op) != shape(bp)
            if k is None:
                if hand:
                    self.notes.append((name, op, "（新生成的文件已删去此段）"))
                else:
                    gone.append(op)
            elif not hand:
                self._check_rels(name, ts[k])
                op.getparent().replace(op, _with_comments_of(op, copy.deepcopy(ts[k])))
            elif shape(op) != shape(ts[k]):
                self.notes.append((name, op, text_of(ts[k])))
        _remove(gone)
        return found, len(with_text)

    def _insert(self, name: str, bs: list[etree._Element], os_: list[etree._Element],
                ts: list[etree._Element], to_ours: dict[int, int],
                to_theirs: dict[int, int]) -> None:
        """Put theirs' new paragraphs, rows and tables next to their neighbours in ours."""
        theirs_to_ours = {k: to_ours[i] for i, k in to_theirs.items() if i in to_ours}
        matched = set(to_theirs.values())
        new = [k for k in range(len(ts)) if k not in matched]
        fresh = set(new)
        index = {p: k for k, p in enumerate(ts)}
        done: set[int] = set()
        cursors: dict[etree._Element, etree._Element] = {}
        for k in new:
            if k in done:
                continue
            unit = ts[k]
            for holder in ts[k].iterancestors(W_TR, W_TBL):
                if any(index.get(p) not in fresh for p in paragraphs(holder)):
                    break
                unit = holder
            done.update(index[p] for p in paragraphs(unit) if p in index)
            self._check_rels(name, unit)
            before = next((theirs_to_ours[x] for x in range(k - 1, -1, -1) if x in theirs_to_ours),
                          None)
            after = next((theirs_to_ours[x] for x in range(k + 1, len(ts)) if x in theirs_to_ours),
                         None)
            _place(copy.deepcopy(unit), None if before is None else os_[before],
                   None if after is None else os_[after], cursors)

    def _check_rels(self, name: str, element: etree._Element) -> None:
        refs = {v for el in element.iter() for a in _REL_ATTRS if (v := el.get(a))}
        if not refs:
            return
        rels_name = f"word/_rels/{name.rsplit('/', 1)[1]}.rels"
        ours, theirs = _rels(self.ours.get(rels_name)), _rels(self.theirs.get(rels_name))
        if any(ours.get(r) != theirs.get(r) or r not in ours for r in refs):
            raise _Refused("新生成的段落引用了原文件中没有的图片或链接，无法逐段合并")


def _with_comments_of(old: etree._Element, new: etree._Element) -> etree._Element:
    """`new` carrying the comment anchors the hand put on `old` (their comments stay)."""
    starts = [el for el in old if el.tag == W + "commentRangeStart"]
    ends = [el for el in old if el.tag == W + "commentRangeEnd" or
            (el.tag == W + "r" and comments.is_comment_run(el))]
    ppr = new.find(W_PPR)
    for el in reversed(starts):
        if ppr is None:
            new.insert(0, el)
        else:
            ppr.addnext(el)
    for el in ends:
        new.append(el)
    return new


def _alike(a: etree._Element, b: etree._Element) -> bool:
    """Found again: the same text, or at least half alike (not merely in the same place)."""
    x, y = text_of(a), text_of(b)
    return x == y or similarity(x, y) >= PAIR_RATIO


def _rels(data: bytes | None) -> dict[str, tuple[str, str]]:
    if data is None:
        return {}
    return {r.get("Id", ""): (r.get("Type", ""), r.get("Target", "")) for r in parse(data)}


def _place(unit: etree._Element, before: etree._Element | None, after: etree._Element | None,
           cursors: dict[etree._Element, etree._Element]) -> None:
    """Insert `unit` after the block of `before` at the unit's own level (a row among rows, a
    paragraph or table among blocks), else before that of `after`, else next to either."""
    levels = (W_TBL,) if unit.tag == W_TR else (W + "body", W_TC, W + "hdr", W + "ftr")
    for anchor, how in ((before, "after"), (after, "before")):
        peer = None if anchor is None else _peer(anchor, levels)
        if peer is not None:
            _put(unit, peer, how, cursors)
            return
    anchor = before if before is not None else after
    if anchor is None:
        return
    if unit.tag == W_P:
        _put(unit, anchor, "after" if before is not None else "before", cursors)
    else:  # no row or table to join: its paragraphs go one by one
        for p in reversed(paragraphs(unit)) if before is not None else paragraphs(unit):
            _put(p, anchor, "after" if before is not None else "before", {})


def _peer(anchor: etree._Element, levels: tuple[str, ...]) -> etree._Element | None:
    for el in (anchor, *anchor.iterancestors()):
        parent = el.getparent()
        if parent is not None and parent.tag in levels:
            return el
    return None


def _put(unit: etree._Element, peer: etree._Element, how: str,
         cursors: dict[etree._Element, etree._Element]) -> None:
    if how == "before":
        peer.addprevious(unit)
    else:
        cursors.get(peer, peer).addnext(unit)
        cursors[peer] = unit


def _remove(gone: list[etree._Element]) -> None:
    """Remove paragraphs theirs dropped; a row or table left without paragraphs goes too, a
    cell keeps one empty paragraph (Word requires it)."""
    for p in gone:
        parent = p.getparent()
        if parent is None:
            continue
        parent.remove(p)
        if parent.tag == W_TC and parent.find(W_P) is None and parent.find(W_TBL) is None:
            row = parent.getparent()
            if row is not None and all(c.find(W_P) is None for c in row.iter(W_TC)):
                table = row.getparent()
                table.remove(row)
                if table.find(W_TR) is None and table.getparent() is not None:
                    table.getparent().remove(table)
            else:
                etree.SubElement(parent, W_P)


def _anchored(notes: list[tuple[str, etree._Element, str]], roots: dict[str, etree._Element],
              note: str) -> list[comments.Note]:
    body = roots[DOCUMENT_PART]
    first = next((p for p in paragraphs(body) if text_of(p).strip()), None)
    out: list[comments.Note] = []
    for name, p, generated in notes:
        lines = [f"新生成的文本：{generated}", f"引起变更的企业档案修改：{note}",
                 "此段已被手工修改，保留了手工文本；请核对后决定是否采用新生成的文本。"]
        if name != DOCUMENT_PART:
            lines.insert(0, f"{_part_label(name)}第 {paragraphs(roots[name]).index(p) + 1} 段"
                            f"（现为“{text_of(p)}”）与新生成的文本冲突。")
            p = first if first is not None else p
        if p.getroottree().getroot() is body:
            out.append((p, lines))
    return out


def _part_label(name: str) -> str:
    return "页眉" if "header" in name else "页脚" if "footer" in name else "正文"


def _clash(name: str, p: etree._Element, generated: str, roots: dict[str, etree._Element]) -> Clash:
    ps = paragraphs(roots[name])
    section = ""
    if name == DOCUMENT_PART:
        for q in ps[:ps.index(p)]:
            ppr = q.find(W_PPR)
            if ppr is None:
                continue
            style = ppr.find(W + "pStyle")
            label = "" if style is None else style.get(W + "val", "")
            if label.lower().startswith(("heading", "标题")) or ppr.find(W + "outlineLvl") is not None:
                section = text_of(q)
    return Clash(_part_label(name), section, ps.index(p) + 1, text_of(p), generated)
