"""Footnotes of FRUS-style pages: the numbered note list at the end, and the markers in the text it belongs to.

A number in the text is a marker only if it is the next note of the list, in sequence, and stands where a note
marker stands: glued to the end of a word or punctuation (``meeting.2``, ``”3``, ``(Read)1``), or after a space
at the end of a heading or after a capitalised word or an ordinal (``State 1``, ``March 31st 3``) — never after a
month name, an abbreviation in capitals, a counting word (``points 4 and 5``, ``Document 40``) or inside a number
(``400-500,000``, ``Jan. 20th``)."""

from __future__ import annotations

import re

from .model import Line

NOTE_LINE = re.compile(r"^\s{1,8}(?P<n>\d{1,4})\.\s+(?P<text>\S.*)$")
MONTHS = {"january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"}
COUNTING = {"point", "points", "paragraph", "paragraphs", "para", "paras", "document", "documents", "page", "pages",
            "no", "nos", "number", "numbers", "vol", "volume", "volumes", "chapter", "section", "sections", "article",
            "articles", "item", "items", "annex", "table", "telegram", "telegrams", "tab", "appendix", "annexes",
            "and", "or", "to", "of", "than", "by", "from", "until", "on", "at", "in", "with", "the", "those", "these",
            "all", "some", "only", "every", "about", "around", "nearly", "over", "under", "lot", "rg", "box", "folder",
            "file", "files", "tape", "pno", "delto", "todel", "secto", "tosec", "cable", "cables", "memo", "op", "d",
            "f", "ll", "l", "p", "pp", "category", "phase", "stage", "step", "steps", "option", "options"}


def split_note_list(lines: list[Line]) -> tuple[int, list[tuple[str, str, int]]]:
    """(index where the note list starts, [(number, text, line number)]). No list: (len(lines), [])."""
    start = None
    for i in range(len(lines) - 1, -1, -1):
        m = NOTE_LINE.match(lines[i].text)
        if m and m.group("n") in ("0", "1"):
            # the list must run to the end: every later non-blank line is a note line or a continuation
            start = i
            break
    if start is None:
        return len(lines), []
    notes: list[list] = []
    for line in lines[start:]:
        m = NOTE_LINE.match(line.text)
        if m:
            notes.append([m.group("n"), m.group("text").strip(), line.no])
        elif not line.blank and notes:
            notes[-1][1] = f"{notes[-1][1]} {line.text.strip()}"
    return start, [tuple(n) for n in notes]


def _glued(text: str, s: int, e: int) -> bool:
    if s == 0:
        return False
    before = text[s - 1]
    after = text[e] if e < len(text) else ""
    if after and (after.isalnum() or after in "-/,." and e + 1 < len(text) and text[e + 1].isdigit()):
        return False
    if before.isdigit():
        return False
    if before in ".,;:" and s >= 2 and text[s - 2].isdigit() and after and not after.isspace():
        return False
    return before.isalpha() or before in ".,;:!?’”\"')]»…—"


def _spaced(text: str, s: int, e: int) -> bool:
    if s < 2 or text[s - 1] != " ":
        return False
    after = text[e] if e < len(text) else ""
    if after and not (after.isspace() or after in ".,;:)"):
        return False
    if after in ".,;:" and e + 1 < len(text) and text[e + 1].isdigit():
        return False
    prev = re.search(r"(\S+)\s$", text[:s])
    if not prev:
        return False
    word = prev.group(1)
    bare = word.rstrip(".,;:").lower()
    if bare in MONTHS or bare in COUNTING or re.fullmatch(r"[A-Z]{1,6}\.?", word):
        return False
    if re.fullmatch(r"\d+(?:st|nd|rd|th)", word):
        return True
    if not word[:1].isupper() and not word.endswith((")", "”", "’", "\"", "]")):
        return False
    return True


def find_markers(texts: list[str], numbers: list[str]) -> tuple[dict[int, list[tuple[int, int, str]]], list[str]]:
    """Markers of ``numbers`` (in order) in the block ``texts`` (in reading order).

    Returns ({block index: [(start, end, number)]}, [numbers whose marker was not found])."""
    found: dict[int, list[tuple[int, int, str]]] = {}
    missing: list[str] = []
    pos = (0, 0)
    for n in numbers:
        hit = None
        pat = re.compile(rf"(?<!\d){re.escape(n)}(?!\d)")
        for bi in range(pos[0], len(texts)):
            text = texts[bi]
            start = pos[1] if bi == pos[0] else 0
            for m in pat.finditer(text, start):
                s, e = m.span()
                if _glued(text, s, e) or _spaced(text, s, e):
                    hit = (bi, s, e)
                    break
            if hit:
                break
        if hit is None:
            missing.append(n)
            continue
        bi, s, e = hit
        found.setdefault(bi, []).append((s, e, n))
        pos = (bi, e)
    return found, missing


def strip_head_marker(head: str, notes: list[tuple[str, str, int]]) -> str:
    """The heading's text without a trailing note marker ('… to the Department of State 1')."""
    if notes:
        first = notes[0][0]
        m = re.search(rf"\s?{re.escape(first)}$", head)
        if m and (_glued(head, m.end() - len(first), m.end()) or head[m.start()] == " "):
            return head[: m.start()].rstrip()
    return head
