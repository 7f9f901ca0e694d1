"""The HTML edition: TEI documents → one page each, plus index, registers, conventions, search (xslt/html*.xsl).

Every input is parsed safely (pipeline.xmlsafe) and handed to Saxon as a tree; each worker process compiles the
stylesheets once. A document's page comes with its *part* (xslt/html-parts.xsl: what the corpus pages need from it),
kept in ``<out>/.parts/<stem>.xml`` under the document's key (pipeline/publish/kept.py); a document whose part and
page are there and whose key is unchanged is not read again. The corpus pages are made from the parts
(pipeline/publish/corpus.py), which also gives each document's neighbours in date order: a page shows them (its
previous/next links), so a page is made with the neighbours known from the last run (``.prevnext/record.json``) and
made again when the corpus gives others; a new document's page waits for the corpus.
Pages are derived outputs: written atomically but not fsynced (``durable=False``). Documents' pages are moved into
place only once no two documents share an id. Output is byte-identical for any ``jobs`` and on every run.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sys
import tempfile
from pathlib import Path

from lxml import etree

from ..edition import Edition, load_edition
from ..errors import PipelineError
from ..fsutil import replaced_atomically, signals_held, write_atomic
from ..resources import data_dir
from ..search import index_search
from ..xmlsafe import parse_untrusted
from .corpus import CORPUS_PAGES, render_corpus
from .kept import PARTS_DIR, kept_path, output_key
from .saxon import parse_checked, transform_to_file, workers

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
STATIC_DIR = data_dir("static")
STATIC_FILES = ("edition.css", "edition.js", "search.js")
TEI_COPY_DIR = "tei"  # each document's TEI, copied beside the pages (the "Download TEI" link)
PAGES_CHOICES = ("all", "documents", "corpus")
SAFE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*\Z")  # \Z: "$" would let "evil\n" through
REGISTER_ID = "persons"
OTHER_REGISTERS = ("places", "orgs")  # the registers of places and organisations (tei/places.xml, tei/orgs.xml)
RULE = "html-transform"
PAGE_XSL, PART_XSL = "html.xsl", "html-parts.xsl"
NEIGHBOURS_RECORD = ".prevnext/record.json"  # by TEI file stem: the neighbours each page shows


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


def part_path(out_dir: str | Path, tei_path: str | Path) -> Path:
    return kept_path(out_dir, tei_path, ".xml")


def fresh_part(out_dir: str | Path, tei_path: str | Path, key: str | None) -> str | None:
    """The document id of the kept part when its key is ``key`` (any key when None); None when missing or stale."""
    try:
        for _, part in etree.iterparse(str(part_path(out_dir, tei_path)), events=("start",)):
            return part.get("id") if key is None or part.get("key") == key else None
    except (OSError, etree.XMLSyntaxError):
        return None
    return None


def serialised(root: etree._Element) -> bytes:
    """A parsed TEI document (a register) as UTF-8 bytes without XML declaration."""
    return etree.tostring(root, encoding="utf-8", xml_declaration=False)


def _document_job(args: tuple) -> tuple[str, str, bytes | None]:
    """In a worker: ("register", "persons", "places" or "orgs", its bytes) for a register, else ("document", id,
    None) after writing the document's part (``with_part``) and its page to ``page_file`` (when given) showing
    ``neighbours``."""
    path, out_dir, settings, page_file, neighbours, with_part = args
    data = Path(path).read_bytes()
    root = parse_untrusted(path, data=data).getroot()  # parsed once: the register test, then the part and the page
    if root.get(XML_ID) in (REGISTER_ID, *OTHER_REGISTERS):  # their pages are made with the corpus pages
        return "register", root.get(XML_ID), serialised(root)
    doc_id = document_id(root, path)
    node = parse_checked(root, str(path), RULE)
    if with_part:
        with replaced_atomically(part_path(out_dir, path)) as part_tmp:
            transform_to_file(PART_XSL, node, part_tmp, str(path), {"part-key": output_key(data)}, RULE)
    if page_file:
        transform_to_file(PAGE_XSL, node, page_file, str(path), {"edition-settings": settings,
                                                                 "neighbours": neighbours}, RULE)
    return "document", doc_id, None


def copy_static(out_dir: str | Path) -> list[Path]:
    """Copy the stylesheet and search script beside the pages (rewritten only when they differ)."""
    return [_copy((STATIC_DIR / name).read_bytes(), Path(out_dir) / name) for name in STATIC_FILES]


def _copy(data: bytes, target: Path) -> Path:
    if not target.is_file() or target.read_bytes() != data:
        write_atomic(target, data, durable=False)
    return target


def _load_record(out: Path) -> dict[str, str]:
    try:
        return json.loads((out / NEIGHBOURS_RECORD).read_text("utf-8"))
    except (OSError, ValueError):
        return {}


class _Pages:
    """Documents' pages made into a staging folder inside ``out`` and moved into place together."""

    def __init__(self, out: Path):
        self.out, self.staging, self.jobs = out, Path(tempfile.mkdtemp(prefix=".pages.", dir=out)), []

    def __enter__(self) -> _Pages:
        return self

    def __exit__(self, *exc) -> None:
        shutil.rmtree(self.staging, ignore_errors=True)

    def job(self, path: str, settings: str, neighbours: str | None, with_part: bool) -> tuple:
        """The job making ``path``'s page (and its part, ``with_part``); None ``neighbours``: the part alone."""
        page = None if neighbours is None else str(self.staging / f"{len(self.jobs)}.html")
        self.jobs.append(page)
        return path, str(self.out), settings, page, neighbours or "", with_part

    def place(self, ids: list[str | None]) -> list[Path]:
        """Move the staged pages into place, as ``<id>.html`` for the ids of the jobs in order (None: no page)."""
        placed = [(page, self.out / f"{doc_id}.html") for page, doc_id in zip(self.jobs, ids) if page and doc_id]
        with signals_held():
            for page, target in placed:
                os.replace(page, target)
        return [target for _, target in placed]


def render_html(tei_paths, out_dir, *, pages: str = "all", jobs: int = 1, progress: bool = True,
                base_url: str = "", edition: Edition | None = None, search: bool = True, force: bool = False,
                mapper=None) -> list[Path]:
    """Publish TEI files as the HTML edition in ``out_dir``; return the files written, in a stable order.

    ``pages``: "all", "documents" (one page per document, and its part) or "corpus" (index, registers, conventions,
    search, from the documents' parts; a part missing or stale is made again). A document whose part is up to date
    and whose page is there is not made again, unless ``force``. The register (TEI with xml:id="persons") is taken
    from the inputs, else from persons.xml beside them (and so places.xml, orgs.xml). ``edition``: the edition's
    settings (default: edition.toml in the working folder); ``base_url`` overrides its base URL. Each document's
    TEI is copied to ``<out>/tei/<id>.xml`` beside its page. ``search``: index the pages with Pagefind once the
    corpus pages are made (``<out>/pagefind/``). ``mapper``: an engine's map (see pipeline/engines.py), which runs
    the per-document work and the corpus pages' groups instead of this process's pools (the paths must then be ones
    its workers can open).
    """
    if pages not in PAGES_CHOICES:
        raise PipelineError(f"error: pages must be one of {', '.join(PAGES_CHOICES)}, not {pages!r} [html-pages]")
    paths = sorted({str(Path(p)) for p in tei_paths})
    if not paths:
        raise PipelineError("error: no TEI files given [html-no-input]")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    for stale in out.glob(".pages.*"):  # left by a killed run
        shutil.rmtree(stale, ignore_errors=True)
    settings = edition_settings(edition or load_edition(), base_url)
    record = _load_record(out)
    found: dict[str, tuple[str, str, bytes | None]] = {}  # path -> (kind, id, a register's bytes or None)
    todo = []
    for path in paths:
        doc_id = None if force else fresh_part(out, path, output_key(Path(path).read_bytes()))
        if doc_id and (pages == "corpus" or (out / f"{doc_id}.html").is_file()):
            found[path] = ("document", doc_id, None)
        else:
            todo.append(path)
    # the neighbours a page shows: those known from the last run; a new document's page waits for the corpus
    # (with pages "documents", it shows none); with pages "corpus", only parts are made
    shown = {p: None if pages == "corpus" else record.get(Path(p).stem, "" if pages == "documents" else None)
             for p in todo}
    written = copy_static(out)
    with workers(jobs, mapper) as run:
        with _Pages(out) as made:
            found.update(zip(todo, run(_document_job, [made.job(p, settings, shown[p], True) for p in todo])))
            order = _documents_in_order(paths, found)
            written += made.place([found[p][1] if found[p][0] == "document" else None for p in todo])
        documents = [p for p in todo if found[p][0] == "document"]
        written += [_copy(Path(p).read_bytes(), out / TEI_COPY_DIR / f"{found[p][1]}.xml") for p in documents]
        for path in documents:
            if shown[path] is None:
                record.pop(Path(path).stem, None)
            else:
                record[Path(path).stem] = shown[path]
        if progress and pages != "corpus":
            print(f"html: {len(documents)} document page(s)", file=sys.stderr)
        if pages in ("all", "corpus"):
            registers = {found[p][1]: found[p][2] for p in paths if found[p][0] == "register"}
            for name in ("persons", *OTHER_REGISTERS):  # from the inputs, else beside them
                beside = Path(paths[0]).parent / f"{name}.xml"
                if name not in registers and beside.is_file():
                    root = parse_untrusted(beside).getroot()
                    if root.get(XML_ID) == name:
                        registers[name] = serialised(root)
            corpus, neighbours = render_corpus(
                ((doc_id, _part_file(out, doc_id, path)) for doc_id, path in order), registers.get("persons"), out,
                run, label=str(Path(paths[0]).parent), settings=settings,
                named=b"".join(registers[n] for n in OTHER_REGISTERS if n in registers))
            written += corpus
            # the pages whose neighbours are not those they show (with pages "all", also those not made yet)
            redo = [(doc_id, path) for doc_id, path in order if record.get(Path(path).stem) != neighbours[doc_id]
                    and (pages == "all" or (out / f"{doc_id}.html").is_file())]
            with _Pages(out) as made:
                run(_document_job, [made.job(path, settings, neighbours[doc_id], False) for doc_id, path in redo])
                written += made.place([doc_id for doc_id, _ in redo])
            record = {Path(path).stem: neighbours[doc_id] for doc_id, path in order}
    if pages in ("all", "corpus"):
        if search:
            index_search(out, progress, jobs)
        if progress:
            print(f"html: {len(CORPUS_PAGES)} corpus page(s) and the search index", file=sys.stderr)
    write_atomic(out / NEIGHBOURS_RECORD, json.dumps(record, sort_keys=True, ensure_ascii=False), durable=False)
    return written


def _documents_in_order(paths: list[str], found: dict) -> list[tuple[str, str]]:
    """(document id, path) of the documents among ``paths`` (``found``: path -> (kind, id, bytes)); PipelineError
    when two share an id (each would overwrite the other's page)."""
    ids: dict[str, str] = {}
    for path in paths:
        kind, doc_id, _ = found[path]
        if kind != "document":
            continue
        if doc_id in ids:
            raise PipelineError(f"{path}:1:1: error: document id {doc_id!r} is also the id of {ids[doc_id]} "
                                "[html-duplicate-id]")
        ids[doc_id] = path
    return list(ids.items())


def _part_file(out: Path, doc_id: str, path: str) -> Path:
    """A document's part, checked to be its (it may have changed while the corpus pages were being made)."""
    if fresh_part(out, path, None) != doc_id:
        raise PipelineError(f"{part_path(out, path)}:1:1: error: the part of document {doc_id!r} is missing "
                            "or changed while the corpus pages were being made; run the command again "
                            "[html-part-missing]")
    return part_path(out, path)
