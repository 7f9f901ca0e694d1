"""The TEI text of a document: the div of its kind with head, opener, dateline, the body's paragraphs, turns, lists,
excerpts and listing entries, and the closer; every block's inline markup (``spans``) and notes (``notes``)."""

from __future__ import annotations

from lxml import etree

from ..dates import parse_date_line
from ..inline import TEI_NS, Span, fill, make
from ..model import Block, Document, Entry, Excerpt, ListBlock, Turn
from .notes import place_notes
from .spans import Context, inline_spans, person_mentions, person_ref

DIV_TYPES = {"frus": "document", "wilson-record": "record", "blog-quote": "post", "listing": "listing",
             "unknown": "text"}


def add_block(parent, block: Block, ctx: Context, notes_at: dict | None = None, tag: str | None = None,
              id_kind: str | None = None) -> etree._Element:
    """``block`` as the last child of ``parent``: the element ``tag`` (default: the block's type) with the block's
    inline markup and the notes placed in it, and an xml:id of ``id_kind`` when one is given."""
    tag = tag or block.type
    el = make(tag, (("xml:id", ctx.next_id(id_kind)),) if id_kind else (), parent=parent)
    if block.n:
        el.set("n", block.n)
    extra = [Span(s, e, 100, element=note_el) for s, e, _n, note_el in (notes_at or {}).get(id(block), [])]
    fill(el, block.text, inline_spans(block.text, ctx, block.line, block.col, extra, dateline=tag == "dateline"))
    return el


def build_turn(parent, turn: Turn, ctx: Context, notes_at: dict) -> None:
    sp = make("sp", (("xml:id", ctx.next_id("sp")), ("who", f"#{ctx.prefix}-{turn.key}")), parent=parent)
    speaker = make("speaker", parent=sp)
    fill(speaker, turn.label, speaker_spans(turn, ctx))
    for item in turn.blocks:
        build_item(sp, item, ctx, notes_at)
    if len(sp) == 1:  # a label with no speech: keep the turn, say so
        ctx.warnings.append((turn.line, 1, f"speaker label {turn.label!r} with no text", "turn-empty"))


def speaker_spans(turn: Turn, ctx: Context) -> list[Span]:
    """The speaker's name in a label ('Secretary Kissinger' → 'Kissinger'), when it names the turn's person."""
    return [Span(start, end, 40, tag="persName", attrs=(("ref", person_ref(key)),))
            for start, end, key in person_mentions(turn.label, ctx.names) if key == turn.key]


def build_item(parent, item, ctx: Context, notes_at: dict) -> None:
    if isinstance(item, Block):  # a citation (bibl) is a source that quote/@source points to
        add_block(parent, item, ctx, notes_at, id_kind="src" if item.type == "bibl" else item.type)
    elif isinstance(item, Turn):
        build_turn(parent, item, ctx, notes_at)
    elif isinstance(item, ListBlock):
        lst = make("list", (("type", item.type),), parent=parent)
        if item.head is not None:
            add_block(lst, item.head, ctx, notes_at, tag="head")
        labelled = all(it.label for it in item.items)  # TEI: every item labelled, or none
        for it in item.items:
            if labelled:
                make("label", text=it.label, parent=lst)  # the number as written ('1)'), so that no word is lost
            add_block(lst, it, ctx, notes_at, tag="item", id_kind="item")
    elif isinstance(item, Excerpt):
        q = make("quote", (("type", "excerpt"), ("source", f"#{item.source_id}")), parent=parent)
        for t in item.turns:
            build_turn(q, t, ctx, notes_at)
    elif isinstance(item, Entry):
        bibl = make("bibl", (("xml:id", ctx.next_id("entry")), ("n", str(ctx.counters["entry"]))), parent=parent)
        date_el = add_block(bibl, item.date, ctx, tag="date")
        inner = date_el.find(f"{{{TEI_NS}}}date")
        if inner is not None and len(date_el) == 1 and not (date_el.text or "").strip() and not (inner.tail or "").strip():
            # the date line is one date: lift its attributes onto the entry's date
            date_el.attrib.update(inner.attrib)
            date_el.text = inner.text
            date_el.remove(inner)
        elif parse_date_line(item.date.text) is None:
            ctx.warnings.append((item.date.line, 1, f"listing entry date not understood: {item.date.text!r}", "date-entry"))
        date_el.tail = " "
        add_block(bibl, item.title, ctx, tag="title")
        if item.summary is not None:
            bibl[-1].tail = " "
            add_block(bibl, item.summary, ctx, tag="note").set("type", "summary")


#: What a div holds between its opening matter (head, opener, dateline) and its closing matter (closer).
TEXT_BLOCKS = ("p", "sp", "list", "listBibl", "bibl", "quote")


def build_body(doc: Document, ctx: Context) -> etree._Element:
    text = make("text", (("xml:lang", "en"),))
    div = make("div", (("type", DIV_TYPES[doc.kind]),), parent=make("body", parent=text))
    if doc.kind == "frus" and doc.head is not None and doc.head.n:
        div.set("n", doc.head.n)
    notes_at, unplaced = place_notes(doc, ctx)
    if doc.head is not None:
        add_block(div, doc.head, ctx, notes_at)
    if doc.opener:
        opener = make("opener", parent=div)
        for b in doc.opener:
            add_block(opener, b, ctx, notes_at, tag="seg").set("type", "addressee")
    if doc.dateline is not None:
        add_block(div, doc.dateline, ctx, notes_at)
    lb = None
    for item in doc.body:
        if isinstance(item, Entry):
            if lb is None:
                lb = make("listBibl", parent=div)
            build_item(lb, item, ctx, notes_at)
        else:
            lb = None
            build_item(div, item, ctx, notes_at)
    if doc.closer:
        if not any(etree.QName(el).localname in TEXT_BLOCKS for el in div):
            make("p", parent=div)  # TEI puts closing matter after some text: an empty paragraph, as for an empty div
        closer = make("closer", parent=div)
        for b in doc.closer:
            el = add_block(closer, b, ctx, notes_at)
            if b.type == "seg":
                el.set("type", "distribution")
    for note in unplaced:
        note.set("type", "unanchored")
        div.append(note)
    if len(div) == 0:
        make("p", parent=div)
    return text
