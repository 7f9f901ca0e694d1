"""Participants lists in every form, and bullets that are not a listing."""

from __future__ import annotations

from .helpers import doc_of, tei, xp

BULLETS = """44. Memorandum of Conversation1

Geneva, April 2, 1973, 10 a.m.


  • Dr. Maria K. Olsen, Minister of Trade
  • Amb. Peter Wong, Ambassador to Norway
  • Lt. General Ruth Abara, Chief of Staff
  • The Chairman


  • Trade; shipping

Olsen: We are ready.

The Chairman: Then we begin.
  1. Source: Invented Archive, Box 3. Secret."""


def test_bulleted_name_role_lines_are_participants_not_a_listing():
    doc = doc_of(BULLETS)
    assert doc.kind == "frus"
    by_name = {p.name: p for p in doc.participants.values()}
    assert by_name["Maria K. Olsen"].role == "Minister of Trade"
    assert by_name["Peter Wong"].role == "Ambassador to Norway"
    assert "Ruth Abara" in by_name
    assert "Amb. Peter Wong" in by_name["Peter Wong"].forms  # the label form is kept
    root, _ = tei(BULLETS)
    assert len(xp(root, "//t:list[@type='participants']/t:item")) == 4
    assert xp(root, "string(//t:list[@type='unordered']/t:item)") == "Trade; shipping"
    assert ["".join(s.itertext()) for s in xp(root, "//t:speaker")] == ["Olsen:", "The Chairman:"]


def test_groups_by_side_and_by_agency():
    text = """3. Minutes of a Meeting1

Paris, May 1, 1971.

  • North:
  • Tran Van Bao, Head of Delegation
  • Le Thi Mai, Adviser
  • South:
  • Nora Kemp, Envoy
  • Defense: Mr. Otto Brandt
  • Treasury: Mrs. Ida Lund, Counsel

Nora Kemp: Good morning.
  1. Source: Invented. Secret."""
    doc = doc_of(text)
    groups = {p.name: p.group for p in doc.participants.values()}
    assert groups == {"Tran Van Bao": "North", "Le Thi Mai": "North", "Nora Kemp": "South",
                      "Otto Brandt": "Defense", "Ida Lund": "Treasury"}
    root, _ = tei(text)
    assert "North" in xp(root, "//t:particDesc//t:affiliation/text()")


def test_title_then_name_lines():
    text = "4. Minutes\n\nRome, June 1, 1970.\n\n  • Secretary of Commerce Alan B. Cole\n" \
           "  • Director of Central Intelligence Ivo Stern\n  • Deputy Secretary Hale\n\nCole: Yes.\n  1. Source: X."
    names = {p.name for p in doc_of(text).participants.values()}
    assert {"Alan B. Cole", "Ivo Stern", "Hale"} <= names


def test_present_were_and_labelled_lists():
    doc = doc_of("Record\n\nHue, May 1, 1970\n\nPresent were: Cdes. A. B. Lan and C. D. Minh.\n\nA. B. Lan Welcome.")
    assert {"A. B. Lan", "C. D. Minh"} <= {p.name for p in doc.participants.values()}
    doc = doc_of("Record\n\nHue, May 1, 1970\n\nThe following were in attendance:\n\n  • Ann Roe, Clerk\n"
                 "  • Bo Li, Judge\n\nAnn Roe: Order.")
    assert {"Ann Roe", "Bo Li"} <= {p.name for p in doc.participants.values()}


def test_a_bulleted_list_of_things_is_not_participants():
    doc = doc_of("Agenda\n\nHue, May 1, 1970\n\n  • Rice prices rose sharply in the north this spring.\n"
                 "  • Transport by river was interrupted for weeks.\n\nThe meeting ended.")
    assert not doc.participants


def test_an_item_of_a_participants_list_that_is_neither_a_name_nor_a_title_makes_no_person():
    """'1 January 1945.' or 'the 14 points' under PARTICIPANTS: no participant is made up (the TEI's register had
    one keyed p-1945-1-january, and its persName around a date broke the project schema); the item stays as
    written, the named ones are read as before."""
    for odd in ("1 January 1945.", "the 14 points", "12 May"):
        doc = doc_of(f"PARTICIPANTS:\n  • Henry Okafor\n  • {odd}\n  • The Chairman\n\nOkafor: We begin.")
        names = sorted(p.name for p in doc.participants.values())
        assert "Henry Okafor" in names and odd not in names and not any(c.isdigit() for n in names for c in n)
        root, _res = tei(f"PARTICIPANTS:\n  • Henry Okafor\n  • {odd}\n  • The Chairman\n\nOkafor: We begin.")
        assert odd.rstrip(".") in " ".join(xp(root, "//t:item//text()"))
        assert not xp(root, "//t:item//t:persName//t:date")
