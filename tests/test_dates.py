"""Tests for pipeline.encode.dates: each date form with invented variants, the seeds' dates, FRUS datelines, invariants."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from pipeline.encode.dates import DateMatch, find_dates, iso_of, nearest_year, parse_date_line
from pipeline.validate import TEI_ALL, relaxng
from shared import FRUS_SAMPLES, SKIP_REASON

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
FRUS = FRUS_SAMPLES
INF = {"cert": "medium", "resp": "#encoder", "evidence": "internal"}
PROSPECTIVE = {"type": "prospective"} | INF


def found(text: str, ref: dt.date | None = None) -> list[tuple[str, str, dict]]:
    """(matched text, tag, attributes) for every match."""
    return [(text[m.start:m.end], m.tag, dict(m.attrs)) for m in find_dates(text, ref)]


def only(text: str, ref: dt.date | None = None) -> tuple[str, str, dict]:
    result = found(text, ref)
    assert len(result) == 1, result
    return result[0]


# --------------------------------------------------------------------------------------------------------------
# Full dates: day-month-year and month-day-year, abbreviations, ordinals, zero padding, case
# --------------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("On 20 February 1970, Kissinger", ("20 February 1970", "1970-02-20")),
    ("signed December 16, 1966.", ("December 16, 1966", "1966-12-16")),
    ("16 December 1966", ("16 December 1966", "1966-12-16")),
    ("• April 08, 1965", ("April 08, 1965", "1965-04-08")),
    ("held 24 March 1975, after", ("24 March 1975", "1975-03-24")),
    ("on 3 Sept. 1971 they met", ("3 Sept. 1971", "1971-09-03")),
    ("Sept 3, 1971", ("Sept 3, 1971", "1971-09-03")),
    ("Sep. 30 1971", ("Sep. 30 1971", "1971-09-30")),
    ("SEPTEMBER 3, 1971", ("SEPTEMBER 3, 1971", "1971-09-03")),
    ("the 1st of May, 1945 was", ("1st of May, 1945", "1945-05-01")),
    ("May 2nd 1945", ("May 2nd 1945", "1945-05-02")),
    ("on 23rd June 1950.", ("23rd June 1950", "1950-06-23")),
    ("Jan 22nd, 1973", ("Jan 22nd, 1973", "1973-01-22")),
    ("21st Nov. 1967", ("21st Nov. 1967", "1967-11-21")),
    ("Feb. 29, 1968", ("Feb. 29, 1968", "1968-02-29")),
    ("uploaded 2012-05-04", ("2012-05-04", "2012-05-04")),
    ("(Dec. 1, 1965)", ("Dec. 1, 1965", "1965-12-01")),
])
def test_full_dates(text, expected):
    assert only(text) == (expected[0], "date", {"when": expected[1]})


@pytest.mark.parametrize("text, span, when", [
    ("HARVAN-(Outgoing)-October 1968. Secret", "October 1968", "1968-10"),
    ("in September of 1967 you", "September of 1967", "1967-09"),
    ("Oct. 1968", "Oct. 1968", "1968-10"),
    ("JUNE, 1950", "JUNE, 1950", "1950-06"),
])
def test_month_year(text, span, when):
    assert only(text) == (span, "date", {"when": when})


def test_impossible_day_is_not_a_date():
    assert all("02-29" not in (iso_of(m) or "") for m in find_dates("Feb. 29, 1967"))
    assert found("April 31") == []
    assert found("31 June", dt.date(1970, 1, 1)) == []


# --------------------------------------------------------------------------------------------------------------
# Day and month without a year: nearest-date rule with ref, xs:gMonthDay without
# --------------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, ref, span, attrs", [
    ("held on 16 March and", dt.date(1970, 2, 21), "16 March", {"when": "1970-03-16"} | PROSPECTIVE),
    ("until Jan. 20th, President", dt.date(1968, 10, 2), "Jan. 20th", {"when": "1969-01-20"} | PROSPECTIVE),
    ("Minh’s 17 July appeal", dt.date(1966, 12, 16), "17 July", {"when": "1966-07-17"} | INF),
    ("from Paris, October 2.", dt.date(1968, 10, 2), "October 2", {"when": "1968-10-02"} | INF),
    ("on 21 February, US", dt.date(1970, 2, 21), "21 February", {"when": "1970-02-21"} | INF),
    ("the 2nd of November.", dt.date(1968, 10, 28), "2nd of November", {"when": "1968-11-02"} | PROSPECTIVE),
    ("Dec 30th", dt.date(1971, 1, 3), "Dec 30th", {"when": "1970-12-30"} | INF),
    ("3rd Jan", dt.date(1971, 12, 20), "3rd Jan", {"when": "1972-01-03"} | PROSPECTIVE),
    ("Aug. 1st", dt.date(1971, 1, 15), "Aug. 1st", {"when": "1970-08-01"} | INF),
])
def test_day_month_with_ref(text, ref, span, attrs):
    assert only(text, ref) == (span, "date", attrs)


@pytest.mark.parametrize("text, span, when", [
    ("held on 16 March and", "16 March", "--03-16"),
    ("until Jan. 20th, President", "Jan. 20th", "--01-20"),
    ("February 29", "February 29", "--02-29"),
])
def test_day_month_without_ref_is_a_gmonthday(text, span, when):
    assert only(text) == (span, "date", {"when": when})


def test_nearest_year_rule():
    assert nearest_year(1, 20, dt.date(1968, 10, 2)) == dt.date(1969, 1, 20)
    assert nearest_year(3, 31, dt.date(1968, 10, 22)) == dt.date(1969, 3, 31)  # nearest, even if history says 1968
    assert nearest_year(1, 1, dt.date(1969, 7, 2)) == dt.date(1969, 1, 1)  # 182 days back, 183 ahead
    assert nearest_year(1, 1, dt.date(1969, 7, 3)) == dt.date(1970, 1, 1)  # 183 days back, 182 ahead
    assert nearest_year(1, 1, dt.date(1968, 7, 2)) == dt.date(1968, 1, 1)  # a tie (leap year) goes to the past
    assert nearest_year(2, 29, dt.date(1969, 6, 1)) == dt.date(1968, 2, 29)  # only leap years qualify
    assert nearest_year(2, 30, dt.date(1969, 6, 1)) is None


# --------------------------------------------------------------------------------------------------------------
# Ranges
# --------------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, ref, span, attrs", [
    ("16-18 March 1970", None, "16-18 March 1970", {"from": "1970-03-16", "to": "1970-03-18"}),
    ("March 16–18, 1970", None, "March 16–18, 1970", {"from": "1970-03-16", "to": "1970-03-18"}),
    ("16-18 March", dt.date(1970, 2, 1), "16-18 March", {"from": "1970-03-16", "to": "1970-03-18"} | PROSPECTIVE),
    ("16-18 March", None, "16-18 March", {"from": "--03-16", "to": "--03-18"}),
    ("October 30–November 2, 1968", None, "October 30–November 2, 1968", {"from": "1968-10-30", "to": "1968-11-02"}),
    ("30 Oct.-2 Nov. 1968", None, "30 Oct.-2 Nov. 1968", {"from": "1968-10-30", "to": "1968-11-02"}),
    ("Jan 30th - Feb 2nd", dt.date(1971, 1, 3), "Jan 30th - Feb 2nd",
     {"from": "1971-01-30", "to": "1971-02-02"} | PROSPECTIVE),
    ("30 April-2 May", None, "30 April-2 May", {"from": "--04-30", "to": "--05-02"}),
    ("in the two years 1974-1975.", None, "1974-1975", {"from": "1974", "to": "1975"}),
    ("1975–1976", None, "1975–1976", {"from": "1975", "to": "1976"}),
    ("Foreign Relations, 1964-68, volume", None, "1964-68", {"from": "1964", "to": "1968"}),
    ("Vol. VI, 8/68-9/68)", dt.date(1968, 10, 2), "8/68-9/68", {"from": "1968-08", "to": "1968-09"} | INF),
    ("Vol. II, 11/05-2/06", dt.date(2006, 3, 1), "11/05-2/06", {"from": "2005-11", "to": "2006-02"} | INF),
    ("the 1950s", None, "1950s", {"notBefore": "1950", "notAfter": "1959"}),
    ("the 1960's", None, "1960's", {"notBefore": "1960", "notAfter": "1969"}),
])
def test_ranges(text, ref, span, attrs):
    assert only(text, ref) == (span, "date", attrs)


def test_two_digit_year_range_needs_ref():
    assert found("Vol. VI, 8/68-9/68)") == []


def test_backwards_ranges_are_not_ranges():
    assert all("from" not in attrs for _, _, attrs in found("18-16 March 1970"))
    assert all("from" not in attrs for _, _, attrs in found("May 2-April 30, 1970"))
    assert [s for s, _, _ in found("1975-1974")] == []  # not a range, and neither number stands alone


# --------------------------------------------------------------------------------------------------------------
# Relative dates
# --------------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, ref, when, prospective", [
    ("your statement last August?", dt.date(1970, 2, 21), "1969-08", False),
    ("since last August", dt.date(1970, 9, 1), "1970-08", False),
    ("last March", dt.date(1970, 3, 15), "1969-03", False),
    ("next March", dt.date(1970, 2, 21), "1970-03", True),
    ("next February", dt.date(1970, 2, 21), "1971-02", True),
    ("Last year we", dt.date(1970, 2, 21), "1969", False),
    ("next year", dt.date(1970, 2, 21), "1971", True),
])
def test_relative_dates_with_ref(text, ref, when, prospective):
    span, tag, attrs = only(text, ref)
    assert (tag, attrs) == ("date", {"when": when} | (PROSPECTIVE if prospective else INF))


@pytest.mark.parametrize("text", ["the last year of the war", "in the next year or two", "every last March", "his next May"])
def test_last_next_after_a_determiner_is_not_relative(text):
    assert found(text, dt.date(1970, 2, 21)) == []


def test_relative_dates_need_ref():
    assert found("your statement last August and next year") == []


# --------------------------------------------------------------------------------------------------------------
# Times, alone and joined to a date
# --------------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, span, attrs", [
    ("later at 8pm, it seemed", "8pm", {"when": "20:00:00"}),
    ("at 8 p.m. sharp", "8 p.m.", {"when": "20:00:00"}),
    ("10:15 a.m.", "10:15 a.m.", {"when": "10:15:00"}),
    ("9:00 p. m. Friday", "9:00 p. m.", {"when": "21:00:00"}),
    ("at 4.30pm", "4.30pm", {"when": "16:30:00"}),
    ("7 AM", "7 AM", {"when": "07:00:00"}),
    ("12 a.m.", "12 a.m.", {"when": "00:00:00"}),
    ("12:30 p.m.", "12:30 p.m.", {"when": "12:30:00"}),
    ("sent 1540Z.", "1540Z", {"when": "15:40:00Z"}),
    ("at 0005Z", "0005Z", {"when": "00:05:00Z"}),
    ("lasted from 1:05 to 2:30 p.m. (Ibid.", "1:05 to 2:30 p.m.", {"from": "13:05:00", "to": "14:30:00"}),
    ("9:30-10:30 a.m.", "9:30-10:30 a.m.", {"from": "09:30:00", "to": "10:30:00"}),
    ("11:30-1:30 p.m.", "11:30-1:30 p.m.", {"from": "11:30:00", "to": "13:30:00"}),
    ("11 a.m.–1 p.m.", "11 a.m.–1 p.m.", {"from": "11:00:00", "to": "13:00:00"}),
    ("11:30 p.m.-1 a.m.", "11:30 p.m.-1 a.m.", {"from": "23:30:00", "to": "01:00:00"}),
])
def test_times(text, span, attrs):
    assert only(text) == (span, "time", attrs)


@pytest.mark.parametrize("text, ref, span, attrs", [
    ("Washington, October 22, 1968, 1910Z.", None, "October 22, 1968, 1910Z", {"when": "1968-10-22T19:10:00Z"}),
    ("October 22, 1968, 5:24 p.m.", None, "October 22, 1968, 5:24 p.m.", {"when": "1968-10-22T17:24:00"}),
    ("Washington, October 22, 1968, 1:20-2:24 p.m.", None, "October 22, 1968, 1:20-2:24 p.m.",
     {"from": "1968-10-22T13:20:00", "to": "1968-10-22T14:24:00"}),
    ("which Johnson saw, October 2, 10:15 a.m., Rostow", dt.date(1968, 10, 2), "October 2, 10:15 a.m.",
     {"when": "1968-10-02T10:15:00"} | INF),
    ("Rostow, November 8, 4:50 p.m., the", dt.date(1968, 11, 7), "November 8, 4:50 p.m.",
     {"when": "1968-11-08T16:50:00"} | PROSPECTIVE),
    ("on 3 May 1970 at 9 a.m.", None, "3 May 1970 at 9 a.m.", {"when": "1970-05-03T09:00:00"}),
    ("May 3, 1970, 11 p.m.-1 a.m.", None, "May 3, 1970, 11 p.m.-1 a.m.",
     {"from": "1970-05-03T23:00:00", "to": "1970-05-04T01:00:00"}),
])
def test_date_with_time(text, ref, span, attrs):
    assert only(text, ref) == (span, "date", attrs)


def test_day_month_and_time_without_ref_stay_apart():
    assert found("October 2, 10:15 a.m.") == [
        ("October 2", "date", {"when": "--10-02"}),
        ("10:15 a.m.", "time", {"when": "10:15:00"}),
    ]


# --------------------------------------------------------------------------------------------------------------
# Bare years and things that are not dates
# --------------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, year", [
    ("they want to repeat 1954. But", "1954"),
    ("in Laos in 1962, then", "1962"),
    ("in 1946 and 1954.", "1946"),
    ("(1800)", "1800"),
    ("2099", "2099"),
    ("HARVAN, 1968.3 Secret", "1968"),  # a footnote marker after the full stop
])
def test_bare_years(text, year):
    assert found(text)[0] == (year, "date", {"when": year})


@pytest.mark.parametrize("text", [
    "Lot 93 D 82", "Cable No. 323", "21737/Delto 788", "400-500,000", "RG 59", "MIG-17", "5-10 years",
    "points 4 and 5", "9th congress", "Document 40", "ll. 29-80", "f. 80", "Document 1954", "telegram 1968 from",
    "No. 1954", "1954 troops", "$1960", "1,954", "1954,000", "A1968", "19680", "1799", "2100", "frus1964-68v07",
    "Mayor Daley", "Marching 4 miles", "may 5 people", "the 8 and 10 points", "Friday", "the October Plenum",
    "8/68", "I am 8", "3 Marines", "the 24th formal session", "0830 Group", "9:30 Television", "2500Z", "1977Z",
    "pp. 1960-1970", "telegram 21742/Delto 789", "2:24", "13 pm", "p.1954", "20 percent", "1968%",
    "March 4 miles",
])
def test_not_dates(text):
    assert found(text, dt.date(1968, 10, 2)) == []


def test_no_match_inside_longer_words_or_numbers():
    assert found("x16 March 1970y") == []
    assert found("116 March") == []
    assert found("October 221") == []
    assert found("Octobers 2") == []


# --------------------------------------------------------------------------------------------------------------
# parse_date_line and iso_of
# --------------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("line, value", [
    ("December 16, 1966", "1966-12-16"),
    ("16 December 1966", "1966-12-16"),
    ("Washington, October 22, 1968, 1910Z.", "1968-10-22T19:10:00Z"),
    ("Washington, October 22, 1968, 1:20-2:24 p.m.", "1968-10-22T13:20:00"),
    ("Paris, France, 3 May 1970.", "1970-05-03"),
    ("Tuesday, June 4, 1968", "1968-06-04"),
    ("  • October 20, 1964", "1964-10-20"),
    ("1971", "1971"),
    ("October 1968", "1968-10"),
])
def test_parse_date_line(line, value):
    match = parse_date_line(line)
    assert match is not None and iso_of(match) == value
    assert line[match.end:].strip(" .") == ""


@pytest.mark.parametrize("line", [
    "", "Skip to content", "16 March", "8pm", "Secret North Vietnam Politburo Cable No. 323",
    "On 20 February 1970, Kissinger began secret talks", "December 16, 1966 and December 17, 1966",
    "Letter from Le Duan to Military Region 6", "was held in 1954 at Geneva",
])
def test_parse_date_line_rejects_other_lines(line):
    assert parse_date_line(line) is None


def test_docstring_examples():
    import doctest

    import pipeline.encode.dates

    assert doctest.testmod(pipeline.encode.dates).failed == 0


def test_iso_of():
    assert iso_of(DateMatch(0, 1, "date", (("when", "1954"),))) == "1954"
    assert iso_of(DateMatch(0, 1, "date", (("from", "1974"), ("to", "1975")))) == "1974"
    assert iso_of(DateMatch(0, 1, "date", (("notBefore", "1950"), ("notAfter", "1959")))) == "1950"
    assert iso_of(DateMatch(0, 1, "date", ())) is None


# --------------------------------------------------------------------------------------------------------------
# The seeds: every date, with the document's own date as ref
# --------------------------------------------------------------------------------------------------------------

SEED_DATES = {
    "000_ce4f38ee9e6d958d": (dt.date(1970, 2, 21), [
        ("20 February 1970", "date", {"when": "1970-02-20"}),
        ("16 March", "date", {"when": "1970-03-16"} | PROSPECTIVE),
        ("4 April", "date", {"when": "1970-04-04"} | PROSPECTIVE),
        ("last August", "date", {"when": "1969-08"} | INF),
        ("8pm", "time", {"when": "20:00:00"}),
        ("21 February", "date", {"when": "1970-02-21"} | INF),
    ]),
    "001_b59939755342e843": (dt.date(1968, 10, 2), [
        ("Jan. 20th", "date", {"when": "1969-01-20"} | PROSPECTIVE),
        ("October 1968", "date", {"when": "1968-10"}),
        ("October 2", "date", {"when": "1968-10-02"} | INF),
        ("October 2, 10:15 a.m.", "date", {"when": "1968-10-02T10:15:00"} | INF),
        ("8/68-9/68", "date", {"from": "1968-08", "to": "1968-09"} | INF),
    ]),
    "002_241508d0c6af083c": (dt.date(1966, 12, 16), [
        ("December 16, 1966", "date", {"when": "1966-12-16"}),
        ("16 December 1966", "date", {"when": "1966-12-16"}),
        ("17 July", "date", {"when": "1966-07-17"} | INF),
        ("1954", "date", {"when": "1954"}),
        ("1962", "date", {"when": "1962"}),
        ("1954", "date", {"when": "1954"}),
        ("1946", "date", {"when": "1946"}),
        ("1954", "date", {"when": "1954"}),
        ("1954", "date", {"when": "1954"}),
    ]),
    "003_ad6fd9cf5b9a2f65": (dt.date(1968, 10, 15), [
        ("October 15, 1968", "date", {"when": "1968-10-15"}),
        ("2012-05-04", "date", {"when": "2012-05-04"}),
    ]),
}

LISTING_DATES = [
    "1964-10-20", "1965-04-08", "1965-12-01", "1966-03-23", "1966-04-13", "1966-11-10", "1970-05-11", "1971",
    "1971-03-07", "1971-07-13", "1973-06-05", "1973-06-06", "1973-09-18", "1974-05-04", "1974", "1974-09-10",
    "1975", "1975-03-24", "1975-03-24", "1975-03-31", "1975-04-09", "1975-04-14", "1975-09-29",
]


@pytest.mark.parametrize("stem", sorted(SEED_DATES))
def test_seed_dates(stem):
    ref, expected = SEED_DATES[stem]
    assert found((SEEDS / f"{stem}.txt").read_text(encoding="utf-8"), ref) == expected


def test_listing_seed_dates():
    text = (SEEDS / "004_a62f8e03d40702c5.txt").read_text(encoding="utf-8")
    matches = find_dates(text)
    assert [iso_of(m) for m in matches] == LISTING_DATES
    assert [text[m.start:m.end] for m in matches if dict(m.attrs).get("to")] == ["1974-1975", "1975-1976"]
    assert all(parse_date_line(line) for line in text.splitlines() if re.fullmatch(r"\s*• .*", line))


# --------------------------------------------------------------------------------------------------------------
# FRUS samples: datelines against the Office of the Historian's own TEI
# --------------------------------------------------------------------------------------------------------------

FRUS_PAIRS = sorted(
    (p, FRUS / "gold" / p.name.replace("frus-v07-d", "frus1964-68v07_d").replace(".txt", ".xml"))
    for p in (FRUS / "text").glob("*.txt")
) if FRUS.is_dir() else []


@pytest.mark.skipif(not FRUS.is_dir(), reason=SKIP_REASON)
@pytest.mark.parametrize("text_path, gold_path", FRUS_PAIRS, ids=[p.stem for p, _ in FRUS_PAIRS])
def test_frus_dateline_matches_gold(text_path, gold_path):
    gold = etree.parse(str(gold_path)).find(".//dateline")
    gold_when = gold.find("date").get("when")
    lines = [m for line in text_path.read_text(encoding="utf-8").splitlines() if (m := parse_date_line(line))]
    assert len(lines) == 1
    attrs = dict(lines[0].attrs)
    gold_time = gold.find("time")
    if gold_time is None:
        assert attrs == {"when": gold_when}
    else:  # the Office of the Historian splits a day and a time range; we give one dateTime range
        assert attrs == {"from": f"{gold_when}T{gold_time.get('from')}", "to": f"{gold_when}T{gold_time.get('to')}"}


# --------------------------------------------------------------------------------------------------------------
# Invariants for any input
# --------------------------------------------------------------------------------------------------------------

ISO_FORMS = {
    "date": re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}"),
    "gYear": re.compile(r"[0-9]{4}"),
    "gYearMonth": re.compile(r"[0-9]{4}-(0[1-9]|1[0-2])"),
    "gMonthDay": re.compile(r"--(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])"),
    "time": re.compile(r"([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]Z?"),
    "dateTime": re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]Z?"),
}
VALUE_ATTRS = {"when", "from", "to", "notBefore", "notAfter"}
OTHER_ATTRS = {"type": {"prospective"}, "cert": {"medium"}, "resp": {"#encoder"}, "evidence": {"internal"}}


def is_iso(value: str) -> bool:
    """A well-formed and real W3C date/time value (a day that exists)."""
    if ISO_FORMS["date"].fullmatch(value) or ISO_FORMS["dateTime"].fullmatch(value):
        try:
            dt.date.fromisoformat(value[:10])
        except ValueError:
            return False
        return True
    if ISO_FORMS["gMonthDay"].fullmatch(value):
        try:
            dt.date(2000, int(value[2:4]), int(value[5:7]))
        except ValueError:
            return False
        return True
    return any(ISO_FORMS[k].fullmatch(value) for k in ("gYear", "gYearMonth", "time"))


def check_invariants(text: str, ref: dt.date | None) -> None:
    matches = find_dates(text, ref)
    last_end = 0
    for m in matches:
        assert 0 <= last_end <= m.start < m.end <= len(text)
        last_end = m.end
        assert m.tag in ("date", "time")
        names = [k for k, _ in m.attrs]
        assert names and len(names) == len(set(names))
        for k, v in m.attrs:
            assert (k in VALUE_ATTRS and is_iso(v)) or v in OTHER_ATTRS.get(k, ()), (k, v)
        assert iso_of(m) is not None
    assert find_dates(text, ref) == matches  # deterministic


DATEISH = st.lists(
    st.sampled_from(list("0123456789 ,.-–/:apmZ") + ["March", "Sept.", "May", "Jan", "of", "th", "st", "last ",
                                                      "next ", "year", "August", "p.m.", "\n"]),
    max_size=30,
).map("".join)


@settings(max_examples=400, deadline=None)
@given(text=st.one_of(st.text(max_size=60), DATEISH),
       ref=st.one_of(st.none(), st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9998, 12, 31))))
def test_any_text_gives_sorted_in_bounds_valid_matches(text, ref):
    check_invariants(text, ref)


def test_extreme_refs_do_not_crash():
    for ref in (dt.date.min, dt.date.max, dt.date(1, 1, 1), dt.date(9999, 12, 31)):
        check_invariants("16 March, 8/68-9/68, last August, next year, Jan. 1st, 31 Dec", ref)


# --------------------------------------------------------------------------------------------------------------
# The values are valid TEI: every seed date and the invented forms, in <date>/<time> against tei_all.rng
# --------------------------------------------------------------------------------------------------------------

@pytest.mark.skipif(not TEI_ALL.exists(), reason="schema/tei_all.rng is missing")
def test_values_validate_against_tei_all():
    samples = [(p.read_text(encoding="utf-8"), dt.date(1970, 2, 21)) for p in sorted(SEEDS.glob("*.txt"))]
    samples += [("16 March, 16-18 March, Jan. 20th, 1950s, 1540Z, 8pm, 1:05 to 2:30 p.m.", None),
                ("8/68-9/68, next March, October 2, 10:15 a.m., 1974-1975", dt.date(1968, 10, 2))]
    T = "{http://www.tei-c.org/ns/1.0}"
    tei = etree.fromstring(
        '<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>t</title>'
        '<respStmt xml:id="encoder"><resp>r</resp><name>n</name></respStmt></titleStmt>'
        '<publicationStmt><p>p</p></publicationStmt><sourceDesc><p>s</p></sourceDesc></fileDesc></teiHeader>'
        '<text><body/></text></TEI>'
    )
    body = tei.find(f"{T}text/{T}body")
    count = 0
    for text, ref in samples:
        p = etree.SubElement(body, f"{T}p")
        for m in find_dates(text, ref):
            el = etree.SubElement(p, T + m.tag, dict(m.attrs))
            el.text = text[m.start:m.end]
            count += 1
    schema = relaxng(TEI_ALL)  # compiled once per process, shared with the other tests that need it
    assert schema.validate(tei), schema.error_log
    assert count > 50
