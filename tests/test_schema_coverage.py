"""Everything the encoder can write is allowed by the project schema (and so by tei_all): every bracket class,
every kind, and the real FRUS samples, through all three validation layers."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from pipeline.encode import encode_text
from pipeline.encode.names.registry import load_registry
from pipeline.validate import validate_paths

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT.parent / "shared" / "samples" / "frus" / "text"

EVERY_BRACKET = """12. Memorandum for the Record 1

Geneva, June 12, 1975.

PERSONS PRESENT
The Chairman
Minister Costa
The Chairman: We saw [vidim – SIC] the Minister [you] know, the PCF [French Communist Party] and Rui [Costa].
Minister Costa: He said four and [SIC] five, or [sic] perhaps Lisbon[?], then [?] more [...] and […].
The Chairman: [Laughter] [name not declassified] [illegible word] [inaudible] [signature] [email protected].
[Omitted here is discussion of other matters.]
The Chairman: Here [Page 7]the page turns.
  1. Source: Invented Archive, Box 1. Secret."""


def _valid(tmp_path: Path, docs: dict[str, str]) -> list:
    registry = load_registry(ROOT / "registry" / "persons.toml")
    for doc_id, text in docs.items():
        (tmp_path / f"{doc_id}.xml").write_bytes(encode_text(text, doc_id, registry=registry).xml)
    return [d for d in validate_paths(sorted(tmp_path.glob("*.xml"))) if d.severity == "error"]


def test_every_bracket_class_is_allowed(tmp_path):
    assert _valid(tmp_path, {"x1": EVERY_BRACKET}) == []


@pytest.mark.skipif(not SAMPLES.is_dir(), reason="the FRUS samples in ../shared are absent")
def test_frus_samples_pass_all_three_layers(tmp_path):
    docs = {p.stem: p.read_text(encoding="utf-8") for p in sorted(SAMPLES.glob("*.txt"))}
    assert _valid(tmp_path, docs) == []


def test_notes_without_markers_after_a_signature_are_allowed(tmp_path):
    text = """3. Telegram From the Embassy to the Department 1

Rome, May 2, 1971.

Nothing to report today.
Smith
  1. Source: Invented Archive, Box 1.
  2. A note whose marker the copy lost."""
    assert _valid(tmp_path, {"x2": text}) == []


@pytest.mark.parametrize("addressee, signer", [("To: COSVN", "Le Duan"), ("To: the Embassy", "Pham Van Dong")])
def test_a_record_of_an_addressee_and_a_signature_only_is_valid(tmp_path, addressee, signer):
    """Opening and closing matter with no text between: TEI's div wants some text before a closer, so the encoder
    writes an empty paragraph there (as it does for an empty div); every word is still where it was."""
    text = (f"Skip to content\nOctober 15, 1968\n\nCable No. 323\n\nThis document was made possible with support "
            f"from Henry Luce Foundation\n{addressee}\n\n[signature]\n{signer}")
    assert _valid(tmp_path, {"w1": text}) == []
    root = etree.fromstring((tmp_path / "w1.xml").read_bytes())
    div = root.find(".//{http://www.tei-c.org/ns/1.0}div")
    assert [etree.QName(el).localname for el in div] == ["head", "opener", "p", "closer"]


def test_the_project_schema_wants_text_before_a_closer_as_tei_all_does():
    from pipeline.validate import PROJECT_RNG, TEI_ALL, relaxng

    root = etree.fromstring(encode_text("Some text here.\n\nSincerely,\nLe Duan", "c1").xml)
    div = root.find(".//{http://www.tei-c.org/ns/1.0}div")
    assert relaxng(PROJECT_RNG).validate(etree.ElementTree(root))
    for el in [el for el in div if etree.QName(el).localname == "p"]:
        div.remove(el)
    assert [etree.QName(el).localname for el in div] == ["closer"]
    assert not relaxng(TEI_ALL).validate(etree.ElementTree(root))
    assert not relaxng(PROJECT_RNG).validate(etree.ElementTree(root))
