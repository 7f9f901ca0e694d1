"""Recognise the kind of a source and split it into regions: site furniture and metadata (kept aside, with
reasons), header facts, and the blocks of the text. One function per kind; all return a ``Document``.

Kinds: ``frus`` (a FRUS document copied from history.state.gov), ``wilson-record`` (a Wilson Center Digital
Archive record), ``blog-quote`` (a post quoting a document), ``listing`` (an archive's list of documents),
``unknown`` (plain paragraphs)."""

from __future__ import annotations

import functools
import re

from . import notes as notes_mod
from .dates import parse_date_line
from .model import Block, Document, Entry, Excerpt, Line, ListBlock, Omission, Participant, Turn
from .names import TITLES, fold, names_after_honorific, names_in_between, names_in_list, strip_titles
from .turns import add_participant, group_turns

_SPACE = r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]"
_OTHER_SPACE = r"[\t\u00a0\u2000-\u200a\u202f\u205f\u3000]"
# A run of two or more spaces, or a single space other than U+0020 (a tab, a no-break space …); written to start
# with the class (a space, then either it is another kind of space or a space follows), so that re scans quickly.
WHITESPACE_RUN = re.compile(rf"{_SPACE}(?:(?<={_OTHER_SPACE})|(?={_SPACE})){_SPACE}*")

# The Wilson Center Digital Archive's page furniture (navigation, site name, empty field headings).
SITE_FURNITURE = re.compile(
    r"^(?:Skip to (?:main )?content|Search in|Search|Menu|Home|Log ?in|Sign ?in|Share|Print|Download|Cite"
    r"|Digital Archive(?: International History Declassified)?|International History Declassified"
    r"|Wilson Center|Associated Places|Subjects Discussed|Associated People(?: & Organizations)?|Associated Topics"
    r"|Related Documents|Document Information|Language|Record ID|Donors|Source|Rights|Type|Original Uploaded Date"
    r"|Original Archive|Original Language)$")
SUPPORT_LINE = re.compile(r"^This document was made possible with (?:generous )?support from (?P<funder>.+?)\.?$")
TRAILER_START = re.compile(r"^(?:Associated Places|Subjects Discussed|Document Information|Associated People"
                           r"(?: & Organizations)?|Associated Topics|Related Documents)$")
FIELD_LABELS = ("Source", "Rights", "Original Uploaded Date", "Type", "Language", "Record ID", "Donors",
                "Original Archive", "Original Language")
RIGHTS_TEXT = re.compile(r"welcomes reuse|copyright|rights status|permission", re.I)
CLOSER_START = re.compile(r"^(?:(?:The|This) (?:conversation|record|memorandum|minutes) (?:was|were) "
                          r"(?:recorded|taken|prepared|written) by|Recorded by|\[signed\]|\[signature\]|Signed:)", re.I)
COPIES = re.compile(r"^(?:\w+|\d+) cop(?:y|ies)\b|^Copy (?:No\.|number)", re.I)
OPENER = re.compile(r"^(?:To|From|Attention|Attn|Addressee|For)\s*:\s*\S")
LIST_ITEM = re.compile(r"^\s*(?P<n>\d{1,3}|[a-z])[.)]\s+(?=\S)")
# A heading over a list of the persons present, one per line ('THOSE ATTENDING THE MEETING WERE').
PARTICIPANTS_HEAD = re.compile(r"^(?:(?:THOSE|PERSONS) (?:ATTENDING|PRESENT)(?: (?:THE|AT THE) (?:MEETING|LUNCHEON|LUNCH|DINNER|"
                               r"CONFERENCE))?(?: WERE)?|PARTICIPANTS|ATTENDEES|PRESENT|Participants|Attendees)\s*:?$")
PRESENT = re.compile(r"^(?:Present(?: were)?|Participants|Also present|In attendance)\s*:\s*", re.I)
CITATION = re.compile(r"\b(?:memorand(?:um|a)|archives?|library|papers|collection|record group|source|"
                      r"foreign relations|national security|file)\b", re.I)
TERMINAL = re.compile(r"[.!?:;…”\"’)\]]$")


def ends_terminal(text: str) -> bool:
    """``text`` ends with sentence-ending punctuation (TERMINAL); only the last two characters can match."""
    return bool(TERMINAL.search(text[-2:]))


# --- lines and blocks ------------------------------------------------------------------------------

@functools.lru_cache(maxsize=2)  # the encoder asks twice for the same text (its lines, its names)
def folded_spaces(text: str) -> str:
    """``text`` with its runs of spaces (and no-break spaces) folded to one, as its lines and blocks have them."""
    return WHITESPACE_RUN.sub(" ", text)  # one pass over the text: no run crosses a line end


def to_lines(text: str) -> list[Line]:
    """Numbered lines; runs of spaces (and no-break spaces) folded to one; white-space-only lines blank."""
    return [Line(no, raw.rstrip()) for no, raw in enumerate(folded_spaces(text).split("\n"), 1)]


def block_of(line: Line, type_: str = "p") -> Block:
    stripped = line.text.lstrip()
    return Block(type_, stripped, line.no, len(line.text) - len(stripped) + 1)


def blocks_of(lines: list[Line]) -> list[Block]:
    """One block per non-blank line; a paragraph (twelve words or more) that stops mid-sentence and is followed
    (across blank lines) by a line that starts in lower case is joined to it (a paragraph the web page broke in
    two)."""
    out: list[Block] = []
    for line in lines:
        if line.blank:
            continue
        b = block_of(line)
        prev = out[-1].text if out else ""
        if (prev and not ends_terminal(prev) and b.text[:1].islower() and not LIST_ITEM.match(b.text)
                and len(prev.split()) >= 12 and not CLOSER_START.match(prev)):
            out[-1].text = f"{out[-1].text} {b.text}"
            continue
        out.append(b)
    return out


def with_lists(blocks: list[Block]) -> list:
    """Runs of numbered paragraphs that start at 1 (or a) become ``ListBlock``s of ``item``s."""
    out: list = []
    run: list[Block] = []

    def flush():
        if run and run[0].n in ("1", "a"):
            out.append(ListBlock(items=list(run)))
        else:
            for b in run:
                b.type, b.text, b.n = "p", b.raw, ""  # type: ignore[attr-defined]
                out.append(b)
        run.clear()

    for b in blocks:
        m = LIST_ITEM.match(b.text) if b.type == "p" else None
        if m:
            item = Block("item", b.text[m.end():], b.line, b.col + m.end(), n=m.group("n"))
            item.raw = b.text  # type: ignore[attr-defined]
            run.append(item)
        else:
            flush()
            out.append(b)
    flush()
    return out


def omit(doc: Document, lines: list[Line], reason: str) -> None:
    for line in lines:
        if not line.blank:
            doc.omissions.append(Omission(line.no, reason, line.text.strip()))


def date_only(text: str):
    """The date of a line that holds only a date (or a dateline), else None."""
    m = parse_date_line(text)
    return m


# --- kind detection --------------------------------------------------------------------------------

BULLET_LINE = re.compile(r"^\s*[•·▪‣*]\s+\S")
WILSON_FIELD_LINES = frozenset({"Document Information", "Record ID", "Original Uploaded Date"})  # lines of their own
NUMBERED_HEAD = re.compile(r"^\d{1,4}\.\s+\S")
PAGE_BREAK = re.compile(r"\[Page \d+\]")


def detect_kind(lines: list[Line]) -> str:
    texts = [line.text.strip() for line in lines if not line.blank]
    if not texts:
        return "unknown"
    joined = "\n".join(texts)
    bullets = sum(1 for line in lines if BULLET_LINE.match(line.text))
    if bullets >= 3 and ("Digital Archive" in joined or bullets >= 5):
        return "listing"
    if "Digital Archive" in joined or not WILSON_FIELD_LINES.isdisjoint(texts):
        return "wilson-record"
    if (NUMBERED_HEAD.match(texts[0])
            and (any(notes_mod.NOTE_LINE.match(t.text) for t in lines) or PAGE_BREAK.search(joined))):
        return "frus"
    from .turns import colon_label
    turns = sum(1 for t in texts if colon_label(t))
    if turns >= 2 and turns < len(texts):
        return "blog-quote"
    return "unknown"


# --- participants ------------------------------------------------------------------------------------

def participants_from_title(title: str, key_for_name) -> tuple[dict[str, Participant], dict[str, str]]:
    """Persons named in a title ('Conversation between A and B', 'Cde. X') and the titles they hold."""
    parts: dict[str, Participant] = {}
    titles: dict[str, str] = {}
    names = names_after_honorific(title)
    between = re.search(r"\b[Bb]etween\s+(.*)$", title)
    if between:
        for chunk in re.split(r",\s*|\s+and\s+", between.group(1)):
            chunk = re.sub(r"\[[^\]]*\]", "", chunk).strip().rstrip(".")
            name = strip_titles(re.sub(r"^(?:Cdes?\.?|Comrades?|Mr\.?|Mrs\.?|Dr\.?)\s+", "", chunk))
            if (not name or not name[0].isupper() or any(w.lower() in TITLES for w in name.split())
                    or not any(c.islower() for c in name)):
                continue
            if chunk != name:
                for w in chunk[: len(chunk) - len(name)].split():
                    w = w.rstrip(".").lower()
                    if w in TITLES and w not in {"the", "of", "to", "for", "and"}:
                        titles.setdefault(w, key_for_name(name))
            names.append(name)
        names += names_in_between(title)
    for name in names:
        if not any(c.islower() for c in name):
            continue  # an abbreviation ('VWP CC'), not a person
        key = key_for_name(name)
        add_participant(parts, key, name, form=name)
    # a title held by two persons names neither
    counts: dict[str, set] = {}
    for t, k in titles.items():
        counts.setdefault(t, set()).add(k)
    return parts, {t: k for t, k in titles.items() if len(counts[t]) == 1}


def add_present(doc: Document, blocks: list[Block], key_for_name) -> None:
    for b in blocks:
        m = PRESENT.match(b.text) if isinstance(b, Block) else None
        if m:
            for name in names_in_list(b.text[m.end():]):
                add_participant(doc.participants, key_for_name(name), name, form=name)


def participant_lists(blocks: list[Block], doc: Document, titles: dict[str, str], key_for_name) -> list:
    """A heading such as 'THOSE ATTENDING THE MEETING WERE' and the short name lines under it become a list of
    type participants; each person is a participant (a title alone, 'The President', resolves like a label)."""
    from .turns import resolve_speaker

    out: list = []
    i = 0
    while i < len(blocks):
        b = blocks[i]
        if b.type == "p" and PARTICIPANTS_HEAD.match(b.text):
            j = i + 1
            while (j < len(blocks) and len(blocks[j].text.split()) <= 6 and not ends_terminal(blocks[j].text)
                   and ":" not in blocks[j].text and blocks[j].text[:1].isupper()):
                j += 1
            if j > i + 1:
                items = [Block("item", x.text, x.line, x.col) for x in blocks[i + 1:j]]
                for it in items:
                    words = it.text.split()
                    name = strip_titles(it.text)
                    key = resolve_speaker(it.text, doc.participants, titles, key_for_name)
                    add_participant(doc.participants, key, name, form=it.text)
                    for w in words[: len(words) - len(name.split())]:
                        w = w.rstrip(".").lower()
                        if w in TITLES and w not in {"the", "of", "to", "for", "and"}:
                            titles.setdefault(w, key) if w not in titles else titles.update({w: ""})
                out.append(ListBlock(items=items, type="participants", head=Block("head", b.text, b.line, b.col)))
                i = j
                continue
        out.append(b)
        i += 1
    for t in [t for t, k in titles.items() if not k]:
        del titles[t]
    return out


def known_names(doc: Document) -> list[str]:
    names = set()
    for p in doc.participants.values():
        names.add(p.name)
        names.update(f for f in p.forms if len(f.split()) > 1 or "." in f)
    return sorted(names)


# --- Wilson Center records ---------------------------------------------------------------------------

def parse_fields(doc: Document, lines: list[Line]) -> None:
    """The 'Document Information' fields at the foot of a Wilson Center page, label lines followed by values.
    A value whose label the copy lost is assigned by the page's order of fields, with a warning."""
    label, values = None, {}
    order: list[str] = []
    pending_unlabelled: list[Line] = []
    for line in lines:
        t = line.text.strip()
        if not t:
            continue
        if t in FIELD_LABELS:
            label = t
            order.append(t)
            values.setdefault(t, [])
            continue
        if TRAILER_START.match(t):
            label = None
            continue
        if label == "Original Uploaded Date" and not re.match(r"^\d{4}-\d{2}-\d{2}$|^\w+ \d{1,2}, \d{4}$", t):
            label = None
        if label is None:
            pending_unlabelled.append(line)
            # by content: a citation before any label is the Source; the reuse statement is the Rights
            if RIGHTS_TEXT.search(t) and "Rights" not in values:
                values.setdefault("Rights*", []).append(line)
            elif "Source" not in values and "Source*" not in values and "Rights*" not in values:
                values.setdefault("Source*", []).append(line)
            elif "Rights*" in values and RIGHTS_TEXT.search(t):
                values["Rights*"].append(line)
            else:
                nxt = next_label_by_order(order)
                if nxt:
                    values.setdefault(nxt + "*", []).append(line)
                    order.append(nxt)
                    doc.warnings.append((line.no, 1, f"a value without its label on the page: taken as "
                                         f"'{nxt}' by the order of the page's fields: {t!r}", "field-order"))
                else:
                    values.setdefault("Unlabelled*", []).append(line)
            continue
        values[label].append(line)
    for name, vlines in values.items():
        if vlines:
            doc.meta[name.rstrip("*")] = " ".join(v.text.strip() for v in vlines)
            if name.endswith("*") and name != "Unlabelled*":
                doc.meta.setdefault("_inferred_labels", []).append(name.rstrip("*"))


def next_label_by_order(seen: list[str]) -> str | None:
    """The field that follows the last one seen, in the page's usual order."""
    if not seen:
        return None
    try:
        i = FIELD_LABELS.index(seen[-1])
    except ValueError:
        return None
    return FIELD_LABELS[i + 1] if i + 1 < len(FIELD_LABELS) else None


def split_wilson(doc: Document, lines: list[Line]) -> tuple[list[Line], list[Line]]:
    """(body lines, trailer lines); the page's furniture, support line, date and summary set aside."""
    i = 0
    while i < len(lines) and (lines[i].blank or SITE_FURNITURE.match(lines[i].text.strip())):
        omit(doc, [lines[i]], "site-furniture")
        i += 1
    end = len(lines)
    for j in range(i, len(lines)):
        if TRAILER_START.match(lines[j].text.strip()):
            end = j
            break
    trailer = lines[end:]
    body = lines[i:end]
    # the page's summary: the last paragraph(s) before the trailer, after a gap of three or more blank lines
    k = len(body)
    while k and body[k - 1].blank:
        k -= 1
    s = k
    while s and not body[s - 1].blank:
        s -= 1
    gap = s
    while gap and body[gap - 1].blank:
        gap -= 1
    if s < k and s - gap >= 3 and gap > 0:
        summary = body[s:k]
        omit(doc, summary, "summary")
        doc.meta["summary"] = " ".join(line.text.strip() for line in summary)
        body = body[:gap]
    return body, trailer


def parse_wilson(doc: Document, lines: list[Line], key_for_name) -> None:
    body_lines, trailer = split_wilson(doc, lines)
    for line in trailer:
        if SITE_FURNITURE.match(line.text.strip()) or TRAILER_START.match(line.text.strip()):
            omit(doc, [line], "site-furniture")
        elif not line.blank:
            omit(doc, [line], "metadata")
    parse_fields(doc, trailer)
    kept: list[Line] = []
    for line in body_lines:
        m = SUPPORT_LINE.match(line.text.strip())
        if m:
            doc.meta.setdefault("funder", m.group("funder"))
            omit(doc, [line], "site-furniture")
        else:
            kept.append(line)
    blocks = blocks_of(kept)
    # the page's date, then its title
    if blocks and date_only(blocks[0].text):
        d = blocks.pop(0)
        doc.meta["page_date"] = d.text
        doc.omissions.append(Omission(d.line, "metadata", d.text))
    if blocks:
        head = blocks.pop(0)
        head.type = "head"
        doc.head = head
        doc.title = head.text
    if blocks and date_only(blocks[0].text):
        doc.dateline = blocks.pop(0)
        doc.dateline.type = "dateline"
    while blocks and OPENER.match(blocks[0].text):
        b = blocks.pop(0)
        b.type = "addrLine"
        doc.opener.append(b)
    for idx, b in enumerate(blocks):
        if CLOSER_START.match(b.text):
            for c in blocks[idx:]:
                c.type = "seg" if COPIES.match(c.text) else "signed"
                doc.closer.append(c)
            blocks = blocks[:idx]
            break
    parts, titles = participants_from_title(doc.title, key_for_name)
    doc.participants.update(parts)
    add_present(doc, blocks, key_for_name)
    doc.meta["_titles"] = titles
    doc.body = group_turns(with_lists(blocks), doc.participants, titles, key_for_name,
                           known_names=known_names(doc))


# --- FRUS ----------------------------------------------------------------------------------------------

FRUS_HEAD = re.compile(r"^(?P<n>\d{1,4})\.\s+(?P<title>\S.*)$")


def parse_frus(doc: Document, lines: list[Line], key_for_name) -> None:
    body_end, note_list = notes_mod.split_note_list(lines)
    doc.notes = note_list
    blocks = blocks_of(lines[:body_end])
    if blocks and FRUS_HEAD.match(blocks[0].text):
        head = blocks.pop(0)
        head.type = "head"
        head.n = FRUS_HEAD.match(head.text).group("n")
        doc.head = head
    if blocks and date_only(blocks[0].text):
        doc.dateline = blocks.pop(0)
        doc.dateline.type = "dateline"
    numbers = {n for n, _t, _l in note_list}
    if blocks and is_signature(re.sub(r"\s?(\d{1,4})$", lambda m: "" if m.group(1) in numbers else m.group(0),
                                      blocks[-1].text)):
        sig = blocks.pop()
        sig.type = "signed"
        doc.closer.append(sig)
    title = notes_mod.strip_head_marker(doc.head.text, note_list) if doc.head else ""
    doc.title = FRUS_HEAD.sub(r"\g<title>", title).strip() if title else ""
    parts, titles = participants_from_title(doc.title, key_for_name)
    doc.participants.update(parts)
    doc.meta["_titles"] = titles
    doc.meta["frus_number"] = doc.head.n if doc.head else ""
    for n, text, _line in note_list:
        if re.match(r"^Source:", text):
            doc.meta["source_note"] = text
            break
    blocks = participant_lists(blocks, doc, titles, key_for_name)
    doc.body = group_turns(with_lists(blocks), doc.participants, titles, key_for_name, known_names=[])


def is_signature(text: str) -> bool:
    """A short closing line that is only a name or two ('Rusk', 'Harriman and Vance')."""
    words = text.split()
    return (0 < len(words) <= 4 and not ends_terminal(text) and all(w[:1].isupper() or w in {"and", "&"} for w in words)
            and not re.search(r"\d", text))


# --- blog posts quoting a document ---------------------------------------------------------------------

def parse_blog(doc: Document, lines: list[Line], key_for_name) -> None:
    blocks = blocks_of(lines)
    items = group_turns(blocks, doc.participants, {}, key_for_name, known_names=[], run_on=False)
    last_turn = max((i for i, it in enumerate(items) if isinstance(it, Turn)), default=-1)
    cite_at = None
    for i in range(last_turn + 1, len(items)):
        it = items[i]
        if isinstance(it, Block) and CITATION.search(it.text) and not re.search(r"[.!?]$", it.text):
            cite_at = i
            break
    if cite_at is not None:
        cite = items[cite_at]
        cite.type = "bibl"
        doc.meta["citation"] = cite.text
        for it in items[cite_at + 1:]:
            for b in flatten_blocks(it):
                doc.omissions.append(Omission(b.line, "reader-comment", b.text))
        items = items[: cite_at + 1]
    source_id = f"d{doc.doc_id}-src1" if cite_at is not None else ""
    out: list = []
    for it in items:
        if isinstance(it, Turn):
            if out and isinstance(out[-1], Excerpt):
                out[-1].turns.append(it)
            else:
                out.append(Excerpt(turns=[it], source_id=source_id))
        else:
            out.append(it)
    doc.body = out


def flatten_blocks(item) -> list[Block]:
    if isinstance(item, Block):
        return [item]
    if isinstance(item, Turn):
        return [Block("p", item.label, item.line)] + [b for x in item.blocks for b in flatten_blocks(x)]
    if isinstance(item, ListBlock):
        return list(item.items)
    if isinstance(item, Excerpt):
        return [b for t in item.turns for b in flatten_blocks(t)]
    return []


# --- archive listings ----------------------------------------------------------------------------------

BULLET = re.compile(r"^\s*[•·▪‣*]\s+(?P<rest>\S.*)$")


def parse_listing(doc: Document, lines: list[Line], key_for_name) -> None:
    i = 0
    while i < len(lines) and not BULLET.match(lines[i].text):
        if not lines[i].blank:
            omit(doc, [lines[i]], "site-furniture")
        i += 1
    entries: list[Entry] = []
    cur: list[Block] = []
    cur_date: Block | None = None

    def flush():
        if cur_date is not None:
            title = cur[0] if cur else Block("title", "", cur_date.line)
            title.type = "title"
            summary = None
            if len(cur) > 1:
                summary = Block("summary", " ".join(b.text for b in cur[1:]), cur[1].line, cur[1].col)
            entries.append(Entry(cur_date.line, cur_date, title, summary))

    for line in lines[i:]:
        m = BULLET.match(line.text)
        if m:
            flush()
            cur = []
            cur_date = Block("date", m.group("rest"), line.no, m.start("rest") + 1)
            continue
        if not line.blank:
            cur.append(block_of(line))
    flush()
    doc.body = entries
    if not doc.title:
        doc.title = f"A listing of {len(entries)} documents"
        doc.title_resp = "#encoder"


def parse_unknown(doc: Document, lines: list[Line], key_for_name) -> None:
    doc.body = group_turns(with_lists(blocks_of(lines)), doc.participants, {}, key_for_name, known_names=[])


PARSERS = {"frus": parse_frus, "wilson-record": parse_wilson, "blog-quote": parse_blog, "listing": parse_listing,
           "unknown": parse_unknown}


def first_words(text: str, n: int = 10) -> str:
    words = text.split()
    return " ".join(words[:n]) + ("…" if len(words) > n else "")


def parse_document(doc_id: str, text: str, key_for_name, kind: str | None = None) -> Document:
    """Split ``text`` into a ``Document`` of the detected (or given) kind."""
    lines = to_lines(text)
    kind = kind or detect_kind(lines)
    doc = Document(doc_id=doc_id, kind=kind)
    PARSERS[kind](doc, lines, key_for_name)
    if not doc.title:
        first = next((line.text.strip() for line in lines if not line.blank), doc_id)
        doc.title = first_words(first)
        doc.title_resp = "#encoder"
    return doc


__all__ = ["parse_document", "detect_kind", "to_lines", "fold", "Excerpt"]
