"""The plain-text edition (xslt/text.xsl, xslt/text-turns.xsl, pipeline/publish/text.py).

Golden files for the seeds: tests/golden/text/<id>.txt, regenerated with  UPDATE_GOLDEN=1 pytest tests/test_text.py
(read every regenerated file before committing it).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.errors import PipelineError
from pipeline.publish.text import TURNS_COLUMNS, render_text

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "text"
GOLDEN = ROOT / "tests" / "golden" / "text"
TEI_DIR = ROOT / "tei"
SEED_IDS = sorted(p.stem for p in (ROOT / "seeds").glob("*.txt"))
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"

TEI_HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="dx">
  <teiHeader><fileDesc><titleStmt><title type="main">{title}</title></titleStmt>
    <publicationStmt><publisher>P</publisher><idno type="document">x</idno></publicationStmt>
    <sourceDesc><bibl type="source"><publisher>Wilson Center Digital Archive</publisher></bibl></sourceDesc>
  </fileDesc></teiHeader>
  <text><body><div type="record">{body}</div></body></text>
</TEI>
"""


def tei(tmp_path: Path, body: str, name: str = "x", title: str = "A title") -> Path:
    path = tmp_path / f"{name}.xml"
    path.write_text(TEI_HEAD.format(body=body, title=title), encoding="utf-8")
    return path


def render(path: Path, tmp_path: Path, **options) -> str:
    out = tmp_path / "out"
    render_text([path], out, progress=False, pages="documents", **options)
    return (out / f"{path.stem}.txt").read_text(encoding="utf-8")


def body_of(text: str) -> str:
    """The reading text: after the header's rule of '='."""
    return text.split("=" * 10, 1)[1].lstrip("=").strip("\n")


# --- the fixture, whole ----------------------------------------------------------------------------

FX_EXPECTED = """\
Title:           Telegram From the Embassy in France to the Department of State
Date:            October 3, 1968 (1968-10-03)
Source:          Wilson Center Digital Archive, Record ID 114010, https://digitalarchive.example.org/document/114010
Archive:         RGANI, f. 80, op. 1, d. 521, ll. 29-80
Translated by:   Gary Goldberg
Rights:          Free to reuse for research and teaching.

========================================================================

45. Telegram From the Embassy in France to the Department of State [1]

Paris, October 3, 1968.

To: COSVN

Present were: Cdes. L. I. Brezhnev and A. N. Kosygin.

Le Duc Tho Yesterday I informed [you] about the situation. We [Page 120]had not talked[:] it was VSRP \
[Hungarian Socialist Worker’s Party] business.

1. The Americans will suffer serious defeats.
2. Then the war will continue and could expand.

A. N. Kosygin Before or after the negotiations?[2]

Le Duc Tho We envision this […] as the end result.

It was the second meeting, on 16 December 1966.

The Politburo

------------------------------------------------------------------------
Notes

[1] Source: National Archives, RG 59. Secret.

[2] See Document 40.
"""


def test_fixture_text_edition_is_exactly_as_documented(tmp_path):
    text = render(FIXTURES / "fx_a.xml", tmp_path)
    assert text == FX_EXPECTED


def test_output_is_utf8_lf_with_one_final_newline(tmp_path):
    out = tmp_path / "out"
    render_text([FIXTURES / "fx_a.xml"], out, progress=False)
    data = (out / "fx_a.txt").read_bytes()
    assert b"\r" not in data and data.endswith(b"\n") and not data.endswith(b"\n\n")
    data.decode("utf-8")


def test_width_wraps_without_breaking_or_losing_words(tmp_path):
    wide = render(FIXTURES / "fx_a.xml", tmp_path)
    narrow = render(FIXTURES / "fx_a.xml", tmp_path, width=30)
    for line in narrow.splitlines():
        assert len(line) <= 30 or " " not in line.strip(), line
    assert narrow.split() == wide.replace("=" * 72, "=" * 30).replace("-" * 72, "-" * 30).split()
    assert "1. The Americans will suffer\n   serious defeats." in narrow  # hanging indent under the item text
    assert "[1] Source: National Archives,\n    RG 59. Secret." in narrow


def test_page_breaks_and_notes_can_be_left_out(tmp_path):
    text = render(FIXTURES / "fx_a.xml", tmp_path, page_breaks=False, notes="omit")
    assert "[Page" not in text and "We had not talked" in text
    assert "Notes" not in text and "[1]" not in text and "See Document 40" not in text
    assert "State\n" in text and "negotiations?\n" in text


@pytest.mark.parametrize("options", [{"notes": "margin"}, {"width": -1}, {"pages": "some"}])
def test_bad_options_are_clear_errors(tmp_path, options):
    with pytest.raises(PipelineError, match="must be"):
        render_text([FIXTURES / "fx_a.xml"], tmp_path, progress=False, **options)


# --- rules on invented documents --------------------------------------------------------------------

@pytest.mark.parametrize("xml, printed", [
    ('<supplied reason="omitted-in-original">we </supplied>', "[we ]"),
    ('MIG-17<supplied reason="omitted-in-original">s</supplied>', "MIG-17[s]"),
    ('Cuong <supplied reason="gloss">Pham Hung</supplied>', "Cuong [Pham Hung]"),
    ('<foreign xml:lang="ru-Latn">priblizit’</foreign>', "[priblizit’]"),
    ('<foreign xml:lang="ru-Latn"><sic>vidim</sic></foreign>', "[vidim – SIC]"),
    ("four <sic>and</sic> five", "four and [SIC] five"),
    ("five, <sic/>", "five, [SIC]"),
    ('<sic rend="lowercase">and</sic>', "and [sic]"),
    ("<unclear>Hanoi</unclear>, they", "Hanoi[?], they"),
    ("said <unclear/> that", "said [?] that"),
    ('<gap reason="omitted"/>', "[…]"),
    ('<gap reason="omitted"><desc>. . .</desc></gap>', "[. . .]"),
    ('<gap reason="illegible"><desc>illegible name</desc></gap>', "[illegible name]"),
    ('<gap reason="signature"><desc>signed</desc></gap> The Politburo', "[signed] The Politburo"),
    ('<gap reason="obfuscated-by-website"><desc>email protected</desc></gap>', "[email protected]"),
    ("<incident><desc>Laughter</desc></incident>", "[Laughter]"),
    ('Mr <persName ref="persons.xml#k">Kissinger</persName> at <time when="20:00:00">8pm</time>',
     "Mr Kissinger at 8pm"),
])
def test_brackets_are_printed_back_as_in_the_source(tmp_path, xml, printed):
    assert body_of(render(tei(tmp_path, f"<p>{xml}</p>"), tmp_path)) == printed


ROUND_TRIP_LINES = [
    "Our goals are in points 4 and 5 which [you] know, the following[:] the Americans.",
    "The VSRP [Hungarian Socialist Worker’s Party] and backstage [private] probes with MIG-17[s].",
    "We will [priblizit’] and [vidim – SIC] four and [SIC] five, [SIC] and [sic] it.",
    "Hanoi[?], they said [?] that [...] and […] were [illegible name] [signed] The Politburo.",
    "Write to [email protected] [Laughter] [name not declassified] [Omitted here is discussion of Laos.]",
]


@pytest.mark.parametrize("line", ROUND_TRIP_LINES)
def test_brackets_round_trip_through_the_classifier(tmp_path, line):
    """Invented lines -> pipeline.encode.brackets elements -> text.xsl prints the line back exactly."""
    brackets = pytest.importorskip("pipeline.encode.brackets")
    from lxml import etree

    matches, warnings = brackets.find_brackets(line)
    assert warnings == [] and matches
    p = etree.Element("{http://www.tei-c.org/ns/1.0}p", nsmap={None: "http://www.tei-c.org/ns/1.0"})
    p.text, pos, last = "", 0, None
    for m in matches:
        if last is None:
            p.text = line[pos:m.start]
        else:
            last.tail = line[pos:m.start]
        last = etree.fromstring(etree.tostring(m.element))
        p.append(last)
        pos = m.end
    last.tail = line[pos:]
    xml = etree.tostring(p, encoding="unicode").replace(' xmlns="http://www.tei-c.org/ns/1.0"', "")
    assert body_of(render(tei(tmp_path, xml), tmp_path)) == line


def test_turn_without_paragraph_and_turn_opening_with_a_list(tmp_path):
    body = """<sp who="#a"><speaker>Rusk:</speaker>Yes.</sp>
      <sp who="#b"><speaker>The President:</speaker><list><item n="a)">one</item><item>two</item></list></sp>
      <sp who="#c"><p>No label in the source.</p><p>Second paragraph.</p></sp>"""
    assert body_of(render(tei(tmp_path, body), tmp_path)) == (
        "Rusk: Yes.\n\nThe President:\na) one\n• two\n\nNo label in the source.\n\nSecond paragraph.")


def test_quoted_excerpt_is_indented_and_citation_follows(tmp_path):
    body = """<p>Excerpts reveal:</p>
      <quote type="excerpt" source="#s1"><sp who="#a"><speaker>Xuân Thùy:</speaker><p>I spoke.</p></sp></quote>
      <bibl xml:id="s1">Memorandum, US National Archives</bibl>"""
    assert body_of(render(tei(tmp_path, body), tmp_path)) == (
        "Excerpts reveal:\n\n    Xuân Thùy: I spoke.\n\nMemorandum, US National Archives")


def test_listing_entries_keep_date_title_and_summary_lines(tmp_path):
    body = """<listBibl><bibl n="1"><date when="1964-10-20">October 20, 1964</date> <title>Cable from Hanoi</title>
      <note type="summary">Positive responses.</note></bibl><bibl n="2"><date when="1971">1971</date>
      <title>Discussion</title></bibl></listBibl>"""
    assert body_of(render(tei(tmp_path, body), tmp_path)) == (
        "• October 20, 1964\n  Cable from Hanoi\n  Positive responses.\n\n• 1971\n  Discussion")


def test_opener_and_closer_print_one_line_per_part(tmp_path):
    body = """<opener><addrLine>To: COSVN</addrLine><dateline>Hanoi, 1968</dateline></opener><p>Text.</p>
      <closer><salute>Regards,</salute><signed>The Politburo</signed></closer>"""
    assert body_of(render(tei(tmp_path, body), tmp_path)) == (
        "To: COSVN\nHanoi, 1968\n\nText.\n\nRegards,\nThe Politburo")


def test_notes_without_number_are_numbered_in_order_and_page_break_between_blocks(tmp_path):
    body = '<p>One<note>first</note> two<note>second</note>.</p><pb n="7"/><p>Three.</p>'
    text = render(tei(tmp_path, body), tmp_path)
    assert body_of(text) == ("One[1] two[2].\n\n[Page 7]\n\nThree.\n\n" + "-" * 72 +
                             "\nNotes\n\n[1] first\n\n[2] second")


def test_unknown_elements_keep_their_words(tmp_path):
    body = "<p>Before.</p><table><row><cell>a cell</cell><cell>b</cell></row></table>"
    assert body_of(render(tei(tmp_path, body), tmp_path)) == "Before.\n\na cell | b"
    body = "<p>In <figure><figDesc>x</figDesc></figure> a <term>word</term><seg>run</seg> <ref>here</ref>.</p>"
    assert body_of(render(tei(tmp_path, body), tmp_path)) == "In a wordrun here."


@pytest.mark.parametrize("date, shown", [
    ('<date when="1970-02-21" cert="medium" resp="#encoder">21 February</date>',
     "21 February (1970-02-21; inferred by the encoder, medium certainty)"),
    ('<date when="1968-10-02" resp="#editor">1968-10-02</date>', "2 October 1968 (1968-10-02; supplied by the editors)"),
    ('<date from="1964-10-20" to="1975-09-29">1964–1975</date>', "1964–1975"),
    ('<date when="1966-12">December 1966</date>', "December 1966 (1966-12)"),
])
def test_header_date_says_how_it_was_found(tmp_path, date, shown):
    path = tei(tmp_path, "<p>x</p>")
    path.write_text(path.read_text(encoding="utf-8").replace(
        "</fileDesc>", f"</fileDesc><profileDesc><creation>{date}</creation></profileDesc>"), encoding="utf-8")
    assert f"\nDate:            {shown}\n" in render(path, tmp_path)


def test_header_leaves_out_fields_the_document_does_not_have(tmp_path):
    text = render(tei(tmp_path, "<p>x</p>"), tmp_path)
    assert text.split("\n\n")[0] == "Title:           A title\nSource:          Wilson Center Digital Archive"


# --- files, turns, jobs -----------------------------------------------------------------------------

def test_turns_table_has_header_and_one_row_per_turn(tmp_path):
    out = tmp_path / "out"
    written = render_text([FIXTURES / "fx_a.xml"], out, pages="corpus", progress=False)
    assert written == [out / "turns.tsv"] and not (out / "fx_a.txt").exists()
    rows = [r.split("\t") for r in (out / "turns.tsv").read_text(encoding="utf-8").splitlines()]
    assert rows[0] == list(TURNS_COLUMNS)
    assert rows[1][:5] == ["fx_a", "1968-10-03", "1", "le-duc-tho", "Le Duc Tho"]
    assert rows[1][5].startswith("Yesterday I informed [you] about the situation. We had not talked[:]")
    assert rows[1][5].endswith("1. The Americans will suffer serious defeats. 2. Then the war will continue "
                               "and could expand.")
    assert rows[2] == ["fx_a", "1968-10-03", "2", "kosygin", "A. N. Kosygin", "Before or after the negotiations?"]
    assert all(len(r) == 6 for r in rows)


def test_register_is_skipped_and_documents_are_sorted(tmp_path):
    (tmp_path / "persons.xml").write_text(
        '<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="persons"><teiHeader/><text><body><div><listPerson>'
        '<person xml:id="a"><persName>A</persName></person></listPerson></div></body></text></TEI>', encoding="utf-8")
    b = tei(tmp_path, '<sp who="#x"><speaker>B</speaker><p>b</p></sp>', name="b")
    a = tei(tmp_path, '<sp who="#x"><speaker>A</speaker><p>a</p></sp>', name="a")
    out = tmp_path / "out"
    written = render_text([tmp_path / "persons.xml", b, a], out, progress=False)
    assert [p.name for p in written] == ["a.txt", "b.txt", "turns.tsv"]
    rows = (out / "turns.tsv").read_text(encoding="utf-8").splitlines()
    assert [r.split("\t")[4] for r in rows[1:]] == ["A", "B"]


def test_any_number_of_jobs_gives_identical_bytes(tmp_path):
    paths = []
    for name in ("d1", "d2", "d3"):
        paths.append(tmp_path / f"{name}.xml")
        shutil.copy(FIXTURES / "fx_a.xml", paths[-1])
    render_text(paths, tmp_path / "j1", jobs=1, progress=False, width=60)
    render_text(paths, tmp_path / "j3", jobs=3, progress=False, width=60)
    for name in ("d1.txt", "d2.txt", "d3.txt", "turns.tsv"):
        assert (tmp_path / "j1" / name).read_bytes() == (tmp_path / "j3" / name).read_bytes()


def test_malformed_tei_is_one_clear_line_not_a_traceback(tmp_path):
    bad = tmp_path / "bad.xml"
    bad.write_text('<TEI xmlns="http://www.tei-c.org/ns/1.0"><text>\n<p>open</TEI>', encoding="utf-8")
    result = CliRunner().invoke(main, ["text", str(bad), "-o", str(tmp_path / "out"), "-q"])
    assert result.exit_code == 1
    assert f"{bad}:2:" in result.output and "error: not well-formed" in result.output and "[well-formed]" in result.output
    assert "Traceback" not in result.output


def test_cli_text_options_reach_the_stylesheet(tmp_path):
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["text", str(FIXTURES / "fx_a.xml"), "-o", str(out), "--width", "40",
                                       "--no-page-breaks", "--notes", "omit", "-q"])
    assert result.exit_code == 0, result.output
    text = (out / "fx_a.txt").read_text(encoding="utf-8")
    assert "[Page" not in text and "Notes" not in text
    assert all(len(line) <= 40 for line in text.splitlines() if " " in line.strip())  # a long URL stays whole


def test_a_text_is_made_again_when_its_tei_or_the_options_change_and_only_then(tmp_path):
    out = tmp_path / "out"
    tei = tmp_path / "fx_a.xml"
    tei.write_bytes((FIXTURES / "fx_a.xml").read_bytes())

    def run(*options):
        result = CliRunner().invoke(main, ["text", str(tei), "-o", str(out), "-q", *options])
        assert result.exit_code == 0, result.output
        return (out / "fx_a.txt").stat().st_mtime_ns, (out / "fx_a.txt").read_text(encoding="utf-8")

    first = run()
    assert run() == first  # nothing changed: not made again
    narrow = run("--width", "30")
    assert narrow[1] != first[1]
    assert run()[1] == first[1]  # back to the default options: made again
    tei.write_text(tei.read_text(encoding="utf-8").replace("</body>", "<p>Added later.</p></body>", 1), "utf-8")
    assert "Added later." in run()[1]
    assert "Added later." in run("--force")[1]


# --- the seeds --------------------------------------------------------------------------------------

def seed_tei(seed_id: str) -> Path:
    path = TEI_DIR / f"{seed_id}.xml"
    if not path.is_file():
        pytest.skip(f"{path} not encoded yet")
    return path


@pytest.fixture(scope="module")
def seed_texts(tmp_path_factory):
    paths = [TEI_DIR / f"{s}.xml" for s in SEED_IDS if (TEI_DIR / f"{s}.xml").is_file()]
    if not paths:
        pytest.skip("no seed encoded in tei/ yet")
    out = tmp_path_factory.mktemp("seed-text")
    render_text(paths, out, progress=False, jobs=2)
    return out


@pytest.mark.parametrize("seed_id", SEED_IDS)
def test_seed_text_matches_golden_file(seed_texts, seed_id):
    seed_tei(seed_id)
    produced = (seed_texts / f"{seed_id}.txt").read_text(encoding="utf-8")
    golden = GOLDEN / f"{seed_id}.txt"
    if UPDATE:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(produced, encoding="utf-8")
    assert golden.is_file(), f"no golden file; run UPDATE_GOLDEN=1 pytest {__file__}"
    assert produced == golden.read_text(encoding="utf-8")


def test_seed_turns_table_has_127_turns(seed_texts):
    rows = (seed_texts / "turns.tsv").read_text(encoding="utf-8").splitlines()[1:]
    per_doc = {}
    for row in rows:
        per_doc[row.split("\t")[0]] = per_doc.get(row.split("\t")[0], 0) + 1
    expected = {"000_ce4f38ee9e6d958d": 7, "002_241508d0c6af083c": 120}
    assert {k: per_doc.get(k, 0) for k in SEED_IDS} == {k: expected.get(k, 0) for k in SEED_IDS}
    assert len(rows) == 127


def test_a_speaker_label_prints_exactly_as_written(tmp_path):
    """The label's own punctuation is in <speaker> (a colon, a full stop, or none); the edition adds only a space."""
    body = """<sp who="#a"><speaker>A. A. Gromyko.</speaker><p>We think so.</p></sp>
      <sp who="#b"><speaker>Le Duc Tho</speaker><p>Yesterday I spoke.</p></sp>
      <sp who="#c"><speaker>NGUYEN DUY TRINH.</speaker><p>Yes.</p></sp>
      <sp who="#d"><speaker>“President:</speaker><p>Bill, go on.</p></sp>"""
    assert body_of(render(tei(tmp_path, body), tmp_path)) == (
        "A. A. Gromyko. We think so.\n\nLe Duc Tho Yesterday I spoke.\n\nNGUYEN DUY TRINH. Yes.\n\n"
        "“President: Bill, go on.")


@pytest.mark.parametrize("resp", ["Translated by", "Translated for An Invented Institute by", "Übersetzt von"])
def test_translator_is_read_from_resp_key_not_its_words(tmp_path, resp):
    """The role is data (resp/@key="trl", as the encoder writes it); the words of resp may be anything."""
    path = tei(tmp_path, "<p>Text.</p>")
    text = path.read_text(encoding="utf-8").replace(
        "</title></titleStmt>",
        f'</title><respStmt><resp key="trl">{resp}</resp><persName>Ann Other-Translator</persName></respStmt>'
        '<respStmt><resp>Translated by</resp><persName>Not A Translator</persName></respStmt></titleStmt>')
    path.write_text(text, encoding="utf-8")
    render_text([path], tmp_path / "out", pages="documents", progress=False)
    out = (tmp_path / "out" / "x.txt").read_text(encoding="utf-8")
    assert "Ann Other-Translator" in out.split("=" * 10)[0]
    assert "Not A Translator" not in out


def test_the_encoder_marks_the_translator_as_data():
    from pipeline.encode import encode_text

    seed = next((ROOT / "seeds").glob("003_*.txt"))
    xml = encode_text(seed.read_text(encoding="utf-8"), seed.stem).xml.decode("utf-8")
    assert '<resp key="trl">Translated for CWIHP by</resp>' in xml


@pytest.mark.parametrize("identifier, archive", [
    ("<settlement>Sofia</settlement><repository>Central State Archive</repository><idno>Fond 1-B</idno>",
     "Central State Archive, Sofia, Fond 1-B"),
    ("<repository>An Invented Archive</repository>", "An Invented Archive"),
])
def test_the_archive_is_the_one_the_deposit_reads(tmp_path, identifier, archive):
    """One concept, one reading: the text edition's Archive field is xslt/common.xsl's f:archive and f:shelfmark, the
    same elements as the deposit's documents.tsv (pipeline/deposit/records.py archive_of)."""
    from lxml import etree

    from pipeline.deposit import archive_of

    path = tei(tmp_path, "<p>x</p>")
    path.write_text(path.read_text(encoding="utf-8").replace(
        "</sourceDesc>", f"<msDesc><msIdentifier>{identifier}</msIdentifier></msDesc></sourceDesc>"), encoding="utf-8")
    assert f"\nArchive:         {archive}\n" in render(path, tmp_path)
    assert ", ".join(part for part in archive_of(etree.parse(str(path)).getroot()) if part) == archive
