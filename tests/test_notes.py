"""Footnotes (pipeline/encode/recognise/notes.py): the note list, where markers may stand, numbers that are text;
on invented FRUS-style documents, asserting on the TEI."""

from __future__ import annotations

import pytest
from hypothesis import given, strategies as st
from lxml import etree

from pipeline.encode import encode_text
from pipeline.encode.recognise.text import to_lines
from pipeline.encode.recognise.notes import find_markers, split_notes, strip_head_marker

NS = {"t": "http://www.tei-c.org/ns/1.0"}


def encode(text: str):
    res = encode_text(text, "n1")
    return etree.fromstring(res.xml), res.diagnostics


def frus(body: str, notes: list[str], head: str = "12. Telegram From the Embassy in Ruritania to the Department of State 1",
         first: int = 1) -> str:
    note_lines = "\n".join(f"  {i}. {t}" for i, t in enumerate(notes, first))
    return f"{head}\n\nWashington, May 5, 1967.\n\n{body}\n{note_lines}\n"


def notes_after(root) -> list[tuple[str, str]]:
    """(note number, the word just before the note) in reading order."""
    out = []
    for note in root.iterfind(".//t:body//t:note", NS):
        before = "".join(note.xpath("preceding::text()[not(ancestor::t:note)][ancestor::t:body]", namespaces=NS))
        out.append((note.get("n"), before.split()[-1]))
    return out


def body_text(root) -> str:
    return " ".join("".join(root.find(".//t:body", NS).xpath(".//text()[not(ancestor::t:note)]",
                                                              namespaces=NS)).split())


SOURCE = "Source: Invented Archive, RG 59, Box 7. Secret."


# --- where markers stand ---------------------------------------------------------------------------

def test_markers_glued_after_quotation_marks_brackets_and_parentheses():
    root, diags = encode(frus("He said “no.”2 Then he left (Read)3 and [laughter]4 and a ‘quip’5 and \"done\"6 here.",
                              [SOURCE, "A.", "B.", "C.", "D.", "E."]))
    assert notes_after(root) == [("1", "State"), ("2", "“no.”"), ("3", "(Read)"), ("4", "laughter"), ("5", "‘quip’"),
                                 ("6", "\"done\"")]
    assert diags == []


def test_spaced_marker_at_the_end_of_the_heading_and_after_an_ordinal():
    root, _ = encode(frus("Then you get up to March 31st 2 and you tried again.", [SOURCE, "The speech."]))
    head = root.find(".//t:body//t:head", NS)
    assert head.xpath("string(text())") == "12. Telegram From the Embassy in Ruritania to the Department of State"
    assert head.find("t:note", NS).get("type") == "source"
    assert notes_after(root)[1] == ("2", "31st")
    assert "March 31st and you tried" in body_text(root)
    assert root.find(".//t:title[@type='main']", NS).text == "Telegram From the Embassy in Ruritania to the Department of State"


def test_spaced_markers_after_lower_case_words_and_numbers_when_the_sequence_needs_them():
    root, diags = encode(frus("After the luncheon 2 I saw him. See State 259261 3 and the meeting today 4 at noon.",
                              [SOURCE, "The luncheon.", "A telegram.", "The meeting."]))
    assert notes_after(root)[1:] == [("2", "luncheon"), ("3", "259261"), ("4", "today")]
    assert diags == []


def test_a_glued_marker_wins_over_a_spaced_number_before_it():
    root, _ = encode(frus("We had 2 good talks. We met him twice.2", [SOURCE, "Talks."]))
    assert notes_after(root)[1] == ("2", "twice.")
    assert "We had 2 good talks." in body_text(root)


@pytest.mark.parametrize("text", [
    "until Jan. 20th, President Johnson",
    "Lot 93 D 82, box",
    "telegram 21737/Delto 788 from Paris",
    "some 400-500,000 men",
    "points 4 and 5 which you know",
    "Paris, October 2, to Washington",
    "See Document 40 for this",
    "at 11:30 today",
    "it rose 2.5 percent",
    "we could go 2 days later",
    "No. 5 was read",
])
def test_numbers_that_are_text(text):
    numbers = ["20", "93", "82", "788", "500", "000", "4", "5", "2", "40", "30", "11"]
    for n in numbers:
        found, missing = find_markers([text], [n])
        assert found == {} and missing == [n], (text, n)


def test_numbers_that_are_text_stay_text_in_the_tei():
    body = ("Until Jan. 20th the points 4 and 5 stand; see Lot 93 D 82 and 21737/Delto 788, some 400-500,000 men, "
            "October 2 and Document 40.2\nThe end.3")
    root, diags = encode(frus(body, [SOURCE, "A.", "B."]))
    assert [n for n, _ in notes_after(root)] == ["1", "2", "3"]
    assert notes_after(root)[1][1] == "40."
    for words in ("Jan. 20th", "points 4 and 5", "Lot 93 D 82", "21737/Delto 788", "400-500,000", "Document 40."):
        assert words in body_text(root)
    assert diags == []


def test_a_year_ending_a_sentence_then_a_marker():
    found, missing = find_markers(["a statement in September of 1967.2 You wanted"], ["2"])
    assert found == {0: [(33, 34, "2")]} and missing == []


def test_a_spaced_markers_span_takes_the_space_before_it():
    found, _ = find_markers(["the Stokely Carmichael 6 sit"], ["6"])
    assert found == {0: [(22, 24, "6")]}


# --- the note list ---------------------------------------------------------------------------------

def test_a_note_list_starting_at_zero():
    root, diags = encode(frus("We met.1 They left.2", ["The source.", "Met.", "Left."],
                              head="12. Telegram From the Embassy to the Department of State 0", first=0))
    assert [n for n, _ in notes_after(root)] == ["0", "1", "2"]
    assert notes_after(root)[0][1] == "State"
    assert diags == []


def test_a_note_list_with_a_missing_number_warns_and_loses_nothing():
    root, diags = encode(frus("We met.2 They left.4", [SOURCE, "Met.", "Left."]).replace("  3. Left.", "  4. Left."))
    assert [n for n, _ in notes_after(root)] == ["1", "2", "4"]
    texts = [" ".join(n.itertext()) for n in root.iterfind(".//t:body//t:note", NS)]
    assert texts[1:] == ["Met.", "Left."]
    assert [d.rule for d in diags] == ["note-sequence"]
    assert diags[0].severity == "warning" and "1 2 4" in diags[0].message


def test_a_glued_marker_whose_note_the_copy_lacks_stays_a_marker():
    # issue 26: never digits in the text; a note without text (a gap inside) and a warning naming the line
    root, diags = encode(frus("We met.2 They left.3 We saw 4 of them.", [SOURCE, "Met."]))
    assert [n for n, _ in notes_after(root)] == ["1", "2", "3"]
    missing = root.find(".//t:body//t:note[@type='text-missing']", NS)
    assert missing.get("n") == "3" and not "".join(missing.itertext())
    assert body_text(root).endswith("We saw 4 of them.")  # a spaced number stays text
    assert [d.rule for d in diags] == ["note-text-missing"]


def test_a_note_without_its_marker_is_kept_and_reported():
    root, diags = encode(frus("We met and left.", [SOURCE, "Met."]))
    unanchored = root.find(".//t:body//t:note[@type='unanchored']", NS)
    assert unanchored.get("n") == "2" and unanchored.text == "Met."
    assert [(d.rule, d.line) for d in diags] == [("note-marker", 7)]


def test_notes_whose_text_spans_several_lines():
    lines = to_lines("Body.1\n  1. Source: Invented Archive,\nBox 7. Secret.\n\n  2. A long note\n  that goes on.\n")
    start, notes, _style = split_notes(lines)
    assert start == 1
    assert notes == [("1", "Source: Invented Archive, Box 7. Secret.", 2), ("2", "A long note that goes on.", 5)]


def test_no_note_list():
    lines = to_lines("Body.\n1. A numbered point\n")
    assert split_notes(lines) == (len(lines), [], "")


@pytest.mark.parametrize("head, stripped", [
    ("45. Telegram From the Embassy to the Department of State 1", "45. Telegram From the Embassy to the Department of State"),
    ("203. Situation Report (Read)1", "203. Situation Report (Read)"),
    ("7. Notes of Meeting", "7. Notes of Meeting"),
    ("8. Letter of June 21", "8. Letter of June 21"),
])
def test_strip_head_marker(head, stripped):
    assert strip_head_marker(head, [("1", "Source: x", 9)]) == stripped


# --- property: glued markers among numbers that are text --------------------------------------------

TEXT_NUMBERS = ["points 4 and 5", "Document 40", "October 2", "Lot 93 D 82", "21737/Delto 788", "400-500,000 men",
                "Jan. 20th", "at 11:30", "2.5 percent", "go 3 days", "paragraph 6", "No. 7", "RG 59"]


@given(st.lists(st.tuples(st.sampled_from(TEXT_NUMBERS), st.booleans(), st.sampled_from([".", ",", "”", ")", ""])),
                min_size=1, max_size=12))
def test_glued_markers_are_found_among_numbers_that_are_text(parts):
    """Sentences built from phrases with numbers that are text; some end with a glued marker, numbered in order."""
    text, expected, n = "", [], 0
    for phrase, marked, punct in parts:
        text += f"We saw {phrase} there{punct}"
        if marked:
            n += 1
            expected.append((len(text), len(text) + len(str(n)), str(n)))
            text += str(n)
        text += " "
    found, missing = find_markers([text], [str(i) for i in range(1, n + 1)])
    assert found.get(0, []) == expected and missing == []


def test_a_signature_with_a_note_marker_is_closing_matter():
    root, _ = encode(frus("We met.\nBenjamin H. Read 2", [SOURCE, "Printed from a copy that bears this signature."]))
    signed = root.find(".//t:closer/t:signed", NS)
    assert signed is not None and signed.find("t:note", NS).get("n") == "2"
