"""Heading, dateline and opener: each on its own evidence."""

from __future__ import annotations

import pytest

from pipeline.encode.recognise.notes import head_marker

from .helpers import doc_of, tei, xp

SOURCE = [("1", "Source: Invented Library, Box 2. Secret.", 9)]


@pytest.mark.parametrize("head, marker", [
    ("31. National Security Decision Memorandum 1971", (45, 46, "1")),   # NSDM 197 and note 1
    ("7. Memorandum of Conversation1", (29, 30, "1")),
    ("12. Notes of Meeting 1", (21, 22, "1")),
    ("9. Letter of March 21", None),                                       # a day of the month
])
def test_heading_marker(head, marker):
    assert head_marker(head, SOURCE) == marker


def test_heading_marker_glued_to_a_number_is_a_note_not_the_title():
    text = "31. National Security Study Memorandum 4121\n\nWashington, May 3, 1974.\n\nThe study is due.\n" \
           "  1. Source: Invented Library, Box 2. Secret."
    root, _ = tei(text)
    assert xp(root, "string(//t:titleStmt/t:title)") == "National Security Study Memorandum 412"
    assert xp(root, "string(//t:head/t:note/@n)") == "1"
    assert xp(root, "string(//t:creation/t:date/@when)") == "1974-05-03"


def test_dateline_with_a_glued_marker_and_an_undated_one():
    doc = doc_of("5. Message\n\nMoscow, June 4, 1972.2\n\nText.\n  1. Source: X.\n  2. Received.")
    assert doc.dateline is not None and doc.dateline.text == "Moscow, June 4, 1972.2"
    doc = doc_of("6. Message\n\nUndated.\n\nText.\n  1. Source: X.")
    assert doc.dateline is not None and doc.dateline.text == "Undated."


def test_a_short_title_above_a_dateline_is_a_heading_without_a_number():
    doc = doc_of("Report on the Harvest\n\nHue, July 1968\n\nThe harvest was good.")
    assert doc.head.text == "Report on the Harvest" and doc.dateline.text == "Hue, July 1968"
    root, _ = tei("Report on the Harvest\n\nHue, July 1968\n\nThe harvest was good.")
    assert xp(root, "string(//t:creation/t:date/@when)") == "1968-07"


def test_a_sentence_is_not_a_heading():
    doc = doc_of("The harvest was good this year.\n\nJuly 1968\n\nMore text.")
    assert doc.head is None


def test_date_never_from_inside_a_turn():
    root, _ = tei("Minutes of the talks\n\nAlpha: We met on May 4, 1970 in Hue.\n\nBeta: Indeed.")
    assert xp(root, "string(//t:creation/t:date/@when)") == ""


def test_transcript_with_present_list_and_a_closer():
    text = ("Transcript of a Press Briefing\n\nOslo, March 3, 1974\n\nPresent were: Mr. Ivo Stern and Mrs. Ada Vik.\n\n"
            "Ivo Stern: Good morning.\n\nAda Vik: Thank you.\n\n[Page 4]\n\nMore from her.\n\n"
            "The record was prepared by K. Lund.")
    root, _ = tei(text)
    assert ["".join(s.itertext()) for s in xp(root, "//t:speaker")] == ["Ivo Stern:", "Ada Vik:"]
    assert len(xp(root, "//t:sp[2]/t:p")) == 2
    assert xp(root, "string(//t:closer/t:signed)") == "The record was prepared by K. Lund."
    assert xp(root, "string(//t:creation/t:date/@when)") == "1974-03-03"
