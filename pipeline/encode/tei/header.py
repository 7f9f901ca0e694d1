"""The teiHeader: the document's facts (``facts.Facts``) and what the analysis found about its source, written as
data; the publisher and the licence are the edition's (edition.toml)."""

from __future__ import annotations

import re

from lxml import etree

from ... import __version__
from ...edition import Edition
from ..brackets import find_brackets, legend
from ..facts import Facts
from ..inline import Span, fill, make
from ..model import Document
from ..names.forms import sort_form
from .spans import person_ref

KIND_LABELS = {"frus": "FRUS document (history.state.gov)", "wilson-record": "Wilson Center Digital Archive record",
               "blog-quote": "Blog post quoting a document", "listing": "Archive listing", "unknown": "Unknown kind"}
LANGUAGE_NAMES = {"en": "English", "ru-Latn": "Russian (transliterated)", "ru": "Russian", "vi": "Vietnamese",
                  "vi-Latn": "Vietnamese", "fr": "French", "zh-Latn": "Chinese (romanised)", "de": "German"}
FRUS_RIGHTS = ("Foreign Relations of the United States is a publication of the United States government, in the "
               "public domain in the United States. (Not stated in the copied text; inferred from the kind of source.)")
NO_RIGHTS = "The source states no rights; the text is quoted here for scholarly purposes."


def build_header(doc: Document, facts: Facts, prefix: str, participants_spoken: dict,
                 languages: tuple[str, ...] = ("en",), edition: Edition = Edition()) -> etree._Element:
    """The teiHeader of ``doc`` (its element ids start with ``prefix``)."""
    h = make("teiHeader")
    fd = make("fileDesc", parent=h)
    title_stmt(fd, facts)
    publication_stmt(fd, doc.doc_id, edition)
    source_desc(fd, doc, facts)
    encoding_desc(h, doc, facts)
    profile_desc(h, doc, facts, prefix, participants_spoken, languages)
    return h


def title_stmt(fd: etree._Element, facts: Facts) -> None:
    ts = make("titleStmt", parent=fd)
    make("title", (("type", "main"), *resp(facts.title_resp)), facts.title, parent=ts)
    rs = make("respStmt", (("xml:id", "encoder"),), parent=ts)
    make("resp", text="Encoded from the plain text by", parent=rs)
    make("name", text=f"tei-edition-pipeline {__version__}", parent=rs)
    if facts.edited:
        rs = make("respStmt", (("xml:id", "editor"),), parent=ts)
        make("resp", text="Facts not in the text supplied (sidecar file) by", parent=rs)
        make("name", text="the edition's editors", parent=rs)
    for_whom = f" for {facts.translated_for}" if facts.translated_for else ""
    for role, words, name, who in (("trl", f"Translated{for_whom} by", facts.translator, facts.translator_resp),
                                   ("ctb", "Contributed by", facts.contributor, "")):
        if name:  # the role as data (MARC relator code): the editions read @key, never the words
            rs = make("respStmt", parent=ts)
            make("resp", (("key", role),), words, parent=rs)
            make("persName", resp(who), name, parent=rs)
    for funder in facts.funders:
        make("funder", text=funder, parent=ts)


def publication_stmt(fd: etree._Element, doc_id: str, edition: Edition) -> None:
    """The edition's publisher and the licence of the encoding, in words and as licence/@target."""
    licence = edition.licence
    ps = make("publicationStmt", parent=fd)
    make("publisher", text=edition.publisher, parent=ps)
    make("idno", (("type", "document"),), doc_id, parent=ps)
    av = make("availability", parent=ps)
    if licence.url:  # machine-readable; empty so that readers of the availability prose see it once
        make("licence", (("target", licence.url),), parent=av)
    named = " ".join(dict.fromkeys(p for p in (licence.name, f"({licence.id})" if licence.id else "") if p))
    make("p", text=f"The encoding (markup, header and notes of this edition) is released under "
                   f"{named or licence.url or 'the terms of its editors'}. The text itself remains under the terms "
                   "stated by its source.", parent=av)


def source_desc(fd: etree._Element, doc: Document, facts: Facts) -> None:
    """The source as the page describes it (bibl) and where its original is kept (msDesc)."""
    sd = make("sourceDesc", parent=fd)
    bibl = make("bibl", (("type", "source"),), parent=sd)
    fields = doc.fields
    if facts.title_resp != "#encoder":  # a title the encoder made up is not the source's
        make("title", text=facts.title, parent=bibl)
    if facts.source_title:
        make("title", (("level", "m"), ("resp", "#editor")), facts.source_title, parent=bibl)
    if facts.publisher:
        cert = (("cert", "high"),) if facts.publisher_resp == "#encoder" else ()
        make("publisher", (("resp", facts.publisher_resp), *cert), facts.publisher, parent=bibl)
    if fields.get("Record ID"):
        make("idno", (("type", "record"),), fields["Record ID"], parent=bibl)
    if facts.url:
        make("idno", (("type", "URL"), ("resp", "#editor")), facts.url, parent=bibl)
    uploaded = fields.get("Original Uploaded Date")
    if uploaded:
        when = (("when", uploaded),) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", uploaded) else ()
        make("date", (("type", "uploaded"), *when), uploaded, parent=bibl)
    if fields.get("Type"):
        inferred = (("cert", "medium"), ("resp", "#encoder")) if "Type" in doc.inferred_fields else ()
        make("note", (("type", "genre"), *inferred), fields["Type"], parent=bibl)
    for kind, text in (("citation", fields.get("Source")), ("citation", doc.citation),
                       ("source-note", doc.source_note), ("unlabelled", fields.get("Unlabelled"))):
        if text:
            make("note", (("type", kind),), text, parent=bibl)
    if facts.rights:
        p = make("p", parent=make("availability", parent=bibl))
        fill(p, facts.rights, [Span(b.start, b.end, 80, element=b.element) for b in find_brackets(facts.rights)[0]])
    elif facts.rights_status == "free":
        make("p", text=FRUS_RIGHTS, parent=make("availability", (("status", "free"), ("resp", "#encoder")),
                                                parent=bibl))
    else:
        make("p", text=NO_RIGHTS, parent=make("availability", (("status", "unknown"),), parent=bibl))
    if facts.editor_note:
        make("note", (("resp", "#editor"),), facts.editor_note, parent=bibl)
    if facts.date_evidence:
        make("note", (("type", "date-evidence"), ("resp", "#editor")), facts.date_evidence, parent=bibl)
    arch = facts.archive
    if arch is not None:
        mi = make("msIdentifier", resp(arch.resp), parent=make("msDesc", parent=sd))
        if arch.settlement:
            make("settlement", text=arch.settlement, parent=mi)
        make("repository", text=arch.repository, parent=mi)
        if arch.idno:
            make("idno", text=arch.idno, parent=mi)


def encoding_desc(h: etree._Element, doc: Document, facts: Facts) -> None:
    """The kind and its evidence, the lines left out and why, the brackets' legend, the changes made in reading."""
    ed = make("encodingDesc", parent=h)
    evidence = facts.kind_evidence
    make("p", text=f"Kind of source: {KIND_LABELS[facts.kind]}"
                   + (f" (concluded from: {'; '.join(evidence)})" if evidence else "")
                   + ". Encoded automatically: every recogniser runs on every document; inferred values carry "
                     "@resp=\"#encoder\" and @cert.", parent=make("projectDesc", parent=ed))
    p = make("p", text="Lines of the source file that are not part of the text, with the reason:",
             parent=make("samplingDecl", parent=ed))
    if doc.omissions:
        lst = make("list", (("type", "omitted"),), parent=p)
        for om in sorted(doc.omissions, key=lambda o: o.line):
            item = make("item", (("n", str(om.line)),), parent=lst)
            make("label", (("type", "reason"),), om.reason, parent=item).tail = " "
            make("quote", text=om.text, parent=item)
    else:
        p.text = "Every line of the source file is part of the text."
    edl = make("editorialDecl", parent=ed)
    edl.append(legend())
    events = list(doc.events) + ["runs of spaces and no-break spaces folded to one space"]
    make("p", text="Changes made in reading the source: " + "; ".join(events) + ".",
         parent=make("normalization", parent=edl))
    tax = make("taxonomy", (("xml:id", "source-kinds"),), parent=make("classDecl", parent=ed))
    for k, label in KIND_LABELS.items():
        make("catDesc", text=label, parent=make("category", (("xml:id", k),), parent=tax))


def profile_desc(h: etree._Element, doc: Document, facts: Facts, prefix: str, participants_spoken: dict,
                 languages: tuple[str, ...]) -> None:
    """The date, the page's summary, the languages, the kind, and the persons taking part."""
    prof = make("profileDesc", parent=h)
    date = facts.date
    make("date", date.attrs, date.text if date.attrs else date.text or "undated", parent=make("creation", parent=prof))
    if doc.summary:
        make("p", text=doc.summary, parent=make("abstract", parent=prof))
    lu = make("langUsage", parent=prof)
    for ident in languages:
        make("language", (("ident", ident),), LANGUAGE_NAMES.get(ident, ident), parent=lu)
    make("catRef", (("scheme", "#source-kinds"), ("target", f"#{facts.kind}")), parent=make("textClass", parent=prof))
    if not doc.participants:
        return
    lp = make("listPerson", parent=make("particDesc", parent=prof))
    for key in sorted(doc.participants):
        part = doc.participants[key]
        silent = () if participants_spoken.get(key) else (("role", "silent"),)
        person = make("person", (("xml:id", f"{prefix}-{key}"), ("sameAs", person_ref(key)), *silent), parent=lp)
        make("persName", text=part.name, parent=person)
        make("persName", (("type", "sort"),), sort_form(part.name), parent=person)
        for form in sorted(part.forms - {part.name}):
            make("persName", (("type", "label"),), form, parent=person)
        if part.role:
            make("occupation", (("type", "in-source"),), part.role, parent=person)
        if part.group:
            make("affiliation", (("type", "in-source"),), part.group, parent=person)


def resp(who: str) -> tuple:
    """The @resp of a fact, as attributes: none for a fact of the text."""
    return (("resp", who),) if who else ()
