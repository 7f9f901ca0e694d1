"""Encode a plain-text source as a TEI document: read → detect kind → regions and blocks → turns, notes,
inline markup → header → deterministic XML. ``encode_text`` is pure; ``encode_paths`` writes files."""

from __future__ import annotations

import re
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from ..diagnostics import Diagnostic
from ..edition import Edition, load_edition
from ..errors import PipelineError
from ..fsutil import remove_partials, write_atomic
from ..sidecar import load_sidecar
from ..source import normalise_text, read_source
from .document_date import to_date
from .facts import facts_of
from .inline import make
from .model import Document, Excerpt, Turn
from .names.forms import discover
from .names.gazetteer import load_gazetteer
from .names.placeindex import Gazetteer
from .names.register import forms_of, named_forms_of
from .names.registry import NameIndex, Registry, load_registry
from .recognise import analyse as parse_document
from .recognise.pagebreaks import vocabulary
from .recognise.speakers import add_participant
from .recognise.text import folded_spaces
from .tei.body import build_body
from .tei.header import build_header
from .tei.serialise import serialise
from .tei.spans import Context

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


def spoken_keys(doc: Document) -> Counter:
    """How many turns each participant speaks, in the body and in its excerpts (none: a silent participant)."""
    return Counter(t.key for item in doc.body for t in (item.turns if isinstance(item, Excerpt) else (item,))
                   if isinstance(t, Turn))


_LANGS = etree.XPath("descendant-or-self::*/@xml:lang")  # every language a text uses


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
    for p in side.get("participant", []):
        if p.get("name"):
            add_participant(doc.participants, registry.key_for_name(p["name"]), p["name"], form=p["name"],
                            role=p.get("role", ""))
    facts = facts_of(doc, side)
    prefix = f"d{doc_id}"
    names = NameIndex.build(registry, {p.name: p.key for p in doc.participants.values()}
                            | {f: p.key for p in doc.participants.values() for f in p.forms})
    names.add_discovered(discover(text, set(names.forms)), registry.key_for_name)
    names.note_source(folded_spaces(text))  # as the blocks have it, so that most are found in it verbatim
    ctx = Context(prefix=prefix, ref=to_date(facts.date.when) if facts.date.when else None, names=names,
                  key_for_name=registry.key_for_name,
                  original_lang=(side.get("original_language", "ru") + "-Latn"),
                  places=gazetteer if gazetteer is not None else load_gazetteer(
                      str(registry.folder) if registry.folder else None),
                  vocab=vocabulary(text) if "[Page" in text else Counter())  # words counted for page markers only
    text_el = build_body(doc, ctx)
    langs = ["en"] + sorted({str(lang) for lang in _LANGS(text_el)} - {"en"})
    header = build_header(doc, facts, prefix, spoken_keys(doc), tuple(langs), edition or Edition())
    root = make("TEI", (("xml:id", prefix), ("xml:lang", "en")))
    root.extend((header, text_el))
    diags = [Diagnostic(path or doc_id, line, col, "warning", msg, rule) for line, col, msg, rule in
             doc.warnings + ctx.warnings]
    if not facts.date.when:
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
