"""Encode a plain-text source as a TEI document: read → detect kind → regions and blocks → turns, notes,
inline markup → header → deterministic XML. ``encode_text`` is pure; ``encode_paths`` writes files."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from .dates import find_dates, iso_of, parse_date_line
from ..diagnostics import Diagnostic
from ..edition import Edition, load_edition
from ..errors import PipelineError
from ..fsutil import remove_partials, write_atomic
from .inline import make
from .names.gazetteer import Gazetteer, load_gazetteer
from .recognise import analyse as parse_document
from .recognise.text import folded_spaces
from .model import Block, Document, Entry, Excerpt, Turn
from .names.forms import discover
from .recognise.pagebreaks import vocabulary
from .names.register import forms_of, named_forms_of
from .names.registry import NameIndex, Registry, load_registry
from ..sidecar import load_sidecar
from ..source import normalise_text, read_source
from .tei.body import Context, build_body, build_header, serialise
from .recognise.turns import add_participant

DOC_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*\Z")  # \Z: "$" would let "evil\n" through


@dataclass
class EncodeResult:
    doc_id: str
    xml: bytes
    diagnostics: list = field(default_factory=list)
    #: the tree ``xml`` was serialised from (the register reads its forms there, rather than parsing ``xml``)
    tree: etree._Element | None = field(default=None, repr=False, compare=False)


def doc_id_of(path: Path) -> str:
    stem = path.stem
    if not DOC_ID.match(stem):
        raise PipelineError(f"{path}: error: the file name must give a document id of letters, digits, '_', '-' "
                            f"and '.' (starting with a letter or digit): rename the file")
    return stem


def to_date(iso: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(iso[:10]) if re.fullmatch(r"\d{4}-\d{2}-\d{2}.*", iso) else None
    except ValueError:
        return None


def document_date(doc: Document, side: dict) -> None:
    """Fill doc.date_when/date_text/date_attrs: sidecar, page date, dateline, citation, listing range, first date."""
    if side.get("date"):
        doc.date_attrs = (("when", side["date"]), ("resp", "#editor"), ("evidence", "external"))
        doc.date_when, doc.date_text = side["date"], side["date"]
        return
    for text in (doc.meta.get("page_date"), doc.dateline.text if doc.dateline else None):
        text = MARKER_AT_END.sub("", text) if text else text
        m = parse_date_line(text) if text else None
        if m:
            doc.date_attrs, doc.date_text = m.attrs, text[m.start:m.end]
            doc.date_when = iso_of(m) or ""
            return
    entries = [e for e in doc.body if isinstance(e, Entry)]
    if entries:
        isos = sorted(i for e in entries for i in [iso_of(m) for m in [parse_date_line(e.date.text)] if m] if i)
        if isos:
            doc.date_attrs = (("from", isos[0]), ("to", isos[-1]), ("resp", "#encoder"))
            doc.date_text = f"{isos[0]} – {isos[-1]}"
            doc.date_when = isos[0]
            return
    # no dateline: a date inferred, marked as such, from the best other evidence: the heading, the source note
    # (the day it names, else the span or month of its file), the citation, the narrative's first full date (never
    # from inside a turn, a list or another note, nor a date the text sets as a limit: 'no later than June 2')
    inferred = heading_date(doc) or source_note_date(doc, days_only=True)
    if inferred:
        doc.date_attrs, doc.date_text, doc.date_when = inferred
        return
    full = None
    for b in doc.body:
        if not (isinstance(b, Block) and b.type == "p"):
            continue
        for m in find_dates(b.text):
            iso = iso_of(m)
            if iso and re.fullmatch(r"\d{4}-\d{2}-\d{2}", iso) and not LIMIT_BEFORE.search(b.text[:m.start]):
                full = iso
                break
        if full:
            break
    cite = doc.meta.get("citation", "")
    if cite and full:
        for m in find_dates(cite, to_date(full)):
            iso = iso_of(m)
            if iso and re.fullmatch(r"\d{4}-\d{2}-\d{2}", iso):
                doc.date_attrs = (("when", iso), ("cert", "medium"), ("resp", "#encoder"), ("evidence", "internal"))
                doc.date_text = cite[m.start:m.end]
                doc.date_when = iso
                return
    if full:
        doc.date_attrs = (("when", full), ("cert", "low"), ("resp", "#encoder"), ("evidence", "internal"))
        doc.date_text = "the first full date in the text"
        doc.date_when = full
        return
    inferred = source_note_date(doc, days_only=False)
    if inferred:
        doc.date_attrs, doc.date_text, doc.date_when = inferred


# A date right after one of these words is a limit or another time the text speaks of, not the document's own.
LIMIT_BEFORE = re.compile(r"\b(?:by|until|till|before|after|since|from|through|than|not later than|later than)\s+"
                          r"(?:the\s+)?(?:end\s+of\s+)?$", re.I)


def heading_date(doc: Document) -> tuple | None:
    """The one full date (year, month and day) the heading names ('Minutes of the Meeting of March 3, 1970'),
    as (attrs, text, iso) marked inferred, or None."""
    title = doc.title or ""
    days = [m for m in find_dates(title) if m.tag == "date" and re.fullmatch(r"\d{4}-\d{2}-\d{2}.*", iso_of(m) or "")]
    if doc.head is None or len(days) != 1:
        return None
    m = days[0]
    attrs = tuple((k, v) for k, v in m.attrs if k in ("when", "from", "to"))
    return (*attrs, ("cert", "medium"), ("resp", "#encoder"), ("evidence", "internal")), title[m.start:m.end], \
        iso_of(m) or ""


def source_note_date(doc: Document, days_only: bool) -> tuple | None:
    """A date of the source note, as (attrs, text, iso) marked inferred: the one day it names ('NSC Meeting
    December 22, 1975'), or (``days_only`` false) the month or span of the file it names ('August 1976',
    'September–December 1975', 'August 16–20, 1976'), given as notBefore/notAfter: the file says when the
    document may be from, not the day it is from."""
    note = doc.meta.get("source_note", "")
    found = [m for m in find_dates(note) if m.tag == "date" and (iso_of(m) or "")[:1].isdigit()]
    if len(found) != 1:
        return None
    m = found[0]
    attrs = dict(m.attrs)
    text = f"a date of the source note: {note[m.start:m.end]}"
    if "when" in attrs and re.fullmatch(r"\d{4}-\d{2}-\d{2}.*", attrs["when"]):
        return (("when", attrs["when"]), ("cert", "low"), ("resp", "#encoder"), ("evidence", "internal")), text, \
            attrs["when"]
    if days_only:
        return None
    lo, hi = attrs.get("when") or attrs.get("from"), attrs.get("when") or attrs.get("to")
    if not lo or not hi or len(lo) < 7:
        return None
    if lo == hi:
        return (("when", lo), ("cert", "low"), ("resp", "#encoder"), ("evidence", "internal")), text, lo
    return (("notBefore", lo), ("notAfter", hi), ("cert", "low"), ("resp", "#encoder"), ("evidence", "internal")), \
        text, lo


MARKER_AT_END = re.compile(r"(?<=[.,;:)\]])\d{1,3}$")  # a note marker glued to a dateline's last mark


def spoken_keys(doc: Document) -> dict:
    counts: dict = {}

    def walk(item):
        if isinstance(item, Turn):
            counts[item.key] = counts.get(item.key, 0) + 1
        elif isinstance(item, Excerpt):
            for t in item.turns:
                walk(t)

    for item in doc.body:
        walk(item)
    return counts


_LANGS = etree.XPath("descendant-or-self::*/@xml:lang")  # every language a text uses (one pass in C)


def encode_text(text: str, doc_id: str, *, registry: Registry | None = None, side: dict | None = None,
                events: tuple = (), path: str = "", normalised: bool = False,
                edition: Edition | None = None, gazetteer: Gazetteer | None = None) -> EncodeResult:
    """Encode ``text`` (already decoded) as the TEI document ``doc_id``. Pure: no files read or written.
    ``normalised``: the text comes from ``read_source``, which has normalised it already (and recorded how).
    ``edition``: the edition's settings (edition.toml: publisher, licence), default the ones it ships.
    ``gazetteer``: the places and organisations to tag (default: the gazetteer and the registers of places and
    organisations beside the registry's files, loaded once per process)."""
    if not normalised:
        text, changes = normalise_text(text)  # any str: LF, NFC, XML-forbidden characters as U+FFFD (recorded)
        events = tuple(events) + tuple(changes)
    events = tuple(events)
    registry = registry or Registry()
    side = side or {}
    doc = parse_document(doc_id, text, registry.key_for_name, kind=side.get("kind"))
    doc.events = events
    doc.meta["_all_text"] = text
    for p in side.get("participant", []):
        if p.get("name"):
            add_participant(doc.participants, registry.key_for_name(p["name"]), p["name"], form=p["name"],
                            role=p.get("role", ""))
    document_date(doc, side)
    prefix = f"d{doc_id}"
    names = NameIndex.build(registry, {p.name: p.key for p in doc.participants.values()}
                            | {f: p.key for p in doc.participants.values() for f in p.forms})
    names.add_discovered(discover(text, set(names.forms)), registry.key_for_name)
    names.note_source(folded_spaces(text))  # as the blocks have it, so that most are found in it verbatim
    ctx = Context(prefix=prefix, ref=to_date(doc.date_when) if doc.date_when else None, names=names,
                  key_for_name=registry.key_for_name,
                  original_lang=(side.get("original_language", "ru") + "-Latn"),
                  places=gazetteer if gazetteer is not None else load_gazetteer(
                      str(registry.folder) if registry.folder else None),
                  vocab=vocabulary(text) if "[Page" in text else Counter())  # words counted for page markers only
    text_el = build_body(doc, ctx)
    langs = ["en"] + sorted({str(lang) for lang in _LANGS(text_el)} - {"en"})
    header = build_header(doc, ctx, side, spoken_keys(doc), tuple(langs), edition or Edition())
    root = make("TEI", (("xml:id", prefix), ("xml:lang", "en")))
    root.append(header)
    root.append(text_el)
    diags = [Diagnostic(path or doc_id, line, col, "warning", msg, rule) for line, col, msg, rule in
             doc.warnings + ctx.warnings]
    if not doc.date_when:
        diags.append(Diagnostic(path or doc_id, 1, 1, "warning", "no date found for the document: add `date` to "
                                "its sidecar file", "doc-date"))
    return EncodeResult(doc_id, serialise(root), diags, tree=root)


def encode_file(path: Path, registry: Registry, encoding: str | None = None,
                edition: Edition | None = None) -> EncodeResult:
    src = read_source(path, encoding)
    side = load_sidecar(path)
    return encode_text(src.text, doc_id_of(path), registry=registry, side=side, events=src.events, path=str(path),
                       normalised=True, edition=edition)


@dataclass
class EncodeRun:
    written: list = field(default_factory=list)
    diagnostics: list = field(default_factory=list)
    #: the register forms of each document written ({path: {key: forms}}): the register need not read it again
    forms: dict = field(default_factory=dict)
    #: the place and organisation forms of each document written ({path: {"places": {key: forms}, "orgs": …}})
    named: dict = field(default_factory=dict)


_REGISTRY: Registry | None = None
_EDITION: Edition | None = None


def _init_worker(registry_path, edition=None):
    global _REGISTRY, _EDITION
    _REGISTRY = load_registry(registry_path)
    _EDITION = edition


#: A PipelineError's message: ``path[:line:col]: error: message``.
_ERROR_AT = re.compile(r"^(?P<path>[^\n]+?)(?::(?P<line>\d+):(?P<col>\d+))?: error: (?P<msg>.*)$", re.S)


def input_error(source: str, message: str) -> Diagnostic:
    """The Diagnostic of a source that could not be encoded, at the place the error names (a sidecar's line, say),
    else at the source."""
    m = _ERROR_AT.match(message)
    if not m:
        return Diagnostic(source, 0, 0, "error", message, "input")
    return Diagnostic(m["path"], int(m["line"] or 0), int(m["col"] or 0), "error", m["msg"], "input")


def _encode_one(args):
    path, out_dir, encoding = args
    try:
        res = encode_file(Path(path), _REGISTRY, encoding, _EDITION)
    except PipelineError as exc:
        return None, [input_error(str(path), str(exc))], None, None
    out = Path(out_dir) / f"{res.doc_id}.xml"
    try:
        write_atomic(out, res.xml)
    except OSError as exc:  # a read-only, full or looping output folder, a name too long: one line
        return None, [Diagnostic(str(out), 0, 0, "error", f"cannot write: {exc.strerror or exc}", "output")], None, None
    # the tree serialised as res.xml: the same forms
    return str(out), res.diagnostics, forms_of(res.tree), named_forms_of(res.tree)



def encode_paths(paths: list[Path], out_dir: Path, *, encoding: str | None = None,
                 registry_path: Path | None = None, jobs: int = 1, keep_going: bool = False,
                 progress: bool = False) -> EncodeRun:
    """Encode every source into ``out_dir``; one failing source does not stop the others when keep_going."""
    run = EncodeRun()
    edition = load_edition()  # edition.toml in the working folder (read here: a mistake in it is one line)
    tasks = [(str(p), str(out_dir), encoding) for p in paths]
    ids: dict[str, str] = {}
    for p in paths:
        ids.setdefault(p.stem, str(p))
        if ids[p.stem] != str(p):
            raise PipelineError(f"{p}: error: two sources give the same document id {p.stem!r} ({ids[p.stem]})")

    def collect(results) -> bool:
        """Take results in order; False (stop: later sources are not encoded) at a failure unless keep_going."""
        for out, diags, forms, named in results:
            if out:
                run.written.append(out)
                run.forms[out] = forms
                run.named[out] = named
            run.diagnostics.extend(diags)
            if not out and not keep_going:
                return False
        return True

    load_registry(registry_path)  # a broken register: one line here, not a broken pool of workers
    if Path(out_dir).is_dir():
        remove_partials(out_dir)  # what a killed run (kill -9) left half-written
    if jobs > 1 and len(tasks) > 1:
        with ProcessPoolExecutor(jobs, initializer=_init_worker, initargs=(registry_path, edition)) as pool:
            results = pool.map(_encode_one, tasks, chunksize=max(1, len(tasks) // (jobs * 8)))
            if not collect(_progress(results, len(tasks), progress, "encode")):
                pool.shutdown(cancel_futures=True)
    else:
        _init_worker(registry_path, edition)
        collect(_progress(map(_encode_one, tasks), len(tasks), progress, "encode"))
    return run


def _progress(iterable, length: int, show: bool, label: str):
    if not show or length < 20:
        yield from iterable
        return
    import click
    import sys
    with click.progressbar(iterable, length=length, label=label, file=sys.stderr) as bar:
        yield from bar
