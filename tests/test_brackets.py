"""The bracket classifier: classes by form (invented variants), exact round trip, robustness, valid TEI."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from pipeline.encode.brackets import BracketMatch, bracket_text, find_brackets, legend
from pipeline.encode.inline import TEI_NS
from pipeline.validate import jing_command
from shared import FRUS_SAMPLES, SKIP_REASON

ROOT = Path(__file__).resolve().parents[1]
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
FRUS_TEXT = FRUS_SAMPLES / "text"
TEI_ALL = ROOT / "schema" / "tei_all.rng"


def xml(el: etree._Element) -> str:
    return etree.tostring(el, encoding="unicode").replace(f' xmlns="{TEI_NS}"', "")


def only(text: str, **kw) -> BracketMatch:
    """The single match in text (no warnings)."""
    matches, warnings = find_brackets(text, **kw)
    assert warnings == []
    assert len(matches) == 1, matches
    return matches[0]


def assert_round_trip(text: str, matches: list[BracketMatch]) -> None:
    last = 0
    for m in matches:
        assert m.start >= last, "matches overlap or are unsorted"
        assert m.element.tail is None
        assert bracket_text(m.element) == text[m.start:m.end]
        last = m.end


# ---------------------------------------------------------------- classes, on invented variants

@pytest.mark.parametrize(
    "text, kind, expected",
    [
        # supplied words: other pronouns, auxiliaries, phrases, punctuation, word parts
        ("Then [she] said no.", "supplied", '<supplied reason="omitted-in-original">she</supplied>'),
        ("[They] would come.", "supplied", '<supplied reason="omitted-in-original">They</supplied>'),
        ("so that [he has] to go", "supplied", '<supplied reason="omitted-in-original">he has</supplied>'),
        ("the demand [for money] grew", "supplied", '<supplied reason="omitted-in-original">for money</supplied>'),
        ("as follows[;] the army", "supplied", '<supplied reason="omitted-in-original">;</supplied>'),
        ("three T-34[s] arrived", "supplied", '<supplied reason="omitted-in-original">s</supplied>'),
        ("an [un]known man", "supplied", '<supplied reason="omitted-in-original">un</supplied>'),
        ("the [they ] came", "supplied", '<supplied reason="omitted-in-original">they </supplied>'),
        ("the [ they] came", "supplied", '<supplied reason="omitted-in-original"> they</supplied>'),
        ("the CC [I] think", "supplied", '<supplied reason="omitted-in-original">I</supplied>'),
        ("their own [plan] and", "supplied", '<supplied reason="omitted-in-original">plan</supplied>'),
        ("If [Nguyen Van] Thieu agrees", "supplied", '<supplied reason="omitted-in-original">Nguyen Van</supplied>'),
        ("Did they go to Paris[?] We know", "supplied", '<supplied reason="omitted-in-original">?</supplied>'),
        ("Did they go to Paris[?]", "supplied", '<supplied reason="omitted-in-original">?</supplied>'),
        # expansions after abbreviations or short names
        ("the PCF [French Communist Party] said", "expansion", '<supplied reason="expansion">French Communist Party</supplied>'),
        ("the U.S. [United States] view", "expansion", '<supplied reason="expansion">United States</supplied>'),
        ("the Front [Front for National Salvation] met", "expansion",
         '<supplied reason="expansion">Front for National Salvation</supplied>'),
        # glosses
        ("quiet [secret] talks began", "gloss", '<supplied reason="gloss">secret</supplied>'),
        ("quiet\u00a0[secret]\u00a0talks began", "gloss", '<supplied reason="gloss">secret</supplied>'),
        ("letter to Anh [Nguyen Chi Thanh], and", "gloss", '<supplied reason="gloss">Nguyen Chi Thanh</supplied>'),
        ("at Offutt [Air Force Base] today", "gloss", '<supplied reason="gloss">Air Force Base</supplied>'),
        # original-language words (transliterated Russian)
        ("to condemn [osuzhdat’] them", "foreign", '<foreign xml:lang="ru-Latn">osuzhdat’</foreign>'),
        ("the outside [vneshnie sily] but", "foreign", '<foreign xml:lang="ru-Latn">vneshnie sily</foreign>'),
        ("a plan [plan – SIC] of", "foreign", '<foreign xml:lang="ru-Latn"><sic>plan</sic></foreign>'),
        # sic, uncertainty
        ("five or [SIC] six", "sic", "<sic>or</sic>"),
        ("five or [sic] six", "sic", '<sic rend="lowercase">or</sic>'),
        ("five, [SIC] six", "sic", "<sic/>"),
        ("the town Vinh[?], then", "uncertain", "<unclear>Vinh</unclear>"),
        ("the town Vinh [?] then", "uncertain", "<unclear/>"),
        # gaps, web artefacts, incidents
        ("and so […] In short", "gap-omitted", '<gap reason="omitted"/>'),
        ("and so [...] In short", "gap-omitted", '<gap reason="omitted"><desc>...</desc></gap>'),
        ("[Omitted here are minutes of the meeting.]", "omitted-discussion",
         '<gap reason="omitted"><desc>Omitted here are minutes of the meeting.</desc></gap>'),
        ("to [3 lines not declassified] and", "not-declassified",
         '<gap reason="not-declassified"><desc>3 lines not declassified</desc></gap>'),
        ("by [two words illegible] today", "gap-illegible", '<gap reason="illegible"><desc>two words illegible</desc></gap>'),
        ("said [inaudible] then", "gap-inaudible", '<gap reason="inaudible"><desc>inaudible</desc></gap>'),
        ("[Signature] A. Smith", "signature", '<gap reason="signature"><desc>Signature</desc></gap>'),
        ("write to [email protected] today", "web-artefact",
         '<gap reason="obfuscated-by-website"><desc>email protected</desc></gap>'),
        ("fine. [Applause] Now", "incident", "<incident><desc>Applause</desc></incident>"),
        ("yes. [The tape is interrupted here.] No", "incident",
         "<incident><desc>The tape is interrupted here.</desc></incident>"),
    ],
)
def test_class_by_form(text: str, kind: str, expected: str) -> None:
    m = only(text)
    assert (m.kind, xml(m.element)) == (kind, expected)
    assert_round_trip(text, [m])


def test_sic_absorbs_the_flagged_word() -> None:
    text = "four and [SIC] five"
    m = only(text)
    assert (m.start, m.end) == (text.index("and"), len("four and [SIC]"))


def test_sic_glued_to_a_word_absorbs_nothing() -> None:
    text = "four and[SIC] five"
    m = only(text)
    assert (text[m.start:m.end], xml(m.element)) == ("[SIC]", "<sic/>")


def test_original_lang_is_a_parameter() -> None:
    m = only("to see [uvidet’] them", original_lang="ru-Latn-alalc97")
    assert m.element.get("{http://www.w3.org/XML/1998/namespace}lang") == "ru-Latn-alalc97"


def test_english_contractions_and_possessives_are_not_russian() -> None:
    for text in ("the party [workers’ union] met", "we [don’t] agree", "their [Party’s] line"):
        (m,), _ = find_brackets(text)
        assert m.kind != "foreign", text


@pytest.mark.parametrize("text", ["see [Page 12] here", "Vol. I [2 of 3])"])
def test_not_ours_skipped_silently(text: str) -> None:
    assert find_brackets(text) == ([], [])


# ---------------------------------------------------------------- bad input: reported, never lost


@pytest.mark.parametrize(
    "text, matched, warned_at",
    [
        ("[[x] y", ["[x]"], [0]),
        ("[a [b] c]", ["[b]"], [0]),
        ("a ] b", [], [2]),
        ("a [ b", [], [2]),
        ("a [b\nc] d", [], [2, 6]),
        ("a [] b", [], [2]),
        ("a [12 %] b", [], [2]),
        ("a [sic!] b", [], [2]),
        ("[" + " ".join(["word"] * 9) + "]", [], [0]),
    ],
)
def test_unpaired_nested_and_unknown_are_reported(text: str, matched: list[str], warned_at: list[int]) -> None:
    matches, warnings = find_brackets(text)
    assert [text[m.start:m.end] for m in matches] == matched
    assert [offset for offset, _ in warnings] == warned_at
    assert all(message for _, message in warnings)


def test_warning_names_the_bracket() -> None:
    _, warnings = find_brackets("x [12 %] y")
    assert warnings == [(2, "bracket [12 %] not classified; left as text")]


BRACKETY = st.lists(st.sampled_from(list("[]?.…’ \nabcSICxyzAB:-") + ["SIC", "sic", "we", "VSRP ", " – "]),
                    max_size=40).map("".join)


@settings(max_examples=400, deadline=None)
@given(BRACKETY)
def test_property_never_crashes_never_loses_a_character(text: str) -> None:
    matches, warnings = find_brackets(text)
    assert_round_trip(text, matches)
    assert all(0 <= offset < len(text) for offset, _ in warnings)
    assert warnings == sorted(warnings)
    # every "[" and "]" in the text is either inside a match or reported (or part of a skipped [Page N])
    inside = {i for m in matches for i in range(m.start, m.end)}
    warned = {o for o, _ in warnings}
    for i, ch in enumerate(text):
        if ch == "[" and i not in inside and i not in warned:
            assert re.match(r"\[(Page \w+|\d+ of \d+)\]", text[i:]), f"'[' at {i} neither encoded nor reported"


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80))
def test_property_any_text(text: str) -> None:
    matches, _ = find_brackets(text)
    assert_round_trip(text, matches)


def test_deterministic() -> None:
    text = SEEDS[2].read_text(encoding="utf-8") if len(SEEDS) > 2 else "a [we] b"
    first = [(m.start, m.end, m.kind, xml(m.element)) for m in find_brackets(text)[0]]
    second = [(m.start, m.end, m.kind, xml(m.element)) for m in find_brackets(text)[0]]
    assert first == second


# ---------------------------------------------------------------- the seeds and the FRUS samples


def sources() -> list[Path]:
    frus = sorted(FRUS_TEXT.glob("*.txt")) if FRUS_TEXT.is_dir() else []
    return SEEDS + frus


@pytest.mark.skipif(not FRUS_TEXT.is_dir(), reason=SKIP_REASON)
def test_the_frus_samples_are_among_the_real_sources() -> None:
    assert len(sources()) > len(SEEDS)


@pytest.mark.parametrize("path", sources(), ids=lambda p: p.name)
def test_real_sources_round_trip_without_warnings(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    matches, warnings = find_brackets(text)
    assert warnings == []
    assert_round_trip(text, matches)


def seed(prefix: str) -> str:
    found = [p for p in SEEDS if p.name.startswith(prefix)]
    if not found:
        pytest.skip(f"seed {prefix} absent")
    return found[0].read_text(encoding="utf-8")


def kinds_of(text: str) -> dict[str, str]:
    """Source string → kind (no-break spaces shown as spaces: the Wilson pages write "[email\u00a0protected]")."""
    return {text[m.start:m.end].replace("\u00a0", " "): m.kind for m in find_brackets(text)[0]}


def test_seed_002_classes() -> None:
    kinds = kinds_of(seed("002"))
    assert kinds["[you]"] == kinds["[:]"] == kinds["[we ]"] == kinds["[s]"] == "supplied"
    assert kinds["[Hungarian Socialist Worker’s Party]"] == kinds["[Bulgarian CP]"] == "expansion"
    assert kinds["[priblizit’]"] == kinds["[razoblachat’]"] == kinds["[postoronnie sily]"] == "foreign"
    assert kinds["[vidim – SIC]"] == "foreign"
    assert kinds["and [SIC]"] == "sic"
    assert kinds["[illegible name]"] == "gap-illegible"
    assert kinds["[signature]"] == "signature"
    assert kinds["[email protected]"] == "web-artefact"
    assert kinds["[?]"] == "supplied"  # "Did we correctly understand … to the Americans[?] If …"


def test_seed_003_classes() -> None:
    kinds = kinds_of(seed("003"))
    assert kinds["[private]"] == "gloss"
    assert kinds["[…]"] == "gap-omitted"
    assert kinds["[Tran Buu]"] == "supplied"
    assert kinds["[signed]"] == "signature"


# ---------------------------------------------------------------- legend and validity


def test_legend_lists_every_class() -> None:
    p = legend()
    assert p.tag == f"{{{TEI_NS}}}p" and p.tail is None
    labels = [el.text for el in p.iter(f"{{{TEI_NS}}}label")]
    items = list(p.iter(f"{{{TEI_NS}}}item"))
    assert len(labels) == len(items) >= 14
    assert "[email protected]" in labels and "[vidim – SIC]" in labels
    assert xml(legend()) == xml(p)  # deterministic


def tei_document(elements: list[etree._Element]) -> bytes:
    E = lambda tag, *kids, text=None: _el(tag, kids, text)  # noqa: E731
    body_p = E("p", text="x ")
    for el in elements:
        body_p.append(el)
        el.tail = " "
    doc = E(
        "TEI",
        E("teiHeader",
          E("fileDesc",
            E("titleStmt", E("title", text="t")),
            E("publicationStmt", E("p", text="p")),
            E("sourceDesc", E("p", text="s"))),
          E("encodingDesc", E("editorialDecl", legend()))),
        E("text", E("body", body_p)),
    )
    return etree.tostring(doc, xml_declaration=True, encoding="UTF-8")


def _el(tag: str, kids, text) -> etree._Element:
    el = etree.Element(f"{{{TEI_NS}}}{tag}", nsmap={None: TEI_NS})
    el.text = text
    for kid in kids:
        el.append(kid)
    return el


@pytest.mark.skipif(not (jing_command() and TEI_ALL.exists()), reason="no java to run jing, or tei_all.rng absent")
def test_elements_and_legend_are_valid_tei(tmp_path: Path) -> None:
    text = "\n".join(p.read_text(encoding="utf-8") for p in SEEDS)
    text += "\nand [...] so [3 lines not declassified] x [Laughter] the town Vinh[?], then and[sic] x [inaudible]"
    elements = [m.element for m in find_brackets(text)[0]]
    assert {etree.QName(e).localname for e in elements} >= {"supplied", "foreign", "sic", "gap", "unclear", "incident"}
    path = tmp_path / "doc.xml"
    path.write_bytes(tei_document(elements))
    result = subprocess.run([*jing_command(), str(TEI_ALL), str(path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
