"""The HTML edition (issue 7): structure of the pages (lxml), validity (Nu HTML Checker), injection, determinism,
errors for bad input. The browser checks (axe-core, links followed, screenshots) are in test_browser.py."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from lxml import etree, html as lhtml

from pipeline.errors import PipelineError
from pipeline.publish.html import render_html

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "html"
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
TEI = "{http://www.tei-c.org/ns/1.0}"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
CORPUS_PAGES = ("index.html", "persons.html", "places.html", "orgs.html", "conventions.html", "search.html")
REGISTER_PAGE = re.compile(r"^(persons|places|orgs)-[a-z0]\.html$")  # a register's page by initial


def is_corpus_page(name: str) -> bool:
    return name in CORPUS_PAGES or bool(REGISTER_PAGE.match(name))


def entry_href(register: str, key: str) -> str:
    """Where a register entry is (xslt/common.xsl f:register-href): the page of its key's initial."""
    return f"{register}-{key[0]}.html#{key}"


def render_copy(sources: list[Path], tmp: Path, **kwargs) -> Path:
    """Copy TEI files into tmp/tei, render into tmp/html, return the html folder."""
    tei = tmp / "tei"
    tei.mkdir(parents=True, exist_ok=True)
    for s in sources:
        shutil.copy(s, tei / s.name)
    out = tmp / "html"
    render_html(sorted(tei.glob("*.xml")), out, progress=False, **kwargs)
    return out


def real_tei() -> list[Path]:
    return sorted((ROOT / "tei").glob("*.xml"))


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return render_copy(sorted(FIXTURES.glob("*.xml")), tmp_path_factory.mktemp("fixture-site"))


def page(site: Path, name: str):
    return lhtml.parse(str(site / name)).getroot()


def text_of(el) -> str:
    return " ".join(el.text_content().split())


# ----- every page -------------------------------------------------------------------------------------------

def test_every_page_has_lang_doctype_one_h1_unique_ids_and_working_fragment_links(site):
    pages = sorted(site.glob("*.html"))
    assert {p.name for p in pages} >= set(CORPUS_PAGES) | {"001_fixture.html", "002_fixture.html", "004_fixture.html"}
    for p in pages:
        raw = p.read_text("utf-8")
        assert raw.lower().startswith("<!doctype html>"), p
        root = page(site, p.name)
        assert root.get("lang") == "en"
        assert len(root.xpath("//h1")) == 1, p
        ids = root.xpath("//@id")
        assert len(ids) == len(set(ids)), (p, sorted(i for i in ids if ids.count(i) > 1))
        for href in root.xpath("//a/@href"):
            target, _, frag = href.partition("#")
            assert not href.lower().startswith("javascript:")
            if target.startswith("http"):
                continue
            assert (site / (target or p.name)).is_file(), (p, href)
            if frag:
                assert frag in page(site, target or p.name).xpath("//@id"), (p, href)
        assert root.xpath("//link[@rel='stylesheet']/@href") == ["edition.css"]
        assert not root.xpath("//script[not(@src)] | //*[@style]"), "no inline script or style"
        assert all(not re.match(r"^(https?:)?//", s) for s in root.xpath("//script/@src | //link/@href | //img/@src"))


# ----- one document -------------------------------------------------------------------------------------------

def test_metadata_panel_and_cite_block(site):
    root = page(site, "002_fixture.html")
    fields = {text_of(dt): text_of(dt.getnext()) for dt in root.xpath("//dl[@class='metadata']/dt")}
    assert fields["Date"] == "16 December 1966 The source writes “December 16, 1966”."
    assert fields["Archive"] == "RGANI"
    assert fields["Shelfmark"] == "f. 80, op. 1, d. 521, ll. 29-80"
    assert fields["Translated by"] == "Gary Goldberg"
    assert fields["Summary"] == "Le Duc Tho assesses the prospects of the war in Vietnam."
    assert fields["Rights"] == "Text released for research and teaching use."
    assert fields["Kind of source"].startswith("Archival record")
    assert fields["Identifier"] == "002_fixture"
    assert root.xpath("//dl[@class='metadata']//time/@datetime")[0] == "1966-12-16"
    cite = text_of(root.xpath("//details[@class='cite']/p[@class='citation']")[0])
    assert "002_fixture" in cite and "Second Meeting" in cite and "16 December 1966" in cite


def test_turns_set_apart_labelled_and_anchored_by_xml_id(site):
    tei = etree.parse(str(FIXTURES / "d002.xml"))
    root = page(site, "002_fixture.html")
    sps = root.xpath("//div[@class='sp']")
    assert [sp.get("id") for sp in sps] == tei.xpath("//t:sp/@xml:id", namespaces={"t": TEI[1:-1]})
    for sp in sps:
        label = root.get_element_by_id(sp.get("aria-labelledby"))
        assert label.getparent() is sp and "speaker" in label.get("class")
        assert sp.get("role") == "group"
    assert [text_of(sp.xpath("p[@class='speaker']/a[@class='speaker-name']")[0]) for sp in sps] == \
        ["Le Duc Tho", "A. N. Kosygin", "Le Duc Tho"]
    assert sps[0].xpath("p[@class='speaker']/a[@class='speaker-name']/@href") == [entry_href("persons", "le-duc-tho")]
    # every paragraph's xml:id is an anchor
    for pid in tei.xpath("//t:p/@xml:id", namespaces={"t": TEI[1:-1]}):
        assert root.get_element_by_id(pid).tag == "p"


def test_footnotes_link_both_ways_without_javascript(site):
    root = page(site, "001_fixture.html")
    refs = root.xpath("//sup[@class='noteref']/a")
    assert [text_of(a) for a in refs] == ["1", "2"]
    notes = root.xpath("//ol[@class='footnotes']/li")
    assert len(notes) == 2
    for a, li in zip(refs, notes):
        assert a.get("href") == "#" + li.get("id")
        back = li.xpath(".//a[@role='doc-backlink']")[0]
        assert back.get("href") == "#" + a.get("id")
    assert "returned to Hanoi" in text_of(notes[1])
    assert "returned to Hanoi" not in text_of(root.xpath("//section[@class='text']")[0]), "note text only at the foot"
    # the note in the heading is a link inside the heading
    assert root.xpath("//h3/sup[@class='noteref']/a/@href") == ["#d001_fixture-fn1"]


def test_page_breaks_dates_times_and_person_links(site):
    root = page(site, "001_fixture.html")
    pb = root.xpath("//span[@class='pb']")
    assert [text_of(s) for s in pb] == ["[p. 120]"]
    assert "We said we [p. 120]had not talked" in text_of(root.xpath("//*[@id='d001_fixture-p3']")[0])
    d2 = page(site, "002_fixture.html")
    times = {t.get("datetime"): t for t in d2.xpath("//section[@class='text']//time")}
    assert set(times) == {"1966-12-16", "1967-01-05", "20:00:00"}
    assert "inferred" in times["1967-01-05"].get("class") and "medium" in times["1967-01-05"].get("title")
    assert text_of(times["20:00:00"]) == "8pm"
    links = d2.xpath("//section[@class='text']//a[@class='persName']/@href")
    assert links == [entry_href("persons", k) for k in ("kosygin", "gromyko", "kosygin")]
    assert d2.xpath("//span[@class='persName']/text()") == ["V. Zelentsov"], "no link without a register key"


def test_interventions_printed_by_the_bracket_conventions(site):
    root = page(site, "002_fixture.html")
    text = text_of(root.xpath("//section[@class='text']")[0])
    assert "which [you] know" in text and "the following[:] the Americans" in text
    assert "We must [priblizit’] the moment. [name] agreed […]." in text
    foreign = root.xpath("//i[@class='foreign']")[0]
    assert foreign.get("lang") == "ru-Latn"
    assert root.xpath("//span[contains(@class, 'supplied')]/@title")[0].startswith("Supplied: omitted in the original")
    assert root.xpath("//span[contains(@class, 'gap')][contains(@class, 'reason-illegible')]")
    conv = text_of(page(site, "conventions.html").xpath("//table[@class='conventions']")[0])
    for printed in ("[you]", "[priblizit’]", "[vidim – SIC]", "and [SIC]", "Hanoi[?]", "[illegible name]", "[…]",
                    "[name not declassified]", "[signature]", "[email protected]", "[Laughter]", "[p. 120]"):
        assert printed in conv
    # plain words: no TEI element or attribute names in what the page says about them
    words = text_of(page(site, "conventions.html").xpath("//main")[0])
    for jargon in ("gap, reason", "supplied, reason", "with desc", "foreign containing", "@reason"):
        assert jargon not in words


def test_omitted_lines_are_listed(site):
    root = page(site, "002_fixture.html")
    details = root.xpath("//details[@class='omitted']")[0]
    assert "Skip to content" in text_of(details)


def test_listing_document_entries_are_an_ordered_list_with_anchors(site):
    root = page(site, "004_fixture.html")
    items = root.xpath("//ol[@class='listBibl']/li")
    assert len(items) == 3 and all(li.get("id") for li in items)
    assert items[0].xpath(".//time/@datetime") == ["1964-10-20"]
    assert items[0].xpath(".//a[@class='persName']/@href") == [entry_href("persons", "le-duan")]


# ----- corpus pages ------------------------------------------------------------------------------------------

def test_index_is_chronological_with_kind_and_archive_and_calendar(site):
    root = page(site, "index.html")
    rows = root.xpath("//table[@class='documents reflow']/tbody/tr")
    assert [r.xpath("td[2]/a/@href")[0] for r in rows] == ["002_fixture.html", "001_fixture.html", "004_fixture.html"]
    assert [text_of(r.xpath("td[1]")[0]) for r in rows] == ["16 December 1966", "8 October 1968", "undated"]
    assert text_of(rows[1].xpath("td[3]")[0]).startswith("Foreign Relations")
    assert text_of(rows[1].xpath("td[4]")[0]) == "National Archives and Records Administration"
    cal = root.xpath("//table[@class='calendar reflow']/tbody/tr")
    assert [r.xpath("td[1]/time/@datetime")[0] for r in cal] == ["1964-10-20", "1965-04-08", "1971"]
    assert cal[0].xpath("td[2]/a/@href")[0].startswith("004_fixture.html#")
    nav = root.xpath("//nav//a/@href")
    assert nav == ["index.html", "persons.html", "places.html", "orgs.html", "conventions.html", "search.html"]


def entry(site: Path, register: str, key: str):
    """The section of a register entry, from the page its links point to."""
    name, _, anchor = entry_href(register, key).partition("#")
    return page(site, name).get_element_by_id(anchor).getparent()


def test_register_counts_turns_and_mentions_and_links_to_exact_places(site):
    for letter_page in sorted(site.glob("persons-*.html")):
        names = [text_of(h) for h in page(site, letter_page.name).xpath("//section[@class='person']/h2")]
        assert names and names == sorted(names, key=str.lower), letter_page
    tho = entry(site, "persons", "le-duc-tho")
    assert "Lê Đức Thọ" in text_of(tho) and tho.xpath(".//span[@lang='vi']")
    assert text_of(tho.xpath("p[@class='name-forms']")[0]) == "Name forms: Le Duc Tho; Lê Đức Thọ"
    assert "speaks in 2 turn(s)" in text_of(tho)
    assert tho.xpath(".//a[@class='turn']/@href") == ["002_fixture.html#d002_fixture-sp1", "002_fixture.html#d002_fixture-sp3"]
    kosygin = entry(site, "persons", "kosygin")
    text = text_of(kosygin)
    assert "speaks in 1 turn(s)" in text and "mentioned 2 time(s)" in text
    assert kosygin.xpath(".//a[@class='mention']/@href") == ["002_fixture.html#d002_fixture-p1", "002_fixture.html#d002_fixture-p4"]
    assert "listed as present" not in text
    gromyko = text_of(entry(site, "persons", "gromyko"))
    assert "mentioned 1 time(s)" in gromyko and "listed as present" in gromyko
    thuy = entry(site, "persons", "xuan-thuy")
    assert "Thuy" in text_of(thuy) and thuy.xpath(".//a[@class='mention']/@href") == ["001_fixture.html#d001_fixture-p2"]


def test_conventions_page_has_kinds_and_the_documents_legends(site):
    root = page(site, "conventions.html")
    text = text_of(root)
    for kind in ("Foreign Relations of the United States", "Archival record", "Blog post", "Listing"):
        assert kind in text
    assert "Square brackets in the source are encoded by what they mean" in text
    assert root.xpath("//div[@class='legend']//ul/li")


def test_search_is_pagefind_over_the_pages_with_filters_and_folded_words(site):
    assert (site / "pagefind" / "pagefind.js").is_file() and (site / "pagefind" / "pagefind-entry.json").is_file()
    assert not (site / "search-index.js").exists()
    search = page(site, "search.html")
    assert search.xpath("//script/@src") == ["search.js"]
    assert search.xpath("//label[@for='q']") and search.xpath("//input[@id='q']")
    assert "python -m http.server" in text_of(search.xpath("//div[@id='search-served']")[0])
    root = page(site, "002_fixture.html")
    assert root.xpath("//article/@data-pagefind-body") == [""]
    filters = {(f.get("data-pagefind-filter"), text_of(f)) for f in root.xpath("//*[@data-pagefind-filter]")}
    assert {("year", "1966"), ("speaker", "Le Duc Tho")} <= filters
    assert ("kind", "Archival record (Wilson Center Digital Archive)") in filters
    letters = sorted(site.glob("persons-*.html"))
    assert letters and all(page(site, p.name).xpath("//main/@data-pagefind-body") == [""] for p in letters)
    for name in ("index.html", "persons.html", "places.html", "orgs.html"):  # the indexes of initials are not
        assert not page(site, name).xpath("//*[@data-pagefind-body]"), name


def test_words_with_diacritics_get_a_folded_copy_for_the_search(tmp_path):
    src = (FIXTURES / "d002.xml").read_text("utf-8").replace("Our strategic goals are", "Hôm qua Đức Thọ nói", 1)
    assert "Đức" in src
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "d002.xml").write_text(src, "utf-8")
    root = page(render_copy([tmp_path / "src" / "d002.xml"], tmp_path), "002_fixture.html")
    folded = [text_of(p) for p in root.xpath("//div[@class='search-folded']/p")]
    assert any(t.startswith("Hom qua Duc Tho noi") for t in folded), folded
    assert root.xpath("//div[@class='search-folded']/@hidden") == [""]


def test_a_block_with_only_quotes_and_dashes_outside_ascii_gets_no_folded_copy(tmp_path):
    """Its copy would be itself: twice its words for Pagefind to index, and nothing more found."""
    src = (FIXTURES / "d002.xml").read_text("utf-8").replace("Our strategic goals are", "Our “strategic” goals — are", 1)
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "d002.xml").write_text(src, "utf-8")
    root = page(render_copy([tmp_path / "src" / "d002.xml"], tmp_path), "002_fixture.html")
    assert "Our “strategic” goals — are" in root.text_content()
    assert not [p for p in root.xpath("//div[@class='search-folded']/p") if "strategic" in text_of(p)]


# ----- modes, determinism, errors ------------------------------------------------------------------------------

def test_pages_documents_or_corpus_only(tmp_path):
    sources = sorted(FIXTURES.glob("*.xml"))
    docs = render_copy(sources, tmp_path / "a", pages="documents")
    assert {p.name for p in docs.glob("*.html")} == {"001_fixture.html", "002_fixture.html", "004_fixture.html"}
    corpus = render_copy(sources, tmp_path / "b", pages="corpus")
    assert {p.name for p in corpus.glob("*.html") if not REGISTER_PAGE.match(p.name)} == set(CORPUS_PAGES)
    assert {p.name for p in corpus.glob("*.html") if REGISTER_PAGE.match(p.name)} >= {"persons-k.html", "persons-l.html"}
    assert (corpus / "pagefind" / "pagefind.js").is_file() and (corpus / "edition.css").is_file()


def test_output_is_byte_identical_for_any_jobs_and_on_every_run(tmp_path, site):
    sources = sorted(FIXTURES.glob("*.xml"))
    again = render_copy(sources, tmp_path / "j1", jobs=1)
    parallel = render_copy(sources, tmp_path / "j2", jobs=2)
    def files(folder):  # pages and kept parts; Pagefind's filter files are not byte-stable (Pagefind issue #638)
        return sorted(str(p.relative_to(folder)) for p in folder.rglob("*")
                      if p.is_file() and p.relative_to(folder).parts[0] != "pagefind")
    names = files(site)
    assert names == files(again) == files(parallel)
    for name in names:
        assert (site / name).read_bytes() == (again / name).read_bytes() == (parallel / name).read_bytes(), name


INJECTION = """<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="d900_inject">
  <teiHeader>
    <fileDesc>
      <titleStmt><title type="main">&lt;script&gt;alert("title")&lt;/script&gt; &amp; co</title></titleStmt>
      <publicationStmt><idno type="document">900_inject</idno></publicationStmt>
      <sourceDesc><bibl type="source"><idno type="URL">javascript:alert('url')</idno></bibl></sourceDesc>
    </fileDesc>
    <profileDesc><textClass><catRef target="#unknown"/></textClass></profileDesc>
  </teiHeader>
  <text xml:lang="en">
    <body>
      <div type="text">
        <p xml:id="d900_inject-p1">Before &lt;script&gt;alert(1)&lt;/script&gt; after, a stray &amp; and a stray &lt; here,
          <ref target="javascript:alert(2)">a link</ref>, <ref target=" JavaScript:alert(3)">another</ref>,
          <ref target="https://example.org/ok">a fine link</ref>, &lt;img src=x onerror=alert(4)&gt;
          <persName ref="persons.xml#x&quot; onmouseover=&quot;alert(5)">Someone</persName>.</p>
      </div>
    </body>
  </text>
</TEI>
"""


def test_source_text_cannot_inject_markup_or_script(tmp_path):
    src = tmp_path / "900_inject.xml"
    src.write_text(INJECTION, "utf-8")
    out = tmp_path / "html"
    render_html([src], out, progress=False)
    for name in ("900_inject.html", "index.html", "persons.html", *(p.name for p in out.glob("persons-*.html"))):
        raw = (out / name).read_text("utf-8")
        root = lhtml.fromstring(raw)
        assert not root.xpath("//script[not(@src)]"), name
        assert not root.xpath("//img | //*[@onerror] | //*[@onmouseover]"), name
        assert not [h for h in root.xpath("//@href") if "script:" in h.lower()], name
        assert "<script>alert" not in raw and "<img" not in raw, name
    root = lhtml.parse(str(out / "900_inject.html")).getroot()
    p = text_of(root.get_element_by_id("d900_inject-p1")).removeprefix("1 ")  # the paragraph's number
    assert 'Before <script>alert(1)</script> after, a stray & and a stray < here, a link, another, a fine link, ' \
           '<img src=x onerror=alert(4)> Someone.' == p
    assert root.xpath("//a[text()='a fine link']/@href") == ["https://example.org/ok"]
    assert text_of(root.xpath("//h1")[0]) == '<script>alert("title")</script> & co'


@pytest.mark.parametrize("content,message", [
    ("<TEI xmlns='http://www.tei-c.org/ns/1.0'><teiHeader>", "bad.xml:1:"),
    ("<html/>", "expected a TEI document"),
    ("<TEI xmlns='http://www.tei-c.org/ns/1.0'><teiHeader><fileDesc><publicationStmt>"
     "<idno type='document'>../../etc/x</idno></publicationStmt></fileDesc></teiHeader></TEI>", "[html-doc-id]"),
    ("<!DOCTYPE x [<!ENTITY e SYSTEM 'file:///etc/passwd'>]><TEI xmlns='http://www.tei-c.org/ns/1.0'>&e;</TEI>",
     "bad.xml"),
])
def test_bad_input_gives_one_clear_error(tmp_path, content, message):
    bad = tmp_path / "bad.xml"
    bad.write_text(content, "utf-8")
    with pytest.raises(PipelineError) as err:
        render_html([bad], tmp_path / "out", progress=False)
    assert message in str(err.value)
    assert not list((tmp_path / "out").glob("*.html"))


def test_cli_reports_bad_input_without_traceback(tmp_path):
    from click.testing import CliRunner
    from pipeline.cli import main

    bad = tmp_path / "bad.xml"
    bad.write_text("<TEI", "utf-8")
    result = CliRunner().invoke(main, ["html", str(bad), "-o", str(tmp_path / "out"), "-q"])
    assert result.exit_code == 1
    assert "Traceback" not in result.output and f"{bad}:1:" in result.output


def test_unknown_pages_value_is_refused(tmp_path):
    with pytest.raises(PipelineError, match=r"pages must be one of all, documents, corpus"):
        render_html([FIXTURES / "d001.xml"], tmp_path, pages="some", progress=False)


# ----- the Nu HTML Checker ----------------------------------------------------------------------------------

def vnu_errors(folder: Path) -> list[str]:
    if not VNU.is_file():
        pytest.skip(f"Nu HTML Checker missing ({VNU.relative_to(ROOT)}): run scripts/install-test-tools.sh")
    if not shutil.which("java"):
        pytest.skip("java missing: the Nu HTML Checker needs a Java runtime (scripts/install-test-tools.sh)")
    files = sorted(str(p) for p in folder.glob("*.html"))
    run = subprocess.run(["java", "-jar", str(VNU), "--errors-only", "--format", "gnu", *files],
                         capture_output=True, text=True, timeout=300)
    return [line for line in run.stderr.splitlines() + run.stdout.splitlines() if line.strip()]


@pytest.mark.tools
def test_every_page_is_valid_html5(site, tmp_path):
    inject = tmp_path / "900_inject.xml"
    inject.write_text(INJECTION, "utf-8")
    render_html([inject], tmp_path / "inject", progress=False)
    assert vnu_errors(site) == []
    assert vnu_errors(tmp_path / "inject") == []


@pytest.mark.tools
@pytest.mark.skipif(not real_tei(), reason="no TEI in tei/ yet (the encoder writes it)")
def test_the_edition_from_tei_is_valid_html5_with_working_links(tmp_path):
    out = render_copy(real_tei(), tmp_path)
    assert vnu_errors(out) == []
    for p in out.glob("*.html"):
        root = lhtml.parse(str(p)).getroot()
        ids = root.xpath("//@id")
        assert len(ids) == len(set(ids)), p
        for href in root.xpath("//a/@href"):
            target, _, frag = href.partition("#")
            if target.startswith("http"):
                continue
            assert (out / (target or p.name)).is_file(), (p, href)
            if frag:
                assert frag in lhtml.parse(str(out / (target or p.name))).getroot().xpath("//@id"), (p, href)


# ----- citing and checking (issue 23) ---------------------------------------------------------------------------

def document_pages(site: Path) -> list[Path]:
    return sorted(p for p in site.glob("*.html") if not is_corpus_page(p.name))


def test_every_document_page_has_citation_meta_tags_and_its_tei_one_click_away(site):
    for p in document_pages(site):
        root = page(site, p.name)
        meta = {m.get("name"): m.get("content") for m in root.xpath("//head/meta[@name]")}
        assert meta["citation_title"] == text_of(root.xpath("//h1")[0]), p
        assert meta["DC.title"] == meta["citation_title"]
        assert meta["citation_author"] and meta["citation_publisher"]
        doc_id = p.stem
        assert root.xpath("//a[@class='tei-download']/@href")[0] == f"tei/{doc_id}.xml"
        tei_name = {"001_fixture": "d001.xml", "002_fixture": "d002.xml", "004_fixture": "d004.xml"}.get(doc_id)
        if tei_name:
            assert (site / "tei" / f"{doc_id}.xml").read_bytes() == (FIXTURES / tei_name).read_bytes()
    assert page(site, "002_fixture.html").xpath("//meta[@name='citation_date']/@content") == ["1966/12/16"]


def test_the_edition_settings_give_the_citation_its_editors_url_and_doi(tmp_path):
    from pipeline.edition import Edition, Editor

    ed = Edition(title="Paris Talks Papers", editors=(Editor("Ana Ruiz"), Editor("Bo Lin"), Editor("Cy Diaz")),
                 publisher="Invented Press", base_url="https://example.org/talks", identifier="10.5555/xyz.1")
    site = render_copy([FIXTURES / "d002.xml"], tmp_path, edition=ed)
    root = page(site, "002_fixture.html")
    cite = text_of(root.xpath("//p[@class='citation']")[0])
    assert "Paris Talks Papers, edited by Ana Ruiz, Bo Lin and Cy Diaz" in cite
    assert "https://example.org/talks/002_fixture.html" in cite and "doi:10.5555/xyz.1" in cite
    assert "Invented Press." in cite and cite.endswith("Accessed [date].")
    meta = [(m.get("name"), m.get("content")) for m in root.xpath("//head/meta[@name]")]
    assert ("citation_public_url", "https://example.org/talks/002_fixture.html") in meta
    assert [v for k, v in meta if k == "citation_author"] == ["Ana Ruiz", "Bo Lin", "Cy Diaz"]
    assert root.xpath("//link[@rel='canonical']/@href") == ["https://example.org/talks/002_fixture.html"]
    assert text_of(root.xpath("//p[@class='print-url']/span")[0]) == "https://example.org/talks/002_fixture.html"
    assert text_of(root.xpath("//header/p[@class='edition-title']")[0]) == "Paris Talks Papers"


def test_every_paragraph_shows_its_number_linking_to_itself(site):
    for name in ("001_fixture.html", "002_fixture.html"):  # a FRUS telegram (no turns) and a conversation
        root = page(site, name)
        numbers = root.xpath("//section[@class='text']//a[@class='pn']")
        assert numbers, name
        assert [int(a.text) for a in numbers] == list(range(1, len(numbers) + 1))
        for a in numbers:
            assert a.get("href") == "#" + a.getparent().get("id")


def test_inferred_date_says_what_the_encoder_did_in_words(tmp_path):
    src = (FIXTURES / "d002.xml").read_text("utf-8")
    src = src.replace('<date when="1966-12-16">December 16, 1966</date>',
                      '<date when="1971-03-09" cert="medium" resp="#encoder" evidence="internal">9 March</date>', 1)
    assert "9 March" in src
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "d002.xml").write_text(src, "utf-8")
    site = render_copy([tmp_path / "src" / "d002.xml"], tmp_path)
    root = page(site, "002_fixture.html")
    fields = {text_of(dt): text_of(dt.getnext()) for dt in root.xpath("//dl[@class='metadata']/dt")}
    assert fields["Date"] == ("9 March 1971 Inferred by the encoder from the document's own text; medium certainty; "
                              "the source writes “9 March”.")
    assert root.xpath("//p[@class='doc-line']/time/@datetime") == ["1971-03-09"]


@pytest.mark.skipif(not real_tei(), reason="no TEI in tei/ yet")
def test_participants_are_listed_with_roles_and_linked_to_the_register(tmp_path):
    src = (ROOT / "tei" / "000_ce4f38ee9e6d958d.xml").read_text("utf-8")
    src = src.replace('<occupation type="in-source">Chief of the Delegation</occupation>',
                      '<occupation type="in-source">Chief of the Delegation</occupation>'
                      '<affiliation>Invented Republic</affiliation>')
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "x.xml").write_text(src, "utf-8")
    site = render_copy([tmp_path / "src" / "x.xml"], tmp_path)
    root = page(site, "000_ce4f38ee9e6d958d.html")
    items = root.xpath("//ul[@class='participants']/li")
    assert [text_of(li) for li in items] == [
        "Kissinger (Assistant to the President for National Security Affairs)",
        "Xuân Thùy (Chief of the Delegation; side: Invented Republic)"]
    assert [li.xpath("a/@href")[0] for li in items] == [entry_href("persons", "kissinger-henry"),
                                                         entry_href("persons", "xuan-thuy")]


def test_previous_and_next_follow_the_index_and_follow_a_new_document(tmp_path):
    site = render_copy(sorted(FIXTURES.glob("*.xml")), tmp_path)
    order = [r.xpath("td[2]/a/@href")[0] for r in page(site, "index.html").xpath("//table[contains(@class, 'documents')]/tbody/tr")]
    for i, name in enumerate(order):
        root = page(site, name)
        assert root.xpath("//nav[@class='prevnext']//a[@rel='prev']/@href") == (order[i - 1:i] if i else []), name
        assert root.xpath("//nav[@class='prevnext']//a[@rel='next']/@href") == order[i + 1:i + 2], name
    # a document dated before all others arrives: only the pages whose neighbours changed are rewritten
    src = (FIXTURES / "d002.xml").read_text("utf-8").replace("002_fixture", "000_early").replace(
        'when="1966-12-16"', 'when="1901-01-01"')
    (tmp_path / "tei" / "d000.xml").write_text(src, "utf-8")
    before = {p.name: p.stat().st_mtime_ns for p in site.glob("*.html")}
    render_html(sorted((tmp_path / "tei").glob("*.xml")), site, progress=False)
    first = page(site, order[0])
    assert first.xpath("//a[@rel='prev']/@href") == ["000_early.html"]
    assert page(site, "000_early.html").xpath("//a[@rel='next']/@href") == [order[0]]
    assert page(site, order[-1]).xpath("//a[@rel='next']") == []
    after = {p.name: p.stat().st_mtime_ns for p in site.glob("*.html")}
    assert [n for n in order[1:] if after[n] != before[n]] == []  # pages whose neighbours stayed are not rewritten
    record = json.loads((site / ".prevnext" / "record.json").read_text("utf-8"))
    assert record.keys() == {p.stem for p in (tmp_path / "tei").glob("d*.xml")}


def test_saxon_reads_and_writes_relative_paths_against_the_current_folder(tmp_path, monkeypatch):
    """Saxon resolves a relative file name against the folder it started in: a build that changes folder later
    (a library user, the test suite) must still read its own files (it once failed on .corpus.*/view-0.xml)."""
    from pipeline.publish import saxon

    saxon.processor()  # started here, in the checkout
    monkeypatch.chdir(tmp_path)
    Path("rel.xml").write_text("<a>x</a>", encoding="utf-8")
    assert saxon.parse_file("rel.xml", "rel.xml") is not None
