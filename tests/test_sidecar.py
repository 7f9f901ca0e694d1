"""Every sidecar key, on every kind of source, gives TEI valid against all three layers (tei_all, the project
schema, the Schematron), with the sidecar's values in the TEI and marked as the editor's."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from pipeline import sidecar, validate
from pipeline.cli import main

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
NS = {"t": "http://www.tei-c.org/ns/1.0"}

#: One value for every key of pipeline/sidecar.py (invented; "kind" is set per source below).
FULL = '''title = "An invented title"
date = "1971-03-04"
date_evidence = "An invented reason for the date."
publisher = "An Invented Publisher"
source_title = "An Invented Volume"
url = "https://example.org/invented/1"
archive = "An Invented Archive"
shelfmark = "Box 12, Folder 3"
translator = "Ann Translator"
original_language = "ru"
note = "An invented note."

[[participant]]
name = "Jo Quietperson"
role = "note-taker"
'''
KEYS_IN_FULL = {line.split(" =")[0] for line in FULL.split("[[")[0].splitlines() if " = " in line} | {"participant", "kind"}
#: The value of each key as it must appear in the TEI, with the editor's mark where the key's value is a fact.
MARKED = {
    "title": "An invented title", "date_evidence": "An invented reason for the date.",
    "publisher": "An Invented Publisher", "source_title": "An Invented Volume", "url": "https://example.org/invented/1",
    "archive": "An Invented Archive", "shelfmark": "Box 12, Folder 3", "translator": "Ann Translator",
    "note": "An invented note.",
}


def test_the_round_trip_covers_every_sidecar_key():
    assert KEYS_IN_FULL == sidecar.KNOWN_KEYS


@pytest.fixture(scope="module")
def encoded(tmp_path_factory) -> dict[str, Path]:
    """Each seed (one of each kind) with the full sidecar, forced to its own kind, encoded by the real CLI."""
    src, out = tmp_path_factory.mktemp("src"), tmp_path_factory.mktemp("tei")
    kinds = {"blog-quote": 0, "frus": 1, "wilson-record": 2, "listing": 4}
    paths = {}
    for kind, i in kinds.items():
        path = src / f"{kind}.txt"
        shutil.copy(SEEDS[i], path)
        path.with_suffix(".toml").write_text(f'kind = "{kind}"\n{FULL}', encoding="utf-8")
        paths[kind] = out / f"{kind}.xml"
    unknown = src / "unknown.txt"
    unknown.write_text("Some words of an unknown kind of source.\n\nA second paragraph.\n", encoding="utf-8")
    unknown.with_suffix(".toml").write_text(f'kind = "unknown"\n{FULL}', encoding="utf-8")
    paths["unknown"] = out / "unknown.xml"
    result = CliRunner().invoke(main, ["encode", "--quiet", "--force", *map(str, sorted(src.glob("*.txt"))),
                                       "-o", str(out)])
    assert result.exit_code == 0, result.output
    return paths


def test_every_sidecar_key_gives_tei_valid_on_all_three_layers(encoded):
    files = [*encoded.values(), next(iter(encoded.values())).parent / "persons.xml"]
    assert [d.format() for d in validate.validate_paths(files) if d.severity == "error"] == []


@pytest.mark.parametrize("kind", ["blog-quote", "frus", "wilson-record", "listing", "unknown"])
def test_every_sidecar_value_is_in_the_tei_marked_as_the_editors(encoded, kind):
    root = etree.parse(str(encoded[kind])).getroot()
    header = root.find("t:teiHeader", NS)
    for key, value in MARKED.items():
        holders = [e for e in header.iter() if isinstance(e.tag, str) and (e.text or "").strip() == value]
        assert holders, f"{kind}: {key} missing"
        assert any(e.get("resp") == "#editor" or any(a.get("resp") == "#editor" for a in e.iterancestors())
                   for e in holders), f"{kind}: {key} not marked as the editor's"
    assert root.xpath("//t:date[@when='1971-03-04']", namespaces=NS)
    assert root.xpath("//t:person/t:persName[contains(., 'Quietperson')]", namespaces=NS)
    assert root.xpath("//t:language/@ident", namespaces=NS) >= ["en"]


@pytest.mark.parametrize("toml, line, col, message", [
    ('title = "x"\narchive = \n', 2, 11, "not valid TOML: Invalid value"),
    ('title = "x"\n\n# a comment\nshelf_mark = "Box 1"\n', 4, 1, "unknown key(s) shelf_mark;"),
    ('title = "x"\ndate = "1968-13-01"\n', 2, 1, "date '1968-13-01' is not an ISO date"),
    ('\n\nkind = "memo"\n', 3, 1, "kind 'memo' is not one of"),
    ('title = "x"\nlanguage = "fr"\n', 2, 1, "key language is not read: the edition's text is English"),
])
def test_a_sidecar_error_points_at_its_line_in_the_toml(tmp_path, toml, line, col, message):
    src = tmp_path / "doc.txt"
    src.write_text("Some words.\n", encoding="utf-8")
    src.with_suffix(".toml").write_text(toml, encoding="utf-8")
    result = CliRunner().invoke(main, ["encode", "-q", str(src), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert result.output.startswith(f"{src.with_suffix('.toml')}:{line}:{col}: error: {message}"), result.output
    assert result.output.count("\n") == 1 and "Traceback" not in result.output
