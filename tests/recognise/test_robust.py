"""The same documents in the other shapes the site and its older copies show: participants as plain lines under a
label, a page marker before the heading, markers glued to long numbers or after an editor's bracket, a page turning
inside a word, list numbers as written, no dateline. Invented documents, other names and numbers each time."""

from __future__ import annotations

import pytest

from .helpers import doc_of, tei, xp

LEGACY = """{pb}{n}. Memorandum of Conversation 1

Oslo, March 4, 1981, 3 p.m.

{label}
Dr. Ana P. Moreno, Minister of Trade
Secretary of State Lars Brekke
Amb. Tomas Weil, Ambassador to Chile
Mr. Ivo Sand, Notetaker
SUBJECT
Fisheries
Moreno: We are ready to begin.
Brekke: Then we begin at once.
  1. Source: Invented Archive, Box {n}. Secret."""


@pytest.mark.parametrize("label", ["PARTICIPANTS", "PRINCIPALS", "Participants:"])
@pytest.mark.parametrize("pb, n", [("", "12"), ("[Page 301] ", "7")])
def test_participants_as_plain_lines_under_a_label(label, pb, n):
    root, _ = tei(LEGACY.format(label=label, pb=pb, n=n))
    names = xp(root, "//t:particDesc//t:persName")
    text = " ".join("".join(p.itertext()) for p in names)
    for name in ("Ana P. Moreno", "Lars Brekke", "Tomas Weil", "Ivo Sand"):
        assert name in text or ", ".join(reversed(name.rsplit(" ", 1))) in text, name
    assert len(xp(root, "//t:list[@type='participants']/t:item")) == 4
    assert [s.xpath("string(.)") for s in xp(root, "//t:speaker")] == ["Moreno:", "Brekke:"]
    assert xp(root, "string(//t:head/@n)") == n  # the page marker before the heading does not hide it
    assert xp(root, "string(//t:titleStmt/t:title)") == "Memorandum of Conversation"
    assert xp(root, "string(//t:creation/t:date/@when)").startswith("1981-03-04")


def test_groups_among_plain_lines_and_a_speaker_ends_the_list():
    text = """3. Minutes of a Meeting 1

Rome, June 2, 1979, 10 a.m.

PARTICIPANTS
Norway:
Kari Holm, Foreign Minister
Hans Berg, Counselor, Embassy
United States:
Dr. Paul T. Reyes, Secretary of State
Holm: The talks begin. We have much to say.
Reyes: Agreed.
  1. Source: Invented. Secret."""
    doc = doc_of(text)
    by_name = {p.name: p for p in doc.participants.values()}
    assert by_name["Kari Holm"].group == "Norway" and by_name["Paul T. Reyes"].group == "United States"
    root, _ = tei(text)
    assert [s.xpath("string(.)") for s in xp(root, "//t:speaker")] == ["Holm:", "Reyes:"]


def test_a_label_in_capitals_over_lines_that_are_not_persons_is_no_participants_list():
    text = "4. Memorandum 1\n\nParis, May 1, 1977.\n\nTOPICS\nFisheries in the north\nTrade in the south\n" \
           "The talks went well and we agreed.\n  1. Source: Invented."
    assert doc_of(text).participants == {}


def test_marker_glued_to_a_long_number_when_the_sequence_needs_it():
    text = ("5. Telegram 1\n\nLima, May 2, 1977, 1200Z.\n\nAs reported in Lima 4471822 and in the cable of "
            "May 1,3 we agree. The figure 1234567 stands.\n  1. Source: Invented.\n  2. Not found.\n  3. Ibid.")
    root, _ = tei(text)
    notes = xp(root, "//t:body//t:note")
    assert [n.get("n") for n in notes] == ["1", "2", "3"]
    body = xp(root, "string(//t:body)")
    assert "Lima 447182" in body and "1234567" in body


def test_no_marker_glued_to_a_number_without_need():
    root, _ = tei("5. Telegram 1\n\nLima, May 2, 1977.\n\nTelegram 4471822 arrived.2\n"
                  "  1. Source: Invented.\n  2. Ibid.")
    assert "4471822" in xp(root, "string(//t:body)")


def test_marker_after_an_editors_bracket_or_a_counting_noun_before_one():
    text = ("6. Memorandum 1\n\nBern, May 2, 1977.\n\nThey hold a strong force [voice] 2 to block change, "
            "after the press article 3 [There was more talk.] and 4 days later.\n"
            "  1. Source: Invented.\n  2. Bracketed insertion by the editor.\n  3. Not found.")
    root, _ = tei(text)
    words = [n.xpath("string(preceding::text()[1])").split()[-1] for n in xp(root, "//t:body//t:p/t:note")]
    assert words == ["voice", "article"]  # 'voice' inside the editor's <supplied>
    assert "4 days later" in xp(root, "string(//t:body)")


@pytest.mark.parametrize("before, after, joined", [
    ("imme", "diate", True),      # 'immediate' written elsewhere
    ("any", "one", False),        # two words of the document
    ("Euro", "peans", True),
])
def test_page_turning_inside_a_word(before, after, joined):
    text = (f"8. Memorandum 1\n\nBonn, May 2, 1977.\n\nAn immediate reply to anyone from any one of the Europeans "
            f"is due.\n\nThe {before} [Page 44] {after} reply came.\n  1. Source: Invented.")
    root, _ = tei(text)
    pb = xp(root, "//t:pb")[0]
    assert (pb.get("break") == "no") == joined
    assert (f"The {before}{after} reply" in " ".join(xp(root, "string(//t:body)").split())) == joined


def test_list_numbers_kept_as_written():
    root, _ = tei("9. Telegram 1\n\nKiev, May 2, 1977.\n\n1) First point.\n\n2) Second point.\n"
                  "  1. Source: Invented.")
    assert xp(root, "//t:body//t:list/t:label/text()") == ["1)", "2)"]
    assert xp(root, "//t:body//t:list/t:item/@n") == ["1", "2"]


def dated(text):
    root, _ = tei(text)
    d = xp(root, "//t:creation/t:date")[0]
    return dict(d.attrib)


def test_no_dateline_a_day_in_the_source_note():
    d = dated("10. Minutes 1\n\nThe meeting began.\n  1. Source: Invented Files, Meeting of May 3, 1971. Secret.")
    assert d["when"] == "1971-05-03" and d["resp"] == "#encoder" and d["cert"] == "low"


@pytest.mark.parametrize("folder, lo, hi", [
    ("September–December 1975", "1975-09", "1975-12"),
    ("August 1–5, 1976", "1976-08-01", "1976-08-05"),
])
def test_no_dateline_a_span_of_the_source_notes_file(folder, lo, hi):
    d = dated(f"11. Memorandum 1\n\nWe talked.\n  1. Source: Invented Papers, Memoranda, {folder}. Secret.")
    assert (d.get("notBefore"), d.get("notAfter"), d.get("cert")) == (lo, hi, "low") and "when" not in d


def test_no_dateline_a_deadline_is_not_the_date():
    d = dated("12. Study Memorandum 1\n\nThe study is due no later than January 2, 1976.\n  1. Source: Invented.")
    assert "when" not in d and "notBefore" not in d


@pytest.mark.parametrize("body, notes, lost", [
    ("We met.2 They left.3 All went home.4", "  2. Ibid.\n  3. Ibid.", "4"),     # after the list's end
    ("We met.2 They left.3 All went home.4", "  2. Ibid.\n  4. Ibid.", "3"),     # a gap in the list
])
def test_a_marker_whose_note_the_copy_lacks_stays_a_marker(body, notes, lost):
    text = f"14. Memorandum1\n\nLyon, May 2, 1977.\n\n{body} The 12 men stayed.\n  1. Source: Invented.\n{notes}"
    root, res = tei(text)
    empty = xp(root, "//t:body//t:note[@type='text-missing']")
    assert [n.get("n") for n in empty] == [lost] and not "".join(empty[0].itertext())
    assert xp(empty[0], "t:gap/@reason") == ["omitted"]
    assert "12 men" in xp(root, "string(//t:body)")
    assert any(d.rule == "note-text-missing" and d.line == 5 for d in res.diagnostics)
    assert not any(d.rule == "note-marker" for d in res.diagnostics)
