"""The TEI text of a document: the div of its kind with head, opener, dateline, the body's paragraphs, turns, lists,
excerpts and listing entries, and the closer; every block's inline markup (``spans``) and notes (``notes``)."""

from __future__ import annotations

from lxml import etree

from ..dates import parse_date_line
from ..inline import TEI_NS, Span, fill, make
from ..model import Block, Document, Entry, Excerpt, ListBlock, Turn
from .notes import place_notes
from .spans import Context, inline_spans, name_after_title, only_titles, person_ref

DIV_TYPES = {"frus": "document", "wilson-record": "record", "blog-quote": "post", "listing": "listing",
             "unknown": "text"}


def add_block(parent, block: Block, ctx: Context, notes_at: dict | None = None, tag: str | None = None,
              with_id: bool = True) -> etree._Element:
    el = make(tag or block.type, parent=parent)
    if with_id:
        el.set("{http://www.w3.org/XML/1998/namespace}id", ctx.next_id(tag or block.type))
    if block.n:
        el.set("n", block.n)
    extra = []
    for s, e, n, note_el in (notes_at or {}).get(id(block), []):
        extra.append(Span(s, e, 100, element=note_el))
    fill(el, block.text, inline_spans(block.text, ctx, block.line, block.col, extra,
                                      dateline=(tag or block.type) == "dateline"))
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
    spans = []
    for start, end, words in ctx.names.mentions(turn.label):
        if ctx.names.key_of_mention(words) == turn.key and not only_titles(words) \
                and not ctx.names.part_of_longer_name(turn.label, start, words):
            start += len(words) - len(name_after_title(words))
            spans.append(Span(start, end, 40, tag="persName", attrs=(("ref", person_ref(turn.key)),)))
    return spans


def build_item(parent, item, ctx: Context, notes_at: dict) -> None:
    if isinstance(item, Block) and item.type == "bibl":
        el = add_block(parent, item, ctx, notes_at, with_id=False)
        el.set("{http://www.w3.org/XML/1998/namespace}id", ctx.next_id("src"))  # quote/@source points here
    elif isinstance(item, Block):
        add_block(parent, item, ctx, notes_at, tag="p" if item.type == "p" else item.type)
    elif isinstance(item, Turn):
        build_turn(parent, item, ctx, notes_at)
    elif isinstance(item, ListBlock):
        lst = make("list", (("type", item.type),))
        if item.head is not None:
            add_block(lst, item.head, ctx, notes_at, tag="head", with_id=False)
        labelled = all(it.label for it in item.items)  # TEI: every item labelled, or none
        for it in item.items:
            if labelled:
                make("label", text=it.label, parent=lst)  # the number as written ('1)'), so that no word is lost
            add_block(lst, it, ctx, notes_at, tag="item")
        parent.append(lst)
    elif isinstance(item, Excerpt):
        q = make("quote", (("type", "excerpt"),))
        if item.source_id:
            q.set("source", f"#{item.source_id}")
        for t in item.turns:
            build_turn(q, t, ctx, notes_at)
        parent.append(q)
    elif isinstance(item, Entry):
        bibl = make("bibl", (("xml:id", ctx.next_id("entry")), ("n", str(ctx.counters.get("entry", 1)))))
        add_block(bibl, item.date, ctx, tag="date", with_id=False)
        date_el = bibl[-1]
        m = parse_date_line(item.date.text)
        inner = date_el.find(f"{{{TEI_NS}}}date")
        if inner is not None and len(date_el) == 1 and not (date_el.text or "").strip() and not (inner.tail or "").strip():
            # the date line is one date: lift its attributes onto the entry's date
            for k, v in inner.attrib.items():
                date_el.set(k, v)
            date_el.text = inner.text
            date_el.remove(inner)
        elif m is None:
            ctx.warnings.append((item.date.line, 1, f"listing entry date not understood: {item.date.text!r}", "date-entry"))
        date_el.tail = " "
        add_block(bibl, item.title, ctx, tag="title", with_id=False)
        if item.summary is not None:
            bibl[-1].tail = " "
            note = add_block(bibl, item.summary, ctx, tag="note", with_id=False)
            note.set("type", "summary")
        parent.append(bibl)


#: What a div holds between its opening matter (head, opener, dateline) and its closing matter (closer).
TEXT_BLOCKS = ("p", "sp", "list", "listBibl", "bibl", "quote")


def build_body(doc: Document, ctx: Context) -> etree._Element:
    text = make("text", (("xml:lang", "en"),))
    body = make("body")
    text.append(body)
    div = make("div", (("type", DIV_TYPES[doc.kind]),))
    if doc.kind == "frus" and doc.head is not None and doc.head.n:
        div.set("n", doc.head.n)
    body.append(div)
    notes_at, unplaced = place_notes(doc, ctx)
    if doc.head is not None:
        add_block(div, doc.head, ctx, notes_at, with_id=False)
    if doc.opener:
        opener = make("opener")
        for b in doc.opener:
            add_block(opener, b, ctx, notes_at, tag="seg", with_id=False).set("type", "addressee")
        div.append(opener)
    if doc.dateline is not None:
        add_block(div, doc.dateline, ctx, notes_at, with_id=False)
    lb = None
    for item in doc.body:
        if isinstance(item, Entry):
            if lb is None:
                lb = make("listBibl")
                div.append(lb)
            build_item(lb, item, ctx, notes_at)
        else:
            lb = None
            build_item(div, item, ctx, notes_at)
    if doc.closer:
        if not any(etree.QName(el).localname in TEXT_BLOCKS for el in div):
            div.append(make("p"))  # TEI puts closing matter after some text: an empty paragraph, as for an empty div
        closer = make("closer")
        for b in doc.closer:
            add_block(closer, b, ctx, notes_at, with_id=False)
            if b.type == "seg":
                closer[-1].set("type", "distribution")
        div.append(closer)
    for note in unplaced:
        note.set("type", "unanchored")
        div.append(note)
    if len(div) == 0:
        div.append(make("p"))
    return text
