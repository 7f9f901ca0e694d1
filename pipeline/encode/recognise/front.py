"""The front of a document: the page's own date, the heading, the dateline and the opener (addressee lines).

Each needs its own evidence: a numbered heading (``12. Memorandum …``), or a title the site profile places
first, or a short line without final punctuation that a dateline or an opener follows; a dateline is a line that
is only a dated place-and-date (or 'Undated.'); an opener line is ``To: …`` / ``From: …``."""

from __future__ import annotations

import re

from ..dates import parse_date_line
from ..model import Block, Document, Omission
from .sites import Sites
from .text import BULLET, ends_terminal

NUMBERED_HEAD = re.compile(r"^(?P<n>\d{1,4})\.\s+(?P<title>\S.*)$")
OPENER = re.compile(r"^(?:To|From|Attention|Attn|Addressee|For)\s*:\s*\S")
UNDATED = re.compile(r"^\[?(?:Undated|No date|Date unknown|n\.d)\.?\]?\.?$", re.I)


PAGE_PREFIX = re.compile(r"^(?:\[Page [0-9ivxlcdmIVXLCDM]+\]\s*)+")  # the older pages put a page break before the heading


def without_page_prefix(text: str) -> str:
    """``text`` without the page markers it opens with ('[Page 367] 146. Transcript …' → '146. Transcript …')."""
    return text[PAGE_PREFIX.match(text).end():] if PAGE_PREFIX.match(text) else text


MARKER_AT_END = re.compile(r"(?<=[.,;:)\]])\d{1,3}$")  # a note marker glued to the dateline's last mark


def is_dateline(text: str) -> bool:
    text = MARKER_AT_END.sub("", text.strip())
    return bool(parse_date_line(text) or UNDATED.match(text))


def could_be_title(text: str) -> bool:
    """A short line that is not a sentence, a bullet or a label."""
    return (0 < len(text.split()) <= 30 and not ends_terminal(text.rstrip("0123456789")) and not BULLET.match(text)
            and ": " not in text)


def read_front(doc: Document, blocks: list[Block], sites: Sites) -> list[Block]:
    """Take the page date, heading, dateline and opener off the front of ``blocks``; returns the rest."""
    site = sites.site
    i = 0
    if site is not None and site.page_date_first and blocks and parse_date_line(blocks[0].text):
        d = blocks[0]
        doc.page_date = d.text
        doc.omissions.append(Omission(d.line, "metadata", d.text))
        i = 1
    if i < len(blocks):
        b = blocks[i]
        nxt = blocks[i + 1].text if i + 1 < len(blocks) else ""
        m = NUMBERED_HEAD.match(without_page_prefix(b.text))
        if m or (site is not None and site.title_first) or (
                could_be_title(without_page_prefix(b.text)) and nxt and (is_dateline(nxt) or OPENER.match(nxt))):
            b.type = "head"
            if m:
                b.n = m.group("n")
            doc.head = b
            i += 1
    if i < len(blocks) and is_dateline(blocks[i].text) and len(blocks[i].text.split()) <= 20:
        doc.dateline = blocks[i]
        doc.dateline.type = "dateline"
        i += 1
    while i < len(blocks) and OPENER.match(blocks[i].text):
        blocks[i].type = "addrLine"
        doc.opener.append(blocks[i])
        i += 1
    return blocks[i:]
