"""Reading the TEI headers: one record per document (source, archive, rights as given and their status), the
omissions, and the TSV files made of them."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import astuple, dataclass, fields

from lxml import etree


TEI_NS = "http://www.tei-c.org/ns/1.0"
NS = {"t": TEI_NS}
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"


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


def _text(el) -> str:
    """Whitespace-folded text of an element (or an attribute value); "" for None."""
    if el is None:
        return ""
    return " ".join((el if isinstance(el, str) else "".join(el.itertext())).split())


def _first(root: etree._Element, path: str, default=None):
    hits = root.xpath(path, namespaces=NS)
    return hits[0] if hits else default


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


def archive_of(root: etree._Element) -> tuple[str, str]:
    """(archive, shelfmark) of a TEI document as the encoder writes them (msIdentifier: the repository, then its
    settlement; its idno), each '' when the header names none: the same as xslt/common.xsl's f:archive and
    f:shelfmark, which the HTML and text editions read."""
    ms = root.xpath("t:teiHeader/t:fileDesc/t:sourceDesc/t:msDesc/t:msIdentifier", namespaces=NS)

    def parts(path: str) -> list[str]:
        return [t for t in (_text(e) for m in ms for e in m.xpath(path, namespaces=NS)) if t]

    return ", ".join(parts("t:repository") + parts("t:settlement")), ", ".join(parts("t:idno"))


def document_record(root: etree._Element, sha256: str) -> DocumentRecord:
    """The documents.tsv row of one TEI document (root element), read from its header only."""
    header = "t:teiHeader/t:fileDesc"
    none = etree.Element("none")  # for an element the header lacks: no attributes, no children
    bibl = _first(root, f"{header}/t:sourceDesc/t:bibl[@type='source']", none)
    date = _first(root, "t:teiHeader/t:profileDesc/t:creation/t:date", none)
    publisher = _text(_first(bibl, "t:publisher"))
    avail = _first(bibl, "t:availability", none)
    availability = " ".join(_text(p) for p in bibl.xpath("t:availability/t:p", namespaces=NS))
    basis, note = rights_of(availability, publisher, avail.get("status", ""), avail.get("resp", ""))
    notes = [_text(_first(bibl, f"t:note[@type='{t}']")) for t in ("citation", "source-note")]
    archive, shelfmark = archive_of(root)
    return DocumentRecord(
        id=_text(_first(root, f"{header}/t:publicationStmt/t:idno[@type='document']")) or root.get(XML_ID, ""),
        title=_text(_first(root, f"{header}/t:titleStmt/t:title[@type='main']")),
        date=date.get("when", ""),
        date_cert=date.get("cert", ""),
        date_resp=date.get("resp", "").lstrip("#"),
        kind=(_first(root, "t:teiHeader/t:profileDesc/t:textClass/t:catRef/@target") or "").lstrip("#"),
        source_title=" / ".join(_text(t) for t in bibl.xpath("t:title", namespaces=NS)),
        source_publisher=publisher,
        source_url=_text(_first(bibl, "t:idno[@type='URL']")),
        source_record=_text(_first(bibl, "t:idno[@type='record']")),
        citation=" ".join(n for n in notes if n),
        archive=archive,
        archive_idno=shelfmark,
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
    writer = csv.writer(out, delimiter="\t", lineterminator="\n")
    writer.writerow(header)
    writer.writerows([" ".join(str(c).split()) for c in row] for row in rows)
    return out.getvalue()


def documents_tsv(records: list[DocumentRecord]) -> str:
    return tsv(tuple(f.name for f in fields(DocumentRecord)), (astuple(r) for r in records))


def omissions_tsv(rows) -> str:
    return tsv(("document", "line", "reason", "text"), rows)
