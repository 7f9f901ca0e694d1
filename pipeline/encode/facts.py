"""The facts of one document, each decided once, the editors' sidecar over the text and the text over an
inference, in a typed record that ``tei.header`` writes into the teiHeader as data (elements and attributes that the
HTML, the text edition and the deposit read)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .document_date import DocumentDate, document_date
from .model import Document


@dataclass(frozen=True)
class Archive:
    """Where the original is kept (msDesc/msIdentifier); ``resp`` "#editor" when the sidecar names it."""

    repository: str
    settlement: str = ""
    idno: str = ""
    resp: str = ""


@dataclass(frozen=True)
class Facts:
    """What the header states about a document besides its text. ``*_resp`` says who stated a fact: "" the text,
    "#encoder" an inference, "#editor" the sidecar."""

    kind: str
    kind_evidence: tuple[str, ...]
    title: str
    title_resp: str
    date: DocumentDate
    edited: bool = False            # a sidecar file supplied facts (the editors' respStmt)
    source_title: str = ""          # the publication the source is part of (bibl/title[@level="m"])
    url: str = ""
    publisher: str = ""             # the source's publisher
    publisher_resp: str = ""
    translator: str = ""
    translator_resp: str = ""
    translated_for: str = ""
    contributor: str = ""
    funders: tuple[str, ...] = ()
    rights: str = ""                # the rights as the source states them
    rights_status: str = ""         # where it states none: "free" (inferred from the kind) or "unknown"
    archive: Archive | None = None
    editor_note: str = ""
    date_evidence: str = ""         # the editors' evidence for a date they supply


def citation_of(doc: Document) -> str:
    """The source's citation: a record's Source field, a post's citation line or a FRUS source note."""
    return doc.fields.get("Source") or doc.citation or doc.source_note or ""


def facts_of(doc: Document, side: dict) -> Facts:
    """The facts of ``doc`` with the sidecar's (``side``) in place of the text's."""
    cite = citation_of(doc)
    credits = credits_of(cite)
    funders = tuple(dict.fromkeys(f for f in (doc.funder, doc.fields.get("Donors")) if f))
    publisher = side.get("publisher") or doc.site_publisher
    return Facts(
        kind=doc.kind, kind_evidence=tuple(doc.kind_evidence),
        title=side.get("title") or doc.title, title_resp="#editor" if side.get("title") else doc.title_resp,
        date=document_date(doc, side), edited=bool(side), source_title=side.get("source_title", ""),
        url=side.get("url", ""),
        publisher=publisher or "", publisher_resp="#editor" if side.get("publisher") else "#encoder",
        translator=side.get("translator") or credits.get("translator", ""),
        translator_resp="#editor" if side.get("translator") else "",
        translated_for=credits.get("translated_for", ""), contributor=credits.get("contributor", ""),
        funders=funders, rights=doc.fields.get("Rights", ""),
        rights_status="" if doc.fields.get("Rights") else "free" if doc.kind == "frus" else "unknown",
        archive=archive_from(cite, doc.kind, side), editor_note=side.get("note", ""),
        date_evidence=side.get("date_evidence", ""))


def archive_from(cite: str, kind: str, side: dict) -> Archive | None:
    """The archive the sidecar names, else the one the citation names (a post's: the part naming an archive)."""
    if side.get("archive"):
        return Archive(side["archive"], idno=side.get("shelfmark") or "", resp="#editor")
    if not cite:
        return None
    if kind == "blog-quote":
        m = re.search(r"[^,]*\b(?:Archives?|Library|Records Office)\b[^,]*$", cite)
        return Archive(m.group(0).strip().rstrip(".")) if m and m.group(0).strip().rstrip(".") else None
    arch = archive_of(cite)
    return Archive(arch["repository"], arch.get("settlement", ""), arch.get("idno", "")) \
        if arch.get("repository") else None


def archive_of(citation: str) -> dict:
    """Repository, settlement and shelfmark from a citation ('RGANI, f. 80, op. 1, d. 521, ll. 29-80. …';
    'Archive of the Party Central Committee, Hanoi. Translated …'; FRUS 'Source: National Archives …, RG 59, …')."""
    text = re.sub(r"^Source:\s*", "", citation.strip())
    first = re.split(r"\.\s+(?=(?:Contributed|Translated|Obtained|Donated|Provided|Secret|Top Secret|Confidential|"
                     r"Unclassified|Limited|No classification|Drafted|Repeated|Sent|Received|Copied|[A-Z][a-z]+ by)\b)",
                     text, maxsplit=1)[0].rstrip(".")
    if not first or len(first) > 300:
        return {}
    parts = [p.strip() for p in first.split(",")]
    out = {"repository": parts[0]}
    rest = parts[1:]
    if rest and len(rest) == 1 and re.fullmatch(r"[A-Z][\w’'-]+(?: [A-Z][\w’'-]+)?", rest[0]):
        out["settlement"] = rest[0]
    elif rest:
        out["idno"] = ", ".join(rest)
    return out


def credits_of(citation: str) -> dict:
    out = {}
    m = re.search(r"[Tt]ranslated (?:for (?P<org>[\w .&-]+?) )?by (?P<name>[A-Z][\w.’' -]+?)(?:\.|,| and |$)", citation)
    if m:
        out["translator"] = m.group("name").strip()
        if m.group("org"):
            out["translated_for"] = m.group("org").strip()
    m = re.search(r"[Cc]ontributed by (?P<name>[A-Z][\w.’' -]+?)(?:\.|,| and |$)", citation)
    if m:
        out["contributor"] = m.group("name").strip()
    return out
