"""Entries of an archive's listing: bullet lines that are dates, each followed by a title and a summary.

Strong evidence only: at least two entries, every bullet of the region a date, and no running text between or
after them (every other line belongs to an entry). A bulleted list of names is not a listing."""

from __future__ import annotations

import re

from ..dates import parse_date_line
from ..model import Block, Entry, Line
from .text import BULLET, block_of

YEAR = re.compile(r"^(?:1[5-9]|20)\d\d$")


def is_entry_date(text: str) -> bool:
    return bool(YEAR.match(text.strip()) or parse_date_line(text.strip()))


def find_entries(lines: list[Line]) -> tuple[int, list[Entry]] | None:
    """(index of the first entry's line, entries) when ``lines`` end in a listing; else None."""
    first = next((i for i, line in enumerate(lines) if BULLET.match(line.text)), len(lines))
    bullets = [line for line in lines[first:] if BULLET.match(line.text)]
    if len(bullets) < 2 or not all(is_entry_date(BULLET.match(b.text).group("rest")) for b in bullets):
        return None
    entries: list[Entry] = []
    cur: list[Block] = []
    cur_date: Block | None = None

    def flush():
        if cur_date is None:
            return True
        if not cur:
            return False  # a date with no title: not an entry of a listing
        title = cur[0]
        title.type = "title"
        summary = None
        if len(cur) > 1:
            summary = Block("summary", " ".join(b.text for b in cur[1:]), cur[1].line, cur[1].col)
        entries.append(Entry(cur_date.line, cur_date, title, summary))
        return True

    for line in lines[first:]:
        m = BULLET.match(line.text)
        if m:
            if not flush():
                return None
            cur = []
            cur_date = Block("date", m.group("rest"), line.no, m.start("rest") + 1)
            continue
        if not line.blank:
            if len(cur) >= 3:
                return None  # more than a title and a summary of a few lines: running text, not a listing
            cur.append(block_of(line))
    if not flush():
        return None
    return first, entries
