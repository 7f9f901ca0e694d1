"""The document's own date (profileDesc/creation/date), from the best evidence there is: the sidecar, the page's
date, the dateline, a listing's range; else inferred and marked so (@cert, @resp="#encoder", @evidence) from the
heading, the source note, the citation or the text's first full date."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from .dates import find_dates, iso_of, parse_date_line
from .model import Block, Document, Entry
from .recognise.front import MARKER_AT_END

FULL_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")  # an ISO value of the dates found that names a day (at its start)
INFERRED_MEDIUM = (("cert", "medium"), ("resp", "#encoder"), ("evidence", "internal"))
INFERRED_LOW = (("cert", "low"), ("resp", "#encoder"), ("evidence", "internal"))


@dataclass(frozen=True)
class DocumentDate:
    """The date as data: creation/date's attributes (the value: when, from/to or notBefore/notAfter; then its
    evidence: cert, resp, evidence), the words it was read from (or what it was inferred from), and its first ISO
    value, the reference for the dates of the text ("" when there is none)."""

    attrs: tuple = ()
    text: str = ""
    when: str = ""


def to_date(iso: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(iso[:10]) if re.fullmatch(r"\d{4}-\d{2}-\d{2}.*", iso) else None
    except ValueError:
        return None


def document_date(doc: Document, side: dict) -> DocumentDate:
    """The document's date: the sidecar's, the page's, the dateline's, a listing's range, else one inferred."""
    if side.get("date"):
        return DocumentDate((("when", side["date"]), ("resp", "#editor"), ("evidence", "external")), side["date"],
                            side["date"])
    for text in (doc.page_date, doc.dateline.text if doc.dateline else None):
        text = MARKER_AT_END.sub("", text) if text else text
        m = parse_date_line(text) if text else None
        if m:
            return DocumentDate(m.attrs, text[m.start:m.end], iso_of(m) or "")
    entries = [e for e in doc.body if isinstance(e, Entry)]
    isos = sorted(i for e in entries for i in [iso_of(m) for m in [parse_date_line(e.date.text)] if m] if i)
    if isos:
        return DocumentDate((("from", isos[0]), ("to", isos[-1]), ("resp", "#encoder")), f"{isos[0]} – {isos[-1]}",
                            isos[0])
    return inferred_date(doc)


def inferred_date(doc: Document) -> DocumentDate:
    """A date inferred, marked as such, from the best other evidence: the heading, the source note (the day it
    names, else the span or month of its file), the citation, the narrative's first full date (never from inside a
    turn, a list or another note, nor a date the text sets as a limit: 'no later than June 2')."""
    inferred = heading_date(doc) or source_note_date(doc, days_only=True)
    if inferred:
        return inferred
    full = next((iso for b in doc.body if isinstance(b, Block) and b.type == "p" for m in find_dates(b.text)
                 if FULL_DAY.fullmatch(iso := iso_of(m) or "") and not LIMIT_BEFORE.search(b.text[:m.start])), None)
    cite = doc.citation
    if cite and full:
        for m in find_dates(cite, to_date(full)):
            if FULL_DAY.fullmatch(iso := iso_of(m) or ""):
                return DocumentDate((("when", iso), *INFERRED_MEDIUM), cite[m.start:m.end], iso)
    if full:
        return DocumentDate((("when", full), *INFERRED_LOW), "the first full date in the text", full)
    return source_note_date(doc, days_only=False) or DocumentDate()


# A date right after one of these words is a limit or another time the text speaks of, not the document's own.
LIMIT_BEFORE = re.compile(r"\b(?:by|until|till|before|after|since|from|through|than|not later than|later than)\s+"
                          r"(?:the\s+)?(?:end\s+of\s+)?$", re.I)


def heading_date(doc: Document) -> DocumentDate | None:
    """The one full date (year, month and day) the heading names ('Minutes of the Meeting of March 3, 1970'),
    marked inferred, or None."""
    title = doc.title or ""
    days = [m for m in find_dates(title) if m.tag == "date" and FULL_DAY.match(iso_of(m) or "")]
    if doc.head is None or len(days) != 1:
        return None
    m = days[0]
    attrs = tuple((k, v) for k, v in m.attrs if k in ("when", "from", "to"))
    return DocumentDate((*attrs, *INFERRED_MEDIUM), title[m.start:m.end], iso_of(m) or "")


def source_note_date(doc: Document, days_only: bool) -> DocumentDate | None:
    """A date of the source note, marked inferred: the one day it names ('NSC Meeting
    December 22, 1975'), or (``days_only`` false) the month or span of the file it names ('August 1976',
    'September–December 1975', 'August 16–20, 1976'), given as notBefore/notAfter: the file says when the
    document may be from, not the day it is from."""
    note = doc.source_note
    found = [m for m in find_dates(note) if m.tag == "date" and (iso_of(m) or "")[:1].isdigit()]
    if len(found) != 1:
        return None
    m = found[0]
    attrs = dict(m.attrs)
    text = f"a date of the source note: {note[m.start:m.end]}"
    if "when" in attrs and FULL_DAY.match(attrs["when"]):
        return DocumentDate((("when", attrs["when"]), *INFERRED_LOW), text, attrs["when"])
    if days_only:
        return None
    lo, hi = attrs.get("when") or attrs.get("from"), attrs.get("when") or attrs.get("to")
    if not lo or not hi or len(lo) < 7:
        return None
    if lo == hi:
        return DocumentDate((("when", lo), *INFERRED_LOW), text, lo)
    return DocumentDate((("notBefore", lo), ("notAfter", hi), *INFERRED_LOW), text, lo)
