"""The HTML edition: TEI documents → one page each, plus index, persons, conventions, search (xslt/html*.xsl).

Every input is parsed safely (pipeline.xmlsafe) and handed to Saxon as a serialised tree; each worker process
compiles the stylesheets once. Making a document's page also makes its *part* (xslt/html-parts.xsl: what the corpus
pages need from it; page and part in one transformation, xslt/html-document.xsl), kept in ``<out>/.parts/<stem>.xml``
with a key (a digest of the TEI and the stylesheets); the corpus pages are assembled from the parts, and only a
document whose part is missing or stale is read again.
The corpus is never held whole in memory: parts are read one at a time into two views (one per group of corpus
pages) written to files Saxon reads, and the pages go from Saxon straight to files (persons.html is 45 MB at
10,000 documents).
Pages are derived outputs: written atomically but not fsynced (``durable=False``). Documents' pages are moved into
place only once no two documents share an id; the corpus pages and search index replace the old ones together.
Output is byte-identical for any ``jobs`` and on every run (no clock, sorted input).
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import multiprocessing
import os
import re
import shutil
import sys
import tempfile
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from lxml import etree

from .edition import Edition, load_edition
from .errors import PipelineError
from .fsutil import replaced_atomically, signals_held, write_atomic
from .saxon import XSLT_DIR, end_with_newline, parse_checked, parse_file, transform_to_file, transform_tree
from .resources import data_dir
from .search import index_search

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
STATIC_DIR = data_dir("static")
STATIC_FILES = ("edition.css", "edition.js", "search.js")
TEI_COPY_DIR = "tei"  # each document's TEI, copied beside the pages (the "Download TEI" link)
CORPUS_PAGES = ("index", "persons", "places", "orgs", "conventions", "search")
#: The registers' pages: <register>.html is the index of initials, <register>-<initial>.html one page per initial
#: (the names come from f:register-page in xslt/common.xsl; REGISTER_PAGE matches them).
REGISTER_PAGES = ("persons", "places", "orgs")
REGISTER_PAGE = re.compile(r"^(persons|places|orgs)-[a-z0]\.html$")
PAGES_CHOICES = ("all", "documents", "corpus")
SAFE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*\Z")  # \Z: "$" would let "evil\n" through
REGISTER_ID = "persons"
OTHER_REGISTERS = ("places", "orgs")  # the registers of places and organisations (tei/places.xml, tei/orgs.xml)
PART_NS = "urn:tei-edition:part"
PARTS_DIR = ".parts"
#: Fewer documents than this are rendered in this process: starting workers (each compiles the stylesheets) would
#: cost more than it saves.
POOL_MIN_DOCS = 30
PART_XSL = "html-parts.xsl"
DOCUMENT_XSL = "html-document.xsl"  # a document's page and part in one transformation


def pool_context():
    """The start method for worker pools: fork while this process has not started Saxon (workers start at once and
    share what is already imported), spawn once it has (a forked copy of a running Saxon is not safe)."""
    from . import saxon

    if saxon.processor.cache_info().currsize or "fork" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    return multiprocessing.get_context("fork")


def parse_tei(path: str | Path, data: bytes | None = None) -> etree._ElementTree:
    """Parse a TEI file (``data``: its bytes, when already read) without trusting it (no DTD, no entities, no
    network); XMLInputError on failure."""
    from .xmlsafe import parse_untrusted

    return parse_untrusted(path, data=data)


def is_register(root: etree._Element) -> bool:
    return root.get(XML_ID) == REGISTER_ID


def document_id(root: etree._Element, path: str | Path) -> str:
    """The document id the stylesheets use (f:doc-id): idno[@type='document'], else TEI/@xml:id less 'd'.

    It names the output file, so it must be a plain file name.
    """
    if root.tag != f"{{{TEI_NS}}}TEI":
        raise PipelineError(f"{path}:1:1: error: the root element is <{etree.QName(root).localname}>, "
                            f"expected a TEI document (<TEI xmlns=\"{TEI_NS}\">) [html-not-tei]")
    idno = root.find(f"{{{TEI_NS}}}teiHeader/{{{TEI_NS}}}fileDesc/{{{TEI_NS}}}publicationStmt/"
                     f"{{{TEI_NS}}}idno[@type='document']")
    value = " ".join(idno.text.split()) if idno is not None and idno.text and idno.text.strip() else ""
    if not value and root.get(XML_ID):
        value = re.sub(r"^d", "", root.get(XML_ID))
    if not SAFE_ID.match(value):
        raise PipelineError(
            f"{path}:{idno.sourceline if idno is not None else 1}:1: error: document id {value!r} cannot name a file: "
            "publicationStmt/idno[@type='document'] (or TEI/@xml:id) must be letters, digits, '.', '_' or '-' "
            "[html-doc-id]")
    return value


RULE = "html-transform"


def edition_settings(edition: Edition, base_url: str = "") -> str:
    """The edition's settings as the small XML the stylesheets read (parameter ``edition-settings``, parsed with
    parse-xml): <edition title publisher base-url identifier version language><editor …/>*<licence …/></edition>.
    ``base_url`` (the command line's) wins over the file's; it ends with '/' when given."""
    url = (base_url or edition.base_url).strip()
    root = etree.Element("edition", {
        "title": edition.title, "publisher": edition.publisher, "base-url": url.rstrip("/") + "/" if url else "",
        "identifier": edition.identifier, "version": edition.version, "language": edition.language})
    for editor in edition.editors:
        etree.SubElement(root, "editor", {"orcid": editor.orcid, "affiliation": editor.affiliation}).text = editor.name
    licence = etree.SubElement(root, "licence", {"id": edition.licence.id, "url": edition.licence.url})
    licence.text = edition.licence.name
    return etree.tostring(root, encoding="unicode")


def _transform(stylesheet: str, node, label: str, params: dict | None = None) -> str:
    """Run a compiled stylesheet on a Saxon tree; the result, ending with a newline; PipelineError
    naming ``label`` on failure or when there is no output."""
    result = transform_tree(stylesheet, node, label, params, RULE)
    if not result:
        raise PipelineError(f"{label}: error: {stylesheet} produced no output [{RULE}]")
    return result if result.endswith("\n") else result + "\n"


@functools.lru_cache(maxsize=None)
def stylesheets_digest() -> bytes:
    """A digest of every file in xslt/ (names and bytes): a part made by other stylesheets is stale."""
    digest = hashlib.sha256()
    for path in sorted(p for p in XSLT_DIR.iterdir() if p.is_file()):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.digest()


def part_key(tei: bytes) -> str:
    """The key of a document's part: a digest of its TEI bytes and of the stylesheets."""
    return hashlib.sha256(stylesheets_digest() + tei).hexdigest()[:32]


def part_path(out_dir: str | Path, tei_path: str | Path) -> Path:
    return Path(out_dir) / PARTS_DIR / f"{Path(tei_path).stem}.xml"


_PART_HEAD = re.compile(rb'<pt:part\b[^>]*?\skey="([0-9a-f]*)"[^>]*?\sid="([^"]*)"')


def fresh_part(out_dir: str | Path, tei_path: str | Path, key: str | None) -> tuple[str, bytes] | None:
    """(document id, part) from ``<out>/.parts/`` when its key is ``key`` (any key when None); None when missing
    or stale."""
    try:
        data = part_path(out_dir, tei_path).read_bytes()
    except OSError:
        return None
    m = _PART_HEAD.match(data)
    if not m or (key is not None and m.group(1).decode() != key):
        return None
    return m.group(2).decode("utf-8"), data


def _document_outputs(path: str | Path, root: etree._Element, data: bytes, out_dir: str | Path, settings: str,
                      page_file: str | None) -> str:
    """Write one TEI document's part from its safely parsed tree ``root`` and its bytes ``data``, and its page to
    ``page_file`` when given (Saxon writes both straight to their files); return the document id."""
    doc_id = document_id(root, path)
    node = parse_checked(data, root, str(path), RULE)
    with replaced_atomically(part_path(out_dir, path)) as part_tmp:
        if not page_file:
            transform_to_file(PART_XSL, node, part_tmp, str(path), {"part-key": part_key(data)}, RULE)
            return doc_id
        with replaced_atomically(page_file) as page_tmp:  # both in one transformation (shared accumulators, keys)
            transform_to_file(DOCUMENT_XSL, node, page_tmp, str(path), {
                "edition-settings": settings, "part-key": part_key(data),
                "part-href": Path(part_tmp).resolve().as_uri()}, RULE)
            end_with_newline(part_tmp, str(path), DOCUMENT_XSL, RULE)
    return doc_id


def render_document(path: str | Path, out_dir: str | Path, base_url: str = "", edition: Edition | None = None) -> Path:
    """Write ``<out_dir>/<id>.html`` for one TEI document (and its part); return the page's path."""
    data = Path(path).read_bytes()
    root = parse_tei(path, data).getroot()
    target = Path(out_dir) / f"{document_id(root, path)}.html"
    _document_outputs(path, root, data, out_dir, edition_settings(edition or load_edition(), base_url), str(target))
    return target


def serialised(root: etree._Element) -> bytes:
    """A parsed TEI document (the register) as UTF-8 bytes without XML declaration."""
    return etree.tostring(root, encoding="utf-8", xml_declaration=False)


_LEGEND = re.compile(rb'<pt:legend key="([^"]*)">(.*?)</pt:legend>', re.S)


def share_legend(part: bytes, seen: set[bytes]) -> bytes:
    """A part whose legends are keyed by a digest of their key; a legend already in ``seen`` (one of an earlier
    part's) keeps its key but loses its body. The conventions page groups legends by key and prints each group's
    first body: the page is the same, and the corpus no longer holds one copy of the legend per document (most of a
    part once its search entries are out)."""
    def shared(m: re.Match) -> bytes:
        key = hashlib.sha256(m.group(1)).hexdigest().encode()
        if key in seen:
            return b'<pt:legend key="' + key + b'"/>'
        seen.add(key)
        return b'<pt:legend key="' + key + b'">' + m.group(2) + b"</pt:legend>"

    return _LEGEND.sub(shared, part)


_SEARCH_OPEN, _SEARCH_CLOSE = b"<pt:search>", b"</pt:search>"
_TEXT_ESCAPES = ((b"&lt;", b"<"), (b"&gt;", b">"), (b"&amp;", b"&"))  # what Saxon escapes in text (JSON has no CR)
def split_search(part: bytes) -> tuple[bytes, bytes]:
    """A part without its pt:search element, and that element's text: the document's search entries as JSON.
    A part made before the search moved to Pagefind may still hold them; none is made now."""
    head, found, rest = part.partition(_SEARCH_OPEN)
    if not found:
        return part, b"[]"
    text, _, tail = rest.partition(_SEARCH_CLOSE)
    for escaped, char in _TEXT_ESCAPES:
        text = text.replace(escaped, char)
    return head + tail, text


_PERSON = re.compile(rb"<pt:person\b.*?</pt:person>", re.S)
_PLACE = re.compile(rb"<pt:place\b.*?</pt:place>", re.S)


def part_views(head: bytes) -> tuple[bytes, bytes, bytes]:
    """A part (without its search entries) as the persons' pages need it (the part's attributes and its pt:person
    elements), as the places' and organisations' pages need it (its pt:place elements) and as the other corpus
    pages need it (all but those)."""
    start = head.index(b">") + 1
    if head[start - 2:start] == b"/>":  # an empty part
        return head, head, head
    open_, close = head[:start], b"</pt:part>"
    persons = _PERSON.findall(head, start)
    places = _PLACE.findall(head, start)
    rest = _PLACE.sub(b"", _PERSON.sub(b"", head[start:])) if persons or places else head[start:]
    return open_ + b"".join(persons) + close, open_ + b"".join(places) + close, open_ + rest


#: The corpus pages in three groups, each made from its own view of the parts (persons: the register and the
#: pt:person elements; places and organisations: their registers and the pt:place elements; the rest: all else),
#: in two processes when jobs allow ("prevnext": each document's previous/next links). Each process holds only its
#: view: at 10,000 documents, about 0.4 and 0.2 GiB for the first and the last.
CORPUS_GROUPS = (("persons",), ("places", "orgs"), ("index", "conventions", "search", "prevnext"))


#: When this process has started Saxon (it made a few documents' pages first), workers must be spawned: each starts
#: Python and compiles html.xsl again (about 0.5 s), which only pays for itself on large corpora; below this many
#: documents the corpus pages are made here, one group after the other, with the stylesheets already compiled.
SPAWN_MIN_DOCS = 3000


def write_views(parts, register: bytes | None, work: Path, named: bytes = b"") -> tuple[list[Path], dict[str, tuple[int, int]], Path]:
    """Write the views of the corpus (one pt:parts file per group of CORPUS_GROUPS, in the order of ``parts``)
    and the documents' search entries into ``work``, reading ``parts`` ((document id, part) pairs) once; hold none
    of it in memory. ``register``: the register of persons (in the views of the persons and of the other pages);
    ``named``: the registers of places and organisations (in theirs). Return the view files, where each document's
    entries are (id: (offset, length)) and the file that holds them (the JSON lists one after the other)."""
    from .saxon import without_entity_refs

    tag = f'<pt:parts xmlns:pt="{PART_NS}">'.encode("utf-8")
    open_tags = (tag + (register or b""), tag + named, tag + (register or b""))
    files = [work / f"view-{n}.xml" for n in range(len(CORPUS_GROUPS))]
    entries_file, where, seen = work / "entries.json", {}, set()
    with contextlib.ExitStack() as stack:
        views = [stack.enter_context(open(f, "wb")) for f in files]
        entries = stack.enter_context(open(entries_file, "wb"))
        for view, open_tag in zip(views, open_tags):
            view.write(open_tag)
        for doc_id, part in parts:
            head, json_entries = split_search(part)
            for view, data in zip(views, part_views(share_legend(head, seen))):
                view.write(data)
            where[doc_id] = (entries.tell(), len(json_entries))
            entries.write(json_entries)
        for view in views:
            view.write(b"</pt:parts>")
    for f in files:  # JAXP refuses a file with more than 100,000 predefined entity references
        data = f.read_bytes()
        if data.count(b"&") > 50000:
            f.write_bytes(without_entity_refs(data))
    return files, where, entries_file


def _corpus_group(args: tuple[str, tuple[str, ...], str, str, str]) -> dict[str, str]:
    """The pages of one group, made from its view file (one parse per process) into files in ``work``:
    {page: file}; the "documents" page (a short JSON list) is returned as text instead."""
    view, pages, label, work, settings = args
    tree = parse_file(view, label, RULE)
    made = {}
    for page in pages:
        if page == "prevnext":
            made[page] = transform_tree("html-prevnext.xsl", tree, label, {"edition-settings": settings}, RULE)
            continue
        target = str(Path(work) / f"{page}.html")
        transform_to_file("html.xsl", tree, target, label, {"page": page, "edition-settings": settings,
                                                             "pages-dir": Path(work).resolve().as_uri() + "/"}, RULE)
        made[page] = target
        if page in REGISTER_PAGES:  # its pages by initial, written beside it (xsl:result-document)
            for extra in sorted(Path(work).glob(f"{page}-*.html")):
                if REGISTER_PAGE.match(extra.name):
                    end_with_newline(extra, label, "html.xsl", RULE)
                    made[extra.stem] = str(extra)
    return made


def render_corpus(parts, register: bytes | None, out_dir: str | Path, label: str = "corpus",
                  jobs: int = 1, settings: str = "", named: bytes = b"",
                  mapper=None) -> list[Path]:
    """Write index.html, the registers' pages (persons.html, places.html, orgs.html and their pages by initial,
    persons-a.html …), conventions.html and search.html from ``parts`` ((document id, part) pairs, consumed once)
    and the registers (``register``: of persons; ``named``: of places and organisations). Saxon reads each group's
    view from a file and writes its pages to files in a working folder inside ``out_dir``; they replace the old
    pages only once every page is made, and only those that changed (a page by initial no longer made is
    removed). With jobs > 1 and enough documents, the groups are made in two processes at once; ``mapper`` (an
    engine's map, see pipeline/engines.py) makes them wherever it runs tasks instead."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    for stale in [*out.glob(".corpus.*"), *out.glob(".pages.*")]:  # left by a killed run
        shutil.rmtree(stale, ignore_errors=True)
    work = Path(tempfile.mkdtemp(prefix=".corpus.", dir=out))
    try:
        views, where, entries_file = write_views(parts, register, work, named)
        groups = [(str(view), pages, label, str(work), settings) for view, pages in zip(views, CORPUS_GROUPS)]
        context = pool_context() if mapper is None else None
        if mapper is not None:
            results = mapper(_corpus_group, groups)
        elif jobs > 1 and len(where) >= (POOL_MIN_DOCS if context.get_start_method() == "fork" else SPAWN_MIN_DOCS):
            with ProcessPoolExecutor(max_workers=2, mp_context=context) as pool:
                results = list(pool.map(_corpus_group, groups))
        else:
            results = [_corpus_group(group) for group in groups]
        made = {page: value for result in results for page, value in result.items()}
        prevnext = made.pop("prevnext")
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
        put_prevnext(out, prevnext)
        (out / "search-index.js").unlink(missing_ok=True)  # the hand-written search's index, replaced by Pagefind's
        return [out / name for name in names]
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _same_bytes(a: Path, b: Path) -> bool:
    """Whether two files hold the same bytes (False when either is missing)."""
    try:
        return a.stat().st_size == b.stat().st_size and a.read_bytes() == b.read_bytes()
    except OSError:
        return False


PREVNEXT_RECORD = ".prevnext/record.json"  # beside the pages: the nav each page holds, by document id
_PREVNEXT = re.compile(r'<nav class="prevnext"[^>]*>.*?</nav>', re.S)


def _prevnext_record(out: Path) -> dict[str, str]:
    try:
        return json.loads((out / PREVNEXT_RECORD).read_text("utf-8"))
    except (OSError, ValueError):
        return {}


def forget_prevnext(out_dir: str | Path, ids) -> None:
    """Record that the pages of ``ids`` were just made (their previous/next nav is empty again)."""
    out = Path(out_dir)
    record = _prevnext_record(out)
    if any(record.pop(i, None) is not None for i in list(ids)):
        write_atomic(out / PREVNEXT_RECORD, json.dumps(record, sort_keys=True, ensure_ascii=False),
                     durable=False)


def put_prevnext(out_dir: str | Path, lines: str) -> list[Path]:
    """Put each document's previous/next nav (``lines``: "id TAB nav" from html-prevnext.xsl) into its page in
    place of the nav there, touching only pages whose nav changed since the record; return the pages rewritten."""
    out = Path(out_dir)
    record, changed = _prevnext_record(out), []
    wanted = dict(line.split("\t", 1) for line in lines.splitlines() if "\t" in line)
    for doc_id, nav in wanted.items():
        target = out / f"{doc_id}.html"
        if record.get(doc_id) == nav or not target.is_file():
            continue
        page = target.read_text("utf-8")
        new, n = _PREVNEXT.subn(lambda _m: nav, page, count=1)
        if n and new != page:
            write_atomic(target, new, durable=False)
            changed.append(target)
        record[doc_id] = nav
    record = {k: v for k, v in record.items() if k in wanted}
    write_atomic(out / PREVNEXT_RECORD, json.dumps(record, sort_keys=True, ensure_ascii=False),
                 durable=False)
    return changed


def copy_static(out_dir: str | Path) -> list[Path]:
    """Copy the stylesheet and search script beside the pages (rewritten only when they differ)."""
    written = []
    for name in STATIC_FILES:
        data = (STATIC_DIR / name).read_bytes()
        target = Path(out_dir) / name
        if not target.exists() or target.read_bytes() != data:
            write_atomic(target, data, durable=False)
        written.append(target)
    return written


def copy_tei(documents, out_dir: str | Path) -> list[Path]:
    """Copy each (document id, TEI path) of ``documents`` to ``<out_dir>/tei/<id>.xml``, byte for byte (rewritten
    only when it differs): the page's "Download TEI" link."""
    written = []
    for doc_id, path in documents:
        data = Path(path).read_bytes()
        target = Path(out_dir) / TEI_COPY_DIR / f"{doc_id}.xml"
        if not target.is_file() or target.read_bytes() != data:
            write_atomic(target, data, durable=False)
        written.append(target)
    return written


def _outputs_job(args: tuple[str, str, str, str | None]) -> tuple[str, str, bytes | None]:
    """In a worker: ("register", "", its bytes) for the register of persons, ("other-register", "places" or
    "orgs", its bytes) for the registers of places and organisations, else ("document", id, None) after writing the
    document's part (the corpus pages read it from its file), and its page to ``page_file`` when given."""
    path, out_dir, settings, page_file = args
    data = Path(path).read_bytes()
    root = parse_tei(path, data).getroot()  # parsed once: the register test, then the page and the part
    if root.get(XML_ID) in OTHER_REGISTERS:  # places.xml, orgs.xml: pages made from them with the corpus pages
        return "other-register", root.get(XML_ID), serialised(root)
    if is_register(root):
        return "register", "", serialised(root)
    doc_id = _document_outputs(path, root, data, out_dir, settings, page_file)
    return "document", doc_id, None


def _parts_read(out_dir: Path, order: list[tuple[str, str]]):
    """(document id, part) for each (document id, TEI path) of ``order``, read from the part files one at a time
    (the corpus never holds all parts in memory)."""
    for doc_id, path in order:
        part = fresh_part(out_dir, path, None)
        if part is None or part[0] != doc_id:
            raise PipelineError(f"{part_path(out_dir, path)}:1:1: error: the part of document {doc_id!r} is missing "
                                "or changed while the corpus pages were being made; run the command again "
                                "[html-part-missing]")
        yield part


def _pages_in_worker(documents: int, corpus_next: int) -> bool:
    """Whether a few documents' pages (fewer than POOL_MIN_DOCS) go to one forked worker rather than being made
    here: when the corpus pages made next in this process are enough for forked workers (render_corpus), which
    this process may only fork while it has not started Saxon. A fork costs a few ms; the corpus pages' two groups
    then run side by side (after one edited document in a corpus of 1,000: about 0.25 s sooner)."""
    return documents > 0 and corpus_next >= POOL_MIN_DOCS and pool_context().get_start_method() == "fork"


def render_html(tei_paths, out_dir, *, pages: str = "all", jobs: int = 1, progress: bool = True,
                base_url: str = "", corpus_next: int = 0, edition: Edition | None = None,
                search: bool = True, mapper=None) -> list[Path]:
    """Publish TEI files as the HTML edition in ``out_dir``; return the files written, in a stable order.

    ``pages``: "all", "documents" (one page per document, and its part) or "corpus" (index, persons, conventions,
    search, from the documents' parts: a part missing or stale is made again). The register (TEI with
    xml:id="persons") is taken from the inputs, else from persons.xml beside them. ``corpus_next``: how many
    documents the caller's next call makes corpus pages of, in this process (see :func:`_pages_in_worker`).
    ``edition``: the edition's settings (default: edition.toml in the working folder); ``base_url`` overrides its
    base URL. Each document's TEI is copied to ``<out>/tei/<id>.xml`` beside its page. ``search``: index the pages
    with Pagefind once the corpus pages are made (``<out>/pagefind/``). ``mapper``: an engine's map (see
    pipeline/engines.py), which runs the documents' pages and parts and the corpus pages' groups instead of this
    process's pools (the paths must then be ones its workers can open).
    """
    if pages not in PAGES_CHOICES:
        raise PipelineError(f"error: pages must be one of {', '.join(PAGES_CHOICES)}, not {pages!r} [html-pages]")
    paths = sorted({str(Path(p)) for p in tei_paths})
    if not paths:
        raise PipelineError("error: no TEI files given [html-no-input]")
    out = Path(out_dir)
    settings = edition_settings(edition or load_edition(), base_url)
    with_pages = pages in ("all", "documents")
    # path -> (kind, document id, register bytes or None); parts are read from their files when the corpus is made
    found: dict[str, tuple[str, str, bytes | None]] = {}
    todo = []
    for path in paths:
        part = None if with_pages else fresh_part(out, path, part_key(Path(path).read_bytes()))
        if part:
            found[path] = ("document", part[0], None)
        else:
            todo.append(path)
    written = copy_static(out)
    # Pages are made into a staging folder and moved into place once no two documents are found to share an id
    # (each would overwrite the other's page).
    staging = Path(tempfile.mkdtemp(prefix=".pages.", dir=out)) if with_pages else None
    try:
        jobs_args = [(path, str(out), settings, str(staging / f"{n}.html") if staging else None)
                     for n, path in enumerate(todo)]
        if mapper is not None:
            results = mapper(_outputs_job, jobs_args)
        elif jobs > 1 and (len(jobs_args) >= POOL_MIN_DOCS or _pages_in_worker(len(jobs_args), corpus_next)):
            workers = jobs if len(jobs_args) >= POOL_MIN_DOCS else 1
            with ProcessPoolExecutor(max_workers=workers, mp_context=pool_context()) as pool:
                results = list(pool.map(_outputs_job, jobs_args, chunksize=8))
        else:
            results = [_outputs_job(a) for a in jobs_args]
        found.update(zip(todo, results))
        register, order, ids, others = None, [], {}, {}
        for path in paths:
            kind, doc_id, _ = found[path]
            if kind == "register":
                register = found[path][2]
                continue
            if kind == "other-register":
                others[doc_id] = found[path][2]
                continue
            if doc_id in ids:
                raise PipelineError(f"{path}:1:1: error: document id {doc_id!r} is also the id of {ids[doc_id]} "
                                    "[html-duplicate-id]")
            ids[doc_id] = path
            order.append((doc_id, path))
        if staging:
            with signals_held():
                for n, path in enumerate(todo):
                    if found[path][0] == "document":
                        os.replace(staging / f"{n}.html", out / f"{found[path][1]}.html")
            written += [out / f"{doc_id}.html" for doc_id in ids]
            written += copy_tei(((found[path][1], path) for path in todo if found[path][0] == "document"), out)
            forget_prevnext(out, [found[path][1] for path in todo if found[path][0] == "document"])
    finally:
        if staging:
            shutil.rmtree(staging, ignore_errors=True)
    if with_pages and progress:
        print(f"html: {len(ids)} document page(s)", file=sys.stderr)
    if pages in ("all", "corpus"):
        if register is None:
            beside = Path(paths[0]).parent / "persons.xml"
            if beside.is_file():
                register = serialised(parse_tei(beside).getroot())
        for name in OTHER_REGISTERS:  # places.xml, orgs.xml: from the inputs, else beside them
            beside = Path(paths[0]).parent / f"{name}.xml"
            if name not in others and beside.is_file():
                root = parse_tei(beside).getroot()
                if root.get(XML_ID) == name:
                    others[name] = serialised(root)
        written += render_corpus(_parts_read(out, order), register, out, label=str(Path(paths[0]).parent), jobs=jobs,
                                 settings=settings, named=b"".join(others[n] for n in OTHER_REGISTERS if n in others),
                                 mapper=mapper)
        if search:
            index_search(out, progress, jobs)
        if progress:
            print(f"html: {len(CORPUS_PAGES)} corpus page(s) and the search index", file=sys.stderr)
    return written
