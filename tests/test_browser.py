"""The HTML edition in a real browser (issue 7): headless Chromium driven through chromedriver's W3C WebDriver
protocol (a few HTTP calls, no Python dependency), axe-core on every page, links followed as a reader would,
screenshots. Skipped, with the reason, when chromium, chromedriver or the npm tools are missing
(scripts/install-test-tools.sh installs them).

Screenshots go to pytest's tmp folder, or to $HTML_SCREENSHOTS_DIR when set (e.g. build/screenshots)."""

from __future__ import annotations

import base64
import contextlib
import functools
import http.server
import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from pipeline.publish.html import render_html

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "html"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
CHROMIUM_BINARY = "/usr/lib/chromium/chromium" if Path("/usr/lib/chromium/chromium").is_file() else CHROMIUM
ELEMENT = "element-6066-11e4-a52e-4f735466cecf"  # W3C WebDriver element reference key


def missing_tools() -> str | None:
    for path, what in ((CHROMIUM, "chromium"), (CHROMEDRIVER, "chromedriver (Debian chromium-driver)")):
        if not Path(path).is_file():
            return f"{what} missing: run scripts/install-test-tools.sh"
    if not AXE.is_file():
        return f"axe-core missing ({AXE.relative_to(ROOT)}): run scripts/install-test-tools.sh"
    return None


pytestmark = [pytest.mark.tools, pytest.mark.skipif(missing_tools() is not None, reason=missing_tools() or "")]


class WebDriverError(RuntimeError):
    pass


class Browser:
    """A minimal W3C WebDriver client: one chromedriver, one headless Chromium session."""

    def __init__(self, profile: Path, width: int = 1200, height: int = 900):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        self.base = f"http://127.0.0.1:{port}"
        self.driver = subprocess.Popen([CHROMEDRIVER, f"--port={port}", "--allowed-ips=127.0.0.1"],
                                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 20
        while True:
            try:
                if self._call("GET", "/status")["ready"]:
                    break
            except (urllib.error.URLError, ConnectionError):
                pass
            if time.monotonic() > deadline:
                self.driver.kill()
                raise WebDriverError("chromedriver did not start")
            time.sleep(0.1)
        args = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", f"--user-data-dir={profile}",
                f"--window-size={width},{height}"]
        caps = {"capabilities": {"alwaysMatch": {"browserName": "chrome", "goog:chromeOptions": {
            "binary": CHROMIUM_BINARY, "args": args}}}}
        try:
            self.session = self._call("POST", "/session", caps)["sessionId"]
        except Exception:
            self.driver.kill()
            raise

    def _call(self, method: str, path: str, body: dict | None = None):
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.base + path, data=data, method=method,
                                     headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=60) as resp:
                return json.loads(resp.read())["value"]
        except urllib.error.HTTPError as err:
            raise WebDriverError(err.read().decode("utf-8", "replace")[:500]) from None

    def cmd(self, method: str, path: str, body: dict | None = None):
        return self._call(method, f"/session/{self.session}{path}", body)

    def open(self, url: str) -> None:
        self.cmd("POST", "/url", {"url": url})

    @property
    def url(self) -> str:
        return self.cmd("GET", "/url")

    def js(self, script: str, *args):
        return self.cmd("POST", "/execute/sync", {"script": script, "args": list(args)})

    def js_async(self, script: str, *args):
        return self.cmd("POST", "/execute/async", {"script": script, "args": list(args)})

    def find(self, css: str) -> str:
        found = self.cmd("POST", "/element", {"using": "css selector", "value": css})
        if ELEMENT not in found:
            raise WebDriverError(f"no element {css!r}: {found}")
        return found[ELEMENT]

    def click(self, css: str) -> None:
        self.cmd("POST", f"/element/{self.find(css)}/click", {})

    def type(self, css: str, text: str) -> None:
        self.cmd("POST", f"/element/{self.find(css)}/value", {"text": text})

    def screenshot(self, path: Path) -> Path:
        path.write_bytes(base64.b64decode(self.cmd("GET", "/screenshot")))
        return path

    def resize(self, width: int, height: int) -> None:
        self.cmd("POST", "/window/rect", {"width": width, "height": height})

    def quit(self) -> None:
        try:
            self._call("DELETE", f"/session/{self.session}")
        finally:
            self.driver.terminate()
            try:
                self.driver.wait(10)
            except subprocess.TimeoutExpired:
                self.driver.kill()


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("browser-site")
    tei = tmp / "tei"
    tei.mkdir()
    for src in FIXTURES.glob("*.xml"):
        shutil.copy(src, tei / src.name)
    out = tmp / "html"
    render_html(sorted(tei.glob("*.xml")), out, progress=False)
    return out


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    b = Browser(tmp_path_factory.mktemp("chromium-profile"))
    yield b
    b.quit()


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:
    folder = Path(os.environ["HTML_SCREENSHOTS_DIR"]) if os.environ.get("HTML_SCREENSHOTS_DIR") \
        else ROOT / "build" / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def target(browser: Browser) -> dict:
    """The element the URL's fragment points at (the CSS :target), with what the test needs of it."""
    return browser.js("""const t = document.querySelector(':target');
        return t && {id: t.id, tag: t.tagName.toLowerCase(), cls: t.className, who: t.dataset.who || null,
                     text: t.textContent.replace(/\\s+/g, ' ').trim(),
                     visible: t.getBoundingClientRect().top >= 0 && t.getBoundingClientRect().top < innerHeight};""")


AXE_RUN = """const done = arguments[arguments.length - 1];
axe.run(document, {resultTypes: ['violations']}).then(
  r => done(r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                      nodes: v.nodes.slice(0, 3).map(n => n.html)}))),
  e => done([{id: 'axe-error', impact: 'critical', help: String(e), nodes: []}]));"""


def axe_violations(browser: Browser, url: str) -> list[dict]:
    browser.open(url)
    browser.js(AXE.read_text("utf-8") + "\nreturn true;")
    return browser.js_async(AXE_RUN)


def test_no_serious_or_critical_accessibility_violations_on_any_page(browser, site):
    pages = sorted(site.glob("*.html"))
    assert len(pages) >= 7
    found = {}
    for p in pages:
        bad = [v for v in axe_violations(browser, p.as_uri()) if v["impact"] in ("serious", "critical")]
        if bad:
            found[p.name] = bad
    assert found == {}


def test_reader_follows_index_document_footnote_and_back(browser, site, shots):
    browser.open((site / "index.html").as_uri())
    assert browser.js("return document.title").startswith("Documents")
    browser.screenshot(shots / "index.png")
    browser.click("table.documents a[href='001_fixture.html']")
    assert browser.url.endswith("/001_fixture.html")
    assert browser.js("return document.querySelector('h1').textContent").startswith("Telegram")
    browser.click("sup.noteref a[href='#d001_fixture-fn2']")
    assert browser.url.endswith("#d001_fixture-fn2")
    note = target(browser)
    assert note["tag"] == "li" and "returned to Hanoi" in note["text"] and note["visible"]
    browser.click("#d001_fixture-fn2 a[role='doc-backlink']")
    assert browser.url.endswith("#d001_fixture-fn2-ref")
    back = target(browser)
    assert back["tag"] == "a" and back["text"] == "2" and back["visible"]
    browser.open((site / "001_fixture.html").as_uri())
    browser.screenshot(shots / "document-001.png")


def test_register_link_lands_on_the_right_turn(browser, site, shots):
    # from the index of initials to the page of L (le-duc-tho), then to the turn
    browser.open((site / "persons.html").as_uri())
    browser.click("nav.initials a[href='persons-l.html']")
    assert browser.url.endswith("/persons-l.html")
    browser.click("a.turn[href='002_fixture.html#d002_fixture-sp3']")
    assert browser.url.endswith("/002_fixture.html#d002_fixture-sp3")
    turn = target(browser)
    assert turn["tag"] == "div" and "sp" in turn["cls"].split() and turn["who"] == "le-duc-tho"
    assert turn["text"].startswith("Le Duc Tho turn 3 4 After.") and turn["visible"]  # 4: the paragraph's number
    browser.screenshot(shots / "document-002-turn.png")
    # a mention link lands on the paragraph that names the person
    browser.open((site / "persons-k.html").as_uri())
    browser.click("a.mention[href='002_fixture.html#d002_fixture-p4']")
    assert "Cde. Kosygin" in target(browser)["text"]


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Serves the site and records each response's body size (what the browser downloads: no compression)."""

    def send_header(self, keyword, value):
        if keyword.lower() == "content-length":
            self.server.fetched.append((self.path.split("?")[0], int(value)))
        super().send_header(keyword, value)

    def log_message(self, *args):
        pass


@contextlib.contextmanager
def serve(site: Path):
    """``site`` served over HTTP on a free local port (Pagefind's index cannot load from file://), in a thread: the
    server, with its base URL (``.base``) and the (path, bytes) of each file it sent (``.fetched``)."""
    with http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Handler, directory=str(site))) as server:
        server.fetched = []
        server.base = f"http://127.0.0.1:{server.server_address[1]}/"
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            yield server
        finally:
            server.shutdown()


#: a search page is done: its filters are shown and, with a query, the status says what was found
SEARCH_DONE = ("return !!document.querySelector('#search-filters select') && (!new URLSearchParams(location.search)"
               ".get('q') || document.getElementById('search-status').textContent !== '')")


def downloads(browser: Browser, server, url: str, settle: float = 1.5, timeout: float = 180,
              done: str = SEARCH_DONE) -> list[tuple[str, int]]:
    """Open ``url`` with an empty browser cache: the files ``server`` (see serve) sent for it, (path, bytes), once
    the script ``done`` returns true and the server has sent nothing new for ``settle`` seconds (Pagefind fetches in
    a worker, which the page's own Resource Timing does not see)."""
    browser.cmd("POST", "/goog/cdp/execute", {"cmd": "Network.clearBrowserCache", "params": {}})
    start = len(server.fetched)
    browser.open(url)
    deadline, seen, quiet = time.monotonic() + timeout, -1, time.monotonic()
    while time.monotonic() < deadline:
        if len(server.fetched) != seen:
            seen, quiet = len(server.fetched), time.monotonic()
        elif time.monotonic() - quiet >= settle and browser.js(done):
            break
        time.sleep(0.1)
    return server.fetched[start:]


@pytest.fixture(scope="module")
def served(site):
    """The fixture edition served over HTTP."""
    with serve(site) as server:
        yield server.base


def search_results(browser: Browser, url: str) -> list[str]:
    """Open a search address and wait for its results: the pages found (their file names)."""
    browser.open(url)
    for _ in range(100):
        if browser.js("return document.getElementById('search-status').textContent"):
            break
        time.sleep(0.1)
    return browser.js("return [...document.querySelectorAll('#search-results li > a')]"
                      ".map(a => a.getAttribute('href').split('/').pop())")


def test_search_finds_names_in_any_spelling_phrases_and_archives_and_its_address_gives_the_same(browser, served):
    from urllib.parse import quote
    url = served + "search.html?q="
    assert set(search_results(browser, url + quote("RGANI"))) == {"002_fixture.html"}
    le_duc_tho = set(search_results(browser, url + quote("Le Duc Tho")))
    assert "002_fixture.html" in le_duc_tho and "persons-l.html" in le_duc_tho  # the register's page of L
    assert set(search_results(browser, url + quote("Lê Đức Thọ"))) == le_duc_tho
    phrase = set(search_results(browser, url + quote('"will continue"')))
    assert phrase == {"002_fixture.html"}
    assert search_results(browser, url + quote('"continue will"')) == []
    # typed, the query goes into the address; that address opened anew gives the same results
    browser.open(served + "search.html")
    browser.type("#q", "Le Duc Tho")
    time.sleep(1.5)
    typed = browser.js("return [...document.querySelectorAll('#search-results li > a')].map(a => a.getAttribute('href').split('/').pop())")
    address = browser.url
    assert "q=Le+Duc+Tho" in address or "q=Le%20Duc%20Tho" in address
    assert search_results(browser, address) == typed


@pytest.fixture(scope="module")
def synthetic_site(tmp_path_factory) -> Path:
    """60 synthetic documents (scripts/synth.py), encoded and built with their search index: enough that a common
    word is on many pages."""
    tmp = tmp_path_factory.mktemp("synthetic-site")
    pipeline = [sys.executable, "-c", "from pipeline.cli import main; main()"]
    subprocess.run([sys.executable, str(ROOT / "scripts" / "synth.py"), "60", str(tmp / "src"), "--seed", "3"],
                   check=True, capture_output=True, cwd=ROOT, timeout=300)
    subprocess.run([*pipeline, "encode", "-q", *map(str, sorted((tmp / "src").glob("*.txt"))), "-o", str(tmp / "tei")],
                   check=True, capture_output=True, cwd=ROOT, timeout=600)
    subprocess.run([*pipeline, "html", "-q", *map(str, sorted((tmp / "tei").glob("*.xml"))), "-o", str(tmp / "html")],
                   check=True, capture_output=True, cwd=ROOT, timeout=600)
    return tmp / "html"


def test_a_query_downloads_one_page_of_results_not_every_match(browser, synthetic_site):
    """Issue 23: at 10,000 documents a query downloads under 1 MB (docs/bench.md, scripts/search_bytes.py). What a
    query costs beyond the files every search loads (Pagefind's code, about 180 KB) is an index chunk per word and
    bundle and a fragment (the page's whole text, 3 to 20 KB) per result shown: a common word found on most of the
    60 pages loads the fragments of the first page of results only (10), not of every match (50 before)."""
    with serve(synthetic_site) as server:
        for word in ("government", "bombing"):
            files = downloads(browser, server, server.base + "search.html?q=" + word)
            found = browser.js("return document.getElementById('search-status').textContent")
            assert sum(size for _, size in files) < 350_000, sorted(files, key=lambda f: -f[1])[:8]
            assert int("".join(c for c in found if c.isdigit())) > 10, found
            assert browser.js("return document.querySelectorAll('#search-results li').length") == 10
            assert len([p for p, _ in files if p.endswith(".pf_fragment")]) == 10
        # the next ten come when the reader reaches the end of the list
        browser.js("document.querySelector('#search-results li:last-child').scrollIntoView()")
        for _ in range(100):
            if browser.js("return document.querySelectorAll('#search-results li').length") > 10:
                break
            time.sleep(0.1)
        assert browser.js("return document.querySelectorAll('#search-results li').length") == min(20, int(
            "".join(c for c in found if c.isdigit())))


def test_batches_merged_into_one_bundle_find_what_one_bundle_finds_and_load_a_chunk_a_word(browser, synthetic_site,
                                                                                          tmp_path, monkeypatch):
    """Issue 23: indexed in 4 batches and merged into one bundle (pipeline/search_merge.py), the edition finds what
    it finds indexed at once (as many pages; the same pages when they fit on a page of results), a query loads at
    most two index chunks a word (one of each bundle before: 4 a word here, 12 at 10,000 documents), and opening
    the search page loads no index, no filter chunk (the filters' values come from pagefind/filters.json)."""
    from urllib.parse import quote

    from pipeline import search

    merged = tmp_path / "html"
    shutil.copytree(synthetic_site, merged, ignore=shutil.ignore_patterns(search.SEARCH_DIR))
    pages = [p for p in merged.glob("*.html") if search._SEARCH_BODY.search(p.read_bytes())]
    monkeypatch.setattr(search, "SEARCH_BATCH_BYTES", sum(p.stat().st_size for p in pages) // 4 + 1)
    search.index_search(merged)
    assert len(list((merged / search.SEARCH_DIR / search.BATCHES_DIR).iterdir())) == 4
    assert not list((synthetic_site / search.SEARCH_DIR / search.BATCHES_DIR).glob("batch-1"))  # one bundle
    speaker = json.loads((merged / "pagefind" / "filters.json").read_text())["speaker"][0]
    year = json.loads((merged / "pagefind" / "filters.json").read_text())["year"][0]
    queries = ["government", "bombing", '"the United States"', speaker, speaker.split()[-1], f"government&year={year}"]
    with serve(synthetic_site) as one, serve(merged) as server:
        opening = downloads(browser, server, server.base + "search.html")
        assert not [p for p, _ in opening if p.endswith((".pf_index", ".pf_filter", ".pf_fragment"))], opening
        assert browser.js("return document.getElementById('filter-year').options.length") > 1
        found_any = 0
        for query in queries:
            seen = []
            for site_server in (one, server):
                files = downloads(browser, site_server, site_server.base + "search.html?q=" + quote(query, safe="&="))
                said = browser.js("return document.getElementById('search-status').textContent")
                shown = browser.js("return [...document.querySelectorAll('#search-results li > a')]"
                                   ".map(a => a.getAttribute('href'))")
                seen.append((said, sorted(shown) if len(shown) < 10 else len(shown)))
            chunks = [p for p, _ in files if p.endswith(".pf_index")]
            assert seen[0] == seen[1], (query, seen)
            assert len(chunks) <= 2 * len(query.split("&")[0].split()), (query, chunks)
            found_any += bool(seen[1][1])
        assert found_any >= 4


def test_a_filter_without_words_asks_for_a_word_and_loads_no_index_chunk(browser, synthetic_site):
    """Issue 23: Pagefind 1.5.2 fetches every chunk of the index for a search without words (31 MB at 10,000
    documents), so a filter alone asks for a word; with a word, the filter narrows the search."""
    with serve(synthetic_site) as server:
        browser.open(server.base + "search.html")
        for _ in range(100):
            if browser.js("var s = document.getElementById('filter-year'); return s ? s.options.length : 0") > 1:
                break
            time.sleep(0.1)
        year = browser.js("return document.getElementById('filter-year').options[1].value")
        files = downloads(browser, server, server.base + "search.html?year=" + year)
        assert browser.js("return document.getElementById('search-status').textContent").startswith("Type a word")
        assert browser.js("return document.querySelectorAll('#search-results li').length") == 0
        assert not [path for path, _ in files if path.endswith((".pf_index", ".pf_fragment"))], files
        def found(url: str) -> int:
            search_results(browser, url)
            said = browser.js("return document.getElementById('search-status').textContent")
            return int("".join(c for c in said if c.isdigit()) or 0)
        everywhere = found(server.base + "search.html?q=government")
        years = browser.js("return [...document.getElementById('filter-year').options].map(o => o.value).filter(v => v)")
        narrowed = [found(server.base + "search.html?q=government&year=" + y) for y in years[:4]]
        assert max(narrowed) > 0 and sum(narrowed) <= everywhere and everywhere not in narrowed, (narrowed, everywhere)


def test_search_from_disk_says_how_to_serve_the_edition(browser, site):
    browser.open((site / "search.html").as_uri() + "?q=Hanoi")
    assert browser.js("return document.getElementById('search-served').hidden") is False
    assert "python -m http.server" in browser.js("return document.getElementById('search-served').textContent")


def test_text_starts_on_the_first_phone_screen_and_pages_are_captured(browser, site, served, shots):
    browser.resize(390, 844)
    try:
        browser.open(served + "002_fixture.html")
        top = browser.js("return document.querySelector('section.text').getBoundingClientRect().top")
        height = browser.js("return window.innerHeight")
        assert top < height, (top, height)
        browser.screenshot(shots / "document-002-390.png")
    finally:
        browser.resize(1280, 900)
    browser.open(served + "002_fixture.html")
    browser.screenshot(shots / "document-002-1280.png")
    pdf = browser.cmd("POST", "/print", {"background": False})
    (shots / "document-002-print.pdf").write_bytes(base64.b64decode(pdf))
    assert (shots / "document-002-print.pdf").read_bytes().startswith(b"%PDF")


def test_no_accessibility_violations_at_phone_and_desktop_width(browser, served):
    found = {}
    for width in (1280, 390):
        browser.resize(width, 900)
        for name in ("002_fixture.html", "001_fixture.html", "index.html", "search.html", "conventions.html"):
            bad = axe_violations(browser, served + name)
            if bad:
                found[f"{name}@{width}"] = bad
    browser.resize(1200, 900)
    assert found == {}


def test_phone_width_has_no_sideways_scrolling(browser, site, shots):
    browser.resize(390, 844)
    try:
        for name in ("index.html", "002_fixture.html", "persons.html", "persons-l.html"):
            browser.open((site / name).as_uri())
            overflow = browser.js("return document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 0, name
        browser.open((site / "002_fixture.html").as_uri())
        browser.screenshot(shots / "document-002-phone.png")
    finally:
        browser.resize(1200, 900)


REAL_TEI = sorted((ROOT / "tei").glob("*.xml"))


@pytest.mark.skipif(not REAL_TEI, reason="no TEI in tei/ yet (the encoder writes it)")
def test_the_edition_from_tei_has_no_serious_accessibility_violations(browser, tmp_path, shots):
    tei = tmp_path / "tei"
    tei.mkdir()
    for src in REAL_TEI:
        shutil.copy(src, tei / src.name)
    out = tmp_path / "html"
    render_html(sorted(tei.glob("*.xml")), out, progress=False)
    found = {}
    for p in sorted(out.glob("*.html")):
        bad = [v for v in axe_violations(browser, p.as_uri()) if v["impact"] in ("serious", "critical")]
        if bad:
            found[p.name] = bad
    assert found == {}
    browser.open((out / "index.html").as_uri())
    browser.screenshot(shots / "edition-index.png")
