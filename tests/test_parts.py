"""Corpus outputs assembled from kept per-document parts (issue 11): the HTML corpus pages from <html>/.parts/*.xml
(xslt/html-parts.xsl), turns.tsv from <text>/.parts/*.tsv. A part is used only when its key (a digest of the TEI and
the stylesheets) matches; otherwise the document is read again. The result must be what a build from scratch gives."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pipeline.encode.names.register import is_register
from pipeline.publish.html import PARTS_DIR, render_html
from pipeline.publish.text import render_text

ROOT = Path(__file__).resolve().parent.parent
HTML_FIXTURES = sorted((ROOT / "tests" / "fixtures" / "html").glob("*.xml"))
CORPUS_FILES = ("index.html", "persons.html", "places.html", "orgs.html", "conventions.html", "search.html")


def corpus_outputs(folder: Path, names=CORPUS_FILES) -> dict[str, bytes]:
    """The corpus pages named, and the registers' pages by initial (persons-k.html …) there are."""
    initials = sorted(p.name for r in ("persons", "places", "orgs") for p in folder.glob(f"{r}-?.html"))
    return {name: (folder / name).read_bytes() for name in (*names, *initials)}


@pytest.fixture()
def tei_dir(tmp_path: Path) -> Path:
    tei = tmp_path / "tei"
    tei.mkdir()
    for src in HTML_FIXTURES:
        shutil.copy(src, tei / src.name)
    return tei


def test_corpus_pages_from_parts_equal_a_build_from_scratch(tei_dir, tmp_path):
    files = sorted(tei_dir.glob("*.xml"))
    render_html(files, tmp_path / "a", pages="documents", progress=False)
    assert sorted(p.name for p in (tmp_path / "a" / PARTS_DIR).iterdir())  # one part per document
    render_html(files, tmp_path / "a", pages="corpus", progress=False)
    render_html(files, tmp_path / "b", pages="corpus", progress=False)  # no parts yet: every document is read
    assert corpus_outputs(tmp_path / "a") == corpus_outputs(tmp_path / "b")


def test_changed_document_is_read_again_not_taken_from_its_stale_part(tei_dir, tmp_path):
    files = sorted(tei_dir.glob("*.xml"))
    out = tmp_path / "html"
    render_html(files, out, progress=False)
    doc = next(f for f in files if "Invented title for the parts test" not in f.read_text("utf-8")
               and "<title type=\"main\">" in f.read_text("utf-8"))
    old = doc.read_text("utf-8")
    doc.write_text(old.replace('<title type="main">', '<title type="main">Invented title for the parts test ', 1),
                   "utf-8")
    render_html(files, out, pages="corpus", progress=False)  # corpus only: the page of doc is not remade
    assert "Invented title for the parts test" in (out / "index.html").read_text("utf-8")
    fresh = tmp_path / "fresh"
    render_html(files, fresh, pages="corpus", progress=False)
    assert corpus_outputs(out) == corpus_outputs(fresh)


def test_a_part_with_another_key_is_not_used(tei_dir, tmp_path):
    """A part made by other stylesheets (or tampered with) has another key: it is made again."""
    files = sorted(tei_dir.glob("*.xml"))
    out = tmp_path / "html"
    render_html(files, out, progress=False)
    part = sorted((out / PARTS_DIR).glob("*.xml"))[0]
    data = part.read_bytes()
    key_at = data.index(b' key="') + 6
    forged = data[:key_at] + b"0" * 32 + data[key_at + 32:]
    part.write_bytes(forged.replace(b'title="', b'title="FORGED ', 1))
    render_html(files, out, pages="corpus", progress=False)
    assert "FORGED" not in (out / "index.html").read_text("utf-8")
    assert part.read_bytes() == data  # made again


def test_many_predefined_entities_in_the_corpus_parse(tmp_path):
    """Saxon's parser refuses a document with more than 100,000 &lt;/&amp; references (a JAXP limit); the corpus
    of parts writes them as character references, so a large corpus with many '&' and '<' still builds."""
    tei = tmp_path / "tei"
    tei.mkdir()
    words = " ".join(['AT&T <x> "q" b\\s'] * 20000)  # also what JSON must escape: quote and backslash
    for n in range(4):
        (tei / f"d{n}.xml").write_text(
            f'<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="dd{n}"><teiHeader><fileDesc><titleStmt>'
            f'<title type="main">Doc {n} &amp; co</title></titleStmt><publicationStmt><idno type="document">d{n}'
            f'</idno></publicationStmt><sourceDesc><p/></sourceDesc></fileDesc></teiHeader><text><body>'
            f'<p xml:id="dd{n}-p1">{words.replace("&", "&amp;").replace("<", "&lt;")}</p></body></text></TEI>',
            "utf-8")
    out = tmp_path / "html"
    render_html(sorted(tei.glob("*.xml")), out, progress=False)
    assert "AT&amp;T &lt;x&gt;" in (out / "d0.html").read_text("utf-8")
    assert (out / "index.html").read_text("utf-8").count("Doc 3 &amp; co") == 1


def test_turns_table_from_kept_rows_follows_a_changed_document(tmp_path):
    tei = tmp_path / "tei"
    tei.mkdir()
    for src in sorted((ROOT / "tei").glob("*.xml")):
        shutil.copy(src, tei / src.name)
    files = sorted(tei.glob("*.xml"))
    out = tmp_path / "text"
    render_text(files, out, pages="documents", progress=False)
    kept = sorted(p.name for p in (out / PARTS_DIR).iterdir())
    assert kept == sorted(f"{f.stem}.tsv" for f in files if not is_register(f))
    render_text(files, out, pages="corpus", progress=False)
    fresh = tmp_path / "fresh"
    render_text(files, fresh, pages="corpus", progress=False)
    assert (out / "turns.tsv").read_bytes() == (fresh / "turns.tsv").read_bytes()

    doc = next(f for f in files if "<speaker>" in f.read_text("utf-8"))
    doc.write_text(doc.read_text("utf-8").replace("<speaker>", "<speaker>Renamed ", 1), "utf-8")
    render_text(files, out, pages="corpus", progress=False)
    assert "Renamed " in (out / "turns.tsv").read_text("utf-8")
    render_text(files, fresh, pages="corpus", progress=False)
    assert (out / "turns.tsv").read_bytes() == (fresh / "turns.tsv").read_bytes()


@pytest.mark.parametrize("variant", ["utf8", "bom", "utf16", "doctype"])
def test_every_encoding_of_a_document_gives_the_same_editions(tmp_path, variant):
    """A document's encoding (UTF-8 with or without BOM, UTF-16) and a DOCTYPE change nothing in its editions."""
    src = next(f for f in sorted((ROOT / "tei").glob("*.xml")) if not is_register(f))
    text = src.read_text("utf-8")
    body = text.split("?>", 1)[1] if text.startswith("<?xml") else text
    data = {"utf8": text.encode("utf-8"),
            "bom": b"\xef\xbb\xbf" + text.encode("utf-8"),
            "utf16": ('<?xml version="1.0" encoding="UTF-16"?>' + body).encode("utf-16"),
            "doctype": text.replace("<TEI", "<!DOCTYPE TEI>\n<TEI", 1).encode("utf-8")}[variant]
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / src.name).write_bytes(text.encode("utf-8"))
    (tmp_path / "b" / src.name).write_bytes(data)
    for name in ("a", "b"):
        render_text([tmp_path / name / src.name], tmp_path / f"text-{name}", progress=False)
        render_html([tmp_path / name / src.name], tmp_path / f"html-{name}", progress=False)
    assert (tmp_path / "text-a" / f"{src.stem}.txt").read_bytes() == (tmp_path / "text-b" / f"{src.stem}.txt").read_bytes()
    assert (tmp_path / "html-a" / f"{src.stem}.html").read_bytes() == (tmp_path / "html-b" / f"{src.stem}.html").read_bytes()


# ---------------------------------------------------------------- the corpus's views of the parts (memory)

def _part(xml: str):
    from lxml import etree

    return etree.fromstring(f'<pt:part xmlns:pt="urn:tei-edition:part" key="k" id="x" title="T">{xml}</pt:part>')


def _xml(element) -> str:
    from lxml import etree

    return etree.tostring(element, encoding="unicode").replace(' xmlns:pt="urn:tei-edition:part"', "")


def test_a_legend_shared_by_documents_is_held_once():
    from pipeline.publish.corpus import part_views

    seen: set[str] = set()
    same = '<pt:legend key="&lt;editorialDecl/&gt; A"><p>legend A</p></pt:legend>'
    other = '<pt:legend key="&lt;editorialDecl/&gt; B"><p>legend B</p></pt:legend>'
    first, second, third = (_xml(part_views(_part(xml), seen)[2]) for xml in (same, same, other))
    assert "legend A" in first and "legend A" not in second and "legend B" in third
    key = first[first.index('<pt:legend key="') + 16:first.index('"><p>')]
    assert second.endswith(f'<pt:legend key="{key}"/></pt:part>')  # same key, no body
    assert key not in third


def test_the_three_views_of_a_part_hold_every_element_once():
    from pipeline.publish.corpus import part_views

    persons = ('<pt:person key="a"><pt:form>A</pt:form><pt:li><li><a href="x.html">T</a></li></pt:li></pt:person>'
               '<pt:person key="b"><pt:li><li/></pt:li></pt:person>')
    places = ('<pt:place register="places" key="p"><pt:form>P</pt:form><pt:li><li/></pt:li></pt:place>'
              '<pt:place register="orgs" key="o"><pt:li><li/></pt:li></pt:place>')
    views = [_xml(v) for v in part_views(_part(f'<pt:entry sort="1"/>{persons}{places}<pt:note/>'), set())]
    head = '<pt:part key="k" id="x" title="T">'
    assert views == [f"{head}{persons}</pt:part>", f"{head}{places}</pt:part>",
                     f'{head}<pt:entry sort="1"/><pt:note/></pt:part>']


def test_documents_with_different_legends_keep_both_on_the_conventions_page(tei_dir, tmp_path):
    files = sorted(tei_dir.glob("*.xml"))
    doc = next(f for f in files if "<editorialDecl" in f.read_text("utf-8"))
    text = doc.read_text("utf-8")
    at = text.index("<editorialDecl")
    at = text.index("<p>", at) + 3
    doc.write_text(text[:at] + "An invented extra sentence of this legend. " + text[at:], "utf-8")
    out = tmp_path / "html"
    render_html(files, out, progress=False)
    page = (out / "conventions.html").read_text("utf-8")
    assert page.count('<div class="legend">') == 2
    assert page.count("An invented extra sentence of this legend.") == 1
    assert not [p.name for p in out.iterdir() if p.name.startswith((".corpus.", ".pages."))]  # no working folders


def test_two_documents_with_one_id_do_not_overwrite_a_page(tei_dir, tmp_path):
    """With --pages documents the duplicate id is found before any page is moved into place."""
    from pipeline.errors import PipelineError

    files = sorted(p for p in tei_dir.glob("*.xml") if not is_register(p))
    out = tmp_path / "html"
    render_html(files, out, pages="documents", progress=False)
    pages = {p.name: p.read_bytes() for p in out.glob("*.html")}
    twin = tei_dir / "zz-twin.xml"
    twin.write_text(files[0].read_text("utf-8").replace('<title type="main">', '<title type="main">TWIN ', 1),
                    "utf-8")
    with pytest.raises(PipelineError, match="html-duplicate-id"):
        render_html([*files, twin], out, pages="documents", progress=False)
    assert {p.name: p.read_bytes() for p in out.glob("*.html")} == pages
    assert not [p.name for p in out.iterdir() if p.name.startswith(".pages.")]


def test_a_part_is_made_in_a_folder_whose_name_needs_escaping(tei_dir, tmp_path):
    files = sorted(tei_dir.glob("*.xml"))
    out = tmp_path / "out dir #1 é"
    render_html(files, out, pages="documents", progress=False)
    parts = {p.name: p.read_bytes() for p in (out / PARTS_DIR).iterdir()}
    assert parts and all(data.endswith(b"\n") for data in parts.values())
    assert not [p for p in (out / PARTS_DIR).iterdir() if p.name.startswith(".")]  # no temporary file left


@pytest.mark.parametrize("command", ["html", "text"])
def test_a_second_run_with_nothing_changed_remakes_only_the_corpus_outputs(command, tmp_path):
    """make re-runs the html and text stages when only build/validation.txt changed (a new validator, a schema):
    no document is stale then, and the run must still succeed (it once stopped at "no TEI files given")."""
    from pipeline.cli import main

    tei = tmp_path / "tei"
    shutil.copytree(ROOT / "tei", tei)  # the edition's own files: each named by its document id, as make has them
    files = [str(p) for p in sorted(tei.glob("*.xml"))]
    out = tmp_path / command
    for _ in range(2):
        with pytest.raises(SystemExit) as done:
            main([command, "--quiet", *files, "-o", str(out)])
        assert done.value.code in (0, None)
    suffix = ".html" if command == "html" else ".txt"
    assert all((out / f"{Path(f).stem}{suffix}").is_file() for f in files if not is_register(f))


def run_pipeline(*args: str) -> None:
    """A pipeline command in a fresh process, as make runs it."""
    import subprocess
    import sys

    proc = subprocess.run([sys.executable, "-c", "from pipeline.cli import main; main()", *args], capture_output=True,
                          text=True, cwd=ROOT, timeout=300)
    assert proc.returncode == 0, proc.stderr


@pytest.fixture(scope="module")
def synthetic_tei(tmp_path_factory) -> Path:
    """12 synthetic documents encoded once (the edits below are made to copies of their TEI)."""
    import importlib.util
    import sys

    spec = importlib.util.spec_from_file_location("synth", ROOT / "scripts" / "synth.py")
    synth = sys.modules.setdefault("synth", importlib.util.module_from_spec(spec))
    spec.loader.exec_module(synth)
    root = tmp_path_factory.mktemp("synthetic")
    sources = synth.write_corpus(root / "src", 12, seed=5)
    run_pipeline("encode", "-q", *map(str, sources), "-o", str(root / "tei"))
    return root / "tei"


@pytest.mark.parametrize("edit", ["text", "date", "new"])
def test_an_edited_document_gives_what_a_build_from_scratch_gives(tmp_path, edit, synthetic_tei):
    """Editing a document's text, moving it in date order (its old and new neighbours' links change) or adding a
    document: the pages and corpus pages are the same bytes as a build from scratch. Run as make runs it, in a
    fresh process with two workers."""
    import re

    shutil.copytree(synthetic_tei, tmp_path / "tei")
    files = sorted(str(p) for p in (tmp_path / "tei").glob("*.xml"))
    added = files.pop(3) if edit == "new" else None
    run_pipeline("html", "-q", "--jobs", "2", *files, "-o", str(tmp_path / "a"))
    edited = Path(added or files[len(files) // 2])
    if edit == "text":
        edited.write_text(edited.read_text(encoding="utf-8").replace("</body>", "<p>Added later.</p></body>", 1),
                          encoding="utf-8")
    elif edit == "date":
        text = edited.read_text(encoding="utf-8")
        edited.write_text(re.sub(r'(<creation>\s*<date[^>]*?when=")[0-9-]+', r"\g<1>1901-01-01", text, count=1),
                          encoding="utf-8")
        assert edited.read_text(encoding="utf-8") != text
    files = sorted(str(p) for p in (tmp_path / "tei").glob("*.xml"))
    run_pipeline("html", "-q", "--jobs", "2", *files, "-o", str(tmp_path / "a"))
    run_pipeline("html", "-q", "--jobs", "2", *files, "-o", str(tmp_path / "b"))
    a = {p.relative_to(tmp_path / "a"): p.read_bytes() for p in (tmp_path / "a").glob("*.*") if p.is_file()}
    b = {p.relative_to(tmp_path / "b"): p.read_bytes() for p in (tmp_path / "b").glob("*.*") if p.is_file()}
    assert a == b
    if edit == "text":
        assert b"Added later." in a[Path(f"{edited.stem}.html")]
