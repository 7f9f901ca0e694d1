"""The date rule table: each form of a date or time in running text is a regular expression with a small builder
that checks the match and computes its ISO 8601 value (``RULES``); ``candidates`` runs the rules a text can match.
How the candidates become a text's dates is ``dates``."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Callable, Iterator


VALUE_ATTRS = ("when", "from", "to", "notBefore", "notAfter")
MARK_ATTRS = ("type", "cert", "resp", "evidence")
ATTR_ORDER = VALUE_ATTRS + MARK_ATTRS
INFERRED = {"cert": "medium", "resp": "#encoder", "evidence": "internal"}

# ---------------------------------------------------------------------------------------------------------------
# Building blocks
# ---------------------------------------------------------------------------------------------------------------

_MONTH_WORDS = {
    1: ("January", "Jan"), 2: ("February", "Feb"), 3: ("March", "Mar"), 4: ("April", "Apr"), 5: ("May",),
    6: ("June", "Jun"), 7: ("July", "Jul"), 8: ("August", "Aug"), 9: ("September", "Sept", "Sep"),
    10: ("October", "Oct"), 11: ("November", "Nov"), 12: ("December", "Dec"),
}
MONTH_NUMBER = {w.lower(): n for n, words in _MONTH_WORDS.items() for w in words}


def _month_regex(name: str, full_only: bool = False) -> str:
    """Month names in Title or UPPER case; abbreviations take an optional dot. Never part of a longer word."""
    alts = []
    for words in _MONTH_WORDS.values():
        full, abbrevs = words[0], words[1:]
        alts += [re.escape(full), re.escape(full.upper())]
        if not full_only:
            alts += [f"{a}\\.?" for w in abbrevs for a in (w, w.upper())]
    alts.sort(key=len, reverse=True)
    return f"(?P<{name}>{'|'.join(alts)})(?![A-Za-z])"


MONTH = _month_regex("mon")
MONTH_FULL = _month_regex("mon", full_only=True)
DAY = r"(?:3[01]|[12][0-9]|0?[1-9])(?![0-9])"
ORD = r"(?:st|nd|rd|th)"
YEAR = r"(?:1[0-9]{3}|20[0-9]{2})(?![0-9])"  # a year written next to a month or day
BARE_YEAR = r"(?:1[89][0-9]{2}|20[0-9]{2})"  # a year standing alone: 1800-2099 only
START = r"(?<![\w/\-–—])(?<![0-9][.,:])"  # a number does not continue a word, a number or a code
END = r"(?![\w/])(?![.,:][0-9]{2})"
DASH = r"\s?[-–—]\s?"


def _meridiem(name: str) -> str:
    return rf"(?P<{name}>[aApP])(?:\.\s?[mM]\.?|[mM](?![A-Za-z]))"


CLOCK12 = r"(?P<{h}>1[0-2]|0?[1-9])(?:[:.](?P<{mi}>[0-5][0-9]))?"

# Words after which a number is a label (document, telegram, file, page …), not a year.
LABEL_BEFORE = re.compile(
    r"(?:\b(?:no|nos|number|doc|document|documents|telegram|telegrams|cable|cables|tape|vol|volume|p|pp|page|pages"
    r"|lot|rg|f|op|d|ll|l|para|paragraph|section|room|box|folder|file|item|resolution|route|highway|hill|delto"
    r"|todel|secto|tosec|code|flight|art|article|annex|serial)\.?\s*|[#$№])$",
    re.IGNORECASE,
)
# Words after which a number is a quantity, not a year.
UNIT_AFTER = re.compile(
    r"\s*(?:%|percent\b|per cent\b|(?:men|troops|soldiers|people|persons|tons|tonnes|dollars|rubles|roubles|yuan"
    r"|francs|pounds|km|kilometers|kilometres|miles|meters|metres|feet|ft|hours|hrs|minutes|seconds|aircraft"
    r"|planes|tanks|trucks|vehicles|sorties|rounds|casualties|dead|killed|wounded|prisoners|cadres?|guns|rifles"
    r"|bombs|missiles)\b)"
)
# Words before "last"/"next" that make it ordinal ("the last year of the war"), not relative to today.
DETERMINER_BEFORE = re.compile(r"\b(?:the|a|an|this|that|his|her|its|their|our|your|my|every|each)\s+$", re.I)


@dataclass(frozen=True)
class _Found:
    """A candidate: span, element, attributes; ``day``/``clock`` let a date and a following time be joined."""

    start: int
    end: int
    tag: str
    attrs: dict = field(compare=False)
    day: dt.date | None = None  # the full day when the candidate is exactly one day
    clock: tuple[str, ...] = ()  # ISO times of a time candidate (one, or start and end of a range)


Builder = Callable[[re.Match, str, "dt.date | None"], "_Found | None"]

# ---------------------------------------------------------------------------------------------------------------
# Value helpers
# ---------------------------------------------------------------------------------------------------------------


def _valid_day(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def nearest_year(month: int, day: int, ref: dt.date) -> dt.date | None:
    """The date with this month and day, in ref.year-1, ref.year or ref.year+1, nearest to ref (earlier on a tie)."""
    options = [d for y in (ref.year - 1, ref.year, ref.year + 1) if (d := _valid_day(y, month, day))]
    return min(options, key=lambda d: (abs((d - ref).days), d)) if options else None


def _inferred(after_ref: bool) -> dict:
    return ({"type": "prospective"} if after_ref else {}) | INFERRED


def _clock(hour12: int, minute: int, meridiem: str) -> tuple[int, int]:
    return hour12 % 12 + (12 if meridiem.lower() == "p" else 0), minute


def _hms(h: int, mi: int, zone: str = "") -> str:
    return f"{h:02d}:{mi:02d}:00{zone}"


def _month(word: str) -> int:
    return MONTH_NUMBER[word.rstrip(".").lower()]


def _day_found(m: re.Match, ref: dt.date | None) -> _Found | None:
    """A day or a day range from groups d, mon, y and, for a range, d2 and maybe mon2 ("October 30-November 2").

    The year is the written one, else the nearest-date rule's (marked inferred), else none: an xs:gMonthDay.
    """
    m1, d1 = _month(m["mon"]), int(m["d"])
    is_range = bool(m.groupdict().get("d2"))
    m2 = _month(m["mon2"]) if m.groupdict().get("mon2") else m1
    d2 = int(m["d2"]) if is_range else d1
    if is_range and (m2, d2) <= (m1, d1):
        return None
    extra: dict = {}
    if m["y"]:
        first = _valid_day(int(m["y"]), m1, d1)
    elif ref is not None:
        first = nearest_year(m1, d1, ref)
        extra = _inferred(bool(first) and first > ref)
    elif _valid_day(2000, m1, d1) and _valid_day(2000, m2, d2):  # no year, no ref: xs:gMonthDay, nothing inferred
        values = (f"--{m1:02d}-{d1:02d}", f"--{m2:02d}-{d2:02d}")
        attrs = {"from": values[0], "to": values[1]} if is_range else {"when": values[0]}
        return _Found(m.start(), m.end(), "date", attrs)
    else:
        return None
    last = first and _valid_day(first.year, m2, d2)
    if not first or not last:
        return None
    if is_range:
        return _Found(m.start(), m.end(), "date", {"from": first.isoformat(), "to": last.isoformat()} | extra)
    return _Found(m.start(), m.end(), "date", {"when": first.isoformat()} | extra, day=first)


# ---------------------------------------------------------------------------------------------------------------
# Rules: regex + builder
# ---------------------------------------------------------------------------------------------------------------

ISO_DATE = re.compile(START + r"(?P<y>[12][0-9]{3})-(?P<m>0[1-9]|1[0-2])-(?P<d>0[1-9]|[12][0-9]|3[01])(?![\w/-])")
# 16 March · 16-18 March 1970 · 2nd of November · 24 March, 1975
DAY_MONTH = re.compile(
    START + rf"(?P<d>{DAY})(?P<o>{ORD})?(?:{DASH}(?P<d2>{DAY}){ORD}?)?\s+(?P<of>of\s+)?{MONTH}"
    rf"(?:,?\s+(?P<y>{YEAR}))?" + END
)
# December 16, 1966 · Jan. 20th · March 16-18, 1970 · October 2
MONTH_DAY = re.compile(
    rf"(?<!\w){MONTH}\s+(?P<d>{DAY}){ORD}?(?:{DASH}(?P<d2>{DAY}){ORD}?)?(?![\w/])(?:(?:,\s*|\s+)(?P<y>{YEAR}))?" + END
)
# October 30-November 2, 1968 · 30 October–2 November
MONTH_DAY_TO_MONTH_DAY = re.compile(
    rf"(?<!\w){MONTH}\s+(?P<d>{DAY}){ORD}?{DASH}{_month_regex('mon2')}\s+(?P<d2>{DAY}){ORD}?(?![\w/])"
    rf"(?:(?:,\s*|\s+)(?P<y>{YEAR}))?" + END
)
DAY_MONTH_TO_DAY_MONTH = re.compile(
    START + rf"(?P<d>{DAY}){ORD}?\s+{MONTH}{DASH}(?P<d2>{DAY}){ORD}?\s+{_month_regex('mon2')}(?:,?\s+(?P<y>{YEAR}))?" + END
)
# September–December 1975 · June-July 1976 (a span of months, as archive folders are named)
MONTH_TO_MONTH_YEAR = re.compile(rf"(?<!\w){MONTH}{DASH}{_month_regex('mon2')},?\s+(?P<y>{YEAR})" + END)
# October 1968 · September of 1967 · Oct. 1968
MONTH_YEAR = re.compile(rf"(?<!\w){MONTH}(?:,?\s+of)?,?\s+(?P<y>{YEAR})" + END)
# 1974-1975 · 1974–75
YEAR_RANGE = re.compile(START + rf"(?P<y1>{BARE_YEAR}){DASH}(?P<y2>{BARE_YEAR}|[0-9]{{2}})" + END)
# 1950s · 1960's
DECADE = re.compile(START + r"(?P<y>1[89][0-9]0|20[0-9]0)[’']?s(?![\w])")
BARE = re.compile(START + rf"(?P<y>{BARE_YEAR})(?![\w/])(?![-–—]\w)(?![.,][0-9]{{3}})")
# 8/68-9/68 (month/two-digit year)
MONTH_YY_RANGE = re.compile(
    START + r"(?P<m1>1[0-2]|0?[1-9])/(?P<y1>[0-9]{2})" + DASH + r"(?P<m2>1[0-2]|0?[1-9])/(?P<y2>[0-9]{2})(?![\w/])"
)
# last August · next year
RELATIVE = re.compile(r"(?<![\w-])(?P<rel>[Ll]ast|[Nn]ext|LAST|NEXT)\s+(?:(?P<year>[Yy]ear|YEAR)\b|" + MONTH_FULL + ")")
# 8pm · 10:15 a.m. · 9:00 p. m.
TIME12 = re.compile(START + CLOCK12.format(h="h", mi="mi") + r"\s?" + _meridiem("mer"))
# 1:20-2:24 p.m. · 6:05 to 6:26 p.m. · 11 a.m.-1 p.m.
TIME12_RANGE = re.compile(
    START + CLOCK12.format(h="h1", mi="mi1") + rf"(?:\s?{_meridiem('mer1')})?"
    + r"\s*(?:[-–—]|\bto\b|\buntil\b|\btill\b)\s*" + CLOCK12.format(h="h2", mi="mi2") + r"\s?" + _meridiem("mer2")
)
# 1540Z · 19:10Z · 1910 GMT
ZULU = re.compile(START + r"(?P<h>[01][0-9]|2[0-3]):?(?P<mi>[0-5][0-9])(?:Z|\s?GMT|\s?UTC)(?![\w])")


def _build_iso_date(m: re.Match, text: str, ref: dt.date | None) -> _Found | None:
    day = _valid_day(int(m["y"]), int(m["m"]), int(m["d"]))
    return day and _Found(m.start(), m.end(), "date", {"when": day.isoformat()}, day=day)


def _build_day_month(m: re.Match, text: str, ref: dt.date | None) -> _Found | None:
    if m["of"] and not m["o"]:  # "2nd of November", never "2 of November"
        return None
    return _day_found(m, ref)


def _build_month_day(m: re.Match, text: str, ref: dt.date | None) -> _Found | None:
    if not m["y"] and UNIT_AFTER.match(text, m.end()):  # "March 4 miles"
        return None
    return _day_found(m, ref)


def _build_month_year(m: re.Match, text: str, ref: dt.date | None) -> _Found | None:
    return _Found(m.start(), m.end(), "date", {"when": f"{int(m['y']):04d}-{_month(m['mon']):02d}"})


def _build_month_to_month_year(m: re.Match, text: str, ref: dt.date | None) -> _Found | None:
    y, m1, m2 = int(m["y"]), _month(m["mon"]), _month(m["mon2"])
    if m2 <= m1:
        return None
    return _Found(m.start(), m.end(), "date", {"from": f"{y:04d}-{m1:02d}", "to": f"{y:04d}-{m2:02d}"})


def _is_label_or_quantity(text: str, start: int, end: int) -> bool:
    return bool(LABEL_BEFORE.search(text[max(0, start - 20):start]) or UNIT_AFTER.match(text, end))


def _build_year_range(m: re.Match, text: str, ref: dt.date | None) -> _Found | None:
    y1 = int(m["y1"])
    y2 = int(m["y2"]) if len(m["y2"]) == 4 else y1 // 100 * 100 + int(m["y2"])
    if y2 <= y1 or _is_label_or_quantity(text, m.start(), m.end()):
        return None
    return _Found(m.start(), m.end(), "date", {"from": f"{y1:04d}", "to": f"{y2:04d}"})


def _build_decade(m: re.Match, text: str, ref: dt.date | None) -> _Found | None:
    y = int(m["y"])
    return _Found(m.start(), m.end(), "date", {"notBefore": f"{y:04d}", "notAfter": f"{y + 9:04d}"})


def _build_bare_year(m: re.Match, text: str, ref: dt.date | None) -> _Found | None:
    if _is_label_or_quantity(text, m.start(), m.end()):
        return None
    return _Found(m.start(), m.end(), "date", {"when": m["y"]})


def _nearest_century(yy: int, ref: dt.date) -> int | None:
    """The year ending in yy nearest to ref.year (earlier on a tie); None outside years 1-9999."""
    century = ref.year // 100 * 100
    options = [y for c in (century - 100, century, century + 100) if dt.MINYEAR <= (y := c + yy) <= dt.MAXYEAR]
    return min(options, key=lambda y: (abs(y - ref.year), y)) if options else None


def _build_month_yy_range(m: re.Match, text: str, ref: dt.date | None) -> _Found | None:
    if ref is None:  # the century cannot be known
        return None
    (m1, y1), (m2, y2) = ((int(m[f"m{i}"]), _nearest_century(int(m[f"y{i}"]), ref)) for i in (1, 2))
    if y1 is None or y2 is None or (y2, m2) <= (y1, m1):
        return None
    attrs = {"from": f"{y1:04d}-{m1:02d}", "to": f"{y2:04d}-{m2:02d}"}
    return _Found(m.start(), m.end(), "date", attrs | _inferred((y1, m1) > (ref.year, ref.month)))


def _build_relative(m: re.Match, text: str, ref: dt.date | None) -> _Found | None:
    if ref is None or DETERMINER_BEFORE.search(text[max(0, m.start() - 12):m.start()]):
        return None
    step = -1 if m["rel"].lower() == "last" else 1
    if m["year"]:
        year, month = ref.year + step, None
    else:
        month = MONTH_NUMBER[m["mon"].lower()]
        if step < 0:
            year = ref.year if month < ref.month else ref.year - 1
        else:
            year = ref.year if month > ref.month else ref.year + 1
    if not dt.MINYEAR <= year <= dt.MAXYEAR:
        return None
    if month is None:
        return _Found(m.start(), m.end(), "date", {"when": f"{year:04d}"} | _inferred(step > 0))
    return _Found(m.start(), m.end(), "date", {"when": f"{year:04d}-{month:02d}"} | _inferred(step > 0))


def _build_time12(m: re.Match, text: str, ref: dt.date | None) -> _Found | None:
    h, mi = _clock(int(m["h"]), int(m["mi"] or 0), m["mer"])
    return _Found(m.start(), m.end(), "time", {"when": _hms(h, mi)}, clock=(_hms(h, mi),))


def _build_time12_range(m: re.Match, text: str, ref: dt.date | None) -> _Found | None:
    end = _clock(int(m["h2"]), int(m["mi2"] or 0), m["mer2"])
    if m["mer1"]:
        start = _clock(int(m["h1"]), int(m["mi1"] or 0), m["mer1"])
    else:  # "1:20-2:24 p.m." shares the meridiem; "11:30-1:30 p.m." starts in the morning
        start = _clock(int(m["h1"]), int(m["mi1"] or 0), m["mer2"])
        if start > end:
            start = _clock(int(m["h1"]), int(m["mi1"] or 0), "a")
    if start == end or (start > end and not m["mer1"]):  # only "11 p.m.-1 a.m." may cross midnight
        return None
    clock = (_hms(*start), _hms(*end))
    return _Found(m.start(), m.end(), "time", {"from": clock[0], "to": clock[1]}, clock=clock)


def _build_zulu(m: re.Match, text: str, ref: dt.date | None) -> _Found | None:
    value = _hms(int(m["h"]), int(m["mi"]), "Z")
    return _Found(m.start(), m.end(), "time", {"when": value}, clock=(value,))


RULES: tuple[tuple[re.Pattern, Builder], ...] = (
    (ISO_DATE, _build_iso_date),
    (DAY_MONTH, _build_day_month),
    (MONTH_DAY, _build_month_day),
    (MONTH_DAY_TO_MONTH_DAY, _build_month_day),
    (DAY_MONTH_TO_DAY_MONTH, _build_month_day),
    (MONTH_TO_MONTH_YEAR, _build_month_to_month_year),
    (MONTH_YEAR, _build_month_year),
    (YEAR_RANGE, _build_year_range),
    (DECADE, _build_decade),
    (BARE, _build_bare_year),
    (MONTH_YY_RANGE, _build_month_yy_range),
    (RELATIVE, _build_relative),
    (TIME12, _build_time12),
    (TIME12_RANGE, _build_time12_range),
    (ZULU, _build_zulu),
)

# ---------------------------------------------------------------------------------------------------------------
# Which rules run
# ---------------------------------------------------------------------------------------------------------------


# What each rule needs in the text (a quick search skips the rules whose need is absent): a digit, a month name,
# "last"/"next", a four-digit year, a meridiem, a zone, a slash, and the shapes of ISO dates, day-month and
# month-number pairs, ranges and decades.
# Each need is a necessary condition of its rules' matches (written so that re can scan for its first character),
# except "year" for MONTH_YEAR, which also decides which month-years are found (a year 1800-2099). "digit" comes
# first: it is the cheapest, and every other need but "relative" implies it.
_MONTH_CASES = [case(words[0][:3]) for case in (str.title, str.upper) for words in _MONTH_WORDS.values()]
_NEEDS_PATTERNS = {
    "digit": re.compile(r"[0-9]"),
    "month": re.compile("|".join(_MONTH_CASES)),
    "relative": re.compile(r"(?:Last|last|Next|next|LAST|NEXT)\s+(?:[Yy]ear|YEAR|[A-Z])"),  # a month is capitalised
    "year": re.compile(r"(?:1[89]|20)(?<![0-9]..)[0-9]{2}"),  # 1800-2099 not after a digit (the look-behind second)
    "meridiem": re.compile(r"[0-9]\s?[aApP]\.?\s?[mM]"),
    "zone": re.compile(r"[0-9][0-9]\s?(?:Z|GMT|UTC)"),
    "slash": re.compile(r"/[0-9]"),
    "iso": re.compile(r"-[01][0-9]-[0-3]"),
    "day-month": re.compile(r"[0-9](?:st|nd|rd|th)?\s+(?:of\s+)?(?:" + "|".join(_MONTH_CASES) + ")"),
    "month-number": re.compile(r"(?:" + "|".join(_MONTH_CASES) + r")[A-Za-z]*\.?(?:,?\s+of)?,?\s+[0-9]"),
    "day-dash-month": re.compile(r"[0-9](?:st|nd|rd|th)?\s?[-–—]\s?[A-Z]"),
    "dash-number": re.compile(r"[-–—]\s?[0-9]"),
    "decade": re.compile(r"0[’']?s"),
}
_NEEDS = {ISO_DATE: ("digit", "iso"), DAY_MONTH: ("digit", "month", "day-month"),
          MONTH_DAY: ("digit", "month", "month-number"),
          MONTH_DAY_TO_MONTH_DAY: ("digit", "month", "month-number", "day-dash-month"),
          DAY_MONTH_TO_DAY_MONTH: ("digit", "month", "dash-number"),
          MONTH_YEAR: ("digit", "year", "month", "month-number"),
          MONTH_TO_MONTH_YEAR: ("digit", "year", "month", "month-number"), YEAR_RANGE: ("digit", "year", "dash-number"),
          DECADE: ("digit", "year", "decade"),
          BARE: ("digit", "year"), MONTH_YY_RANGE: ("digit", "slash"), RELATIVE: ("relative",),
          TIME12: ("digit", "meridiem"), TIME12_RANGE: ("digit", "meridiem"), ZULU: ("digit", "zone")}
_RULES_NEEDING = tuple((pattern, build, _NEEDS[pattern]) for pattern, build in RULES)


def candidates(text: str, ref: dt.date | None) -> Iterator[_Found]:
    present: dict[str, bool] = {}
    for pattern, build, needs in _RULES_NEEDING:
        for need in needs:
            if need not in present:
                present[need] = _NEEDS_PATTERNS[need].search(text) is not None
            if not present[need]:
                break
        else:
            for m in pattern.finditer(text):
                found = build(m, text, ref)
                if found is not None:
                    yield found
