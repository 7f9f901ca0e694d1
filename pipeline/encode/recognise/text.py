"""Lines and blocks: the source as numbered lines, and the paragraphs (blocks) they make."""

from __future__ import annotations

import functools
import re

from ..model import Block, Document, Line, ListBlock, Omission

_SPACE = r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]"
_OTHER_SPACE = r"[\t\u00a0\u2000-\u200a\u202f\u205f\u3000]"
# A run of two or more spaces, or a single space other than U+0020 (a tab, a no-break space …); written to start
# with the class (a space, then either it is another kind of space or a space follows), so that re scans quickly.
WHITESPACE_RUN = re.compile(rf"{_SPACE}(?:(?<={_OTHER_SPACE})|(?={_SPACE})){_SPACE}*")
TERMINAL = re.compile(r"[.!?:;…”\"’)\]]$")
LIST_ITEM = re.compile(r"^\s*(?P<n>\d{1,3}|[a-z])[.)]\s+(?=\S)")
CLOSER_START = re.compile(r"^(?:(?:The|This) (?:conversation|record|memorandum|minutes) (?:was|were) "
                          r"(?:recorded|taken|prepared|written) by|Recorded by|\[signed\]|\[signature\]|Signed:)", re.I)
BULLET = re.compile(r"^\s*[•·▪‣*]\s+(?P<rest>\S.*)$")
PAGE_LINE = re.compile(r"^(?:\[Page [0-9ivxlcdmIVXLCDM]+\]\s?)+$")


def ends_terminal(text: str) -> bool:
    """``text`` ends with sentence-ending punctuation (TERMINAL); only the last two characters can match."""
    return bool(TERMINAL.search(text[-2:]))


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
    two). A line that is only a page marker (``[Page 12]``) between paragraphs ends the paragraph before it, so
    that the page break follows that paragraph's last word and never splits a turn (nor precedes a label)."""
    out: list[Block] = []
    for line in lines:
        if line.blank:
            continue
        b = block_of(line)
        prev = out[-1].text if out else ""
        if prev and (PAGE_LINE.match(b.text)  # the page break after the last word of the paragraph before
                     or (not ends_terminal(prev) and b.text[:1].islower() and not LIST_ITEM.match(b.text)
                         and len(prev.split()) >= 12 and not CLOSER_START.match(prev))):
            out[-1].text = f"{prev} {b.text}"
        else:
            out.append(b)
    return out


def with_lists(blocks: list) -> list:
    """Runs of numbered paragraphs that start at 1 (or a) become ``ListBlock``s of ``item``s."""
    out: list = []
    run: list[Block] = []

    def flush():
        if run and run[0].n in ("1", "a"):
            out.append(ListBlock(items=list(run)))
        else:
            for b in run:
                b.type, b.text, b.n, b.label = "p", b.raw, "", ""  # type: ignore[attr-defined]
                out.append(b)
        run.clear()

    for b in blocks:
        m = LIST_ITEM.match(b.text) if isinstance(b, Block) and b.type == "p" else None
        if m:
            item = Block("item", b.text[m.end():], b.line, b.col + m.end(), n=m.group("n"),
                         label=b.text[:m.end()].strip())
            item.raw = b.text  # type: ignore[attr-defined]
            run.append(item)
        else:
            flush()
            out.append(b)
    flush()
    return out


def omit(doc: Document, lines: list[Line], reason: str) -> None:
    doc.omissions += [Omission(line.no, reason, line.text.strip()) for line in lines if not line.blank]
