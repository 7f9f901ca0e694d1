"""Inline markup from spans: each pass proposes spans over a block's plain text; this module resolves overlaps and
builds the mixed content. A span either *wraps* a stretch of source text (persName, date) or *replaces* it with a
prebuilt element (note, pb, the editor's brackets)."""

from __future__ import annotations

import bisect
import copy
from dataclasses import dataclass, field

from lxml import etree

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"


def tei(tag: str) -> str:
    """The Clark name of a TEI element (``xml:…`` attributes pass through ``xml_attr``)."""
    return f"{{{TEI_NS}}}{tag}"


def xml_attr(name: str) -> str:
    return f"{{{XML_NS}}}{name[4:]}" if name.startswith("xml:") else name


TEI_NSMAP = {None: TEI_NS}  # shared, not rebuilt per element (lxml copies what it needs)


def make(tag: str, attrs=(), text: str | None = None, parent: etree._Element | None = None) -> etree._Element:
    """The TEI element ``tag`` with ``attrs`` ((name, value) pairs, ``xml:`` names allowed) and ``text``, made as the
    last child of ``parent`` when one is given. The one way the encoder makes an element."""
    el = etree.Element(tei(tag), nsmap=TEI_NSMAP) if parent is None else etree.SubElement(parent, tei(tag))
    for k, v in attrs:
        el.set(xml_attr(k), v)
    if text:
        el.text = text
    return el


@dataclass(frozen=True)
class Span:
    """``source[start:end]`` becomes an element: ``element`` (a copy, replacing the text) or ``tag``/``attrs``
    wrapping the text, whose own inline spans nest inside. Higher ``priority`` wins a partial overlap."""

    start: int
    end: int
    priority: int
    tag: str = ""
    attrs: tuple = ()
    element: etree._Element | None = field(default=None, compare=False)

    @property
    def atomic(self) -> bool:
        return self.element is not None


def resolve(spans: list[Span]) -> list[Span]:
    """Keep spans that nest properly: a span partly overlapping a stronger one, or inside an atomic one, is dropped.

    Spans are taken strongest first; the kept ones always nest (a laminar family), so a new span need only be
    compared with the innermost kept span around its start, the kept spans starting where it starts, and the
    farthest end of those starting inside it: each found in logarithmic time (:class:`_Kept`), so a paragraph
    with thousands of spans is resolved in n log n, not n² (hostile input: thousands of brackets in one block)."""
    candidates = [s for s in spans if s.end > s.start]
    kept = _Kept(sorted({s.start for s in candidates}))
    for s in sorted(candidates, key=lambda s: (-s.priority, s.start, -s.end)):
        if kept.admits(s):
            kept.add(s)
    return sorted(kept.spans, key=lambda s: (s.start, -s.end))


class _Kept:
    """The kept spans, indexed by their start (positions: the sorted distinct starts of all candidates) in a max
    tree of their ends, for the three questions :func:`resolve` asks."""

    def __init__(self, starts: list[int]):
        self.starts = starts
        self.index = {start: i for i, start in enumerate(starts)}
        self.size = 1
        while self.size < max(1, len(starts)):
            self.size *= 2
        self.tree = [-1] * (2 * self.size)  # max end of the kept spans starting at each position
        self.at: dict[int, list[Span]] = {}  # start -> kept spans starting there
        self.spans: list[Span] = []

    def add(self, s: Span) -> None:
        self.spans.append(s)
        self.at.setdefault(s.start, []).append(s)
        i = self.index[s.start] + self.size
        while i and self.tree[i] < s.end:
            self.tree[i] = s.end
            i //= 2

    def _max(self, lo: int, hi: int) -> int:
        """The farthest end of kept spans starting at positions [lo, hi); -1 when none."""
        best, lo, hi = -1, lo + self.size, hi + self.size
        while lo < hi:
            if lo & 1:
                best, lo = max(best, self.tree[lo]), lo + 1
            if hi & 1:
                hi -= 1
                best = max(best, self.tree[hi])
            lo, hi = lo // 2, hi // 2
        return best

    def _rightmost(self, hi: int, beyond: int, node: int = 1, lo: int = 0, width: int | None = None) -> int:
        """The last position before ``hi`` where a kept span ends after ``beyond``; -1 when none."""
        width = self.size if width is None else width
        if lo >= hi or self.tree[node] <= beyond:
            return -1
        if width == 1:
            return lo
        half = width // 2
        found = self._rightmost(hi, beyond, 2 * node + 1, lo + half, half)
        return found if found >= 0 else self._rightmost(hi, beyond, 2 * node, lo, half)

    def admits(self, s: Span) -> bool:
        """The rules of :func:`resolve`: ``s`` is disjoint from, nested in (a wrapper) or wrapping (not being
        atomic) each kept span."""
        first = self.index[s.start]
        around = self._rightmost(first, s.start)  # the innermost kept span around s.start, starting before it
        if around >= 0:
            there = self.at[self.starts[around]]
            inner = min(k.end for k in there if k.end > s.start)
            if inner < s.end or any(k.atomic for k in there if k.end == inner):
                return False  # a partial overlap, or inside an atomic span
        for k in self.at.get(s.start, ()):
            if k.end > s.end and k.atomic or k.end < s.end and s.atomic or k.end == s.end and k.atomic and s.atomic:
                return False  # inside an atomic span, or an atomic span around another
        inside_end = self._max(first + 1, bisect.bisect_left(self.starts, s.end))
        if inside_end > s.end:
            return False  # a kept span starts inside and ends beyond
        return not (inside_end >= 0 and s.atomic)


def _append_text(parent: etree._Element, text: str) -> None:
    if not text:
        return
    try:
        last = parent[-1]  # not len(parent): lxml counts the children one by one
    except IndexError:
        parent.text = (parent.text or "") + text
        return
    last.tail = (last.tail or "") + text


def emit(parent: etree._Element, text: str, spans: list[Span], lo: int = 0, hi: int | None = None) -> None:
    """Append ``text[lo:hi]`` to ``parent`` with the (resolved, sorted) ``spans`` as child elements."""
    hi = len(text) if hi is None else hi
    pos, i = lo, 0
    while i < len(spans):
        s = spans[i]
        j = i + 1
        while j < len(spans) and spans[j].start < s.end:
            j += 1
        _append_text(parent, text[pos:s.start])
        if s.atomic:
            el = copy.deepcopy(s.element)
            el.tail = None
            parent.append(el)
        else:
            emit(make(s.tag, s.attrs, parent=parent), text, spans[i + 1:j], s.start, s.end)
        pos, i = s.end, j
    _append_text(parent, text[pos:hi])


def fill(parent: etree._Element, text: str, spans: list[Span]) -> etree._Element:
    """Resolve ``spans`` and append ``text`` with its markup to ``parent``; return ``parent``."""
    emit(parent, text, resolve(spans))
    return parent
