"""Kept per-document results (issue 11: make after one changed document re-checks that document only):
`pipeline validate --cache` and `pipeline check --cache` report exactly what they report without the cache, and a
change to a document, its register or another document's ids is seen."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pipeline.fidelity import check_fidelity
from pipeline.validate import validate_paths

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture()
def edition(tmp_path: Path) -> Path:
    tei = tmp_path / "tei"
    shutil.copytree(ROOT / "tei", tei)
    return tei


def lines(diags) -> list[str]:
    return [d.format() for d in diags]


def test_validation_with_kept_results_reports_the_same(edition, tmp_path):
    files = sorted(edition.glob("*.xml"))
    doc = files[0]
    doc.write_text(doc.read_text("utf-8").replace('when="', 'when="not-a-date', 1), "utf-8")  # one error
    shutil.copy(files[1], edition / "copy.xml")  # the same xml:ids twice: id-unique-edition, across documents
    files = sorted(edition.glob("*.xml"))
    plain = lines(validate_paths(files))
    assert any("[date-iso]" in line for line in plain) and any("[id-unique-edition]" in line for line in plain)
    cache = tmp_path / "cache"
    assert lines(validate_paths(files, cache_dir=cache)) == plain  # first run: all validated, results kept
    assert len(list(cache.glob("*.json"))) == len({f.read_bytes() for f in files})  # one per content
    assert lines(validate_paths(files, cache_dir=cache)) == plain  # second run: all kept results

    (edition / "copy.xml").unlink()  # the other document's ids are gone: its clash must go too
    files = sorted(edition.glob("*.xml"))
    assert lines(validate_paths(files, cache_dir=cache)) == lines(validate_paths(files))
    assert not any("[id-unique-edition]" in line for line in lines(validate_paths(files, cache_dir=cache)))


def test_a_changed_register_is_seen_by_the_kept_results(edition, tmp_path):
    files = sorted(edition.glob("*.xml"))
    cache = tmp_path / "cache"
    before = lines(validate_paths(files, cache_dir=cache))
    register = edition / "persons.xml"
    text = register.read_text("utf-8")
    key = text.split('<person xml:id="', 1)[1].split('"', 1)[0]
    register.write_text(text.replace(f'<person xml:id="{key}"', '<person xml:id="someone-else"', 1), "utf-8")
    after = lines(validate_paths(files, cache_dir=cache))
    assert after == lines(validate_paths(files)) and after != before
    assert any(f'persons.xml#{key}" does not resolve' in line for line in after)


def test_fidelity_with_kept_results_reports_the_same(tmp_path):
    seeds = sorted((ROOT / "seeds").glob("*.txt"))
    text = tmp_path / "text"
    from pipeline.publish.text import render_text
    render_text(sorted((ROOT / "tei").glob("*.xml")), text, progress=False)
    cache = tmp_path / "cache"
    assert check_fidelity(seeds, ROOT / "tei", text, cache_dir=cache) == [] == check_fidelity(seeds, ROOT / "tei", text)
    assert len(list(cache.glob("*.json"))) == len(seeds)
    victim = text / f"{seeds[0].stem}.txt"
    body = victim.read_text("utf-8")
    at = body.rindex(" the ")
    victim.write_text(body[:at] + body[at + 4:], "utf-8")  # a word lost near the end (in the text, not the header)
    kept, plain = check_fidelity(seeds, ROOT / "tei", text, cache_dir=cache), check_fidelity(seeds, ROOT / "tei", text)
    assert kept == plain and any(d.rule == "fidelity" for d in kept)
