"""Note markers in every style, placed over the whole document; page markers at the exact word."""

from __future__ import annotations

from .helpers import tei, xp


def notes_after(root) -> list[tuple[str, str]]:
    """(n, the word before the note) in reading order."""
    out = []
    for n in xp(root, "//t:text//t:note[not(@type='unanchored')]"):
        before = "".join(n.xpath("preceding::text()[not(ancestor::t:note)][position() <= 3]",
                                 namespaces={"t": "http://www.tei-c.org/ns/1.0"})[-1:])
        out.append((n.get("n"), before.split()[-1] if before.split() else ""))
    return out


def test_markers_after_numbers():
    text = ("8. Telegram1\n\nWashington, October 31, 1969, 2 p.m.\n\nReference Lisbon 41765 2 and State 291645:3 "
            "of July 16,4 and the cable of October 31, 1968,5 all agree.\n"
            "  1. Source: Invented. Secret.\n  2. Not printed.\n  3. Ibid.\n  4. Ibid.\n  5. Ibid.")
    root, _ = tei(text)
    assert [n for n, _w in notes_after(root)] == ["1", "2", "3", "4", "5"]
    body = xp(root, "string(//t:body)")
    assert "41765" in body and "291645" in body and "1968" in body


def test_slash_markers():
    root, _ = tei("Report\n\nHue, May 2, 1970\n\nThe envoy arrived /1/ late and left./2/\n\n/1/ By train.\n/2/ At noon.")
    assert [n.get("n") for n in xp(root, "//t:body//t:p/t:note")] == ["1", "2"]
    assert "/1/" not in xp(root, "string(//t:body//t:p)")


def test_duplicate_note_numbers_keep_every_note():
    text = ("9. Memorandum1\n\nWashington, May 2, 1970.\n\nFirst point.2 Second point.2 Third.3\n"
            "  1. Source: X.\n  2. Note A.\n  2. Note B.\n  3. Note C.")
    root, res = tei(text)
    ids = xp(root, "//t:note/@xml:id")
    assert len(ids) == len(set(ids)) == 4
    assert {"Note A.", "Note B."} <= set(xp(root, "//t:note/text()"))
    assert any(d.rule == "note-duplicate" for d in res.diagnostics)


def test_page_marker_line_between_paragraphs_of_one_speaker():
    text = ("5. Memorandum of Conversation1\n\nWashington, May 2, 1970.\n\nAlpha: First paragraph ends here.\n\n"
            "[Page 77]\n\nSecond paragraph of the same speaker.\n\nBeta: Reply.\n  1. Source: X.")
    root, _ = tei(text)
    sp = xp(root, "//t:sp")
    assert len(sp) == 2 and len(xp(sp[0], "t:p")) == 2
    pb = xp(root, "//t:pb")[0]
    assert pb.get("n") == "77" and pb.xpath("string(preceding::text()[1])").rstrip().endswith("here.")


def test_page_marker_inside_a_paragraph():
    root, _ = tei("5. Memo1\n\nWashington, May 2, 1970.\n\nWe met in [Page 12] the hall.\n  1. Source: X.")
    pb = xp(root, "//t:pb")[0]
    assert pb.get("n") == "12" and pb.xpath("string(preceding::text()[1])").rstrip().endswith("in")
