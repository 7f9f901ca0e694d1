"""The search index in batches (pipeline/search.py index_search): Pagefind holds every page it indexes in memory, so
the pages are indexed a batch at a time, each batch its own bundle, merged into one (pipeline/search_merge.py); a
batch whose pages did not change is not indexed again."""

from __future__ import annotations

import itertools
import json
import shutil
from pathlib import Path

import pytest

from pipeline import search, search_merge
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


def words_by_page(bundle: Path) -> dict[str, set]:
    """Every word of a bundle's index: {word: {(page's fragment, its locations, its places in the metadata with the
    fields named)}, and its variants' pages}, decoded whole (the test's reading of Pagefind's files; the merge itself
    copies the locations as bytes)."""
    entry = json.loads((bundle / "pagefind-entry.json").read_text())["languages"]["en"]
    meta, _ = search_merge._decode(search_merge._read(bundle / f"pagefind.{entry['hash']}.pf_meta"), 12)
    fragments = [(bundle / "fragment" / f"{h}.pf_fragment").read_bytes() for h, _ in meta[1]]

    def pages(entries):
        numbers = itertools.accumulate(page for page, _, _ in entries)
        return {(fragments[n], tuple(locs), tuple(meta[5][-1 - m] if m < 0 else m for m in meta_locs))  # field
                for n, (_, locs, meta_locs) in zip(numbers, entries)}

    words: dict[str, set] = {}
    for _, _, chunk in meta[2]:
        (chunk_words,), _ = search_merge._decode(search_merge._read(bundle / "index" / f"{chunk}.pf_index"), 12)
        for word, entries, variants in chunk_words:
            assert word not in words  # a word is in one chunk
            words[word] = pages(entries) | {(v, *page) for v, v_entries in variants for page in pages(v_entries)}
    return words


def filters_by_page(bundle: Path) -> dict[str, set]:
    entry = json.loads((bundle / "pagefind-entry.json").read_text())["languages"]["en"]
    meta, _ = search_merge._decode(search_merge._read(bundle / f"pagefind.{entry['hash']}.pf_meta"), 12)
    fragments = [(bundle / "fragment" / f"{h}.pf_fragment").read_bytes() for h, _ in meta[1]]
    found: dict[str, set] = {}
    for _, chunk in meta[3]:
        (name, values), _ = search_merge._decode(search_merge._read(bundle / "filter" / f"{chunk}.pf_filter"), 12)
        for value, numbers in values:
            found.setdefault(name, set()).update((value, fragments[n]) for n in numbers)
    return found


def test_batches_cover_every_searchable_page_once_and_are_merged_into_one_bundle(site, monkeypatch):
    """A word's entry in the merged bundle holds its places in every page of every batch, with the pages numbered
    anew (and coded as differences, as Pagefind writes them): decoded, the merged index equals the batches' indexes
    together; so do the filters. search.js then loads one chunk a word instead of one a word and batch."""
    pages = searchable(site)
    assert len(pages) >= 4 and "index.html" not in pages and "search.html" not in pages
    monkeypatch.setattr(search, "SEARCH_BATCH_BYTES", sum((site / p).stat().st_size for p in pages) // 3 + 1000)  # 3
    batches = search.search_batches({p: (site / p).stat().st_size for p in pages})
    assert len(batches) >= 3 and sorted(sum(batches, [])) == sorted(pages)
    monkeypatch.setattr(search_merge, "CHUNK_BYTES", 2_000)  # many chunks, words of each batch in several
    search.index_search(site)
    assert json.loads((site / "pagefind" / "batches.json").read_text()) == []
    bundles = [site / search.SEARCH_DIR / search.BATCHES_DIR / f"batch-{n}" for n in range(len(batches))]
    assert [indexed(b) for b in bundles] == [len(b) for b in batches]
    assert indexed(site / "pagefind") == len(pages) == len(list((site / "pagefind" / "fragment").iterdir()))
    assert not list(site.glob(".search.*")) and not list((site / "pagefind").glob("more-*"))
    together: dict[str, set] = {}
    for bundle in bundles:
        for word, places in words_by_page(bundle).items():
            together.setdefault(word, set()).update(places)
    merged = words_by_page(site / "pagefind")
    assert merged == together and any(len(places) > 3 for places in merged.values())
    filters: dict[str, set] = {}
    for bundle in bundles:
        for name, values in filters_by_page(bundle).items():
            filters.setdefault(name, set()).update(values)
    assert filters_by_page(site / "pagefind") == filters and {"kind", "year"} <= set(filters)
    listed = json.loads((site / "pagefind" / "filters.json").read_text())
    assert listed == {name: sorted({v for v, _ in values}) for name, values in filters.items()}


def test_a_pagefind_format_the_merge_does_not_read_publishes_the_bundles_apart(site, monkeypatch):
    pages = searchable(site)
    monkeypatch.setattr(search, "SEARCH_BATCH_BYTES", sum((site / p).stat().st_size for p in pages) // 3 + 1000)  # 3
    batches = search.search_batches({p: (site / p).stat().st_size for p in pages})

    def unknown(bundles, out):
        raise search_merge.Unmergeable("another format")

    monkeypatch.setattr(search, "merge_bundles", unknown)
    search.index_search(site)
    more = json.loads((site / "pagefind" / "batches.json").read_text())
    assert more == [f"more-{n}/" for n in range(1, len(batches))]
    bundles = [site / "pagefind"] + [site / "pagefind" / m for m in more]
    assert [indexed(b) for b in bundles] == [len(b) for b in batches]
    assert "batches.json" in (site / "search.js").read_text() and "mergeIndex" in (site / "search.js").read_text()


def test_only_the_batch_of_a_changed_page_is_indexed_again_and_a_smaller_corpus_drops_bundles(site, monkeypatch):
    pages = sorted(searchable(site))
    monkeypatch.setattr(search, "SEARCH_BATCH_BYTES", sum((site / p).stat().st_size for p in pages) // 3 + 1000)  # 3
    search.index_search(site)
    runs, merges = [], []
    real, real_merge = search._run_pagefind, search.merge_bundles
    monkeypatch.setattr(search, "_run_pagefind", lambda *a: (runs.append(sorted(p.name for p in a[0].iterdir())),
                                                              real(*a)))
    monkeypatch.setattr(search, "merge_bundles", lambda *a: (merges.append(a), real_merge(*a))[1])
    search.index_search(site)
    assert runs == [] and merges == []  # nothing changed: no batch indexed, nothing merged
    batches = search.search_batches({p: (site / p).stat().st_size for p in pages})
    edited = batches[1][0]
    (site / edited).write_bytes((site / edited).read_bytes().replace(b"</main>", b"<p>x</p></main>", 1))
    search.index_search(site)
    assert runs == [sorted(batches[1])] and len(merges) == 1
    monkeypatch.setattr(search, "SEARCH_BATCH_BYTES", 2**40)  # one batch: the others' bundles go
    search.index_search(site)
    assert json.loads((site / "pagefind" / "batches.json").read_text()) == []
    assert [p.name for p in (site / search.SEARCH_DIR / search.BATCHES_DIR).iterdir()] == ["batch-0"]
    assert indexed(site / "pagefind") == len(pages)


def test_ten_thousand_documents_are_indexed_two_batches_at_once():
    """Issue 23 and the bench (10,000 documents in under 200 s and 1 GiB): the batches are merged into one bundle, so
    their number costs a query nothing; they are small enough that two Pagefind processes run at once (about 10 times
    their HTML each), and none is much larger than SEARCH_BATCH_BYTES. 10,000 synthetic documents: about 50 KB of
    searchable HTML a page (485 MiB)."""
    sizes = {f"{n:05d}_{n * 7919 % 10007:x}.html": 50_800 for n in range(10_000)}
    batches = search.search_batches(sizes)
    largest = max(sum(sizes[p] for p in b) for b in batches)
    assert largest <= 1.5 * search.SEARCH_BATCH_BYTES and 2 * largest <= search.SEARCH_AT_ONCE_BYTES


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
    shutil.rmtree(site / search.SEARCH_DIR / search.BATCHES_DIR)
    most[0] = 0
    monkeypatch.setattr(search, "SEARCH_AT_ONCE_BYTES", total // 3)  # room for one (the largest is larger)
    search.index_search(site, jobs=2)
    assert most[0] == 1
