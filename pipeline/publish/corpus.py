"""The corpus pages of the HTML edition (index, registers with their pages by initial, conventions, search), made
from the documents' parts (xslt/html-parts.xsl) and the registers; and each document's neighbours in date order.

The corpus is never held whole in memory: the parts are read one at a time into three views (one per group of
corpus pages), written to files Saxon reads, and the pages go from Saxon straight to files. The corpus pages
replace the old ones together, once every one is made, and only where they changed.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import shutil
import tempfile
from pathlib import Path

from lxml import etree

from ..fsutil import signals_held
from .saxon import end_with_newline, parse_file, transform_to_file, without_entity_refs

CORPUS_PAGES = ("index", "persons", "places", "orgs", "conventions", "search")
#: The registers' pages: <register>.html is the index of initials, <register>-<initial>.html one page per initial
#: (the names come from f:register-page in xslt/common.xsl; REGISTER_PAGE matches them).
REGISTER_PAGES = ("persons", "places", "orgs")
REGISTER_PAGE = re.compile(r"^(persons|places|orgs)-[a-z0]\.html$")
PART_NS = "urn:tei-edition:part"
RULE = "html-transform"
#: The corpus pages in three groups, each made from its own view of the parts (persons: the register and the
#: pt:person elements; places and organisations: their registers and the pt:place elements; the rest: all else),
#: side by side when there are worker processes. Each process holds only its view.
CORPUS_GROUPS = (("persons",), ("places", "orgs"), ("index", "conventions", "search"))
ORDER_FILE = "order.xml"  # written beside index.html (html-corpus.xsl): each document's neighbours in date order
_PT = f"{{{PART_NS}}}"
_VIEW_OF = {f"{_PT}person": 0, f"{_PT}place": 1}  # any other child of a part: the last view


def part_views(part: etree._Element, seen: set[str]) -> list[etree._Element]:
    """A part (pt:part) as the three groups of corpus pages need it: its attributes with its pt:person elements,
    with its pt:place elements, with all else. A legend is keyed by a digest of its key; one already ``seen`` (an
    earlier part's) keeps its key but not its body: the conventions page prints each key's first body, and the
    corpus holds one copy of a legend, not one per document."""
    views = [etree.Element(part.tag, part.attrib, nsmap=part.nsmap) for _ in CORPUS_GROUPS]
    for child in list(part):
        if child.tag == f"{_PT}legend":
            key = hashlib.sha256(child.get("key", "").encode("utf-8")).hexdigest()
            child.set("key", key)
            if key in seen:
                child.clear()
                child.set("key", key)
            seen.add(key)
        views[_VIEW_OF.get(child.tag, 2)].append(child)
    return views


def write_views(parts, register: bytes | None, work: Path, named: bytes = b"") -> list[Path]:
    """Write the views of the corpus (one pt:parts file per group of CORPUS_GROUPS, parts in the order of ``parts``:
    (document id, part file) pairs, read one at a time) into ``work``. ``register``: the register of persons (in the
    views of the persons and of the other pages); ``named``: the registers of places and organisations (in theirs)."""
    tag = f'<pt:parts xmlns:pt="{PART_NS}">'.encode("utf-8")
    files = [work / f"view-{n}.xml" for n in range(len(CORPUS_GROUPS))]
    seen: set[str] = set()
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
    with contextlib.ExitStack() as stack:
        views = [stack.enter_context(open(f, "wb")) for f in files]
        for view, registers in zip(views, (register or b"", named, register or b"")):
            view.write(tag + registers)
        for _, part_file in parts:
            for view, element in zip(views, part_views(etree.parse(str(part_file), parser).getroot(), seen)):
                view.write(etree.tostring(element, encoding="utf-8"))
        for view in views:
            view.write(b"</pt:parts>")
    for f in files:  # JAXP refuses a file with more than 100,000 predefined entity references
        data = f.read_bytes()
        if data.count(b"&") > 50000:
            f.write_bytes(without_entity_refs(data))
    return files


def _corpus_group(args: tuple[str, tuple[str, ...], str, str, str]) -> dict[str, str]:
    """Make one group's pages (``pages``) from its view, in a worker or here; Saxon writes them into ``work``:
    {page: file}."""
    view, pages, label, work, settings = args
    tree = parse_file(view, label, RULE)
    made = {}
    for page in pages:
        target = str(Path(work) / f"{page}.html")
        transform_to_file("html.xsl", tree, target, label, {"page": page, "edition-settings": settings,
                                                             "pages-dir": Path(work).resolve().as_uri() + "/"}, RULE)
        made[page] = target
        if page in REGISTER_PAGES:  # its pages by initial, written beside it (xsl:result-document)
            for extra in sorted(Path(work).glob(f"{page}-*.html")):
                end_with_newline(extra, label, "html.xsl", RULE)
                made[extra.stem] = str(extra)
    return made


def neighbours_of(order_file: Path) -> dict[str, str]:
    """Each document's neighbours in date order (its pt:neighbours element, serialised: the parameter
    ``neighbours`` of html.xsl), by document id."""
    root = etree.parse(str(order_file), etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True))
    return {el.get("id"): etree.tostring(el, encoding="unicode") for el in root.getroot()}


def render_corpus(parts, register: bytes | None, out_dir: str | Path, run, label: str = "corpus", settings: str = "",
                  named: bytes = b"") -> tuple[list[Path], dict[str, str]]:
    """Write index.html, the registers' pages (persons.html, places.html, orgs.html and their pages by initial,
    persons-a.html …), conventions.html and search.html from ``parts`` ((document id, part file) pairs, consumed
    once) and the registers (``register``: of persons; ``named``: of places and organisations). Saxon reads each
    group's view from a file and writes its pages to files in a working folder inside ``out_dir``; they replace the
    old pages only once every page is made, and only those that changed (a page by initial no longer made is
    removed). ``run`` runs the groups (saxon.workers: side by side in worker processes, when there are some).
    Return the pages and each document's neighbours (:func:`neighbours_of`)."""
    out = Path(out_dir)
    for stale in out.glob(".corpus.*"):  # left by a killed run
        shutil.rmtree(stale, ignore_errors=True)
    work = Path(tempfile.mkdtemp(prefix=".corpus.", dir=out))
    try:
        views = write_views(parts, register, work, named)
        groups = [(str(view), pages, label, str(work), settings) for view, pages in zip(views, CORPUS_GROUPS)]
        made = {page: file for result in run(_corpus_group, groups) for page, file in result.items()}
        names = [f"{page}.html" for page in CORPUS_PAGES]
        names += sorted(f"{page}.html" for page in made if f"{page}.html" not in names)
        gone = [p for p in out.glob("*-*.html") if REGISTER_PAGE.match(p.name) and p.name not in names]
        with signals_held():  # all pages replaced together, once every one is made; an unchanged page is kept
            for name in names:
                source = Path(made[name.removesuffix(".html")])
                if _same_bytes(source, out / name):
                    continue
                os.chmod(source, 0o644)
                os.replace(source, out / name)
            for page in gone:
                page.unlink(missing_ok=True)
        (out / "search-index.js").unlink(missing_ok=True)  # the hand-written search's index, replaced by Pagefind's
        return [out / name for name in names], neighbours_of(work / ORDER_FILE)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _same_bytes(a: Path, b: Path) -> bool:
    """Whether two files hold the same bytes (False when either is missing)."""
    try:
        return a.stat().st_size == b.stat().st_size and a.read_bytes() == b.read_bytes()
    except OSError:
        return False
