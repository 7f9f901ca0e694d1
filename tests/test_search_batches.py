"""The search index in batches (pipeline/search.py index_search): Pagefind holds every page it indexes in memory, so
the pages are indexed a batch at a time, each batch its own bundle, which search.js merges; a batch whose pages did
not change is not indexed again."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from pipeline import search
from pipeline.publish import html as render

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "html"


@pytest.fixture()
def site(tmp_path, monkeypatch) -> Path:
    tei = tmp_path / "tei"
    tei.mkdir()
    for s in FIXTURES.glob("*.xml"):
        shutil.copy(s, tei / s.name)
    out = tmp_path / "html"
    render.render_html(sorted(tei.glob("*.xml")), out, progress=False, search=False)
    return out


def searchable(site: Path) -> set[str]:
    return {p.name for p in site.glob("*.html") if search._SEARCH_BODY.search(p.read_bytes())}


def indexed(bundle: Path) -> int:
    return json.loads((bundle / "pagefind-entry.json").read_text())["languages"]["en"]["page_count"]


def test_batches_cover_every_searchable_page_once_and_are_listed_for_search_js(site, monkeypatch):
    pages = searchable(site)
    assert len(pages) >= 4 and "index.html" not in pages and "search.html" not in pages
    monkeypatch.setattr(search, "SEARCH_BATCH_BYTES", sum((site / p).stat().st_size for p in pages) // 3 + 1000)  # 3
    batches = search.search_batches({p: (site / p).stat().st_size for p in pages})
    assert len(batches) >= 3 and sorted(sum(batches, [])) == sorted(pages)
    search.index_search(site)
    more = json.loads((site / "pagefind" / "batches.json").read_text())
    assert more == [f"more-{n}/" for n in range(1, len(batches))]
    bundles = [site / "pagefind"] + [site / "pagefind" / m for m in more]
    assert [indexed(b) for b in bundles] == [len(b) for b in batches]
    assert not list(site.glob(".search.*"))
    assert "batches.json" in (site / "search.js").read_text() and "mergeIndex" in (site / "search.js").read_text()


def test_only_the_batch_of_a_changed_page_is_indexed_again_and_a_smaller_corpus_drops_bundles(site, monkeypatch):
    pages = sorted(searchable(site))
    monkeypatch.setattr(search, "SEARCH_BATCH_BYTES", sum((site / p).stat().st_size for p in pages) // 3 + 1000)  # 3
    search.index_search(site)
    runs = []
    real = search._run_pagefind
    monkeypatch.setattr(search, "_run_pagefind", lambda *a: (runs.append(sorted(p.name for p in a[0].iterdir())),
                                                              real(*a)))
    search.index_search(site)
    assert runs == []  # nothing changed: no batch indexed
    batches = search.search_batches({p: (site / p).stat().st_size for p in pages})
    edited = batches[1][0]
    (site / edited).write_bytes((site / edited).read_bytes().replace(b"</main>", b"<p>x</p></main>", 1))
    search.index_search(site)
    assert runs == [sorted(batches[1])]
    monkeypatch.setattr(search, "SEARCH_BATCH_BYTES", 2**40)  # one batch: the others' bundles go
    search.index_search(site)
    assert json.loads((site / "pagefind" / "batches.json").read_text()) == []
    assert not list((site / "pagefind").glob("more-*"))
    assert indexed(site / "pagefind") == len(pages)


def test_ten_thousand_documents_make_few_bundles_as_a_query_loads_a_chunk_of_each():
    """Issue 23 (under 1 MB a query at 10,000 documents): each word of a query loads an index chunk (about 22 KB) of
    every bundle, so 10,000 synthetic documents (about 50 KB of searchable HTML a page: 485 MiB) make at most 12
    bundles (they made 31 of 16 MiB), and no batch is much larger than SEARCH_BATCH_BYTES (Pagefind's memory)."""
    sizes = {f"{n:05d}_{n * 7919 % 10007:x}.html": 50_800 for n in range(10_000)}
    batches = search.search_batches(sizes)
    assert len(batches) <= 12
    assert max(sum(sizes[p] for p in b) for b in batches) <= 1.25 * search.SEARCH_BATCH_BYTES


def test_large_batches_are_indexed_one_at_a_time(site, monkeypatch):
    """Two Pagefind processes of large batches would hold more memory than one process may (1 GiB): batches run
    ``jobs`` at once only while their HTML together is at most SEARCH_AT_ONCE_BYTES."""
    import threading
    import time

    pages = searchable(site)
    total = sum((site / p).stat().st_size for p in pages)
    running, most, lock = [0], [0], threading.Lock()
    real = search._run_pagefind

    def counted(*args):
        with lock:
            running[0] += 1
            most[0] = max(most[0], running[0])
        time.sleep(0.3)
        try:
            real(*args)
        finally:
            with lock:
                running[0] -= 1

    monkeypatch.setattr(search, "_run_pagefind", counted)
    monkeypatch.setattr(search, "SEARCH_BATCH_BYTES", total // 3 + 1000)  # 3 batches
    monkeypatch.setattr(search, "SEARCH_AT_ONCE_BYTES", 2 * total)  # room for two at once
    search.index_search(site, jobs=2)
    assert most[0] == 2
    shutil.rmtree(site / "pagefind")
    most[0] = 0
    monkeypatch.setattr(search, "SEARCH_AT_ONCE_BYTES", total // 3)  # room for one (the largest is larger)
    search.index_search(site, jobs=2)
    assert most[0] == 1
