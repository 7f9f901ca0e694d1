"""One analysis for every document: the source's lines go through every recogniser, each looking for its own
structure with its own evidence; the kind is concluded at the end from what they found.

Order (each step takes what it recognises and leaves the rest as plain paragraphs):
site furniture (profiles) → note list → listing entries → blocks → front (page date, heading, dateline, opener)
→ participants → closer → citation (a post's excerpts) → turns → kind (a conclusion, with its evidence)."""

from __future__ import annotations

import re

from . import notes as notes_mod
from ..model import Document, Excerpt, Turn
from .turns import group_turns
from .citation import find_citation, read_citation
from .closer import read_closer
from .front import NUMBERED_HEAD, read_front, without_page_prefix
from .furniture import split_furniture
from .kind import conclude_kind
from .listing import find_entries
from .participants import participants_from_title, read_participants
from .sites import sites_of
from .text import blocks_of, folded_spaces, omit, to_lines, with_lists

PAGE_MARKER = re.compile(r"\[Page [0-9ivxlcdmIVXLCDM]+\]")


def known_names(doc: Document) -> list[str]:
    names = set()
    for p in doc.participants.values():
        names.add(p.name)
        names.update(f for f in p.forms if len(f.split()) > 1 or "." in f)
    return sorted(n for n in names if n)


def note_list_of(text: str) -> list[tuple[str, str, int]]:
    """The source's list of notes as the encoder reads it (after the site's furniture): [(number, text, line)].
    The fidelity check counts them against the edition's notes."""
    lines = to_lines(text)
    body_lines = split_furniture(Document(doc_id="", kind="unknown"), lines, sites_of(lines))
    return notes_mod.split_notes(body_lines)[1]


def analyse(doc_id: str, text: str, key_for_name, kind: str | None = None) -> Document:
    """Split ``text`` into a ``Document``: regions, blocks, turns, notes, and the kind concluded from them.
    ``kind`` (from a sidecar) overrides the concluded kind's wording only."""
    lines = to_lines(text)
    sites = sites_of(lines)
    doc = Document(doc_id=doc_id, kind="unknown")
    body_lines = split_furniture(doc, lines, sites)
    end, doc.notes, doc.note_style = notes_mod.split_notes(body_lines)
    body_lines = body_lines[:end]
    listing = find_entries(body_lines)
    if listing is not None:
        first, entries = listing
        omit(doc, [ln for ln in body_lines[:first] if sites.is_furniture(ln.text.strip())], "site-furniture")
        kept_before = [ln for ln in body_lines[:first] if not sites.is_furniture(ln.text.strip())]
        doc.body = [*with_lists(blocks_of(kept_before)), *entries]
        doc.title, doc.title_resp = f"A listing of {len(doc.body)} documents", "#encoder"
    else:
        analyse_text(doc, blocks_of(body_lines), sites, key_for_name)
    doc.kind, doc.kind_evidence = conclude_kind(doc, sites, page_markers=bool(PAGE_MARKER.search(folded_spaces(text))))
    if kind:
        doc.kind, doc.kind_evidence = kind, ["the sidecar file"]
    if sites.site is not None and sites.site.publisher:
        doc.site_publisher = sites.site.publisher
    if not doc.title:
        first = next((line.text.strip() for line in lines if not line.blank), doc_id)
        doc.title = first_words(first)
        doc.title_resp = "#encoder"
    return doc


def analyse_text(doc: Document, blocks: list, sites, key_for_name) -> None:
    """Every recogniser of running text, in order, on the blocks of one document."""
    blocks = read_front(doc, blocks, sites)
    if doc.head is not None:
        title = without_page_prefix(notes_mod.strip_head_marker(doc.head.text, doc.notes))
        m = NUMBERED_HEAD.match(title)
        doc.title = m.group("title").strip() if m else title
    doc.source_note = next((t for _n, t, _line in doc.notes if t.startswith("Source:")), "")
    parts, titles = participants_from_title(doc.title, key_for_name)
    doc.participants.update(parts)
    blocks = read_participants(doc, blocks, titles, key_for_name)
    cite_at = find_citation(doc, blocks)
    if cite_at is not None:
        blocks = read_citation(doc, blocks, cite_at, sites)
    else:
        blocks = read_closer(doc, blocks, {n for n, _t, _l in doc.notes})
    items = group_turns(with_lists(blocks), doc.participants, titles, key_for_name, known_names=known_names(doc),
                        run_on=cite_at is None)
    if cite_at is not None:
        items = as_excerpts(items, f"d{doc.doc_id}-src1")
    doc.body = items


def as_excerpts(items: list, source_id: str) -> list:
    """Runs of turns quoted inside a narrative become excerpts of the cited source."""
    out: list = []
    for it in items:
        if isinstance(it, Turn):
            if out and isinstance(out[-1], Excerpt):
                out[-1].turns.append(it)
            else:
                out.append(Excerpt(turns=[it], source_id=source_id))
        else:
            out.append(it)
    return out


def first_words(text: str, n: int = 10) -> str:
    words = text.split()
    return " ".join(words[:n]) + ("…" if len(words) > n else "")
