"""Build the TEI document from the encoder's model, and serialise it deterministically."""

from __future__ import annotations

import collections
import datetime as dt
import re
from dataclasses import dataclass, field

from lxml import etree

from ... import __version__
from ..brackets import find_brackets, legend
from ..dates import find_dates, parse_date_line
from ...edition import Edition
from ..inline import TEI_NS, Span, fill, make, make_in
from ..model import Block, Document, Entry, Excerpt, ListBlock, Turn
from ..names.forms import HONORIFICS, TITLES, family_first, sort_form, strip_honorifics, strip_titles
from ..recognise.notes import GLUED, all_candidates, find_markers, head_marker
from ..recognise.pagebreaks import inside_word
from ..names.gazetteer import Gazetteer, place_ref
from ..names.registry import NameIndex

PAGE = re.compile(r"\[Page (?P<n>[0-9ivxlcdmIVXLCDM]+)\]\s?")
_NAME_WORD = r"[A-ZÀ-ÝĐ][a-zà-ỹđ’'-]+"
# An alias with the real name in brackets: "Sau [Le Duc Tho]", "Tuan [General Van Tien Dung]".
ALIAS = re.compile(rf"(?<![\w\[])(?P<alias>{_NAME_WORD}(?: {_NAME_WORD})?) \[(?P<name>(?:General |Comrade |Cde\. )?"
                   rf"{_NAME_WORD}(?: {_NAME_WORD}){{1,3}})\](?! [A-ZÀ-ÝĐ])")
ALIAS_START = re.compile(rf" \[(?:Cde\. |{_NAME_WORD} [A-ZÀ-ÝĐ])")  # where an ALIAS's bracket can open
# Given names supplied by the translator before a surname: "[Tran Buu] Kiem".
FIRST_NAMES_SUPPLIED = re.compile(rf"\[(?P<first>{_NAME_WORD}(?: {_NAME_WORD})?)\] (?P<last>{_NAME_WORD})")
NOT_ALIASES = {"If", "The", "A", "An", "In", "On", "At", "When", "And", "But", "Or", "To", "For", "Of", "With", "By",
               "From", "As", "We", "I", "You", "He", "She", "They", "It", "This", "That", "Our", "Their", "Your",
               "Comrade", "Comrades", "Cde", "Cdes", "General", "Minister", "Ambassador", "President", "Secretary"}
KIND_LABELS = {"frus": "FRUS document (history.state.gov)", "wilson-record": "Wilson Center Digital Archive record",
               "blog-quote": "Blog post quoting a document", "listing": "Archive listing", "unknown": "Unknown kind"}
DIV_TYPES = {"frus": "document", "wilson-record": "record", "blog-quote": "post", "listing": "listing",
             "unknown": "text"}
PUBLISHERS = {"wilson-record": "Wilson Center Digital Archive", "listing": "Wilson Center Digital Archive"}
OMISSION_REASONS = {
    "site-furniture": "the web site's navigation, name, empty field headings and support line",
    "reader-comment": "comments by readers under the post: not part of the document",
    "metadata": "a field of the page's document information, moved into this header",
    "summary": "the page's summary of the document, moved into profileDesc/abstract",
}


@dataclass
class Context:
    """What inline passes need to know about the document."""

    prefix: str
    ref: dt.date | None
    names: NameIndex
    key_for_name: object
    original_lang: str = "ru-Latn"
    warnings: list = field(default_factory=list)
    note_count: int = 0
    counters: dict = field(default_factory=dict)
    mentions: set = field(default_factory=set)
    places: Gazetteer | None = None  # places and organisations to tag (None: none)
    vocab: collections.Counter = field(default_factory=collections.Counter)  # the document's words, for pagebreaks

    def next_id(self, kind: str) -> str:
        self.counters[kind] = self.counters.get(kind, 0) + 1
        return f"{self.prefix}-{kind}{self.counters[kind]}"


def person_ref(key: str) -> str:
    return f"persons.xml#{key}"


def covered(ranges: list[tuple[int, int]]):
    """A test of whether an offset lies in one of ``ranges`` (start inclusive, end exclusive), in log time: the
    ranges sorted by start, with the farthest end reached so far (a block may have thousands of spans)."""
    import bisect
    import itertools

    ranges = sorted(ranges)
    starts = [start for start, _ in ranges]
    reach = list(itertools.accumulate((end for _, end in ranges), max))

    def test(offset: int) -> bool:
        i = bisect.bisect_right(starts, offset) - 1
        return i >= 0 and reach[i] > offset
    return test


def inline_spans(text: str, ctx: Context, line: int, col: int, extra: list[Span] = (),
                 dateline: bool = False) -> list[Span]:
    """All inline spans of one block of text: page breaks, brackets, aliases, dates, names of persons, places and
    organisations (and ``extra``: notes). ``dateline``: the block is a dateline (a place opening it is one)."""
    spans = list(extra)
    for m in PAGE.finditer(text):
        end = m.start() + len(m.group(0).rstrip())
        if ctx.vocab and inside_word(text, m.start(), end, ctx.vocab):
            # 'ear [Page 523] lier': the word is whole again, the page turns inside it (the text edition prints
            # the marker back with its spaces)
            spans.append(Span(m.start() - 1, end + 1, 95, element=make("pb", (("n", m.group("n")), ("break", "no")))))
            continue
        spans.append(Span(m.start(), end, 95, element=make("pb", (("n", m.group("n")),))))
    in_page_break = covered([(s.start, s.end) for s in spans
                             if s.element is not None and s.element.tag.endswith("}pb")])
    brackets, warns = find_brackets(text, original_lang=ctx.original_lang)
    for b in brackets:
        if in_page_break(b.start):
            continue
        spans.append(Span(b.start, b.end, 80, element=b.element))
    in_marker = covered([(s.start, s.end) for s in extra])  # a note marker in brackets ('[1]') is no unclassified bracket
    for offset, message in warns:
        if not in_marker(offset):
            ctx.warnings.append((line, col + offset, message, "bracket-unclassified"))
    aliases = [m for m in ALIAS.finditer(text) if m.group("alias").split()[0] not in NOT_ALIASES] \
        if ALIAS_START.search(text) else ()  # the test first: most blocks have none
    for m in aliases:  # the alias is the name; the bracket (a gloss) stays outside it
        if alias_key(m, len(aliases), ctx) is not None:
            key = alias_key(m, len(aliases), ctx)
            spans.append(Span(m.start("alias"), m.end("alias"), 45, tag="persName", attrs=(("ref", person_ref(key)),)))
            ctx.mentions.add(key)
    for m in FIRST_NAMES_SUPPLIED.finditer(text):
        key = ctx.key_for_name(f"{m.group('first')} {m.group('last')}")
        spans.append(Span(m.start(), m.end(), 44, tag="persName", attrs=(("ref", person_ref(key)),)))
        ctx.mentions.add(key)
    for d in find_dates(text, ctx.ref):
        spans.append(Span(d.start, d.end, 50, tag=d.tag, attrs=d.attrs))
    named = covered([(s.start, s.end) for s in spans if s.tag == "persName"])
    for start, end, words in ctx.names.mentions(text, line, col):
        if named(start):
            continue  # already inside an alias or supplied-name span
        if ctx.names.part_of_longer_name(text, start, words):
            continue
        key = ctx.names.key_of_mention(words)
        if key and not only_titles(words):
            start += len(words) - len(name_after_title(words))  # 'Mr. ', 'Comrade ' stay outside the name
            spans.append(Span(start, end, 40, tag="persName", attrs=(("ref", person_ref(key)),)))
            ctx.mentions.add(key)
    if ctx.places is not None:
        spans.extend(place_spans(text, ctx, spans, dateline))
    return spans


def place_spans(text: str, ctx: Context, spans: list[Span], dateline: bool) -> list[Span]:
    """placeName and orgName spans, outside every span already proposed (a name, a date, the editor's brackets:
    'Ho Chi Minh' stays a person, '[Hai Phong]' a supplied gloss)."""
    taken = [(s.start, s.end) for s in spans if s.tag in ("persName", "date", "time") or s.atomic]
    out = []
    for start, end, entry in ctx.places.find(text, persons=ctx.names.forms, dateline=dateline):
        if any(a < end and start < b for a, b in taken):
            continue
        tag = "placeName" if entry.kind == "place" else "orgName"
        out.append(Span(start, end, 39, tag=tag, attrs=(("ref", place_ref(entry)),)))
    return out


def name_after_title(words: str) -> str:
    """A mention without the title or honorific it starts with ('Mr. Kissinger' → 'Kissinger'), as FRUS tags it."""
    return strip_titles(strip_honorifics(words))


def only_titles(words: str) -> bool:
    """A mention that is only a title ('The President', 'Secretary'): a person's role, not a name to tag."""
    return all(w.lower().strip(".,") in TITLES or w.lower().strip(".,") in HONORIFICS for w in words.split())


def alias_key(m: re.Match, aliases: int, ctx: Context) -> str | None:
    """The key of the person an alias 'Sau [Le Duc Tho]' stands for, when there is evidence the bracket names a
    person: a title in it, a known name, a list of two or more such aliases in the block, or a name of the
    family-name-first languages ('Tam [Pham Quoc Bao]'; not a place's name); else None (a gloss 'Haiphong
    [Hai Phong]' is not a person's)."""
    bare = re.sub(r"^(?:General|Comrade|Cde\.) ", "", m.group("name"))
    known = ctx.names.key_of_mention(bare)
    if known is None and bare == m.group("name") and aliases < 2 and not family_first(bare):
        return None
    return known or ctx.key_for_name(bare)


def add_block(parent, block: Block, ctx: Context, notes_at: dict | None = None, tag: str | None = None,
              with_id: bool = True) -> etree._Element:
    el = make_in(parent, tag or block.type)
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


def note_element(n: str, text: str, line: int, ctx: Context, suffix: str = "") -> etree._Element:
    note = make("note", (("place", "foot"), ("n", n), ("xml:id", f"{ctx.prefix}-fn{n}{suffix}")))
    if text.startswith("Source:"):
        note.set("type", "source")
    fill(note, text, inline_spans(text, ctx, line, 1))
    return note


def reading_order_blocks(doc: Document) -> list[Block]:
    """Every text block in reading order (head, dateline, body, closer), for the note-marker search."""
    out: list[Block] = []
    for b in [doc.head, doc.dateline, *doc.opener]:
        if b is not None:
            out.append(b)

    def walk(item):
        if isinstance(item, Block):
            out.append(item)
        elif isinstance(item, Turn):
            for x in item.blocks:
                walk(x)
        elif isinstance(item, ListBlock):
            out.extend(([item.head] if item.head is not None else []) + item.items)
        elif isinstance(item, Excerpt):
            for t in item.turns:
                walk(t)

    for item in doc.body:
        walk(item)
    out.extend(doc.closer)
    return out


def place_notes(doc: Document, ctx: Context) -> tuple[dict, list]:
    """{id(block): [(start, end, n, note element)]} and the notes whose marker was not found.

    Notes are taken by their place in the list, not by their number: a list that numbers two notes alike keeps
    both (each with its own xml:id) and says so in a warning."""
    if not doc.notes:
        return {}, []
    blocks = reading_order_blocks(doc)
    numbers = [n for n, _t, _l in doc.notes]
    forced = ()
    if doc.head is not None and blocks and blocks[0] is doc.head:
        hm = head_marker(doc.head.text, doc.notes)
        if hm:
            forced = ((0, hm[0], hm[1], hm[2]),)
    found, missing = find_markers([b.text for b in blocks], numbers, doc.meta.get("note_style") or "numbered",
                                  forced)
    ids: dict[str, int] = {}
    elements = []
    for n, t, line in doc.notes:
        ids[n] = ids.get(n, 0) + 1
        elements.append(note_element(n, t, line, ctx, "" if ids[n] == 1 else f"-{ids[n]}"))
    queue: dict[str, list] = {}
    for i, (n, _t, _l) in enumerate(doc.notes):
        queue.setdefault(n, []).append(i)
    for n, count in ids.items():
        if count > 1:
            ctx.warnings.append((doc.notes[queue[n][1]][2], 1, f"the note list numbers {count} notes {n}: "
                                 "each is kept", "note-duplicate"))
    placed: dict = {}
    hits_in_order = sorted(((bi, s, e, n) for bi, hits in found.items() for s, e, n in hits))
    for bi, s, e, n in hits_in_order:
        idx = queue[n].pop(0)
        placed.setdefault(id(blocks[bi]), []).append((s, e, n, elements[idx]))
    for bi, s_, e_, n in markers_without_text(blocks, numbers, hits_in_order):
        # a marker whose note the copy lacks: a note without text, so that the number stays a marker
        note = make("note", (("place", "foot"), ("n", n), ("type", "text-missing")))
        note.append(make("gap", (("reason", "omitted"),)))  # its text is not in the copy
        placed.setdefault(id(blocks[bi]), []).append((s_, e_, n, note))
        line = blocks[bi].line
        ctx.warnings.append((line, 1, f"note marker {n} in the text, but the copy has no text for note {n}: "
                             "kept as a note without text", "note-text-missing"))
    unplaced = []
    for n in missing:
        idx = queue[n].pop(0)
        line = doc.notes[idx][2]
        ctx.warnings.append((line, 1, f"note {n} has no marker in the text: kept at the end of the text", "note-marker"))
        unplaced.append(elements[idx])
    expected = [str(i) for i in range(int(numbers[0]), int(numbers[0]) + len(numbers))] if numbers[0].isdigit() else numbers
    if numbers != expected:
        ctx.warnings.append((doc.notes[0][2], 1, f"the note list is not numbered in sequence: {' '.join(numbers)}",
                             "note-sequence"))
    return placed, unplaced


def markers_without_text(blocks: list[Block], numbers: list[str], hits: list[tuple]) -> list[tuple]:
    """Markers of notes the list lacks: a number missing inside the list's run (1, 2, 4: note 3) or just after
    its end, glued to its word (the strongest place), between the markers of its neighbours. [(block, start, end,
    number)]."""
    if not numbers or not all(n.isdigit() for n in numbers) or not hits:
        return []
    have = {int(n) for n in numbers}
    lo, hi = min(have), max(have)
    wanted = [str(k) for k in range(lo, hi + 4) if k not in have]
    if not wanted or len(wanted) > len(numbers) + 3:  # a list with few gaps only: linear work
        return []
    at = {int(n): (bi, s) for bi, s, _e, n in hits}
    cands = all_candidates([b.text for b in blocks], set(wanted))
    out = []
    last = (-1, -1)
    for k in map(int, wanted):
        before = max((at[j] for j in at if j < k), default=(-1, -1))
        after = min((at[j] for j in at if j > k), default=(len(blocks), 0))
        ok = [c for c in cands.get(str(k), []) if c[3] == GLUED and max(before, last) < (c[0], c[1]) < after]
        if not ok:
            if k > hi:
                break  # markers after the list's end run on without a gap
            continue
        c = ok[0]
        out.append((c[0], c[4], c[2], str(k)))
        at[k] = last = (c[0], c[1])
    return out


def build_turn(parent, turn: Turn, ctx: Context, notes_at: dict) -> None:
    sp = make_in(parent, "sp", (("xml:id", ctx.next_id("sp")), ("who", f"#{ctx.prefix}-{turn.key}")))
    speaker = make_in(sp, "speaker")
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
                sub(lst, "label", it.label)  # the number as written ('1)'), so that no word is lost
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
    if doc.kind == "frus" and doc.meta.get("frus_number"):
        div.set("n", doc.meta["frus_number"])
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


# --- header ----------------------------------------------------------------------------------------

def sub(parent, tag, text=None, attrs=()):
    return make_in(parent, tag, attrs, text)


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


LANGUAGE_NAMES = {"en": "English", "ru-Latn": "Russian (transliterated)", "ru": "Russian", "vi": "Vietnamese",
                  "vi-Latn": "Vietnamese", "fr": "French", "zh-Latn": "Chinese (romanised)", "de": "German"}


def build_header(doc: Document, ctx: Context, side: dict, participants_spoken: dict,
                 languages: tuple[str, ...] = ("en",), edition: Edition = Edition()) -> etree._Element:
    """The teiHeader; the publisher and the licence are the edition's (edition.toml), the licence stated in words
    and as licence/@target."""
    licence = edition.licence
    h = make("teiHeader")
    fd = sub(h, "fileDesc")
    ts = sub(fd, "titleStmt")
    title = sub(ts, "title", side.get("title") or doc.title, (("type", "main"),))
    if side.get("title"):
        title.set("resp", "#editor")
    elif doc.title_resp:
        title.set("resp", doc.title_resp)
    rs = sub(ts, "respStmt", attrs=(("xml:id", "encoder"),))
    sub(rs, "resp", "Encoded from the plain text by")
    sub(rs, "name", f"tei-edition-pipeline {__version__}")
    if side:
        rs = sub(ts, "respStmt", attrs=(("xml:id", "editor"),))
        sub(rs, "resp", "Facts not in the text supplied (sidecar file) by")
        sub(rs, "name", "the edition's editors")
    cite = doc.meta.get("Source") or doc.meta.get("citation") or doc.meta.get("source_note") or ""
    credits = credits_of(cite)
    translator = side.get("translator") or credits.get("translator")
    if translator:
        rs = sub(ts, "respStmt")
        sub(rs, "resp", "Translated" + (f" for {credits['translated_for']}" if credits.get("translated_for") else "") + " by",
            (("key", "trl"),))  # the role as data (MARC relator code): the editions read @key, never the words
        pn = sub(rs, "persName", translator)
        if side.get("translator"):
            pn.set("resp", "#editor")
    if credits.get("contributor"):
        rs = sub(ts, "respStmt")
        sub(rs, "resp", "Contributed by", (("key", "ctb"),))
        sub(rs, "persName", credits["contributor"])
    funders = []
    for f in (doc.meta.get("funder"), doc.meta.get("Donors")):
        if f and f not in funders:
            funders.append(f)
    for f in funders:
        sub(ts, "funder", f)

    ps = sub(fd, "publicationStmt")
    sub(ps, "publisher", edition.publisher)
    sub(ps, "idno", doc.doc_id, (("type", "document"),))
    av = sub(ps, "availability")
    if licence.url:  # machine-readable; empty so that readers of the availability prose see it once
        sub(av, "licence", attrs=(("target", licence.url),))
    named = " ".join(dict.fromkeys(p for p in (licence.name, f"({licence.id})" if licence.id else "") if p))
    sub(av, "p", f"The encoding (markup, header and notes of this edition) is released under "
                 f"{named or licence.url or 'the terms of its editors'}. The text itself remains under the terms "
                 "stated by its source.")

    sd = sub(fd, "sourceDesc")
    bibl = sub(sd, "bibl", attrs=(("type", "source"),))
    if side.get("title") or doc.title_resp != "#encoder":  # a title the encoder made up is not the source's
        sub(bibl, "title", side.get("title") or doc.title)
    if side.get("source_title"):
        sub(bibl, "title", side["source_title"], (("level", "m"), ("resp", "#editor")))
    publisher = side.get("publisher") or doc.meta.get("site_publisher")
    if publisher:
        p = sub(bibl, "publisher", publisher)
        if side.get("publisher"):
            p.set("resp", "#editor")
        else:
            p.set("resp", "#encoder")
            p.set("cert", "high")
    if doc.meta.get("Record ID"):
        sub(bibl, "idno", doc.meta["Record ID"], (("type", "record"),))
    if side.get("url"):
        sub(bibl, "idno", side["url"], (("type", "URL"), ("resp", "#editor")))
    if doc.meta.get("Original Uploaded Date"):
        v = doc.meta["Original Uploaded Date"]
        d = sub(bibl, "date", v, (("type", "uploaded"),))
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", v):
            d.set("when", v)
    if doc.meta.get("Type"):
        n = sub(bibl, "note", doc.meta["Type"], (("type", "genre"),))
        if "Type" in doc.meta.get("_inferred_labels", []):
            n.set("cert", "medium")
            n.set("resp", "#encoder")
    if doc.meta.get("Source"):
        sub(bibl, "note", doc.meta["Source"], (("type", "citation"),))
    if doc.meta.get("citation"):
        sub(bibl, "note", doc.meta["citation"], (("type", "citation"),))
    if doc.meta.get("source_note"):
        sub(bibl, "note", doc.meta["source_note"], (("type", "source-note"),))
    if doc.meta.get("Unlabelled"):
        sub(bibl, "note", doc.meta["Unlabelled"], (("type", "unlabelled"),))
    if doc.meta.get("Rights"):
        rav = sub(bibl, "availability")
        rp = sub(rav, "p")
        rights = doc.meta["Rights"]
        fill(rp, rights, [Span(b.start, b.end, 80, element=b.element) for b in find_brackets(rights)[0]])
    elif doc.kind == "frus":
        rav = sub(bibl, "availability", attrs=(("status", "free"), ("resp", "#encoder")))
        sub(rav, "p", "Foreign Relations of the United States is a publication of the United States government, "
                      "in the public domain in the United States. (Not stated in the copied text; inferred from the "
                      "kind of source.)")
    else:
        rav = sub(bibl, "availability", attrs=(("status", "unknown"),))
        sub(rav, "p", "The source states no rights; the text is quoted here for scholarly purposes.")
    if side.get("note"):
        sub(bibl, "note", side["note"], (("resp", "#editor"),))
    if side.get("date_evidence"):
        sub(bibl, "note", side["date_evidence"], (("type", "date-evidence"), ("resp", "#editor")))
    arch = archive_of(cite) if cite and doc.kind != "blog-quote" else {}
    if doc.kind == "blog-quote" and cite:
        m = re.search(r"[^,]*\b(?:Archives?|Library|Records Office)\b[^,]*$", cite)
        if m:
            arch = {"repository": m.group(0).strip().rstrip(".")}
    if side.get("archive"):
        arch = {"repository": side["archive"], **({"idno": side["shelfmark"]} if side.get("shelfmark") else {})}
    if arch.get("repository"):
        ms = sub(sd, "msDesc")
        mi = sub(ms, "msIdentifier")
        if arch.get("settlement"):
            sub(mi, "settlement", arch["settlement"])
        sub(mi, "repository", arch["repository"])
        if arch.get("idno"):
            sub(mi, "idno", arch["idno"])
        if side.get("archive"):
            mi.set("resp", "#editor")

    ed = sub(h, "encodingDesc")
    pd = sub(ed, "projectDesc")
    evidence = doc.meta.get("kind_evidence") or []
    sub(pd, "p", f"Kind of source: {KIND_LABELS[doc.kind]}" + (f" (concluded from: {'; '.join(evidence)})"
                                                                if evidence else "")
        + ". Encoded automatically: every recogniser runs on every document; inferred values carry "
          "@resp=\"#encoder\" and @cert.")
    sampling = sub(ed, "samplingDecl")
    p = sub(sampling, "p", "Lines of the source file that are not part of the text, with the reason:")
    if doc.omissions:
        lst = sub(p, "list", attrs=(("type", "omitted"),))
        for om in sorted(doc.omissions, key=lambda o: o.line):
            item = sub(lst, "item", attrs=(("n", str(om.line)),))
            label = sub(item, "label", om.reason, (("type", "reason"),))
            label.tail = " "
            sub(item, "quote", om.text)
    else:
        p.text = "Every line of the source file is part of the text."
    edl = sub(ed, "editorialDecl")
    edl.append(legend())
    norm = sub(edl, "normalization")
    events = list(doc.events) + ["runs of spaces and no-break spaces folded to one space"]
    sub(norm, "p", "Changes made in reading the source: " + "; ".join(events) + ".")
    cls = sub(ed, "classDecl")
    tax = sub(cls, "taxonomy", attrs=(("xml:id", "source-kinds"),))
    for k, label in KIND_LABELS.items():
        cat = sub(tax, "category", attrs=(("xml:id", k),))
        sub(cat, "catDesc", label)

    prof = sub(h, "profileDesc")
    creation = sub(prof, "creation")
    date_el = sub(creation, "date", doc.date_text or None, doc.date_attrs)
    if not doc.date_attrs:
        date_el.text = doc.date_text or "undated"
    if doc.meta.get("summary"):
        ab = sub(prof, "abstract")
        sub(ab, "p", doc.meta["summary"])
    lu = sub(prof, "langUsage")
    for ident in languages:
        sub(lu, "language", LANGUAGE_NAMES.get(ident, ident), (("ident", ident),))
    tc = sub(prof, "textClass")
    sub(tc, "catRef", attrs=(("scheme", "#source-kinds"), ("target", f"#{doc.kind}")))
    if doc.participants:
        pdesc = sub(prof, "particDesc")
        lp = sub(pdesc, "listPerson")
        for key in sorted(doc.participants):
            part = doc.participants[key]
            person = sub(lp, "person", attrs=(("xml:id", f"{ctx.prefix}-{key}"), ("sameAs", person_ref(key))))
            if not participants_spoken.get(key):
                person.set("role", "silent")
            sub(person, "persName", part.name)
            sub(person, "persName", sort_form(part.name), (("type", "sort"),))
            for form in sorted(part.forms - {part.name}):
                sub(person, "persName", form, (("type", "label"),))
            if part.role:
                sub(person, "occupation", part.role, (("type", "in-source"),))
            if part.group:
                sub(person, "affiliation", part.group, (("type", "in-source"),))
    return h


# Elements whose content is only elements: the only ones indented (mixed content is never touched).
STRUCTURAL = {"TEI", "teiHeader", "fileDesc", "titleStmt", "respStmt", "publicationStmt", "availability",
              "sourceDesc", "msDesc", "msIdentifier", "encodingDesc", "projectDesc", "samplingDecl", "editorialDecl",
              "normalization", "classDecl", "taxonomy", "category", "profileDesc", "creation", "abstract",
              "langUsage", "textClass", "particDesc", "listPerson", "person", "text", "body", "div", "sp", "list",
              "listBibl", "opener", "closer", "quote", "back", "front", "listPrefixDef", "bibl"}


def indent(el: etree._Element, level: int = 0) -> None:
    """Indent element-only content by two spaces per level; leave mixed content exactly as it is."""
    local = el.tag.rpartition("}")[2]
    if local not in STRUCTURAL:
        return
    children = list(el)
    if not children:
        return
    if (el.text or "").strip() or any((c.tail or "").strip() for c in children):
        return
    if local == "quote" and el.get("type") != "excerpt":
        return
    pad = "\n" + "  " * (level + 1)
    el.text = pad
    for c in children:
        c.tail = pad
        indent(c, level + 1)
    children[-1].tail = "\n" + "  " * level


def serialise(root: etree._Element) -> bytes:
    """UTF-8 bytes with an XML declaration, structural elements indented, ending in a newline."""
    etree.cleanup_namespaces(root, top_nsmap={None: TEI_NS})
    indent(root)
    return etree.tostring(root, encoding="UTF-8", xml_declaration=True) + b"\n"
