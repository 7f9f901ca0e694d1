"""Invented Wilson Center records (a cable, a conversation, a journal entry) and transcripts (names alone above the
speech; Q:/A:) as fixtures (tests/fixtures/robust/): turns, notes where their markers stood, the opener, nothing
lost (the fidelity check over the text edition) and valid against the project's schema."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from pipeline.cli import main
from pipeline.fidelity import check_fidelity
from pipeline.publish.text import render_text

from .helpers import tei, xp

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "robust"


def fixture(name: str):
    return tei((FIXTURES / f"{name}.txt").read_text(encoding="utf-8"))


def speakers(root) -> list[str]:
    return [s.xpath("string(.)") for s in xp(root, "//t:speaker")]


def note_after(root) -> list[tuple[str, str]]:
    out = []
    for n in xp(root, "//t:body//t:note[@place='foot']"):
        before = n.xpath("string(preceding::text()[not(ancestor::t:note)][1])",
                         namespaces={"t": "http://www.tei-c.org/ns/1.0"}).split()
        out.append((n.get("n"), before[-1] if before else ""))
    return out


def test_wilson_cable():
    root, res = fixture("wilson_cable")
    assert xp(root, "string(//t:catRef/@target)") == "#wilson-record"
    assert xp(root, "string(//t:div/t:head)") == "Cable from Le Van Hoang to Bay Minh on the Talks in Vientiane"
    assert xp(root, "//t:opener/t:seg/text()") == ["To: Bay Minh", "From: Le Van Hoang"]
    assert note_after(root) == [("1", "again"), ("2", "stands."), ("3", "session.")]
    assert xp(root, "//t:body//t:list/t:label/text()") == ["1.", "2.", "3."]
    assert xp(root, "string(//t:closer/t:signed)") == "Le Van Hoang"
    assert xp(root, "string(//t:creation/t:date/@when)") == "1972-11-14"
    assert not any(d.rule == "bracket-unclassified" for d in res.diagnostics)  # '[1]' is a marker


def test_wilson_conversation():
    root, _ = fixture("wilson_conversation")
    assert speakers(root) == ["Sun Wei:", "Erik Lund:", "Sun Wei:", "Erik Lund:"]
    assert note_after(root) == [("1", "journey?"), ("2", "20")]
    assert len(xp(root, "//t:sp[3]//t:incident")) == 1  # '[Laughter]' inside the turn, not a turn
    assert xp(root, "string(//t:creation/t:date/@when)") == "1965-06-03"


def test_wilson_journal_entry():
    root, _ = fixture("wilson_journal")
    assert speakers(root) == []
    assert note_after(root) == [("1", "request."), ("2", "reported.")]
    assert xp(root, "string(//t:creation/t:date/@when)") == "1968-08-21"


def test_transcript_names_alone_above_the_speech():
    root, _ = fixture("transcript_names")
    assert speakers(root) == ["MARTA VIDAL", "JONAS KERR", "MARTA VIDAL", "JONAS KERR"]
    assert len(xp(root, "//t:particDesc//t:person")) == 2
    assert xp(root, "string(//t:dateline/t:date/@when)") == "1994-04-12"


def test_transcript_questions_and_answers():
    root, _ = fixture("transcript_qa")
    assert speakers(root) == ["Q:", "A:"] * 3
    assert len(xp(root, "//t:sp[4]//t:incident")) == 1


def test_fixtures_valid_and_nothing_lost(tmp_path):
    sources = sorted(FIXTURES.glob("*.txt"))
    runner = CliRunner()
    out = tmp_path / "tei"
    res = runner.invoke(main, ["encode", *map(str, sources), "-o", str(out), "--force", "--quiet"])
    assert res.exit_code == 0, res.output
    res = runner.invoke(main, ["validate", *[str(out / f"{s.stem}.xml") for s in sources]])
    assert res.exit_code == 0 and "0 error(s)" in res.output, res.output
    render_text([out / f"{s.stem}.xml" for s in sources], tmp_path / "text", progress=False)
    assert [d.format() for d in check_fidelity(sources, out, tmp_path / "text")] == []
