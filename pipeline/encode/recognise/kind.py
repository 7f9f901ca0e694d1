"""The kind of a source, as a conclusion from what the recognisers found, with its evidence. It decides wording
and defaults only (the div's type, the kind's label, a publisher the site profile gives), never which
recogniser runs."""

from __future__ import annotations

from ..model import Document, Entry, Excerpt
from .sites import Sites


def conclude_kind(doc: Document, sites: Sites, page_markers: bool) -> tuple[str, list[str]]:
    """(kind, [evidence, …]) of a document whose recognisers have run."""
    site = sites.site
    if any(isinstance(x, Entry) for x in doc.body):
        return "listing", [f"{sum(isinstance(x, Entry) for x in doc.body)} dated entries with titles"]
    if site is not None and site.name == "wilson-center":
        ev = dict((p.name, e) for p, e in sites.applying)
        return "wilson-record", [f"site line {ev[site.name]!r}"]
    if doc.head is not None and doc.head.n and (doc.notes or page_markers):
        return "frus", [f"numbered heading {doc.head.n}", "a note list" if doc.notes else "page markers"]
    if any(isinstance(x, Excerpt) for x in doc.body) and doc.citation:
        return "blog-quote", ["quoted speaker turns", "a citation line after them"]
    return "unknown", []
