"""Mentions of persons (registry.NameIndex.mentions): the same as the pattern of the forms finds, without compiling a
pattern per document. The pattern (registry.mention_pattern) stays the definition; these tests hold the two to it on
invented texts and forms."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.encode.names.registry import NameIndex, mention_pattern


def by_pattern(forms: dict[str, str], text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group(0)) for m in mention_pattern(tuple(sorted(forms))).finditer(text)]


def index(forms: list[str], source: str | None = None) -> NameIndex:
    names = NameIndex({f: f.lower().replace(" ", "-") for f in forms})
    if source is not None:
        names.note_source(source)
    return names


CASES = [
    (["Kissinger"], "Kissinger met Tho. Mr. Kissinger said; Dr Kissinger's aide; Kissinger-Tho talks."),
    (["Le Duc Tho", "Tho"], "Le Duc Tho and Tho, Mr Tho, Mrs. Tho, Dr. Le Duc Tho; Thomas; .Tho"),
    (["Nixon"], "the Nixon Library, Nixon Center, Nixon  Doctrine and Nixon himself"),
    (["Richard Nixon", "Nixon", "Richard"], "Richard Nixon Library; Richard Nixon; Richard"),
    (["Mr Smith", "Smith"], "Mr Smith and Mr. Smith and MrSmith and Mrs Smith"),
    (["Xuân Thủy", "Thủy"], "Xuân Thủy và Thủy’s reply; Thủy-led"),
    (["Tho", "Tho Le"], "Tho Le Tho Tho"),
]


def test_mentions_are_what_the_pattern_finds_on_invented_cases():
    for forms, text in CASES:
        for source in (None, text, text + " and more"):
            assert index(forms, source).mentions(text) == by_pattern(dict.fromkeys(forms), text), (forms, text)


def test_a_block_that_joins_lines_finds_forms_the_source_has_only_across_a_line_end():
    source = "Talks with Le Duc\nTho ended. Tho left."
    names = index(["Le Duc Tho", "Tho"], source)
    joined = "Talks with Le Duc Tho ended."
    assert names.mentions(joined) == by_pattern(dict.fromkeys(["Le Duc Tho", "Tho"]), joined) == [(11, 21, "Le Duc Tho")]


def test_a_form_added_after_the_source_was_noted_is_still_found():
    names = index(["Tho"], "Tho met Lodge.")
    names.add("Lodge", "lodge")
    assert names.mentions("Tho met Lodge.") == [(0, 3, "Tho"), (8, 13, "Lodge")]


WORDS = st.sampled_from(["Tho", "Le", "Duc", "Mr", "Mr.", "Mrs", "Dr", "Kissinger", "Library", "Line", "’s", "-",
                         ".", ",", "the", "Thomas", "Nixon", "x"])
SEPARATORS = st.sampled_from([" ", "  ", "\n", "", "-", "’", "."])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(WORDS, SEPARATORS), max_size=25),
       st.lists(st.sampled_from(["Tho", "Le Duc Tho", "Duc Tho", "Kissinger", "Nixon", "Mr Tho", "Le", "Th"]),
                min_size=1, max_size=5, unique=True),
       st.booleans())
def test_mentions_are_what_the_pattern_finds_on_any_text(pieces, forms, noted):
    text = "".join(w + s for w, s in pieces)
    assert index(forms, text if noted else None).mentions(text) == by_pattern(dict.fromkeys(forms), text)


def test_a_block_is_found_in_the_source_where_it_was_read_or_anywhere():
    names = index(["Tho"], "Memo\n  Tho met Lodge.\nLodge left.")
    assert names.verbatim_in_source("Tho met Lodge.", 2, 3)  # where it was read
    assert names.verbatim_in_source("Lodge left.", 9, 9)  # a wrong place: found by searching
    assert not names.verbatim_in_source("Tho met Lodge. Lodge left.", 2, 3)  # joined lines
