"""Inline markup from spans: each pass proposes spans over a block's plain text; this module resolves overlaps and
builds the mixed content. A span either *wraps* a stretch of source text (persName, date) or *replaces* it with a
prebuilt element (note, pb, the editor's brackets)."""

from __future__ import annotations

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


def make(tag: str, attrs=(), text: str | None = None) -> etree._Element:
    el = etree.Element(tei(tag), nsmap=TEI_NSMAP)
    for k, v in attrs:
        el.set(xml_attr(k), v)
    if text:
        el.text = text
    return el


def make_in(parent: etree._Element, tag: str, attrs=(), text: str | None = None) -> etree._Element:
    """``make``, as the last child of ``parent`` (quicker than making an element apart and appending it)."""
    el = etree.SubElement(parent, tei(tag))
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
    """Keep spans that nest properly: a span partly overlapping a stronger one, or inside an atomic one, is dropped."""
    kept: list[Span] = []
    for s in sorted(spans, key=lambda s: (-s.priority, s.start, -s.end)):
        if s.end <= s.start:
            continue
        ok = True
        for k in kept:
            if s.end <= k.start or k.end <= s.start:
                continue  # disjoint
            if k.start <= s.start and s.end <= k.end and not k.atomic:
                continue  # nests inside a wrapper (also when the ranges are equal)
            if s.start <= k.start and k.end <= s.end and not s.atomic:
                continue  # wraps a stronger span
            ok = False
            break
        if ok:
            kept.append(s)
    return sorted(kept, key=lambda s: (s.start, -s.end))


def _append_text(parent: etree._Element, text: str) -> None:
    if not text:
        return
    if len(parent):
        last = parent[-1]
        last.tail = (last.tail or "") + text
    else:
        parent.text = (parent.text or "") + text


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
            emit(make_in(parent, s.tag, s.attrs), text, spans[i + 1:j], s.start, s.end)
        pos, i = s.end, j
    _append_text(parent, text[pos:hi])


def fill(parent: etree._Element, text: str, spans: list[Span]) -> etree._Element:
    """Resolve ``spans`` and append ``text`` with its markup to ``parent``; return ``parent``."""
    emit(parent, text, resolve(spans))
    return parent
