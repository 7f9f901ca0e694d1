"""The fidelity check (pipeline/fidelity.py): source words less omissions == text edition words less additions."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, strategies as st

from pipeline.cli import main
from pipeline.fidelity import Word, check_fidelity, compare_words, edition_body, words_of_line
from pipeline.publish.text import render_text
from shared import FRUS_SAMPLES, SKIP_REASON

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "text"
TEI_DIR = ROOT / "tei"
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))


@pytest.fixture
def fx(tmp_path):
    """The fixture's source and TEI copied to tmp_path, its text edition rendered into tmp_path/text."""
    shutil.copy(FIXTURES / "fx_a.txt", tmp_path / "fx_a.txt")
    shutil.copy(FIXTURES / "fx_a.xml", tmp_path / "fx_a.xml")
    render_text([tmp_path / "fx_a.xml"], tmp_path / "text", progress=False)
    return tmp_path


def edit_text(fx: Path, old: str, new: str) -> None:
    path = fx / "text" / "fx_a.txt"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def check(fx: Path):
    return check_fidelity([fx / "fx_a.txt"], fx, fx / "text")


# --- words ------------------------------------------------------------------------------------------

def test_words_are_letters_digits_and_marks_with_their_columns():
    words = words_of_line("Lê Đức Thọ’s “logical” meeting.2 [Page 120]had 20th, represent-atives", 7)
    assert [w.text for w in words] == ["Lê", "Đức", "Thọ", "s", "logical", "meeting", "2", "Page", "120", "had",
                                      "20", "th", "represent", "atives"]
    assert (words[0].line, words[0].col, words[1].col) == (7, 1, 4)


@pytest.mark.parametrize("source, edition", [
    ("Memorandum of Conversation1", "Memorandum of Conversation[1]"),
    ("Harriman2 said", "Harriman [2] said"),
    ("the talks of Paris12 went on", "the talks of Paris[12] went on"),
    ("Ле Дык Тхо3 spoke", "Ле Дык Тхо [3] spoke"),
])
def test_a_marker_glued_to_its_word_is_the_same_words_as_the_edition_prints_it(source, edition):
    assert [w.text for w in words_of_line(source, 1)] == [w.text for w in words_of_line(edition, 1)]
    assert compare_words(words_of_line(source, 1), words_of_line(edition, 1), "src", "txt") == []


def test_a_letter_next_to_a_digit_is_still_compared():
    assert [w.text for w in words_of_line("B52 2nd x7y", 1)] == ["B", "52", "2", "nd", "x", "7", "y"]
    assert compare_words(words_of_line("B52", 1), words_of_line("B53", 1), "src", "txt") != []


def test_combining_marks_stay_inside_their_word():
    assert [w.text for w in words_of_line("Le Duc The\u0323 x", 1)] == ["Le", "Duc", "Thẹ", "x"]  # NFC composes
    assert [w.text for w in words_of_line("a\u0301\u0320b c", 1)][-1] == "c"
    assert len(words_of_line("a\u0301\u0320b c", 1)) == 2


def test_edition_body_drops_the_header_and_the_notes_heading():
    text = "Title: Notes\n\n=====\n\nBody Notes\n\n-----\nNotes\n\n[1] n\n"
    body, first = edition_body(text)
    assert first == 4 and [w.text for w in sum((words_of_line(x, 0) for x in body), [])] == ["Body", "Notes", "1", "n"]


# --- the fixture ------------------------------------------------------------------------------------

def test_fixture_has_no_difference(fx):
    assert check(fx) == []


def test_catches_a_dropped_word(fx):
    edit_text(fx, "about the situation", "about situation")
    [d] = check(fx)
    assert (d.path, d.line, d.col, d.severity, d.rule) == (str(fx / "fx_a.txt"), 8, 45, "error", "fidelity")
    assert d.message == f"1 word(s) of the source missing from the text edition ({fx / 'text' / 'fx_a.txt'}:18): 'the'"


def test_catches_a_duplicated_word(fx):
    edit_text(fx, "Before or after", "Before or or after")
    [d] = check(fx)
    assert (d.line, d.col) == (12, 25)  # the second 'or' is the extra one, before 'after'
    assert d.message == f"the text edition adds 1 word(s) not in the source here ({fx / 'text' / 'fx_a.txt'}:23): 'or'"


def test_catches_a_reordered_paragraph(fx):
    path = fx / "text" / "fx_a.txt"
    blocks = path.read_text(encoding="utf-8").split("\n\n")
    i = next(k for k, b in enumerate(blocks) if b.startswith("Present were"))
    blocks[i], blocks[i + 1] = blocks[i + 1], blocks[i]
    path.write_text("\n\n".join(blocks), encoding="utf-8")
    [d] = check(fx)
    assert (d.line, d.col) == (7, 1)
    assert d.message.startswith("10 word(s) out of place: 'Present were Cdes L I Brezhnev and A …' stand at ")


def test_catches_a_changed_word_and_a_lost_note(fx):
    edit_text(fx, "serious defeats", "serious losses")
    edit_text(fx, "[2] See Document 40.", "[2]")
    diags = check(fx)
    assert [(d.line, d.col) for d in diags] == [(10, 40), (18, 6)]
    assert diags[0].message.startswith("the source has 'defeats' where the text edition (")
    assert diags[0].message.endswith(":20) has 'losses'")
    assert diags[1].message.startswith("3 word(s) of the source missing from the text edition (")
    assert diags[1].message.endswith("'See Document 40'")


def test_an_omitted_line_that_is_also_printed_is_an_addition(fx):
    edit_text(fx, "The Politburo\n", "The Politburo\n\nSkip to content\n")
    [d] = check(fx)
    assert "adds 3 word(s)" in d.message and "'Skip to content'" in d.message


def test_omission_list_must_quote_its_line(fx):
    tei = fx / "fx_a.xml"
    tei.write_text(tei.read_text(encoding="utf-8").replace('<item n="19">', '<item n="18">'), encoding="utf-8")
    messages = [d.message for d in check(fx)]
    assert any("lists line 18 as left out quoting 'Record ID', but the line reads '2. See Document 40.'" in m
               for m in messages)


def test_missing_files_are_reported_not_raised(fx):
    (fx / "text" / "fx_a.txt").unlink()
    [d] = check(fx)
    assert d.message == f"{fx / 'text' / 'fx_a.txt'} does not exist; run `pipeline text` first"


def test_cli_check_reports_and_exits_1(fx):
    edit_text(fx, "about the situation", "about situation")
    result = CliRunner().invoke(main, ["check", str(fx / "fx_a.txt"), "--tei-dir", str(fx),
                                       "--text-dir", str(fx / "text")])
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"{fx / 'fx_a.txt'}:8:45: error: 1 word(s) of the source missing from the text edition "
        f"({fx / 'text' / 'fx_a.txt'}:18): 'the' [fidelity]",
        "1 file(s) checked: 1 error(s), 0 warning(s)",
    ]


def test_the_check_holds_for_any_line_width(fx):
    render_text([fx / "fx_a.xml"], fx / "text", progress=False, width=25)
    assert check(fx) == []


# --- the comparison, on random sequences ------------------------------------------------------------

word_lists = st.lists(st.sampled_from(["a", "b", "c", "d", "e", "f"]), min_size=1, max_size=40)


def as_words(texts):
    return [Word(t, n, 1) for n, t in enumerate(texts, start=1)]


@given(word_lists, st.data())
def test_any_dropped_or_duplicated_word_is_reported(texts, data):
    i = data.draw(st.integers(0, len(texts) - 1))
    assert compare_words(as_words(texts), as_words(texts), "s", "t") == []
    assert compare_words(as_words(texts), as_words(texts[:i] + texts[i + 1:]), "s", "t") != []
    assert compare_words(as_words(texts), as_words(texts[:i] + [texts[i]] + texts[i:]), "s", "t") != []


# --- the seeds --------------------------------------------------------------------------------------

def test_seeds_lose_no_word(tmp_path):
    encoded = [s for s in SEEDS if (TEI_DIR / f"{s.stem}.xml").is_file()]
    if not encoded:
        pytest.skip("no seed encoded in tei/ yet")
    render_text([TEI_DIR / f"{s.stem}.xml" for s in encoded], tmp_path, progress=False)
    assert [d.format() for d in check_fidelity(encoded, TEI_DIR, tmp_path)] == []


# --- real FRUS documents: the Office of the Historian's own TEI, printed by text.xsl --------------------

FRUS = FRUS_SAMPLES


def test_frus_gold_tei_prints_every_word_of_the_website_text(tmp_path):
    """The published FRUS TEI (wrapped in a minimal header) through text.xsl has the words of the website's text."""
    if not FRUS.is_dir():
        pytest.skip(SKIP_REASON)
    sources = []
    for gold in sorted((FRUS / "gold").glob("frus1964-68v07_d*.xml")):
        n = gold.stem.rsplit("_d", 1)[1]
        source = FRUS / "text" / f"frus-v07-d{n}.txt"
        if not source.is_file():
            continue
        div = gold.read_text(encoding="utf-8").replace(
            '<div type="document"', '<div xmlns="http://www.tei-c.org/ns/1.0" type="document"', 1)
        (tmp_path / f"{source.stem}.xml").write_text(
            '<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>t</title></titleStmt>'
            '<publicationStmt><p/></publicationStmt><sourceDesc><p/></sourceDesc></fileDesc></teiHeader>'
            f"<text><body>{div}</body></text></TEI>", encoding="utf-8")
        sources.append(source)
    assert len(sources) >= 6
    render_text([tmp_path / f"{s.stem}.xml" for s in sources], tmp_path / "text", progress=False)
    assert [d.format() for d in check_fidelity(sources, tmp_path, tmp_path / "text")] == []


def test_fast_word_split_is_the_documented_split():
    """words_of_line takes one regex pass when every character of the line is classed alike by Python's isalnum
    and by the letter/number/mark rule; word_texts (the comparison's fast path) must find the same words."""
    import random
    import unicodedata

    from pipeline.fidelity import word_texts, words_of_line

    def by_the_rule(line):
        """Runs of letters (with the marks after them), runs of numbers (with the marks after them)."""
        line = unicodedata.normalize("NFC", line)
        words, current, kind = [], "", ""
        for ch in line:
            cat = unicodedata.category(ch)[0]
            if cat not in "LNM":  # letters, numbers, marks
                cls = ""
            elif cat == "M":
                cls = kind or "L"
            else:
                cls = "N" if cat == "N" else "L"
            if cls and cls == kind:
                current += ch
                continue
            if current:
                words.append(current)
            current, kind = (ch, cls) if cls else ("", "")
        if current:
            words.append(current)
        return words

    rnd = random.Random(7)
    pool = "abc XYZ 09_-.,'’[]()éüñçĐđơưạặ\u0301\u0300\u0323²½Ⅻ一中ـ\u200b\u00a0\t٣۴"
    for _ in range(3000):
        line = "".join(rnd.choice(pool) for _ in range(rnd.randint(0, 30)))
        assert [w.text for w in words_of_line(line, 1)] == by_the_rule(line) == word_texts([line]), repr(line)


# --- notes counted: a footnote lost on the way is caught; a marker glued to its word is no difference ------------

NOTED = ("7. Memorandum of Conversation1\n\nOslo, May 2, 1977.\n\nWe met at noon.2 The talks went on.3\n"
         "  1. Source: Invented Archive. Secret.\n  2. Not printed.\n  3. Ibid.\n")


def _encode_noted(tmp_path: Path) -> tuple[Path, Path]:
    from pipeline.encode import encode_text
    from pipeline.encode.names.registry import Registry

    src = tmp_path / "noted.txt"
    src.write_text(NOTED, encoding="utf-8")
    tei = tmp_path / "tei"
    tei.mkdir()
    (tei / "noted.xml").write_bytes(encode_text(NOTED, "noted", registry=Registry(), side={}).xml)
    render_text([tei / "noted.xml"], tmp_path / "text", progress=False)
    return src, tei


def test_glued_note_markers_are_no_difference_and_every_note_is_there(tmp_path):
    src, tei = _encode_noted(tmp_path)
    assert [d.format() for d in check_fidelity([src], tei, tmp_path / "text")] == []


def test_a_lost_footnote_is_an_error(tmp_path):
    import re

    src, tei = _encode_noted(tmp_path)
    xml = (tei / "noted.xml").read_text(encoding="utf-8")
    (tei / "noted.xml").write_text(re.sub(r'<note place="foot" n="3".*?</note>', "", xml, flags=re.S),
                                   encoding="utf-8")
    found = [d.format() for d in check_fidelity([src], tei, tmp_path / "text")]
    assert any("lists 3 note(s)" in f and "not in the TEI: 3" in f for f in found), found


# --- what the TEI does not record: a marker glued to a number, the order of a note list ---------------------------

def _check_source(tmp_path: Path, text: str, doc_id: str = "nx"):
    """Encode ``text``, render its text edition, and run the fidelity check on it."""
    from pipeline.encode import encode_text

    src = tmp_path / f"{doc_id}.txt"
    src.write_text(text, encoding="utf-8")
    (tmp_path / f"{doc_id}.xml").write_bytes(encode_text(text, doc_id).xml)
    render_text([tmp_path / f"{doc_id}.xml"], tmp_path / "text", progress=False)
    return check_fidelity([src], tmp_path, tmp_path / "text")


@pytest.mark.parametrize("heading", ["12. Cable No. 3231", "7. Telegram 8841", "3. Cable No. 40 1", "3. Cable 1968"])
def test_a_note_marker_glued_to_a_number_or_not_is_no_difference(tmp_path, heading):
    text = f"{heading}\n\nParis, May 2, 1971.\n\nThe talks went on 1968 1 and on.\n  1. Source: Invented Archive, Box 4."
    assert _check_source(tmp_path, text) == []


@pytest.mark.parametrize("order", [(1, 3, 2), (2, 1), (3, 2, 1), (1, 2, 2)])
def test_a_note_list_out_of_order_keeps_each_note_whole(tmp_path, order):
    markers = " ".join(f"point{n}" for n in sorted(set(order)))
    notes = "\n".join(f"  {n}. Note number {n} of the invented list, box {10 * n}." for n in order)
    assert _check_source(tmp_path, f"The talks covered {markers} today.\n{notes}") == []


def test_a_reordered_note_that_lost_a_word_is_still_reported(tmp_path):
    text = "The talks covered point1 and point2 today.\n  2. See Document 40.\n  1. Source: Invented Archive."
    from pipeline.encode import encode_text

    (tmp_path / "nx.txt").write_text(text, encoding="utf-8")
    (tmp_path / "nx.xml").write_bytes(encode_text(text, "nx").xml)
    render_text([tmp_path / "nx.xml"], tmp_path / "text", progress=False)
    edit_text_at = tmp_path / "text" / "nx.txt"
    edit_text_at.write_text(edit_text_at.read_text(encoding="utf-8").replace("See Document 40", "See 40"),
                            encoding="utf-8")
    [d] = check_fidelity([tmp_path / "nx.txt"], tmp_path, tmp_path / "text")
    assert "Document" in d.message


def test_a_number_split_by_the_edition_without_a_marker_is_reported(tmp_path):
    text = "12. Cable No. 3231\n\nParis, May 2, 1971.\n\nSome text.\n  1. Source: Invented Archive."
    from pipeline.encode import encode_text

    (tmp_path / "nx.txt").write_text(text, encoding="utf-8")
    (tmp_path / "nx.xml").write_bytes(encode_text(text, "nx").xml)
    render_text([tmp_path / "nx.xml"], tmp_path / "text", progress=False)
    path = tmp_path / "text" / "nx.txt"
    path.write_text(path.read_text(encoding="utf-8").replace("323[1]", "32 3[1]"), encoding="utf-8")
    assert len(check_fidelity([tmp_path / "nx.txt"], tmp_path, tmp_path / "text")) == 1
