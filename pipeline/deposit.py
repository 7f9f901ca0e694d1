"""``pipeline deposit``: the edition as a BagIt bag and a reproducible zip that a repository accepts and a curator
can verify.

The bag (``<out>/edition/``, zip ``<out>/edition.zip``) holds under ``data/``: ``tei/`` (documents, register,
``corpus.xml``), ``schema/``, ``html/``, ``text/``, ``documents.tsv`` (source, archive, rights as given, SHA-256),
``omissions.tsv`` (boilerplate left out, with reasons), ``validation.txt``, ``metadata/dublin-core.xml``,
``CITATION.cff`` and ``README.md``. Everything is made from the TEI headers; nothing about rights is invented.

Reproducible: no clock is read. Dates come only from ``SOURCE_DATE_EPOCH`` (or ``epoch=``); without it the bag has
no Bagging-Date and zip entries carry 1980-01-01, the earliest time a zip can hold.

Public API: ``build_deposit(tei_dir, build_dir, out_dir, *, epoch=None, layers=None) -> list[Path]`` and
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
from .diagnostics import Diagnostic, sort_diagnostics, summary_line
from .errors import PipelineError
from .xmlsafe import parse_untrusted

BAG_NAME = "edition"
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


def rights_of(source_availability: str, publisher: str) -> tuple[str, str]:
    """(basis, note) of a document's rights: the source's statement, a US government work, or nothing stated."""
    if source_availability:
        basis = "stated-by-source"
    elif US_GOVERNMENT_PUBLISHER.search(publisher):
        basis = "us-government-work"
    else:
        basis = "not-stated"
    return basis, RIGHTS_NOTES[basis].format(publisher=publisher)


def document_record(root: etree._Element, sha256: str) -> DocumentRecord:
    """The documents.tsv row of one TEI document (root element), read from its header only."""
    header = "t:teiHeader/t:fileDesc"
    bibl = _first(root, f"{header}/t:sourceDesc/t:bibl[@type='source']")
    bibl = bibl if bibl is not None else etree.Element("none")
    ms = _first(root, f"{header}/t:sourceDesc/t:msDesc/t:msIdentifier")
    date = _first(root, "t:teiHeader/t:profileDesc/t:creation/t:date")
    publisher = _text(_first(bibl, "t:publisher"))
    availability = " ".join(_text(p) for p in bibl.xpath("t:availability/t:p", namespaces=NS))
    basis, note = rights_of(availability, publisher)
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
        rights_as_given=availability,
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


def corpus_tree(roots: list[etree._Element], meta: dict) -> etree._Element:
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
    sub(sub(pub, "availability"), "p", meta["encoding_rights"] + " The rights in each source text are stated in "
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

def edition_meta(roots: list[etree._Element], records: list[DocumentRecord], files: list[str]) -> dict:
    """Facts about the whole edition, gathered from the documents' headers."""
    def unique(path):
        return sorted({_text(el) for r in roots for el in r.xpath(path, namespaces=NS)} - {""})

    publishers = unique("t:teiHeader/t:fileDesc/t:publicationStmt/t:publisher")
    dates = sorted(r.date for r in records if r.date)
    publisher = "; ".join(publishers) or "the edition's editors"
    years = sorted({d[:4] for d in dates})
    span = "–".join(dict.fromkeys((years[0], years[-1]))) if years else ""
    return {
        "title": f"{publisher}: a TEI edition of {len(records)} historical document(s)" + (f", {span}" if span else ""),
        "publisher": publisher,
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


def spdx_license(text: str) -> str:
    """The SPDX id of a Creative Commons licence named in ``text`` ("CC BY 4.0" -> "CC-BY-4.0"), or ""."""
    m = re.search(r"\bCC[ -](BY(?:[ -](?:SA|NC|ND))*)[ -](\d\.\d)\b", text)
    return f"CC-{m.group(1).replace(' ', '-')}-{m.group(2)}" if m else ("CC0-1.0" if "CC0" in text else "")


def dublin_core(meta: dict, records: list[DocumentRecord], date: str | None) -> bytes:
    """An OAI Dublin Core record of the deposit."""
    root = etree.Element(f"{{{OAI_DC_NS}}}dc", nsmap={"oai_dc": OAI_DC_NS, "dc": DC_NS, "xsi": XSI_NS})
    root.set(f"{{{XSI_NS}}}schemaLocation", f"{OAI_DC_NS} http://www.openarchives.org/OAI/2.0/oai_dc.xsd")

    def dc(name, value):
        if value:
            etree.SubElement(root, f"{{{DC_NS}}}{name}").text = value

    dc("title", meta["title"])
    dc("creator", meta["publisher"])
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
    dc("identifier", BAG_NAME)
    for r in records:
        dc("source", _sentences((r.source_title, r.source_publisher, r.source_url, r.citation,
                                 _join((r.archive, r.archive_idno)))))
    for lang in meta["languages"]:
        dc("language", lang)
    dc("coverage", meta["coverage"])
    dc("rights", f"Encoding: {meta['encoding_rights']}")
    for r in records:
        dc("rights", f"{r.id}: " + (r.rights_as_given if r.rights_basis == "stated-by-source" else r.rights_note))
    etree.indent(root, "  ")
    return xml_bytes(root)


def citation_cff(meta: dict, date: str | None) -> str:
    """CITATION.cff (CFF 1.2.0); strings written as JSON, which YAML reads as double-quoted scalars."""
    q = lambda s: json.dumps(s, ensure_ascii=False)  # noqa: E731
    lines = ["cff-version: 1.2.0", f"message: {q('If you use this edition, please cite it as below.')}",
             "type: dataset", f"title: {q(meta['title'])}", "authors:", f"  - name: {q(meta['publisher'])}"]
    if spdx_license(meta["encoding_rights"]):
        lines.append(f"license: {spdx_license(meta['encoding_rights'])}")
    if date:
        lines.append(f"date-released: {q(date)}")
    abstract = (f"{meta['title']}. Encoding rights: {meta['encoding_rights']} "
                "The source texts come under their own terms: see documents.tsv.")
    lines.append(f"abstract: {q(abstract)}")
    lines += ["keywords:", *(f"  - {q(k)}" for k in ("TEI", "digital edition", "historical documents"))]
    return "\n".join(lines) + "\n"


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


def readme(meta: dict, records: list[DocumentRecord], omissions: list, tei_version: str, report: str) -> str:
    docs = "\n".join(f"- `{r.id}` ({r.date or 'undated'}): {r.title}" for r in records)
    rights = "\n".join(f"- `{r.id}`: " + (f"as stated by the source: \"{r.rights_as_given}\"" if r.rights_as_given
                                          else r.rights_note) for r in records)
    counts = Counter(row[2] for row in omissions)
    return Template((TEMPLATES / "deposit-README.md").read_text(encoding="utf-8")).substitute(
        title=meta["title"], n_documents=len(records), date_range=meta["date_range"], publisher=meta["publisher"],
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
        out.append(replace(d, path=f"{new}/{rel}" if new else rel))
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
    bag = bagit.make_bag(str(payload_dir), bag_info=dict(info, **({"Bagging-Date": bagging_date}
                                                                   if bagging_date else {})),
                         checksums=list(CHECKSUMS))
    if not bagging_date:  # bagit writes today's date when given none: an unrecorded clock, so drop it
        del bag.info["Bagging-Date"]
        bag.save()
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

def edition_inputs(tei_dir: Path, build_dir: Path) -> tuple[list[Path], Path]:
    """The documents and the register of ``tei_dir``, after checking everything the deposit needs is there."""
    if not tei_dir.is_dir():
        raise PipelineError(f"{tei_dir}: no such folder: encode the edition first (make tei)")
    docs = sorted(p for p in tei_dir.glob("*.xml") if p.name not in (REGISTER_NAME, CORPUS_NAME))
    register = tei_dir / REGISTER_NAME
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
    return docs, register


def refuse_invalid(diags: list[Diagnostic]) -> None:
    errors = [d for d in diags if d.severity == "error"]
    if errors:
        shown = "\n".join(d.format() for d in errors[:10])
        more = f"\n… and {len(errors) - 10} more" if len(errors) > 10 else ""
        raise PipelineError(f"the edition is not valid ({len(errors)} error(s)); no deposit was written. "
                            f"Fix these and rebuild (pipeline validate tei/*.xml shows them all):\n{shown}{more}")


def build_deposit(tei_dir: Path, build_dir: Path, out_dir: Path, *, epoch: int | None = None,
                  layers: tuple[str, ...] | None = None) -> list[Path]:
    """Build ``out_dir/edition/`` (a BagIt bag) and ``out_dir/edition.zip``; return both paths.

    Refuses (PipelineError) when an input is missing or the edition does not validate. ``epoch`` (seconds, default
    SOURCE_DATE_EPOCH) dates the bag and the zip entries; ``layers`` narrows validation (default: all three)."""
    from .validate import PROJECT_RNG, SCHEMATRON, tei_all_path

    tei_dir, build_dir, out_dir = Path(tei_dir), Path(build_dir), Path(out_dir)
    epoch = source_date_epoch() if epoch is None else epoch
    day = time.strftime("%Y-%m-%d", time.gmtime(epoch)) if epoch is not None else None
    docs, register = edition_inputs(tei_dir, build_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(prefix=f".{BAG_NAME}.", dir=out_dir))  # the payload; make_bag moves it to data/
    try:
        tei_files = [_write(stage / "tei" / p.name, p.read_bytes()) for p in [*docs, register]]
        roots = [parse_untrusted(p).getroot() for p in tei_files]
        records = [document_record(r, hashlib.sha256(p.read_bytes()).hexdigest())
                   for r, p in zip(roots[:-1], tei_files[:-1])]
        meta = edition_meta(roots[:-1], records, [p.name for p in tei_files])
        corpus = _write(stage / "tei" / CORPUS_NAME, xml_bytes(corpus_tree(roots, meta)))

        diags = validate_edition(tei_files, corpus, layers)
        refuse_invalid(relabel(diags, stage / "tei", str(tei_dir)))
        report = "".join(d.format() + "\n" for d in relabel(diags, stage, ""))
        report += summary_line(diags, len(tei_files) + 1) + "\n"

        _copy_tree(build_dir / "html", stage / "html")
        _copy_tree(build_dir / "text", stage / "text")
        for schema in (PROJECT_RNG, SCHEMATRON, tei_all_path()):
            _write(stage / "schema" / schema.name, schema.read_bytes())
        version_note = tei_version_note(tei_all_path())
        _write(stage / "schema" / "TEI-VERSION.txt", version_note)
        omissions = [row for r, rec in zip(roots[:-1], records) for row in omission_rows(rec.id, r)]
        _write(stage / "documents.tsv", documents_tsv(records))
        _write(stage / "omissions.tsv", omissions_tsv(omissions))
        _write(stage / "validation.txt", report)
        _write(stage / "metadata" / "dublin-core.xml", dublin_core(meta, records, day))
        _write(stage / "CITATION.cff", citation_cff(meta, day))
        _write(stage / "README.md", readme(meta, records, omissions, version_note, report))
        for path in stage.rglob("*"):
            path.chmod(0o755 if path.is_dir() else 0o644)

        make_bag(stage, {"Source-Organization": meta["publisher"], "External-Description": meta["title"],
                         "External-Identifier": BAG_NAME,
                         "Bag-Software-Agent": f"{AGENT} with bagit.py {bagit.VERSION}"}, day)
        bag_dir = out_dir / BAG_NAME
        if bag_dir.exists():
            shutil.rmtree(bag_dir)
        stage.rename(bag_dir)
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise
    return [bag_dir, write_zip(bag_dir, out_dir / f"{BAG_NAME}.zip", epoch)]


# --- checking ---------------------------------------------------------------------------------------------------------

REQUIRED = ("README.md", "CITATION.cff", "documents.tsv", "omissions.tsv", "validation.txt",
            "metadata/dublin-core.xml", "schema/edition.rng", "schema/edition.sch", "schema/tei_all.rng",
            "schema/TEI-VERSION.txt", f"tei/{CORPUS_NAME}", f"tei/{REGISTER_NAME}")


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


def content_diagnostics(data: Path, label: str) -> list[Diagnostic]:
    """The deposit's own completeness: required files, and each documents.tsv row's TEI, HTML, text and SHA-256."""
    found = [_error(f"{label}/{rel}", "required file missing from the deposit", "deposit-incomplete")
             for rel in REQUIRED if not (data / rel).is_file()]
    table = data / "documents.tsv"
    if not table.is_file():
        return found
    rows = list(csv.DictReader(table.read_text(encoding="utf-8").splitlines(), delimiter="\t"))
    for no, row in enumerate(rows, start=2):
        doc = row.get("id") or ""
        for rel in (f"tei/{doc}.xml", f"html/{doc}.html", f"text/{doc}.txt"):
            if not (data / rel).is_file():
                found.append(_error(f"{label}/{rel}", f"missing: documents.tsv line {no} lists document {doc!r}",
                                    "deposit-incomplete"))
        tei = data / "tei" / f"{doc}.xml"
        if tei.is_file() and hashlib.sha256(tei.read_bytes()).hexdigest() != row.get("tei_sha256"):
            found.append(_error(f"{label}/tei/{doc}.xml", f"SHA-256 differs from documents.tsv line {no}",
                                "deposit-table-checksum"))
    return found


def check_deposit(path: Path) -> list[Diagnostic]:
    """Verify a deposit (bag folder or its zip): bag checksums and completeness, the deposit's required files,
    and that its TEI validates. An empty list means the deposit is sound."""
    path = Path(path)
    with tempfile.TemporaryDirectory(prefix="deposit-check-") as tmp:
        if path.is_file():
            bag_dir = unzip_bag(path, Path(tmp))
            label = f"{path}!/{bag_dir.name}"
        else:
            bag_dir, label = path, str(path)
        found = bag_diagnostics(bag_dir, label)
        data = bag_dir / "data"
        if not data.is_dir():
            return sort_diagnostics(found)
        found += content_diagnostics(data, f"{label}/data")
        tei = sorted(p for p in (data / "tei").glob("*.xml") if p.name != CORPUS_NAME)
        corpus = data / "tei" / CORPUS_NAME
        if tei:
            found += relabel(validate_edition(tei, corpus if corpus.is_file() else None), data, f"{label}/data")
        return sort_diagnostics(found)
