"""The edition's search index: Pagefind (PyPI ``pagefind[bin]``) over the built pages that mark a searchable part."""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import re
import shutil
import subprocess
import sys
import tempfile
import zlib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from .errors import PipelineError
from .fsutil import write_atomic
from .search_merge import Unmergeable, clear_bundle, link_or_copy, merge_bundles

SEARCH_DIR = "pagefind"
#: where the batches' bundles are kept between builds, in pagefind/ (a dot-folder: not deposited, and the merged
#: bundle does not refer to it)
BATCHES_DIR = ".batches"
#: Pagefind holds every page it indexes in memory (about 10 to 15 times the pages' HTML: 0.7 GiB for 1,000 synthetic
#: documents, 6.5 GiB for 10,000; their text alone, as custom records, still 0.55 GiB for 1,000), so the pages are
#: indexed in batches of about this many bytes of HTML, each its own bundle, merged into one (search_merge.py: what a
#: query downloads does not depend on the number of batches). At 10,000 documents: 31 batches of 10-22 MiB, two at
#: once, a process at most 231 MiB (docs/bench.md, issue 23).
SEARCH_BATCH_BYTES = 16 * 2**20
#: Batches are indexed ``jobs`` at once only while their HTML together is at most this (about 0.6 GiB of
#: Pagefind): with --jobs 2, two at once up to batches of 28 MiB.
SEARCH_AT_ONCE_BYTES = 56 * 2**20
_SEARCH_BODY = re.compile(rb"<[^>]*\sdata-pagefind-body[\s=>/]")


def search_batches(sizes: dict[str, int]) -> list[list[str]]:
    """The pages (name: size in bytes) in batches of about SEARCH_BATCH_BYTES; a page's batch depends on its name
    and the number of batches only (not on the other pages), so an edit re-indexes one batch."""
    count = max(1, -(-sum(sizes.values()) // SEARCH_BATCH_BYTES))
    batches: list[list[str]] = [[] for _ in range(count)]
    for name in sorted(sizes):
        batches[zlib.crc32(name.encode("utf-8")) % count].append(name)
    return batches


def index_search(out_dir: str | Path, progress: bool = False, jobs: int = 1) -> Path:
    """Index the built pages with Pagefind (PyPI ``pagefind[bin]``) into ``<out>/pagefind/``: the pages that mark
    their searchable part (data-pagefind-body: the documents' articles and the registers' pages), with the filters
    the pages declare, in batches (see SEARCH_BATCH_BYTES), up to ``jobs`` at once (SEARCH_AT_ONCE_BYTES), kept in
    ``<out>/pagefind/.batches/`` and merged into one bundle; a batch whose pages are the same bytes as when it was
    indexed is not indexed again (Pagefind has no incremental mode). If Pagefind's format is not one search_merge
    reads, the bundles are published apart (pagefind/ and pagefind/more-<n>/, listed in pagefind/batches.json) and
    search.js merges them. Pagefind's filter files are not byte-stable between runs (Pagefind issue #638); the pages
    and fragments are."""
    out = Path(out_dir)
    bundle_root = out / SEARCH_DIR
    batch_root = bundle_root / BATCHES_DIR
    for stale in out.glob(".search.*"):  # left by a killed run
        shutil.rmtree(stale, ignore_errors=True)
    pages: dict[str, tuple[int, bytes]] = {}  # name: (size, digest); the bytes are not kept (GBs at 10,000)
    for path in sorted(out.glob("*.html")):
        data = path.read_bytes()
        if _SEARCH_BODY.search(data):
            pages[path.name] = len(data), hashlib.sha256(data).digest()
    batches = search_batches({name: size for name, (size, _) in pages.items()})
    bundles = [batch_root / f"batch-{n}" for n in range(len(batches))]
    batch_root.mkdir(parents=True, exist_ok=True)
    for old in batch_root.iterdir():  # bundles of a larger corpus
        if old not in bundles:
            shutil.rmtree(old, ignore_errors=True)
    todo, digests = [], []
    for batch, bundle in zip(batches, bundles):
        digest = hashlib.sha256(_pagefind_version().encode("utf-8"))
        for name in batch:
            digest.update(f"{name}\0{pages[name][0]}\0".encode("utf-8") + pages[name][1])
        digests.append(digest.hexdigest())
        record = bundle / ".pages-digest"
        if not ((bundle / "pagefind-entry.json").is_file() and record.is_file()
                and record.read_text() == digest.hexdigest()):
            todo.append((batch, bundle, digest.hexdigest()))

    def index_batch(task) -> None:
        batch, bundle, digest = task
        shutil.rmtree(bundle, ignore_errors=True)  # the batch's previous bundle (Pagefind adds files, never removes)
        with tempfile.TemporaryDirectory(prefix=".search.", dir=out) as site:
            for name in batch:
                link_or_copy(out / name, Path(site) / name)
            _run_pagefind(Path(site), bundle, out)
        write_atomic(bundle / ".pages-digest", digest, durable=False)

    largest = max((sum(pages[name][0] for name in batch) for batch, _, _ in todo), default=1)
    at_once = max(1, min(jobs, SEARCH_AT_ONCE_BYTES // max(1, largest)))
    with ThreadPoolExecutor(max_workers=at_once) as pool:  # each batch is a Pagefind process
        list(pool.map(index_batch, todo))
    record = bundle_root / ".batches-digest"
    if todo or not record.is_file() or record.read_text() != "\n".join(digests):
        _publish(bundles, bundle_root)
        write_atomic(record, "\n".join(digests), durable=False)
    return bundle_root


def _publish(bundles: list[Path], bundle_root: Path) -> None:
    """The batches' bundles as the site's pagefind/: merged into one, or else (another Pagefind format) apart."""
    try:
        merge_bundles(bundles, bundle_root)
        more = []
    except Unmergeable:
        clear_bundle(bundle_root)
        for n, bundle in enumerate(bundles):
            shutil.copytree(bundle, bundle_root / (f"more-{n}" if n else ""), copy_function=link_or_copy,
                            dirs_exist_ok=True)
        more = [f"more-{n}/" for n in range(1, len(bundles))]
    write_atomic(bundle_root / "batches.json", json.dumps(more) + "\n", durable=False)


def _pagefind_version() -> str:
    try:
        return importlib.metadata.version("pagefind")
    except importlib.metadata.PackageNotFoundError:
        return ""


def _run_pagefind(site: Path, bundle: Path, out: Path) -> None:
    cmd = [sys.executable, "-m", "pagefind", "--site", str(site), "--output-path", str(bundle),
           "--force-language", "en", "--silent"]
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=3600)
    except OSError as exc:
        raise PipelineError(f"{out}: error: cannot run Pagefind ({exc}); install it: pip install 'pagefind[bin]' "
                            "[html-search-index]") from None
    if proc.returncode != 0:
        detail = " ".join((proc.stderr or proc.stdout).split())[:300]
        raise PipelineError(f"{out}: error: Pagefind failed: {detail or 'exit status ' + str(proc.returncode)}; "
                            "is it installed (pip install 'pagefind[bin]')? [html-search-index]")
