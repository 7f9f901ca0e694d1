"""What a reader's browser downloads to search the edition (issue 23: under 1 MB a query at 10,000 documents).

Serves a built HTML edition over HTTP, opens search.html in headless Chromium with an empty cache for each query
(tests/test_browser.py's WebDriver client), and sums the bytes of every file the page fetched (as the server counts
them: the bodies it sent, as they are on disk; headers left out), by kind of file. Pagefind's index files and wasm
are gzip already; the page, its scripts and JSON are not. ``--gzip`` counts those as a web server that compresses
them would send them (gzip level 6, computed here; the served bytes are the same): the transfer a reader sees on a
real host, not the raw figure.

Example:
    .venv/bin/python scripts/search_bytes.py build/html 'Kissinger' '"the Soviet Union"' '?q=bombing&year=1968'
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import tempfile
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

#: kinds of file, by the first pattern their path matches
KINDS = (("wasm", r"\.pagefind$"), ("entry", r"pagefind-entry\.json$"), ("meta", r"\.pf_meta$"),
         ("filter", r"\.pf_filter$|filters\.json$"), ("index", r"\.pf_index$"), ("fragment", r"\.pf_fragment$"),
         ("pagefind.js", r"pagefind[^/]*\.js$"), ("page", r"."))


def kind_of(path: str) -> str:
    return next(kind for kind, pattern in KINDS if re.search(pattern, path))


#: files a compressing web server sends as gzip (Pagefind's own files are gzip already)
COMPRESSED_TYPES = (".html", ".js", ".css", ".json", ".svg", ".txt")


def served_size(site: Path, path: str, size: int, compress: bool) -> int:
    """The bytes sent for ``path``: as they are, or (``compress``) as gzip when a web server would compress them."""
    name = path.split("?")[0].lstrip("/") or "index.html"
    if compress and name.endswith(COMPRESSED_TYPES) and (site / name).is_file():
        return len(gzip.compress((site / name).read_bytes(), 6, mtime=0))
    return size


def fetched(browser, server, url: str, site: Path, compress: bool = False) -> tuple[dict[str, int], int, int]:
    """Bytes by kind of file, files sent, results shown: opening ``url`` with an empty cache."""
    from test_browser import downloads

    files = downloads(browser, server, url)
    by_kind: dict[str, int] = {}
    for path, size in files:
        by_kind[kind_of(path)] = by_kind.get(kind_of(path), 0) + served_size(site, path, size, compress)
    return by_kind, len(files), browser.js("return document.querySelectorAll('#search-results li').length")


def search_url(base: str, query: str) -> str:
    """``query`` is a search (``q``), a filter (``kind=…``, ``year=…``, ``speaker=…``) or an address's query
    string (``?q=…&year=…``)."""
    if query.startswith("?"):
        return f"{base}search.html{query}"
    name, eq, value = query.partition("=")
    if eq and name in ("kind", "year", "speaker"):
        return f"{base}search.html?{name}={quote(value)}"
    return f"{base}search.html?q={quote(query)}"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("site", type=Path, help="a built HTML edition (build/html)")
    ap.add_argument("queries", nargs="*", help="searches, filters (kind=…, year=…, speaker=…), or query strings (?q=…&year=…)")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    ap.add_argument("--gzip", action="store_true",
                    help="count HTML, JS, CSS and JSON as a compressing web server sends them (Pagefind's files are "
                         "gzip already)")
    args = ap.parse_args(argv)
    from test_browser import Browser, serve  # the suite's WebDriver client and HTTP server

    rows = {}
    with tempfile.TemporaryDirectory() as profile, serve(args.site) as server:
        browser = Browser(Path(profile))
        try:
            rows["(opening search.html)"] = fetched(browser, server, server.base + "search.html", args.site, args.gzip)
            for q in args.queries:
                rows[q] = fetched(browser, server, search_url(server.base, q), args.site, args.gzip)
        finally:
            browser.quit()
    if args.json:
        print(json.dumps(rows, indent=1))
        return 0
    kinds = [k for k, _ in KINDS]
    print("| query | " + " | ".join(kinds) + " | total (KB) | files | results |")
    print("|---" * (len(kinds) + 4) + "|")
    for q, (by_kind, files, results) in rows.items():
        cells = [f"{by_kind.get(k, 0) / 1000:.0f}" for k in kinds]
        print(f"| {q} | " + " | ".join(cells) + f" | {sum(by_kind.values()) / 1000:.0f} | {files} | {results} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
