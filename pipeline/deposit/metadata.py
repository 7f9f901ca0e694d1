"""Metadata for the repository: the edition's facts, Dublin Core, the README."""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from pathlib import Path
from string import Template

from lxml import etree

from ..depositmeta import external_identifier
from ..edition import Edition
from .corpus import xml_bytes
from .layout import AGENT, BAG_NAME, REGISTER_NAME
from .records import DocumentRecord, NS, _first, _join, _sentences, _text


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
