"""Property tests (issue 10): for any text, ``encode_text`` either succeeds with TEI that parses, is valid against
tei_all and keeps exactly the source's words in order, or fails with a PipelineError; never another exception.

Words (pipeline/fidelity.py): maximal runs of letters, digits and combining marks, after NFC. The TEI's words are
read through its plain-text edition (xslt/text.xsl), which prints back what the TEI holds as markup (brackets by
docs/brackets.md, ``[Page N]`` from ``pb/@n``, note numbers from ``note/@n``, speaker labels); the source's words
are taken less the lines the TEI lists as omitted (docs/tei-profile.md "Omissions"), which must quote their line.
A direct check on the TEI alone: every word of its ``text`` element is a word of the source (nothing invented).

Hypothesis runs derandomised with a bounded number of examples and no deadline, so CI time stays small and the
examples are the same on every run. tei_all is compiled once: one jing run over a sample of the documents.
"""

from __future__ import annotations

import re
import subprocess
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from pipeline.encode import encode_text
from pipeline.errors import PipelineError
from pipeline.fidelity import compare_words, edition_body, words_of_line, words_of_lines
from pipeline.source import normalise_text
from pipeline.publish.text import render_text
from pipeline.validate import jing_command, tei_all_path

TEI = "{http://www.tei-c.org/ns/1.0}"
OMITTED = f"{TEI}teiHeader/{TEI}encodingDesc/{TEI}samplingDecl//{TEI}list[@type='omitted']/{TEI}item"
SAMPLE = 40  # documents checked against tei_all

WORDS = st.sampled_from([
    "the", "meeting", "Hanoi", "Paris", "said", "1968", "12", "October", "café", "naïve", "Lê", "Đức", "Thọ",
    "Брежнев", "товарищ", "東京", "x²", "½", "don’t", "U.S.", "GVN", "e.g.", "[you]", "[SIC]", "[…]", "[?]",
    "[illegible name]", "[signature]", "[Laughter]", "[private]", "[Page 120]", "[", "]", "[[", "]]", "(", ")",
    "—", "–", "-", "…", "“", "”", "'", '"', "&", "<p>", "</p><script>", "&amp;", "]]>", "1.", "2", "3)", "§",
    "Mr.", "Cde.", "8pm", "10:15", "a.m.", "Jan.", "20th", "2 March", "March 4, 1969", "1968-10-02",
    "\u00a0", "\t", "\u200b", "\ufeff", "\x0c", "\x00", "\ud800", "\ufffe", "e\u0301", "\r",
])
LABELS = st.sampled_from(["KISSINGER:", "Le Duc Tho:", "Kissinger:", "THO:", "Mr. Harriman:", "Brezhnev.",
                          "Comrade Le Duan:", "Q:", "A:", "KISSINGER —"])
SPECIAL_LINES = st.sampled_from([
    "Present were: Cdes. L. I. Brezhnev, A. N. Kosygin.", "Source: National Archives, RG 59.",
    "Record ID 114010", "Uploaded: May 4, 2012", "Type: Cable", "Summary:", "Skip to content",
    "Document Information", "  1. Source: National Archives.", "  2. See Document 40.", "[Page 12]",
    "45. Telegram From the Embassy in France to the Department of State 1", "Paris, October 3, 1968, 1520Z.",
    "To: COSVN", "[signed] The Politburo", "Rights: Public domain", "Donors: Henry Luce Foundation",
    "Comments", "Reply", "", "   ", "---", "***",
])


@st.composite
def lines(draw):
    kind = draw(st.integers(0, 9))
    if kind < 5:
        return " ".join(draw(st.lists(WORDS, min_size=1, max_size=12)))
    if kind < 7:
        return draw(LABELS) + " " + " ".join(draw(st.lists(WORDS, max_size=10)))
    if kind < 9:
        return draw(SPECIAL_LINES)
    return draw(st.text(max_size=40))


documents = st.lists(lines(), min_size=0, max_size=25).map("\n".join)

SETTINGS = settings(max_examples=120, derandomize=True, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


def omitted(root: etree._Element) -> dict[int, str]:
    return {int(item.get("n")): " ".join("".join(item.find(f"{TEI}quote").itertext()).split())
            for item in root.iterfind(OMITTED)}


def check_words(text: str, xml: bytes, folder: Path, n: int) -> Path:
    """Write the TEI, publish its text edition, and assert the words match; return the TEI's path."""
    root = etree.fromstring(xml)  # parses, or the test fails
    source = normalise_text(text)[0].split("\n")
    left_out = omitted(root)
    for line_no, quote in left_out.items():
        assert " ".join(source[line_no - 1].split()) == quote, (line_no, quote)
    source_words = words_of_lines(source, set(left_out))
    tei_words = Counter(w.text for el in root.iterfind(f"{TEI}text") for w in words_of_line("".join(el.itertext()), 0))
    assert not tei_words - Counter(w.text for w in source_words), "the TEI's text has words the source has not"
    tei_path = folder / f"doc{n}.xml"
    tei_path.write_bytes(xml)
    render_text([tei_path], folder / "text", pages="documents", progress=False)
    body, first = edition_body((folder / "text" / f"doc{n}.txt").read_text(encoding="utf-8"))
    edition_words = words_of_lines(body, first=first)
    diffs = compare_words(source_words, edition_words, "source", "edition")
    assert [d.format() for d in diffs] == []
    return tei_path


def test_encode_text_keeps_every_word_or_fails_cleanly(tmp_path):
    written: list[Path] = []
    refused: list[str] = []

    @SETTINGS
    @given(documents)
    def prop(text):
        try:
            result = encode_text(text, "doc1")
        except PipelineError as exc:
            refused.append(str(exc))
            return
        written.append(check_words(text, result.xml, tmp_path, len(written)))

    prop()
    assert written, "no example was encoded"
    assert all(": error: " in msg for msg in refused)
    check_valid(written[:: max(1, len(written) // SAMPLE)][:SAMPLE])


@SETTINGS
@given(st.text(max_size=200))
def test_any_string_whatsoever_encodes_or_fails_cleanly(text):
    try:
        result = encode_text(text, "doc1")
    except PipelineError:
        return
    root = etree.fromstring(result.xml)
    assert root.tag == f"{TEI}TEI"


def check_valid(paths: list[Path]) -> None:
    """One jing run over ``paths`` against tei_all (skipped without jing)."""
    if not jing_command():
        pytest.skip("no java: jing cannot run")
    proc = subprocess.run([*jing_command(), str(tei_all_path()), *map(str, paths)], capture_output=True, text=True,
                          timeout=300)
    errors = [line for line in proc.stdout.splitlines() if re.search(r":\d+:\d+: (error|fatal)", line)]
    assert errors == []
