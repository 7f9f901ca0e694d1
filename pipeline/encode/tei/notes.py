"""The notes of a document placed at their markers in the text (the note-placement algorithm): notes are taken
by their place in the list, markers found by ``recognise.notes``; a marker whose note the copy lacks and a note
whose marker is not found are both kept, with a warning."""

from __future__ import annotations

from lxml import etree

from ..inline import fill, make
from ..model import Block, Document, Excerpt, ListBlock, Turn
from ..recognise.notes import GLUED, all_candidates, find_markers, head_marker
from .spans import Context, inline_spans


def note_element(n: str, text: str, line: int, ctx: Context, suffix: str = "") -> etree._Element:
    note = make("note", (("place", "foot"), ("n", n), ("xml:id", f"{ctx.prefix}-fn{n}{suffix}")))
    if text.startswith("Source:"):
        note.set("type", "source")
    fill(note, text, inline_spans(text, ctx, line, 1))
    return note


def reading_order_blocks(doc: Document) -> list[Block]:
    """Every text block in reading order (head, dateline, body, closer), for the note-marker search."""
    out: list[Block] = [b for b in (doc.head, doc.dateline, *doc.opener) if b is not None]

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
    head = head_marker(doc.head.text, doc.notes) if doc.head is not None else None  # the head is block 0
    found, missing = find_markers([b.text for b in blocks], numbers, doc.note_style, ((0, *head),) if head else ())
    queue: dict[str, list[int]] = {}  # number -> the places in the list of the notes it numbers
    elements = []
    for i, (n, t, line) in enumerate(doc.notes):
        queue.setdefault(n, []).append(i)
        elements.append(note_element(n, t, line, ctx, "" if len(queue[n]) == 1 else f"-{len(queue[n])}"))
    for n, places in queue.items():
        if len(places) > 1:
            ctx.warnings.append((doc.notes[places[1]][2], 1, f"the note list numbers {len(places)} notes {n}: "
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
        ctx.warnings.append((blocks[bi].line, 1, f"note marker {n} in the text, but the copy has no text for note "
                             f"{n}: kept as a note without text", "note-text-missing"))
    unplaced = []
    for n in missing:
        idx = queue[n].pop(0)
        ctx.warnings.append((doc.notes[idx][2], 1, f"note {n} has no marker in the text: kept at the end of the text",
                             "note-marker"))
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
