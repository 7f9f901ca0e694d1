"""The HTML edition: TEI documents → one page each, plus index, persons, conventions, search (xslt/html*.xsl).

Every input is parsed safely (pipeline.xmlsafe) and handed to Saxon as a serialised tree; each worker process
compiles the stylesheets once. Making a document's page also makes its *part* (xslt/html-parts.xsl: what the corpus
pages need from it), kept in ``<out>/.parts/<stem>.xml`` with a key (a digest of the TEI and the stylesheets); the
corpus pages are assembled from the parts, and only a document whose part is missing or stale is read again.
Pages are derived outputs: written atomically but not fsynced (``durable=False``).
Output is byte-identical for any ``jobs`` and on every run (no clock, sorted input).
"""

from __future__ import annotations

import functools
import hashlib
import json
import multiprocessing
import re
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from lxml import etree

from .errors import PipelineError
from .fsutil import write_atomic
from .saxon import XSLT_DIR, parse_bytes, parse_checked, transform_tree

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
STATIC_DIR = Path(__file__).resolve().parent.parent / "static"
STATIC_FILES = ("edition.css", "search.js")
CORPUS_PAGES = ("index", "persons", "conventions", "search")
PAGES_CHOICES = ("all", "documents", "corpus")
SAFE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
REGISTER_ID = "persons"
PART_NS = "urn:tei-edition:part"
PARTS_DIR = ".parts"
#: Fewer documents than this are rendered in this process: starting workers (each compiles the stylesheets) would
#: cost more than it saves.
POOL_MIN_DOCS = 30
PART_XSL = "html-parts.xsl"


def pool_context():
    """The start method for worker pools: fork while this process has not started Saxon (workers start at once and
    share what is already imported), spawn once it has (a forked copy of a running Saxon is not safe)."""
    from . import saxon

    if saxon.processor.cache_info().currsize or "fork" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    return multiprocessing.get_context("fork")


def parse_tei(path: str | Path) -> etree._ElementTree:
    """Parse a TEI file without trusting it (no DTD, no entities, no network); XMLInputError on failure."""
    try:
        from .xmlsafe import parse_untrusted
    except ImportError:  # pragma: no cover - xmlsafe is part of the package
        parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
        try:
            return etree.parse(str(path), parser)
        except etree.XMLSyntaxError as exc:
            line, col = exc.position
            raise PipelineError(f"{path}:{line}:{col}: error: not well-formed XML: {exc.msg} [xml-parse]") from None
    return parse_untrusted(path)


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


def _parse(xml: bytes, label: str):
    """Serialised XML as a Saxon tree; PipelineError naming ``label`` on failure."""
    return parse_bytes(xml, label, RULE)


def _transform(stylesheet: str, node, label: str, params: dict | None = None) -> str:
    """Run a compiled stylesheet on a tree from :func:`_parse`; the result, ending with a newline; PipelineError
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


def fresh_part(out_dir: str | Path, tei_path: str | Path, key: str) -> tuple[str, bytes] | None:
    """(document id, part) from ``<out>/.parts/`` when its key is ``key``; None when missing or stale."""
    try:
        data = part_path(out_dir, tei_path).read_bytes()
    except OSError:
        return None
    m = _PART_HEAD.match(data)
    if not m or m.group(1).decode() != key:
        return None
    return m.group(2).decode("utf-8"), data


def _document_outputs(path: str | Path, root: etree._Element, data: bytes, out_dir: str | Path, base_url: str,
                      page: bool) -> tuple[str, bytes]:
    """Write one TEI document's part (and its page when ``page``) from its safely parsed tree ``root`` and its
    bytes ``data``; return (document id, part)."""
    doc_id = document_id(root, path)
    node = parse_checked(data, root, str(path), RULE)
    part = _transform(PART_XSL, node, str(path), {"part-key": part_key(data)}).encode("utf-8")
    write_atomic(part_path(out_dir, path), part, durable=False)
    if page:
        html = _transform("html.xsl", node, str(path), {"edition-base-url": base_url})
        write_atomic(Path(out_dir) / f"{doc_id}.html", html, durable=False)
    return doc_id, part


def render_document(path: str | Path, out_dir: str | Path, base_url: str = "") -> Path:
    """Write ``<out_dir>/<id>.html`` for one TEI document (and its part); return the page's path."""
    data = Path(path).read_bytes()
    doc_id, _ = _document_outputs(path, parse_tei(path).getroot(), data, out_dir, base_url, page=True)
    return Path(out_dir) / f"{doc_id}.html"


def serialised(root: etree._Element) -> bytes:
    """A parsed TEI document (the register) as UTF-8 bytes without XML declaration."""
    return etree.tostring(root, encoding="utf-8", xml_declaration=False)


def parts_xml(parts: list[bytes], register: bytes | None) -> bytes:
    """One pt:parts holding the register and every document's part (in the given order), for the corpus pages."""
    return (f'<pt:parts xmlns:pt="{PART_NS}">'.encode("utf-8") + (register or b"") + b"".join(parts)
            + b"</pt:parts>")


_SEARCH_OPEN, _SEARCH_CLOSE = b"<pt:search>", b"</pt:search>"
_TEXT_ESCAPES = ((b"&lt;", b"<"), (b"&gt;", b">"), (b"&amp;", b"&"))  # what Saxon escapes in text (JSON has no CR)
SEARCH_HEAD = ("/* Search index of the edition, written by the build (xslt/html-search.xsl, pipeline/render.py). "
               "documents: [id, title, date];\n   entries: one list per document (in the order of documents), each "
               "entry [anchor, label, text]. */\n")


def split_search(part: bytes) -> tuple[bytes, bytes]:
    """A part without its pt:search element, and that element's text: the document's search entries as JSON.
    The entries go straight into search-index.js; Saxon never has to read them (they are most of a part)."""
    head, found, rest = part.partition(_SEARCH_OPEN)
    if not found:
        return part, b"[]"
    text, _, tail = rest.partition(_SEARCH_CLOSE)
    for escaped, char in _TEXT_ESCAPES:
        text = text.replace(escaped, char)
    return head + tail, text


#: The corpus pages in two groups of about equal cost, made in two processes when jobs allow ("documents": the
#: search index's list of documents).
CORPUS_GROUPS = (("persons",), ("index", "conventions", "search", "documents"))


def _corpus_group(args: tuple[bytes, tuple[str, ...], str]) -> list[str]:
    """The pages of one group, from the serialised pt:parts (one parse per process)."""
    xml, pages, label = args
    tree = _parse(xml, label)
    return [_transform("html-search.xsl", tree, label).strip() if page == "documents"
            else _transform("html.xsl", tree, label, {"page": page}) for page in pages]


def render_corpus(parts: list[tuple[str, bytes]], register: bytes | None, out_dir: str | Path,
                  label: str = "corpus", jobs: int = 1) -> list[Path]:
    """Write index.html, persons.html, conventions.html, search.html and search-index.js (html-search.xsl gives the
    documents in order; their entries are joined here). With jobs > 1 and enough documents, the two groups of
    CORPUS_GROUPS are made in two processes at once."""
    split = [split_search(data) for _, data in parts]
    entries = {doc_id: json for (doc_id, _), (_, json) in zip(parts, split)}
    xml = parts_xml([data for data, _ in split], register)
    groups = [(xml, pages, label) for pages in CORPUS_GROUPS]
    if jobs > 1 and len(parts) >= POOL_MIN_DOCS:
        with ProcessPoolExecutor(max_workers=2, mp_context=pool_context()) as pool:
            results = list(pool.map(_corpus_group, groups))
    else:
        results = [_corpus_group(group) for group in groups]
    made = {page: text for (_, pages, _), texts in zip(groups, results) for page, text in zip(pages, texts)}
    out = Path(out_dir)
    written = [write_atomic(out / f"{page}.html", made[page], durable=False) for page in CORPUS_PAGES]
    order = [doc[0] for doc in json.loads(made["documents"])]
    script = (SEARCH_HEAD.encode("utf-8") + b'window.EDITION_SEARCH = {"documents": '
              + made["documents"].encode("utf-8") + b',\n"entries": ['
              + b",".join(entries[doc_id] for doc_id in order) + b"]};\n")
    written.append(write_atomic(out / "search-index.js", script, durable=False))
    return written


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


def _outputs_job(args: tuple[str, str, str, bool]) -> tuple[str, str, bytes]:
    """In a worker: ("register", "", its bytes) for the register, else ("document", id, part) after writing the
    document's part (and page when asked)."""
    path, out_dir, base_url, page = args
    data = Path(path).read_bytes()
    root = parse_tei(path).getroot()  # parsed once: the register test, then the page and the part
    if is_register(root):
        return "register", "", serialised(root)
    doc_id, part = _document_outputs(path, root, data, out_dir, base_url, page)
    return "document", doc_id, part


def render_html(tei_paths, out_dir, *, pages: str = "all", jobs: int = 1, progress: bool = True,
                base_url: str = "") -> list[Path]:
    """Publish TEI files as the HTML edition in ``out_dir``; return the files written, in a stable order.

    ``pages``: "all", "documents" (one page per document, and its part) or "corpus" (index, persons, conventions,
    search, from the documents' parts: a part missing or stale is made again). The register (TEI with
    xml:id="persons") is taken from the inputs, else from persons.xml beside them.
    """
    if pages not in PAGES_CHOICES:
        raise PipelineError(f"error: pages must be one of {', '.join(PAGES_CHOICES)}, not {pages!r} [html-pages]")
    paths = sorted({str(Path(p)) for p in tei_paths})
    if not paths:
        raise PipelineError("error: no TEI files given [html-no-input]")
    out = Path(out_dir)
    with_pages = pages in ("all", "documents")
    found: dict[str, tuple[str, str, bytes]] = {}  # path -> (kind, document id, part or register bytes)
    todo = []
    for path in paths:
        part = None if with_pages else fresh_part(out, path, part_key(Path(path).read_bytes()))
        if part:
            found[path] = ("document", *part)
        else:
            todo.append(path)
    written = copy_static(out)
    jobs_args = [(path, str(out), base_url, with_pages) for path in todo]
    if jobs > 1 and len(jobs_args) >= POOL_MIN_DOCS:
        with ProcessPoolExecutor(max_workers=jobs, mp_context=pool_context()) as pool:
            results = list(pool.map(_outputs_job, jobs_args, chunksize=8))
    else:
        results = [_outputs_job(a) for a in jobs_args]
    found.update(zip(todo, results))
    register, parts, ids = None, [], {}
    for path in paths:
        kind, doc_id, data = found[path]
        if kind == "register":
            register = data
            continue
        if doc_id in ids:
            raise PipelineError(f"{path}:1:1: error: document id {doc_id!r} is also the id of {ids[doc_id]} "
                                "[html-duplicate-id]")
        ids[doc_id] = path
        parts.append((doc_id, data))
    if with_pages:
        written += [out / f"{doc_id}.html" for doc_id in ids]
        if progress:
            print(f"html: {len(ids)} document page(s)", file=sys.stderr)
    if pages in ("all", "corpus"):
        if register is None:
            beside = Path(paths[0]).parent / "persons.xml"
            if beside.is_file():
                register = serialised(parse_tei(beside).getroot())
        written += render_corpus(parts, register, out, label=str(Path(paths[0]).parent), jobs=jobs)
        if progress:
            print(f"html: {len(CORPUS_PAGES)} corpus page(s) and the search index", file=sys.stderr)
    return written
