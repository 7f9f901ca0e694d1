"""The registers' pages (issue 21): persons, places and organisations, each as an index of initials
(persons.html, places.html, orgs.html) and one page per initial (persons-k.html …), every link to an entry computed
by one function (f:register-href in xslt/common.xsl); every link of the site resolves to a file and an anchor;
unchanged pages are not rewritten and a page whose initial is gone is removed."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from lxml import etree, html as lhtml

from pipeline.publish.html import render_html

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "html"
TEI_NS = {"t": "http://www.tei-c.org/ns/1.0"}
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
ENTRY_LINK = re.compile(r"^(persons|places|orgs)-([a-z0])\.html#(.+)$")


def build(sources: list[Path], tmp: Path) -> Path:
    tei = tmp / "tei"
    tei.mkdir(parents=True, exist_ok=True)
    for s in sources:
        shutil.copy(s, tei / s.name)
    out = tmp / "html"
    render_html(sorted(tei.glob("*.xml")), out, progress=False)
    return out


def real_tei() -> list[Path]:
    return sorted((ROOT / "tei").glob("*.xml"))


needs_tei = pytest.mark.skipif(not any((ROOT / "tei").glob("places.xml")), reason="no tei/places.xml yet")


@pytest.fixture(scope="module")
def seeds_site(tmp_path_factory) -> Path:
    return build(real_tei(), tmp_path_factory.mktemp("seeds-site"))


@pytest.fixture(scope="module")
def fixture_site(tmp_path_factory) -> Path:
    return build(sorted(FIXTURES.glob("*.xml")), tmp_path_factory.mktemp("fixture-site"))


def pages(site: Path) -> dict[str, lhtml.HtmlElement]:
    return {p.name: lhtml.parse(str(p)).getroot() for p in sorted(site.glob("*.html"))}


def broken_links(site: Path) -> list[tuple[str, str]]:
    """Every (page, address) of the site's pages (a/@href, link/@href, script/@src) that names no file there, or
    an anchor that page does not have. Addresses of other sites (http, https, mailto) are not followed."""
    parsed = pages(site)
    ids = {name: set(root.xpath("//@id")) for name, root in parsed.items()}
    broken = []
    for name, root in parsed.items():
        for ref in root.xpath("//a/@href | //link/@href | //script/@src"):
            if re.match(r"^(https?:|mailto:)", ref):
                continue
            target, _, frag = ref.partition("#")
            target = target or name
            if not (site / target).is_file():
                broken.append((name, ref))
            elif frag and target.endswith(".html") and frag not in ids.get(target, set()):
                broken.append((name, ref))
    return broken


def test_every_link_of_the_fixture_edition_resolves(fixture_site):
    assert broken_links(fixture_site) == []


@needs_tei
def test_every_link_of_the_seeds_edition_resolves(seeds_site):
    assert broken_links(seeds_site) == []


def test_broken_links_finds_a_missing_page_and_a_missing_anchor(tmp_path):
    (tmp_path / "a.html").write_text('<!doctype html><html><body><p id="x"><a href="b.html">b</a>'
                                     '<a href="a.html#y">y</a><a href="#x">x</a><a href="https://e.org/">e</a>'
                                     '</p></body></html>', "utf-8")
    assert broken_links(tmp_path) == [("a.html", "b.html"), ("a.html", "a.html#y")]


@needs_tei
def test_every_entry_link_points_to_the_page_of_its_keys_initial(seeds_site):
    links = 0
    for name, root in pages(seeds_site).items():
        for ref in root.xpath("//a/@href"):
            m = ENTRY_LINK.match(ref)
            if m:
                links += 1
                assert m.group(2) == m.group(3)[0], (name, ref)
        m = re.match(r"^(persons|places|orgs)-([a-z0])\.html$", name)
        if m:  # a page by initial holds the entries of that initial only
            keys = root.xpath("//main/section/h2/@id")
            assert keys and all(k[0] == m.group(2) for k in keys), name
    assert links > 50


@needs_tei
def test_every_register_entry_is_on_exactly_one_page_and_the_index_counts_them(seeds_site):
    for register, tag in (("persons", "person"), ("places", "place"), ("orgs", "org")):
        tree = etree.parse(str(ROOT / "tei" / f"{register}.xml"))
        keys = [el.get(XML_ID) for el in tree.iterfind(f".//t:{tag}", TEI_NS)]
        shown = [k for p in sorted(seeds_site.glob(f"{register}-?.html"))
                 for k in lhtml.parse(str(p)).getroot().xpath("//main/section/h2/@id")]
        assert len(shown) == len(set(shown)) and set(keys) <= set(shown), register
        index = lhtml.parse(str(seeds_site / f"{register}.html")).getroot()
        counts = [int(c.strip("()")) for c in index.xpath("//nav[@class='initials']//span[@class='count']/text()")]
        assert sum(counts) == len(shown), register
        assert not index.xpath("//main/section"), "the index of initials lists no entries itself"


@needs_tei
def test_a_place_entry_has_its_forms_geonames_and_mentions(seeds_site):
    tree = etree.parse(str(ROOT / "tei" / "places.xml"))
    place = next(p for p in tree.iterfind(".//t:place", TEI_NS)
                 if p.find("t:placeName[@type='variant']", TEI_NS) is not None
                 and p.find("t:idno[@type='geonames']", TEI_NS) is not None)
    key = place.get(XML_ID)
    root = lhtml.parse(str(seeds_site / f"places-{key[0]}.html")).getroot()
    section = root.get_element_by_id(key).getparent()
    text = " ".join(section.text_content().split())
    assert section.xpath("h2/text()") == [place.findtext("t:placeName[@type='preferred']", namespaces=TEI_NS)]
    for variant in place.iterfind("t:placeName[@type='variant']", TEI_NS):
        assert variant.text in text
    geonames = place.findtext("t:idno[@type='geonames']", namespaces=TEI_NS)
    assert section.xpath(".//a[@class='geonames']/@href") == [f"https://www.geonames.org/{geonames}"]
    mentions = section.xpath(".//ul[@class='occurrences']//a[@class='mention']/@href")
    assert mentions and all(re.match(r"^[\w.-]+\.html#\S+$", h) for h in mentions)
    # the documents' names of that place link back to the entry
    docs = [p for p in real_tei() if f'ref="places.xml#{key}"'.encode() in p.read_bytes()]
    assert docs
    doc_id = etree.parse(str(docs[0])).findtext(".//t:publicationStmt/t:idno[@type='document']", namespaces=TEI_NS)
    page = lhtml.parse(str(seeds_site / f"{doc_id}.html")).getroot()
    assert f"places-{key[0]}.html#{key}" in page.xpath("//a[@class='placeName']/@href")


@needs_tei
def test_organisations_link_and_register_pages_are_searchable(seeds_site):
    hrefs = [h for root in pages(seeds_site).values() for h in root.xpath("//a[@class='orgName']/@href")]
    assert hrefs and all(ENTRY_LINK.match(h) and h.startswith("orgs-") for h in hrefs)
    for register in ("persons", "places", "orgs"):
        index = lhtml.parse(str(seeds_site / f"{register}.html")).getroot()
        assert not index.xpath("//*[@data-pagefind-body]")
        for p in seeds_site.glob(f"{register}-?.html"):
            assert lhtml.parse(str(p)).getroot().xpath("//main/@data-pagefind-body") == [""], p
    nav = lhtml.parse(str(seeds_site / "index.html")).getroot().xpath("//header//nav//a/@href")
    assert {"persons.html", "places.html", "orgs.html"} <= set(nav)


def test_a_register_without_entries_says_so(fixture_site):
    root = lhtml.parse(str(fixture_site / "places.html")).getroot()
    assert "No places are recorded." in root.text_content()
    assert not list(fixture_site.glob("places-?.html"))


def test_unchanged_pages_are_kept_and_a_gone_initial_is_removed(tmp_path):
    site = build(sorted(FIXTURES.glob("*.xml")), tmp_path)
    stale = site / "persons-q.html"
    stale.write_text("<!doctype html><title>old</title>", "utf-8")
    (site / "persons-extra.html").write_text("not a register page", "utf-8")
    before = {p.name: p.stat().st_mtime_ns for p in site.glob("*.html") if p != stale}
    render_html(sorted((tmp_path / "tei").glob("*.xml")), site, progress=False, pages="corpus")
    assert not stale.exists()
    assert (site / "persons-extra.html").exists()  # not a name the registers' pages use: left alone
    after = {p.name: p.stat().st_mtime_ns for p in site.glob("*.html")}
    assert after == before


def test_a_new_person_changes_only_the_pages_it_is_on(tmp_path):
    site = build(sorted(FIXTURES.glob("*.xml")), tmp_path)
    before = {p.name: p.read_bytes() for p in site.glob("*.html")}
    doc = tmp_path / "tei" / "d001.xml"
    text = doc.read_text("utf-8")
    m = re.search(r'<persName ref="persons.xml#([a-z-]+)"', text)
    assert m
    old_initial = m.group(1)[0]
    new_key = "kxinvented-person" if old_initial != "k" else "gxinvented-person"  # an initial the site has
    assert (site / f"persons-{new_key[0]}.html").is_file()
    doc.write_text(text.replace(m.group(0), f'<persName ref="persons.xml#{new_key}"', 1), "utf-8")
    render_html(sorted((tmp_path / "tei").glob("*.xml")), site, progress=False)
    after = {p.name: p.read_bytes() for p in site.glob("*.html")}
    changed = sorted(n for n in after if before.get(n) != after[n])
    assert f"persons-{new_key[0]}.html" in changed and "persons.html" in changed and "001_fixture.html" in changed
    assert new_key in after[f"persons-{new_key[0]}.html"].decode("utf-8")
    assert f'href="persons-{new_key[0]}.html#{new_key}"' in after["001_fixture.html"].decode("utf-8")
    # the pages of the other initials hold no line of the document: unchanged
    others = [n for n in after if re.match(r"^persons-[a-z]\.html$", n) and n[8] not in (new_key[0], old_initial)
              and "001_fixture.html" not in before[n].decode("utf-8")]
    assert others and not set(others) & set(changed)
