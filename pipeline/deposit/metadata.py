"""Metadata for the repository, from the edition's settings (``edition.toml``) and the facts gathered from the
headers: ``CITATION.cff`` (Citation File Format 1.2.0), ``.zenodo.json`` (Zenodo's deposit metadata, DataCite terms),
the fields of the bag's ``bag-info.txt`` (RFC 8493), Dublin Core and the README.

Nothing is guessed: a name is split into family and given names only when written ``Family, Given``; an ORCID iD is
used only when it has the form of one.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from pathlib import Path
from string import Template

from lxml import etree

from ..edition import Edition, Editor
from ..errors import PipelineError
from .corpus import xml_bytes
from .layout import AGENT, BAG_NAME, REGISTER_NAME
from .records import DocumentRecord, NS, _first, _join, _sentences, _text


CFF_MESSAGE = "If you use this edition, please cite it as below."
ORCID = re.compile(r"^(?:https?://orcid\.org/)?(\d{4}-\d{4}-\d{4}-\d{3}[\dX])/?$")
DOI = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:)?(10\.\d{4,9}/\S+)$", re.I)
URL = re.compile(r"^https?://\S+$")
SOURCES_RIGHTS_NOTE = ("The encoding is released under the licence named here; the source texts keep their own "
                       "rights, stated for each document in documents.tsv in the deposit.")


def orcid_id(editor: Editor) -> str:
    """The bare ORCID iD (0000-0002-1825-0097) of an editor, "" when none is given; a malformed one is an error."""
    if not editor.orcid:
        return ""
    m = ORCID.match(editor.orcid)
    if not m:
        raise PipelineError(f"edition.toml: error: editor {editor.name!r}: orcid {editor.orcid!r} is not an ORCID iD "
                            "(0000-0000-0000-0000, or https://orcid.org/0000-0000-0000-0000)")
    return m.group(1)


def doi_of(identifier: str) -> str:
    """The DOI in ``identifier`` (bare, 10.xxxx/…), or "" when it is no DOI."""
    m = DOI.match(identifier.strip())
    return m.group(1) if m else ""


def identifier_scheme(identifier: str) -> str:
    """Zenodo's scheme name for an identifier: doi, url or urn ("" when none of them)."""
    if doi_of(identifier):
        return "doi"
    if URL.match(identifier):
        return "url"
    return "urn" if identifier.lower().startswith("urn:") else ""


def _q(value: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(value, ensure_ascii=False)


def cff_author(editor: Editor) -> list[str]:
    """One CFF author: a person when the name is written ``Family, Given``, else an entity with the name as given."""
    family, comma, given = editor.name.partition(",")
    if comma and family.strip() and given.strip():
        lines = [f"family-names: {_q(family.strip())}", f"given-names: {_q(given.strip())}"]
        if editor.affiliation:
            lines.append(f"affiliation: {_q(editor.affiliation)}")
    else:
        lines = [f"name: {_q(editor.name)}"]  # CFF entities have no affiliation: it is in .zenodo.json
    if orcid := orcid_id(editor):
        lines.append(f"orcid: {_q('https://orcid.org/' + orcid)}")
    return ["  - " + lines[0], *("    " + line for line in lines[1:])]


def citation_cff(ed: Edition, date: str | None, commit: str = "") -> str:
    """CITATION.cff (CFF 1.2.0) of the deposit."""
    lines = ["cff-version: 1.2.0", f"message: {_q(CFF_MESSAGE)}", "type: dataset", f"title: {_q(ed.title)}",
             "authors:"]
    for editor in ed.editors or (Editor(ed.publisher),):
        lines += cff_author(editor)
    lines += [f"{key}: {_q(value)}" for key, value in (("version", ed.version), ("date-released", date),
                                                       ("license", ed.licence.id), ("license-url", ed.licence.url))
              if value]
    if doi_of(ed.identifier):
        lines.append(f"doi: {_q(doi_of(ed.identifier))}")
    elif ed.identifier:
        kind = "url" if URL.match(ed.identifier) else "other"
        lines += ["identifiers:", f"  - type: {kind}", f"    value: {_q(ed.identifier)}"]
    lines += [f"{key}: {_q(value)}" for key, value in (("url", ed.base_url), ("commit", commit)) if value]
    abstract = " ".join(p for p in (ed.description, SOURCES_RIGHTS_NOTE) if p)
    lines.append(f"abstract: {_q(abstract)}")
    if ed.keywords:
        lines += ["keywords:", *(f"  - {_q(k)}" for k in ed.keywords)]
    return "\n".join(lines) + "\n"


def zenodo_creator(editor: Editor) -> dict:
    given = {"affiliation": editor.affiliation, "orcid": orcid_id(editor)}
    return {"name": editor.name, **{key: value for key, value in given.items() if value}}


def related_identifiers(ed: Edition, source_urls: list[str]) -> list[dict]:
    """The edition's own identifier (an alternate identifier of the deposit: Zenodo mints the deposit's DOI), its
    published HTML edition (the same edition in another form) and each source it was made from."""
    related = []
    if scheme := identifier_scheme(ed.identifier):
        related.append({"identifier": doi_of(ed.identifier) or ed.identifier, "relation": "isAlternateIdentifier",
                        "scheme": scheme})
    if ed.base_url and URL.match(ed.base_url):
        related.append({"identifier": ed.base_url, "relation": "isVariantFormOf", "scheme": "url"})
    for url in dict.fromkeys(u for u in source_urls if URL.match(u)):
        related.append({"identifier": url, "relation": "isDerivedFrom", "scheme": "url"})
    return related


def zenodo_json(ed: Edition, date: str | None, source_urls: list[str] = ()) -> str:
    """.zenodo.json: the deposit's metadata as Zenodo imports it (its legacy deposit schema, DataCite terms)."""
    record: dict = {
        "upload_type": "dataset",
        "title": ed.title,
        "creators": [zenodo_creator(e) for e in ed.editors or (Editor(ed.publisher),)],
        "description": " ".join(p for p in (ed.description or ed.title, SOURCES_RIGHTS_NOTE) if p),
        "access_right": "open",
        "license": ed.licence.id,
        "keywords": list(ed.keywords),
        "version": ed.version,
        "related_identifiers": related_identifiers(ed, list(source_urls)),
        "publication_date": date or "",
        "imprint_publisher": ed.publisher,
    }
    record = {k: v for k, v in record.items() if v not in ("", [])}
    return json.dumps(record, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def external_identifier(ed: Edition, bag_name: str) -> str:
    """The bag's External-Identifier: the edition's identifier, else its address, else name and version."""
    return ed.identifier or ed.base_url or f"{bag_name}-{ed.version or 'unversioned'}"


def bag_info(ed: Edition, bag_name: str, agent: str, commit: str) -> dict[str, str]:
    """The sender's fields of bag-info.txt (bagit adds Payload-Oxum; the deposit adds Bagging-Date)."""
    info = {
        "Source-Organization": ed.publisher,
        "External-Description": " ".join(p for p in (ed.title + ".", ed.description) if p),
        "External-Identifier": external_identifier(ed, bag_name),
        "Contact-Name": "; ".join(e.name for e in ed.editors),
        "Bag-Software-Agent": agent,
        "Internal-Sender-Identifier": f"git commit {commit}" if commit else "",
    }
    return {k: v for k, v in info.items() if v}


DC_NS = "http://purl.org/dc/elements/1.1/"
OAI_DC_NS = "http://www.openarchives.org/OAI/2.0/oai_dc/"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"


TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


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

    def dc(name, *values):
        for value in values:
            if value:
                etree.SubElement(root, f"{{{DC_NS}}}{name}").text = value

    dc("title", meta["title"])
    dc("creator", *meta["editors"])
    dc("contributor", *meta["contributors"], *(f"{f} (funder)" for f in meta["funders"]))
    dc("publisher", meta["publisher"])
    dc("date", date)
    dc("description", f"A scholarly digital edition in TEI P5 XML, with HTML and plain-text editions, of "
       f"{len(records)} document(s) dated {meta['date_range']}.",
       *(f"{r.id}: {r.title}" + (f" ({r.date})" if r.date else "") for r in records))
    dc("type", "Text", "Dataset")
    dc("format", "application/tei+xml", "text/html", "text/plain")
    dc("identifier", meta["identifier"])
    dc("source", *(_sentences((r.source_title, r.source_publisher, r.source_url, r.citation,
                               _join((r.archive, r.archive_idno)))) for r in records))
    dc("language", *meta["languages"])
    dc("coverage", meta["coverage"])
    licence = meta["licence"]
    dc("rights", f"Encoding: {_join((licence.name, licence.id, licence.url))}. {meta['encoding_rights']}",
       *(f"{r.id}: " + (r.rights_as_given if r.rights_basis == "stated-by-source" else r.rights_note)
         for r in records))
    etree.indent(root, "  ")
    return xml_bytes(root)


def tei_release(tei_all: Path) -> str:
    """The TEI release tei_all.rng states in its head ("TEI P5 Version 4.3.0")."""
    head = tei_all.read_text(encoding="utf-8", errors="replace")[:4000]
    m = re.search(r"TEI Edition: Version\s+([0-9]+(?:\.[0-9]+)*)", head)
    return f"TEI P5 Version {m.group(1)}" if m else "TEI P5 (version not stated in tei_all.rng)"


def tei_version_note(tei_all: Path) -> str:
    """schema/TEI-VERSION.txt: which TEI release and schemas the edition was checked against."""
    digest = hashlib.sha256(tei_all.read_bytes()).hexdigest()
    return (f"The TEI files were checked against {tei_release(tei_all)}: the TEI Consortium's tei_all.rng, kept in the "
            f"pipeline's schema/ folder (sha256 {digest}),\nthen against edition.rng (the edition's stricter schema, "
            "a restriction of tei_all) and edition.sch (its Schematron rules).\ntei_all.rng is the TEI Consortium's, "
            "dual-licensed CC BY 3.0 and BSD-2-Clause.\n")


def readme(meta: dict, records: list[DocumentRecord], omissions: list, release: str, report: str,
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
        tei_version=release,
        document_files=" ".join(f"tei/{r.id}.xml" for r in records) + f" tei/{REGISTER_NAME}",
        validation_summary=report.strip().splitlines()[-1])
