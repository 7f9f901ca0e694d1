"""Find date and time expressions in plain text and give their ISO 8601 values as TEI attributes.

Pure functions, no state: ``find_dates(text, ref)`` for running text, ``parse_date_line(line)`` for a dateline,
``iso_of(match)`` for the main value. Values follow TEI ``att.datable.w3c`` (xs:date, xs:gYear, xs:gYearMonth,
xs:gMonthDay, xs:time, xs:dateTime). Anything taken from the reference date rather than the text (a year supplied
by the nearest-date rule, a century, a relative date) is marked ``cert="medium" resp="#encoder" evidence="internal"``,
and ``type="prospective"`` when it lies after the reference date.

How it works: each rule (``date_rules``) is a regular expression plus a small builder that checks the match and
computes the value; every rule proposes candidates, a date directly followed by a time is joined into one dateTime,
and the leftmost, longest candidates win (so "16 March 1970" beats "16 March" and "1970").
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from .date_rules import ATTR_ORDER, MARK_ATTRS, _Found, candidates, nearest_year

__all__ = ["DateMatch", "find_dates", "parse_date_line", "iso_of", "nearest_year"]


@dataclass(frozen=True)
class DateMatch:
    """One date or time expression: ``text[start:end]``, the TEI element name and its attributes in fixed order."""

    start: int
    end: int
    tag: str  # "date" or "time"
    attrs: tuple[tuple[str, str], ...]


DATE_TIME_GAP = re.compile(r",?\s{0,3}(?:at\s+)?")


def _join_date_and_time(date: _Found, time: _Found) -> _Found | None:
    """"October 22, 1968, 1910Z" → one dateTime; a time range gives from/to on the same day (or the next)."""
    inferred = {k: v for k, v in date.attrs.items() if k in MARK_ATTRS}
    days = [date.day] * len(time.clock)
    if len(days) == 2 and time.clock[1] < time.clock[0]:  # past midnight
        if date.day == dt.date.max:
            return None
        days[1] = date.day + dt.timedelta(days=1)
    stamps = [f"{d.isoformat()}T{c}" for d, c in zip(days, time.clock)]
    attrs = {"when": stamps[0]} if len(stamps) == 1 else {"from": stamps[0], "to": stamps[1]}
    return _Found(date.start, time.end, "date", attrs | inferred, day=date.day)


def _with_joins(found: list[_Found], text: str) -> list[_Found]:
    times = {f.start: f for f in found if f.tag == "time"}
    joined = []
    for f in found:
        if f.tag == "date" and f.day is not None:
            gap = DATE_TIME_GAP.match(text, f.end)
            if gap and gap.end() in times and (both := _join_date_and_time(f, times[gap.end()])):
                joined.append(both)
    return found + joined


def _to_match(f: _Found) -> DateMatch:
    return DateMatch(f.start, f.end, f.tag, tuple((k, f.attrs[k]) for k in ATTR_ORDER if k in f.attrs))


def find_dates(text: str, ref: dt.date | None = None) -> list[DateMatch]:
    """Every date/time expression in text, sorted, non-overlapping. ref = the document's own date (may be None).

    >>> [iso_of(m) for m in find_dates("On 16 March, not last August, at 8pm", dt.date(1970, 2, 21))]
    ['1970-03-16', '1969-08', '20:00:00']
    """
    found = _with_joins(list(candidates(text, ref)), text)
    found.sort(key=lambda f: (f.start, -f.end, f.tag))
    chosen: list[_Found] = []
    for f in found:
        if not chosen or f.start >= chosen[-1].end:
            chosen.append(f)
    return [_to_match(f) for f in chosen]


LINE_PREFIX = re.compile(r"[\s•·*\-–]*(?:[A-Z][\w.'’ ()-]{0,60},\s*){0,3}")
LINE_SUFFIX = re.compile(r"[\s.,;:]*")


def parse_date_line(text: str) -> DateMatch | None:
    """For a line that is only a date or a dateline ('December 16, 1966', 'Washington, October 22, 1968, 1910Z.',
    '16 December 1966'): the main date of the line, or None. Used for the document's date.

    The line may start with a place or weekday and a comma and end with punctuation; the date must name its year.
    Offsets are in ``text`` as given.
    """
    dates = [m for m in find_dates(text) if m.tag == "date"]
    if len(dates) != 1:
        return None
    match = dates[0]
    names_year = (iso_of(match) or "")[:1].isdigit()  # "--03-16": no year, not a document date
    return match if names_year and LINE_PREFIX.fullmatch(text, 0, match.start) and LINE_SUFFIX.fullmatch(
        text, match.end) else None


def iso_of(match: DateMatch) -> str | None:
    """The main ISO value of a match: @when, else @from, else @notBefore."""
    attrs = dict(match.attrs)
    return attrs.get("when") or attrs.get("from") or attrs.get("notBefore")
