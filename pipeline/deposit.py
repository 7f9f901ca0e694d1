"""``pipeline deposit``: the edition as a BagIt bag and a reproducible zip that a repository accepts and a curator
can verify.

The bag (BagIt 1.0, RFC 8493: ``<out>/edition/``, zip ``<out>/edition.zip``) holds under ``data/``: ``sources/``
(the plain-text sources and their sidecars), ``registry/`` (the editors' register data), ``tei/`` (documents,
register, ``corpus.xml``), ``schema/``, ``html/``, ``text/``, ``documents.tsv`` (source, archive, rights as given,
SHA-256), ``omissions.tsv`` (boilerplate left out, with reasons), ``validation.txt``, ``fidelity.txt`` (the proof
that the text edition has every word of the sources), ``environment.txt`` (commit, clean tree, tool versions),
``metadata/dublin-core.xml``, ``CITATION.cff``, ``.zenodo.json`` and ``README.md``. Who made the edition and under
which licence comes from ``edition.toml``; facts about the documents from their TEI headers; nothing about rights is
invented.

Reproducible: no clock is read. Dates come only from ``SOURCE_DATE_EPOCH`` (or ``epoch=``); without it the bag has
no Bagging-Date and zip entries carry 1980-01-01, the earliest time a zip can hold.

Public API: ``build_deposit(tei_dir, build_dir, out_dir, *, sources_dir, registry_dir, project_dir, edition,
allow_dirty, epoch, layers) -> list[Path]``, ``check_sections(path) -> list[CheckSection]`` and
``check_deposit(path) -> list[Diagnostic]``.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import logging
import os
import re
import shutil
import stat
import tempfile
import time
import zipfile
import zlib
from collections import Counter
from dataclasses import astuple, dataclass, fields, replace
from pathlib import Path
from string import Template

import bagit
from lxml import etree

from . import __version__
from .depositmeta import bag_info, citation_cff, external_identifier, zenodo_json
from .diagnostics import Diagnostic, sort_diagnostics, summary_line
from .edition import Edition, load_edition
from .errors import PipelineError
from .provenance import environment_txt, git_state, refuse_dirty, schema_versions, tool_versions
from .register import REGISTER_FILES, is_register
from .xmlsafe import parse_untrusted

BAG_NAME = "edition"
BAGIT_TXT = "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n"  # bagit.py writes 0.97; RFC 8493 is 1.0
SOURCES = "sources"
CORPUS_NAME = "corpus.xml"
REGISTER_NAME = "persons.xml"
CHECKSUMS = ("sha256", "sha512")
ZIP_MIN_EPOCH = 315532800  # 1980-01-01T00:00:00Z
MAX_ZIP_BYTES = 4 * 1024**3
#: A deposit (XML, HTML, text) compresses 5 to 20 times; beyond this ratio (over RATIO_FROM_BYTES) a zip is a bomb.
#: The sizes checked are those the zip declares: extraction stops at them (zipfile), so they bound the work.
MAX_ZIP_RATIO = 100
RATIO_FROM_BYTES = 16 * 1024**2
TEMPLATES = Path(__file__).resolve().parent / "templates"
AGENT = f"tei-edition-pipeline {__version__}"

logging.getLogger("bagit").addHandler(logging.NullHandler())  # its findings come back as diagnostics instead

TEI_NS = "http://www.tei-c.org/ns/1.0"
NS = {"t": TEI_NS}
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
DC_NS = "http://purl.org/dc/elements/1.1/"
OAI_DC_NS = "http://www.openarchives.org/OAI/2.0/oai_dc/"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"

#: Publishers whose works are US federal government works (17 U.S.C. § 105), matched in sourceDesc/bibl/publisher.
US_GOVERNMENT_PUBLISHER = re.compile(
    r"Office of the Historian|\b(?:U\.\s?S\.|US|United States)\s+(?:Department|Government|Dep't)\b", re.I)

RIGHTS_NOTES = {
    "stated-by-source": "The source's own statement, given verbatim in rights_as_given.",
    "us-government-work": "The source states no rights. Its publisher, {publisher}, is part of the US federal "
                          "government; works of the US government are in the public domain in the United States "
                          "(17 U.S.C. § 105). Inferred by the deposit from the publisher named in the TEI header.",
    "not-stated": "The source states no rights: rights unknown. The text is reproduced here for scholarly purposes.",
    "inferred": "The source states no rights. Availability {status}, inferred by {resp} (the TEI header's "
                "availability/@status and @resp).",
}


# --- reading the TEI headers ------------------------------------------------------------------------------------------

def _text(el) -> str:
    """Whitespace-folded text of an element (or an attribute value); "" for None."""
    if el is None:
        return ""
    return " ".join((el if isinstance(el, str) else "".join(el.itertext())).split())


def _first(root: etree._Element, path: str) -> etree._Element | None:
    hits = root.xpath(path, namespaces=NS)
    return hits[0] if hits else None


def _join(parts, sep: str = ", ") -> str:
    return sep.join(p for p in parts if p)


def _sentences(parts) -> str:
    """Non-empty parts as sentences: a full stop added only where a part has no closing punctuation."""
    return " ".join(p if p[-1] in ".!?…" else p + "." for p in parts if p)


@dataclass(frozen=True)
class DocumentRecord:
    """One row of documents.tsv: what the TEI header says about a document and its source."""

    id: str
    title: str
    date: str
    date_cert: str
    date_resp: str
    kind: str
    source_title: str
    source_publisher: str
    source_url: str
    source_record: str
    citation: str
    archive: str
    archive_idno: str
    rights_as_given: str
    rights_basis: str
    rights_note: str
    tei_sha256: str


def rights_of(statement: str, publisher: str, status: str = "", resp: str = "") -> tuple[str, str]:
    """(basis, note) of a document's rights, read from the data of the header's availability: its text is the
    source's own statement only when the encoder marked it neither as inferred (@resp) nor as unknown (@status);
    else a US government work (by the publisher), an inference of the encoder's, or nothing stated."""
    if statement and not resp and status != "unknown":
        basis = "stated-by-source"
    elif US_GOVERNMENT_PUBLISHER.search(publisher):
        basis = "us-government-work"
    elif resp and status and status != "unknown":
        basis = "inferred"
    else:
        basis = "not-stated"
    return basis, RIGHTS_NOTES[basis].format(publisher=publisher, status=status, resp=resp.lstrip("#"))


def document_record(root: etree._Element, sha256: str) -> DocumentRecord:
    """The documents.tsv row of one TEI document (root element), read from its header only."""
    header = "t:teiHeader/t:fileDesc"
    bibl = _first(root, f"{header}/t:sourceDesc/t:bibl[@type='source']")
    bibl = bibl if bibl is not None else etree.Element("none")
    ms = _first(root, f"{header}/t:sourceDesc/t:msDesc/t:msIdentifier")
    date = _first(root, "t:teiHeader/t:profileDesc/t:creation/t:date")
    publisher = _text(_first(bibl, "t:publisher"))
    avail = _first(bibl, "t:availability")
    availability = " ".join(_text(p) for p in bibl.xpath("t:availability/t:p", namespaces=NS))
    basis, note = rights_of(availability, publisher, *((avail.get("status", ""), avail.get("resp", ""))
                                                      if avail is not None else ()))
    notes = [_text(_first(bibl, f"t:note[@type='{t}']")) for t in ("citation", "source-note")]
    return DocumentRecord(
        id=_text(_first(root, f"{header}/t:publicationStmt/t:idno[@type='document']")) or root.get(XML_ID, ""),
        title=_text(_first(root, f"{header}/t:titleStmt/t:title[@type='main']")),
        date=date.get("when", "") if date is not None else "",
        date_cert=date.get("cert", "") if date is not None else "",
        date_resp=(date.get("resp") or "").lstrip("#") if date is not None else "",
        kind=(_first(root, "t:teiHeader/t:profileDesc/t:textClass/t:catRef/@target") or "").lstrip("#"),
        source_title=" / ".join(_text(t) for t in bibl.xpath("t:title", namespaces=NS)),
        source_publisher=publisher,
        source_url=_text(_first(bibl, "t:idno[@type='URL']")),
        source_record=_text(_first(bibl, "t:idno[@type='record']")),
        citation=" ".join(n for n in notes if n),
        archive=_join(_text(_first(ms, f"t:{t}")) for t in ("settlement", "institution", "repository"))
        if ms is not None else "",
        archive_idno=_text(_first(ms, "t:idno")) if ms is not None else "",
        rights_as_given=availability if basis == "stated-by-source" else "",
        rights_basis=basis,
        rights_note=note,
        tei_sha256=sha256,
    )


def omission_rows(doc_id: str, root: etree._Element) -> list[tuple[str, str, str, str]]:
    """(document, source line, reason, text) for every line listed in the header's samplingDecl as left out."""
    items = root.xpath("t:teiHeader/t:encodingDesc/t:samplingDecl//t:list[@type='omitted']/t:item", namespaces=NS)
    return [(doc_id, item.get("n", ""), _text(_first(item, "t:label[@type='reason']")),
             _text(_first(item, "t:quote"))) for item in items]


def tsv(header: tuple[str, ...], rows) -> str:
    """A TSV table (UTF-8, LF); cells have their whitespace folded, so no tab or newline can break a row."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(header)
    for row in rows:
        writer.writerow([" ".join(str(c).split()) for c in row])
    return out.getvalue()


def documents_tsv(records: list[DocumentRecord]) -> str:
    return tsv(tuple(f.name for f in fields(DocumentRecord)), (astuple(r) for r in records))


def omissions_tsv(rows) -> str:
    return tsv(("document", "line", "reason", "text"), rows)


# --- the corpus file ------------------------------------------------------------------------------------------------

def shared_ids(roots: list[etree._Element]) -> set[str]:
    """The xml:ids that occur in more than one of the files."""
    seen = Counter(i for r in roots for i in set(r.xpath("//@xml:id")))
    return {i for i, n in seen.items() if n > 1}


def with_unique_ids(root: etree._Element, clashing: set[str]) -> etree._Element:
    """A copy of a TEI root whose clashing xml:ids are prefixed with its own TEI/@xml:id and a dash, and every
    same-document pointer (``#id`` in any attribute) to them rewritten."""
    copy = etree.fromstring(etree.tostring(root))
    prefix = copy.get(XML_ID, "")
    renamed = {}
    for el in copy.iter():
        old = el.get(XML_ID) if isinstance(el.tag, str) else None
        if old in clashing and el is not copy:
            renamed[old] = el.attrib[XML_ID] = f"{prefix}-{old}"
    for el in copy.iter():
        if not isinstance(el.tag, str):
            continue
        for name, value in el.attrib.items():
            tokens = value.split(" ")
            new = [f"#{renamed[t[1:]]}" if t.startswith("#") and t[1:] in renamed else t for t in tokens]
            if new != tokens:
                el.set(name, " ".join(new))
    return copy


def corpus_tree(roots: list[etree._Element], meta: dict, licence_url: str = "") -> etree._Element:
    """A teiCorpus: a header describing the edition, then each document and the register, ids made unique."""
    def sub(parent, tag, text=None, **attrs):
        el = etree.SubElement(parent, f"{{{TEI_NS}}}{tag}", {k.replace("_", ":"): v for k, v in attrs.items()})
        el.text = text
        return el

    corpus = etree.Element(f"{{{TEI_NS}}}teiCorpus", nsmap={None: TEI_NS})
    corpus.set(XML_ID, "corpus")
    file_desc = sub(sub(corpus, "teiHeader"), "fileDesc")
    title_stmt = sub(file_desc, "titleStmt")
    sub(title_stmt, "title", meta["title"], type="main")
    resp_stmt = sub(title_stmt, "respStmt")
    sub(resp_stmt, "resp", "Gathered from the edition's files by")
    sub(resp_stmt, "name", AGENT)
    pub = sub(file_desc, "publicationStmt")
    sub(pub, "publisher", meta["publisher"])
    sub(pub, "idno", "corpus", type="document")
    availability = sub(pub, "availability")
    if licence_url:
        sub(availability, "licence", target=licence_url)
    sub(availability, "p", meta["encoding_rights"] + " The rights in each source text are stated in "
        "the sourceDesc of its document.")
    sub(sub(file_desc, "sourceDesc"), "p", "The documents of the edition and its register of persons, each also "
        "in its own file beside this one: " + ", ".join(meta["files"]) + ".")
    clashing = shared_ids(roots)
    for root in roots:
        corpus.append(with_unique_ids(root, clashing))
    for el in corpus.iter(f"{{{TEI_NS}}}teiHeader", f"{{{TEI_NS}}}TEI"):
        if el.getparent() is corpus:
            el.tail = "\n"
    corpus.text = "\n"
    for el in corpus[0].iter():  # indent the corpus header like the documents; they keep their own layout
        if len(el):
            depth = len(list(el.iterancestors()))
            el.text = "\n" + "  " * depth
            for child in el:
                child.tail = "\n" + "  " * depth
            el[-1].tail = "\n" + "  " * (depth - 1)
    corpus[0].tail = "\n"
    return corpus


def xml_bytes(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8") + b"\n"


# --- metadata for the repository --------------------------------------------------------------------------------------

def edition_meta(roots: list[etree._Element], records: list[DocumentRecord], files: list[str],
                 ed: Edition) -> dict:
    """Facts about the whole edition: who made it from ``edition.toml``, the rest gathered from the headers."""
    def unique(path):
        return sorted({_text(el) for r in roots for el in r.xpath(path, namespaces=NS)} - {""})

    dates = sorted(r.date for r in records if r.date)
    return {
        "title": ed.title,
        "publisher": ed.publisher,
        "editors": [e.name for e in ed.editors],
        "identifier": external_identifier(ed, BAG_NAME),
        "licence": ed.licence,
        "encoding_rights": " ".join(unique("t:teiHeader/t:fileDesc/t:publicationStmt/t:availability/t:p")),
        "languages": unique("t:teiHeader/t:profileDesc/t:langUsage/t:language/@ident"),
        "contributors": sorted({f"{_text(_first(rs, 't:persName|t:name'))} ({_text(_first(rs, 't:resp'))})"
                                for r in roots for rs in r.xpath(
                                    "t:teiHeader/t:fileDesc/t:titleStmt/t:respStmt[t:persName]", namespaces=NS)}),
        "funders": unique("t:teiHeader/t:fileDesc/t:titleStmt/t:funder"),
        "coverage": f"{dates[0]}/{dates[-1]}" if dates else "",
        "date_range": f"{dates[0]} to {dates[-1]}" if dates else "undated",
        "files": files,
    }


def dublin_core(meta: dict, records: list[DocumentRecord], date: str | None) -> bytes:
    """An OAI Dublin Core record of the deposit."""
    root = etree.Element(f"{{{OAI_DC_NS}}}dc", nsmap={"oai_dc": OAI_DC_NS, "dc": DC_NS, "xsi": XSI_NS})
    root.set(f"{{{XSI_NS}}}schemaLocation", f"{OAI_DC_NS} http://www.openarchives.org/OAI/2.0/oai_dc.xsd")

    def dc(name, value):
        if value:
            etree.SubElement(root, f"{{{DC_NS}}}{name}").text = value

    dc("title", meta["title"])
    for editor in meta["editors"]:
        dc("creator", editor)
    for c in meta["contributors"]:
        dc("contributor", c)
    for f in meta["funders"]:
        dc("contributor", f"{f} (funder)")
    dc("publisher", meta["publisher"])
    dc("date", date)
    dc("description", f"A scholarly digital edition in TEI P5 XML, with HTML and plain-text editions, of "
       f"{len(records)} document(s) dated {meta['date_range']}.")
    for r in records:
        dc("description", f"{r.id}: {r.title}" + (f" ({r.date})" if r.date else ""))
    for t in ("Text", "Dataset"):
        dc("type", t)
    for f in ("application/tei+xml", "text/html", "text/plain"):
        dc("format", f)
    dc("identifier", meta["identifier"])
    for r in records:
        dc("source", _sentences((r.source_title, r.source_publisher, r.source_url, r.citation,
                                 _join((r.archive, r.archive_idno)))))
    for lang in meta["languages"]:
        dc("language", lang)
    dc("coverage", meta["coverage"])
    licence = meta["licence"]
    dc("rights", f"Encoding: {_join((licence.name, licence.id, licence.url))}. {meta['encoding_rights']}")
    for r in records:
        dc("rights", f"{r.id}: " + (r.rights_as_given if r.rights_basis == "stated-by-source" else r.rights_note))
    etree.indent(root, "  ")
    return xml_bytes(root)


def tei_version_note(tei_all: Path) -> str:
    """schema/TEI-VERSION.txt: which TEI release and schemas the edition was checked against."""
    head = tei_all.read_text(encoding="utf-8", errors="replace")[:4000]
    m = re.search(r"TEI Edition: Version\s+([0-9]+(?:\.[0-9]+)*)", head)
    version = f"TEI P5 Version {m.group(1)}" if m else "TEI P5 (version not stated in tei_all.rng)"
    digest = hashlib.sha256(tei_all.read_bytes()).hexdigest()
    return (f"The TEI files were checked against {version}: the TEI Consortium's tei_all.rng, kept in the "
            f"pipeline's schema/ folder (sha256 {digest}),\nthen against edition.rng (the edition's stricter schema, "
            "a restriction of tei_all) and edition.sch (its Schematron rules).\ntei_all.rng is the TEI Consortium's, "
            "dual-licensed CC BY 3.0 and BSD-2-Clause.\n")


def readme(meta: dict, records: list[DocumentRecord], omissions: list, tei_version: str, report: str,
           fidelity: str) -> str:
    docs = "\n".join(f"- `{r.id}` ({r.date or 'undated'}): {r.title}" for r in records)
    rights = "\n".join(f"- `{r.id}`: " + (f"as stated by the source: \"{r.rights_as_given}\"" if r.rights_as_given
                                          else r.rights_note) for r in records)
    counts = Counter(row[2] for row in omissions)
    return Template((TEMPLATES / "deposit-README.md").read_text(encoding="utf-8")).substitute(
        title=meta["title"], n_documents=len(records), date_range=meta["date_range"], publisher=meta["publisher"],
        editors="; ".join(meta["editors"]), identifier=meta["identifier"],
        licence=_join((meta["licence"].name, meta["licence"].id and f"`{meta['licence'].id}`", meta["licence"].url)),
        fidelity_summary=fidelity.strip().splitlines()[-1],
        documents=docs, encoding_rights=meta["encoding_rights"], rights=rights, agent=AGENT,
        n_omissions=len(omissions), omission_counts=", ".join(f"{k} {v}" for k, v in sorted(counts.items())) or "none",
        tei_version=tei_version.split(":")[0].replace("The TEI files were checked against ", ""),
        document_files=" ".join(f"tei/{r.id}.xml" for r in records) + f" tei/{REGISTER_NAME}",
        validation_summary=report.strip().splitlines()[-1])


# --- validation -------------------------------------------------------------------------------------------------------

def validate_edition(tei_files: list[Path], corpus: Path | None, layers=None) -> list[Diagnostic]:
    """Every layer for the documents and the register; tei_all only for the corpus (the project schema is for
    single documents). The two runs wait mostly on jing, so they run side by side."""
    from concurrent.futures import ThreadPoolExecutor

    from .validate import LAYERS, validate_paths

    layers = tuple(layers or LAYERS)
    runs = []
    if "tei_all" in layers:
        runs.append(([*tei_files, corpus] if corpus is not None else tei_files, ("tei_all",)))
    rest = tuple(layer for layer in layers if layer != "tei_all")
    if rest:
        runs.append((tei_files, rest))
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(lambda run: validate_paths(run[0], layers=run[1]), runs))
    return sort_diagnostics(d for found in results for d in found)


def relabel(diags: list[Diagnostic], old: Path, new: str) -> list[Diagnostic]:
    """Diagnostics whose paths under ``old`` are shown under ``new`` instead."""
    out = []
    for d in diags:
        try:
            rel = Path(d.path).resolve().relative_to(old.resolve()).as_posix()
        except ValueError:
            out.append(d)
            continue
        prefix, message = f"{new}/" if new else "", d.message
        for spelling in dict.fromkeys((str(old), str(old.resolve()))):
            message = message.replace(f"{spelling}/", prefix)
        out.append(replace(d, path=f"{prefix}{rel}", message=message))
    return out


# --- reproducible files -----------------------------------------------------------------------------------------------

def source_date_epoch() -> int | None:
    """SOURCE_DATE_EPOCH from the environment (seconds since 1970), or None."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not value:
        return None
    if not value.isdigit():
        raise PipelineError(f"SOURCE_DATE_EPOCH={value!r} is not a whole number of seconds since 1970-01-01; "
                            "unset it or give e.g. SOURCE_DATE_EPOCH=$(git log -1 --format=%ct)")
    return int(value)


def write_zip(bag_dir: Path, zip_path: Path, epoch: int | None) -> Path:
    """Zip a bag with one top folder, entries sorted, fixed times and permissions: the same bytes every time."""
    stamp = time.gmtime(max(epoch or ZIP_MIN_EPOCH, ZIP_MIN_EPOCH))[:6]
    files = sorted(p for p in bag_dir.rglob("*") if p.is_file())
    fd, tmp = tempfile.mkstemp(prefix=f".{zip_path.name}.", suffix=".part", dir=zip_path.parent)
    try:
        with os.fdopen(fd, "wb") as fh, zipfile.ZipFile(fh, "w") as zf:
            for path in sorted(files, key=lambda p: p.relative_to(bag_dir).as_posix()):
                info = zipfile.ZipInfo(f"{bag_dir.name}/{path.relative_to(bag_dir).as_posix()}", stamp)
                info.create_system = 3
                info.external_attr = (stat.S_IFREG | 0o644) << 16
                info.compress_type = zipfile.ZIP_DEFLATED
                zf.writestr(info, path.read_bytes(), compresslevel=9)
        os.chmod(tmp, 0o644)
        os.replace(tmp, zip_path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return zip_path


def make_bag(payload_dir: Path, info: dict, bagging_date: str | None) -> None:
    """Turn ``payload_dir`` into a bag in place, with the same bytes for the same payload."""
    payload_dir.chmod(0o755)
    bagit.make_bag(str(payload_dir), bag_info=dict(info, **({"Bagging-Date": bagging_date} if bagging_date else {})),
                   checksums=list(CHECKSUMS))
    (payload_dir / "bagit.txt").write_text(BAGIT_TXT, encoding="utf-8")
    bag = bagit.Bag(str(payload_dir))
    if not bagging_date:  # bagit writes today's date when given none: an unrecorded clock, so drop it
        del bag.info["Bagging-Date"]
    bag.save()  # bag-info.txt and the tag manifests again, over the new bagit.txt
    for alg in CHECKSUMS:  # bagit lists tag files in directory order; sort them
        manifest = payload_dir / f"tagmanifest-{alg}.txt"
        lines = manifest.read_text(encoding="utf-8").splitlines(True)
        manifest.write_text("".join(sorted(lines, key=lambda line: line.split(" ", 1)[1])), encoding="utf-8")


def _copy_tree(src: Path, dst: Path) -> list[Path]:
    """Copy the files under ``src`` (hidden files and stamps excepted) to ``dst``; the copies, sorted."""
    copied = []
    for path in sorted(src.rglob("*")):
        rel = path.relative_to(src)
        if path.is_file() and not any(part.startswith(".") for part in rel.parts):
            target = dst / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
            copied.append(target)
    return copied


def _write(path: Path, data: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


# --- building ---------------------------------------------------------------------------------------------------------

def edition_inputs(tei_dir: Path, build_dir: Path) -> tuple[list[Path], list[Path]]:
    """The documents and the registers of ``tei_dir`` (persons, then places and organisations when there are any),
    after checking everything the deposit needs is there."""
    if not tei_dir.is_dir():
        raise PipelineError(f"{tei_dir}: no such folder: encode the edition first (make tei)")
    docs = sorted(p for p in tei_dir.glob("*.xml") if not is_register(p) and p.name != CORPUS_NAME)
    register = tei_dir / REGISTER_NAME
    registers = [register, *(tei_dir / name for name in REGISTER_FILES if name != REGISTER_NAME
                             and (tei_dir / name).is_file())]
    if not docs:
        raise PipelineError(f"{tei_dir}: no TEI documents (*.xml): encode the edition first (make tei)")
    if not register.is_file():
        raise PipelineError(f"{register}: the register of persons is missing: encode the edition first (make tei)")
    editions = {build_dir / "html" / "index.html": [*docs, register], build_dir / "text" / "turns.tsv": docs}
    editions.update({build_dir / sub / f"{d.stem}{ext}": [d] for d in docs
                     for sub, ext in (("html", ".html"), ("text", ".txt"))})
    missing = [p for p in editions if not p.is_file()]
    if missing:
        raise PipelineError(f"{missing[0]}: missing ({len(missing)} edition file(s) missing in all): build the HTML "
                            "and text editions first (make all)")
    stale = [(p, src) for p, sources in editions.items() for src in sources
             if src.stat().st_mtime_ns > p.stat().st_mtime_ns]
    if stale:
        raise PipelineError(f"{stale[0][0]}: older than {stale[0][1]} ({len(stale)} stale edition file(s) in all): "
                            "rebuild the HTML and text editions first (make all)")
    return docs, registers


def refuse_invalid(diags: list[Diagnostic]) -> None:
    errors = [d for d in diags if d.severity == "error"]
    if errors:
        shown = "\n".join(d.format() for d in errors[:10])
        more = f"\n… and {len(errors) - 10} more" if len(errors) > 10 else ""
        raise PipelineError(f"the edition is not valid ({len(errors)} error(s)); no deposit was written. "
                            f"Fix these and rebuild (pipeline validate tei/*.xml shows them all):\n{shown}{more}")


def source_inputs(sources_dir: Path, docs: list[Path]) -> list[Path]:
    """The source of every document (``<id>.txt``) and its sidecar (``<id>.toml``) when there is one; a document
    without its source, or a source not encoded, is refused: the deposit must be able to prove its words."""
    if not sources_dir.is_dir():
        raise PipelineError(f"{sources_dir}: no such folder: the deposit holds the sources of the edition "
                            "(pass --seeds)")
    ids = {d.stem for d in docs}
    sources = {p.stem: p for p in sources_dir.glob("*.txt")}
    missing = sorted(ids - set(sources))
    if missing:
        raise PipelineError(f"{sources_dir / (missing[0] + '.txt')}: missing: the source of tei/{missing[0]}.xml "
                            f"({len(missing)} source(s) missing in all)")
    extra = sorted(set(sources) - ids)
    if extra:
        raise PipelineError(f"{sources[extra[0]]}: not encoded ({len(extra)} source(s) without TEI in all): encode "
                            "the edition first (make tei)")
    sidecars = [sources_dir / f"{i}.toml" for i in sorted(ids) if (sources_dir / f"{i}.toml").is_file()]
    return sorted([*sources.values(), *sidecars])


def fidelity_report(data: Path, ids: list[str]) -> tuple[list[Diagnostic], str]:
    """The fidelity proof over the payload's sources, TEI and text edition: its diagnostics and fidelity.txt."""
    from .fidelity import check_fidelity

    sources = [data / SOURCES / f"{i}.txt" for i in ids if (data / SOURCES / f"{i}.txt").is_file()]
    diags = check_fidelity(sources, data / "tei", data / "text")
    errors = sum(d.severity == "error" for d in diags)
    report = "".join(d.format() + "\n" for d in relabel(diags, data, ""))
    report += (f"{len(sources)} source(s) checked against the text edition: {errors} difference(s)"
               + (" -- every word of each source is in the text edition, in order, or listed as left out in its "
                  "TEI (samplingDecl)" if not errors else "") + "\n")
    return diags, report


def build_deposit(tei_dir: Path, build_dir: Path, out_dir: Path, *, sources_dir: Path | None = None,
                  registry_dir: Path | None = None, project_dir: Path | None = None, edition: Edition | None = None,
                  allow_dirty: bool = False, epoch: int | None = None,
                  layers: tuple[str, ...] | None = None) -> list[Path]:
    """Build ``out_dir/edition/`` (a BagIt bag) and ``out_dir/edition.zip``; return both paths.

    Refuses (PipelineError) when an input is missing, the edition does not validate, the text edition lacks a word
    of a source, or the working tree of ``project_dir`` is not a clean git checkout (unless ``allow_dirty``, which
    environment.txt records). ``sources_dir``, ``registry_dir`` and ``project_dir`` default to ``seeds/``,
    ``registry/`` and the folder of ``tei_dir``; ``edition`` to ``edition.toml`` there. ``epoch`` (seconds, default
    SOURCE_DATE_EPOCH) dates the bag and the zip entries; ``layers`` narrows validation (default: all three)."""
    from .validate import PROJECT_RNG, SCHEMATRON, tei_all_path

    tei_dir, build_dir, out_dir = Path(tei_dir), Path(build_dir), Path(out_dir)
    project = Path(project_dir) if project_dir is not None else tei_dir.parent
    sources_dir = Path(sources_dir) if sources_dir is not None else project / "seeds"
    registry_dir = Path(registry_dir) if registry_dir is not None else project / "registry"
    ed = edition if edition is not None else load_edition(project / "edition.toml")
    state = git_state(project)
    refuse_dirty(state, project, allow_dirty)
    epoch = source_date_epoch() if epoch is None else epoch
    day = time.strftime("%Y-%m-%d", time.gmtime(epoch)) if epoch is not None else None
    docs, registers = edition_inputs(tei_dir, build_dir)
    sources = source_inputs(sources_dir, docs)
    out_dir.mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(prefix=f".{BAG_NAME}.", dir=out_dir))  # the payload; make_bag moves it to data/
    try:
        tei_files = [_write(stage / "tei" / p.name, p.read_bytes()) for p in [*docs, *registers]]
        roots = [parse_untrusted(p).getroot() for p in tei_files]
        records = [document_record(r, hashlib.sha256(p.read_bytes()).hexdigest())
                   for r, p in zip(roots[:len(docs)], tei_files)]
        meta = edition_meta(roots[:len(docs)], records, [p.name for p in tei_files], ed)
        corpus = _write(stage / "tei" / CORPUS_NAME, xml_bytes(corpus_tree(roots, meta, ed.licence.url)))

        diags = validate_edition(tei_files, corpus, layers)
        refuse_invalid(relabel(diags, stage / "tei", str(tei_dir)))
        report = "".join(d.format() + "\n" for d in relabel(diags, stage, ""))
        report += summary_line(diags, len(tei_files) + 1) + "\n"

        for path in sources:
            _write(stage / SOURCES / path.name, path.read_bytes())
        _copy_tree(registry_dir, stage / "registry")
        _copy_tree(build_dir / "html", stage / "html")
        _copy_tree(build_dir / "text", stage / "text")
        lost, fidelity = fidelity_report(stage, [r.id for r in records])
        refuse_unfaithful([replace(d, message=d.message.replace(f"{stage}/text/", f"{build_dir / 'text'}/")
                                   .replace(f"{stage}/tei/", f"{tei_dir}/"))
                           for d in relabel(lost, stage / SOURCES, str(sources_dir))])

        schemas = [PROJECT_RNG, SCHEMATRON, tei_all_path()]
        for schema in schemas:
            _write(stage / "schema" / schema.name, schema.read_bytes())
        version_note = tei_version_note(tei_all_path())
        _write(stage / "schema" / "TEI-VERSION.txt", version_note)
        tei_release = version_note.split(":")[0].replace("The TEI files were checked against ", "")
        omissions = [row for r, rec in zip(roots[:len(docs)], records) for row in omission_rows(rec.id, r)]
        _write(stage / "documents.tsv", documents_tsv(records))
        _write(stage / "omissions.tsv", omissions_tsv(omissions))
        _write(stage / "validation.txt", report)
        _write(stage / "fidelity.txt", fidelity)
        _write(stage / "environment.txt", environment_txt(state, allow_dirty, tool_versions(),
                                                          schema_versions(schemas, tei_release)))
        _write(stage / "metadata" / "dublin-core.xml", dublin_core(meta, records, day))
        _write(stage / "CITATION.cff", citation_cff(ed, day, state.commit))
        _write(stage / ".zenodo.json", zenodo_json(ed, day, [r.source_url for r in records]))
        _write(stage / "README.md", readme(meta, records, omissions, version_note, report, fidelity))
        for path in stage.rglob("*"):
            path.chmod(0o755 if path.is_dir() else 0o644)

        make_bag(stage, bag_info(ed, BAG_NAME, f"{AGENT} with bagit.py {bagit.VERSION}", state.commit), day)
        bag_dir = out_dir / BAG_NAME
        if bag_dir.exists():
            shutil.rmtree(bag_dir)
        stage.rename(bag_dir)
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise
    return [bag_dir, write_zip(bag_dir, out_dir / f"{BAG_NAME}.zip", epoch)]


def refuse_unfaithful(diags: list[Diagnostic]) -> None:
    errors = [d for d in diags if d.severity == "error"]
    if errors:
        shown = "\n".join(d.format() for d in errors[:10])
        more = f"\n… and {len(errors) - 10} more" if len(errors) > 10 else ""
        raise PipelineError(f"the text edition does not have every word of its sources ({len(errors)} "
                            f"difference(s)); no deposit was written. Rebuild it (make all; pipeline check shows "
                            f"them all):\n{shown}{more}")


# --- checking ---------------------------------------------------------------------------------------------------------

REQUIRED = ("README.md", "CITATION.cff", ".zenodo.json", "documents.tsv", "omissions.tsv", "validation.txt",
            "fidelity.txt", "environment.txt", "metadata/dublin-core.xml", "schema/edition.rng", "schema/edition.sch",
            "schema/tei_all.rng", "schema/TEI-VERSION.txt", f"tei/{CORPUS_NAME}", f"tei/{REGISTER_NAME}")


@dataclass(frozen=True)
class CheckSection:
    """One of the checks ``deposit --check`` runs, with what it checked and what it found."""

    name: str
    checked: str  # e.g. "212 file(s)"
    diagnostics: tuple[Diagnostic, ...]


def _error(path: str, message: str, rule: str) -> Diagnostic:
    return Diagnostic(path, 0, 0, "error", message, rule)


def unzip_bag(zip_path: Path, into: Path) -> Path:
    """Extract a zipped bag safely (one top folder, no absolute or parent paths, no links); the bag folder."""
    try:
        zf = zipfile.ZipFile(zip_path)
    except zipfile.BadZipFile as exc:
        raise PipelineError(f"{zip_path}: not a zip file: {exc}") from None
    with zf:
        members = zf.infolist()
        tops = {m.filename.split("/", 1)[0] for m in members}
        for m in members:
            parts = m.filename.split("/")
            if m.filename.startswith("/") or ".." in parts or "\\" in m.filename or stat.S_ISLNK(m.external_attr >> 16):
                raise PipelineError(f"{zip_path}!/{m.filename}: unsafe entry (absolute path, '..' or link); "
                                    "not extracted")
        if len(tops) != 1:
            raise PipelineError(f"{zip_path}: a zipped bag must hold exactly one top folder; found "
                                f"{len(tops)}: {', '.join(sorted(tops)[:5])}")
        odd = [m.filename for m in members if m.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)]
        if odd:  # bzip2 and lzma inflate without a bound per read: a few bytes could fill the memory
            raise PipelineError(f"{zip_path}!/{odd[0]}: error: compressed with a method other than deflate; "
                                "a deposit zip is stored or deflated; not extracted")
        total = sum(m.file_size for m in members)
        if total > MAX_ZIP_BYTES:
            raise PipelineError(f"{zip_path}: error: more than {MAX_ZIP_BYTES:,} bytes uncompressed; not extracted")
        packed = sum(m.compress_size for m in members)
        if total > RATIO_FROM_BYTES and total > MAX_ZIP_RATIO * max(packed, 1):
            raise PipelineError(f"{zip_path}: error: {total:,} bytes uncompressed from {packed:,} (more than "
                                f"{MAX_ZIP_RATIO} times): a zip bomb, not a deposit; not extracted")
        try:
            for m in members:
                zf.extract(m, into)
        except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
            raise PipelineError(f"{zip_path}!/{m.filename}: damaged zip entry ({exc}); the zip cannot be "
                                "verified") from None
    return into / tops.pop()


def bag_diagnostics(bag_dir: Path, label: str) -> list[Diagnostic]:
    """Completeness and checksums of the bag, each problem naming its file; then bagit's own validation
    (bagit.txt, Payload-Oxum) when every file is sound."""
    try:
        bag = bagit.Bag(str(bag_dir))
    except bagit.BagError as exc:
        return [_error(label, f"not a BagIt bag: {exc}", "bag-invalid")]
    only_manifest, only_disk = bag.compare_manifests_with_fs()
    found = [_error(f"{label}/{p}", "in the bag but in no manifest (added after bagging?)", "bag-unexpected-file")
             for p in sorted(only_disk)]
    for rel, expected in sorted(bag.entries.items()):
        path = bag_dir / rel
        if not path.is_file():
            found.append(_error(f"{label}/{rel}", "listed in a manifest but missing from the bag", "bag-missing-file"))
            continue
        body = path.read_bytes()
        bad = sorted(alg for alg, digest in expected.items() if hashlib.new(alg, body).hexdigest() != digest.lower())
        if bad:
            alg = bad[0]
            found.append(_error(f"{label}/{rel}", f"checksum mismatch ({', '.join(bad)}): the manifest has {alg} "
                                f"{expected[alg]}, the file has {hashlib.new(alg, body).hexdigest()}; the file was "
                                "changed after bagging", "bag-checksum"))
    if found:
        return found
    try:
        bag.validate(processes=1)
    except bagit.BagValidationError as exc:
        found += [_error(label, f"invalid bag: {d}", "bag-invalid") for d in exc.details or []]
        if not exc.details:
            found.append(_error(label, f"invalid bag: {exc.message}", "bag-invalid"))
    return found


def document_ids(data: Path) -> list[str]:
    """The document ids documents.tsv lists (none when it is missing)."""
    table = data / "documents.tsv"
    if not table.is_file():
        return []
    return [row.get("id") or "" for row in
            csv.DictReader(table.read_text(encoding="utf-8").splitlines(), delimiter="\t")]


def content_diagnostics(data: Path, label: str) -> list[Diagnostic]:
    """The deposit's own completeness: required files, and each documents.tsv row's source, TEI, HTML, text and
    SHA-256."""
    found = [_error(f"{label}/{rel}", "required file missing from the deposit", "deposit-incomplete")
             for rel in REQUIRED if not (data / rel).is_file()]
    table = data / "documents.tsv"
    if not table.is_file():
        return found
    rows = list(csv.DictReader(table.read_text(encoding="utf-8").splitlines(), delimiter="\t"))
    for no, row in enumerate(rows, start=2):
        doc = row.get("id") or ""
        for rel in (f"{SOURCES}/{doc}.txt", f"tei/{doc}.xml", f"html/{doc}.html", f"text/{doc}.txt"):
            if not (data / rel).is_file():
                found.append(_error(f"{label}/{rel}", f"missing: documents.tsv line {no} lists document {doc!r}",
                                    "deposit-incomplete"))
        tei = data / "tei" / f"{doc}.xml"
        if tei.is_file() and hashlib.sha256(tei.read_bytes()).hexdigest() != row.get("tei_sha256"):
            found.append(_error(f"{label}/tei/{doc}.xml", f"SHA-256 differs from documents.tsv line {no}",
                                "deposit-table-checksum"))
    return found


def schema_diagnostics(data: Path, label: str) -> list[Diagnostic]:
    """A warning for each deposited schema that is not the one this pipeline validates with (a deposit made by
    another version): the TEI is validated with the pipeline's, and the report says so."""
    from .validate import PROJECT_RNG, SCHEMATRON, tei_all_path

    found = []
    for schema in (PROJECT_RNG, SCHEMATRON, tei_all_path()):
        kept = data / "schema" / schema.name
        if kept.is_file() and kept.read_bytes() != schema.read_bytes():
            found.append(Diagnostic(f"{label}/schema/{schema.name}", 0, 0, "warning", "differs from the schema of "
                                    f"this pipeline ({AGENT}), which the TEI was validated against",
                                    "deposit-schema-version"))
    return found


def check_sections(path: Path) -> list[CheckSection]:
    """Verify a deposit (bag folder or its zip) from its own files: fixity (the bag's checksums and completeness),
    contents (the files a deposit must hold, each document's source, TEI and editions), TEI validation, and the
    fidelity proof (each deposited source against the deposited text edition)."""
    path = Path(path)
    with tempfile.TemporaryDirectory(prefix="deposit-check-") as tmp:
        if path.is_file():
            bag_dir = unzip_bag(path, Path(tmp))
            label = f"{path}!/{bag_dir.name}"
        else:
            bag_dir, label = path, str(path)
        fixity = bag_diagnostics(bag_dir, label)
        n_files = sum(1 for p in (bag_dir / "data").rglob("*") if p.is_file()) if (bag_dir / "data").is_dir() else 0
        sections = [CheckSection("fixity", f"{n_files} payload file(s)", tuple(sort_diagnostics(fixity)))]
        data = bag_dir / "data"
        if not data.is_dir():
            return sections
        dlabel = f"{label}/data"
        ids = document_ids(data)
        sections.append(CheckSection("contents", f"{len(ids)} document(s)",
                                     tuple(sort_diagnostics(content_diagnostics(data, dlabel)))))
        tei = sorted(p for p in (data / "tei").glob("*.xml") if p.name != CORPUS_NAME)
        corpus = data / "tei" / CORPUS_NAME
        valid = schema_diagnostics(data, dlabel)
        if tei:
            valid += relabel(validate_edition(tei, corpus if corpus.is_file() else None), data, dlabel)
        sections.append(CheckSection("TEI validation", f"{len(tei) + corpus.is_file()} TEI file(s)",
                                     tuple(sort_diagnostics(valid))))
        lost, _ = fidelity_report(data, [i for i in ids if (data / "tei" / f"{i}.xml").is_file()])
        sources = sum((data / SOURCES / f"{i}.txt").is_file() for i in ids)
        sections.append(CheckSection("fidelity", f"{sources} source(s)", tuple(relabel(lost, data, dlabel))))
        return sections


def check_deposit(path: Path) -> list[Diagnostic]:
    """Every finding of :func:`check_sections`, sorted; an empty list means the deposit is sound."""
    return sort_diagnostics(d for section in check_sections(path) for d in section.diagnostics)
