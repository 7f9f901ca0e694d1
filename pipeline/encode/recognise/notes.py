"""Footnotes of FRUS-style pages: the numbered note list at the end, and the markers in the text it belongs to.

A number in the text is a marker only if it is a note of the list and the markers stand in the list's order.
Where a marker may stand, from strongest to weakest:

- glued to the end of a word or punctuation: ``meeting.2``, ``”3``, ``(Read)1``, ``[Laughter]5``;
- after a space, following a capitalised word, an ordinal or closing punctuation, or at the end of a heading:
  ``State 1``, ``March 31st 3``, ``[Laughter] 5``, ``Carmichael 6 sit``;
- after a space, following a lower-case word or a number (``luncheon 2 I saw``, ``today 2 at``,
  ``State 259261 3 and``): taken only when the sequence of the list needs it.

Never a marker: a number inside a number or a date (``400-500,000``, ``Jan. 20th``, ``11:30``), after a month name,
an abbreviation in capitals or a counting word (``points 4 and 5``, ``Document 40``, ``Lot 93 D 82``,
``Delto 788``), before a plural noun (``2 days``), or opening a paragraph (a numbered point).
Among the possible placements the one that places the most notes at the strongest places wins; ties go to the
earliest places."""

from __future__ import annotations

import re

from ..model import Line

NOTE_LINE = re.compile(r"^\s{1,8}(?P<n>\d{1,5})\.\s+(?P<text>\S.*)$")
# Endnotes in brackets or slashes after the text: '[1] text' (Wilson Center), '/1/ text' (older State pages).
BRACKET_NOTE_LINE = re.compile(r"^\s{0,8}(?P<open>\[|/)(?P<n>\d{1,4})(?:\]|/)\s*(?P<text>\S.*)$")
STYLE_OPEN = {"[": "bracket", "/": "slash"}
MAX_CONTINUATION = 4  # lines a note's text may run on over; more is running text, not a note list
MONTHS = {"january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"}
# Counting words that are nouns ('article 2', 'telegram 3'): a number after one is a marker only as a last resort,
# where the list's sequence needs a note there and no better place exists.
COUNTING_NOUNS = {"point", "points", "paragraph", "paragraphs", "para", "paras", "document", "documents", "page",
                  "pages", "number", "numbers", "volume", "volumes", "chapter", "section", "sections", "article",
                  "articles", "item", "items", "annex", "table", "telegram", "telegrams", "tab", "appendix",
                  "annexes", "category", "phase", "stage", "step", "steps", "option", "options", "cable", "cables",
                  "memo", "room", "route", "highway", "flight", "station", "unit", "division", "brigade",
                  "battalion", "regiment", "corps", "zone", "region", "area", "sector", "folder", "file", "files",
                  "tape", "box", "lot"}
# Words before a number that make it a count or a reference ('about 5', 'RG 59'): the counting nouns and these.
COUNTING = COUNTING_NOUNS | {"no", "nos", "vol", "and", "or", "to", "of", "than", "by", "from", "until", "on", "at",
                             "in", "with", "the", "those", "these", "all", "some", "only", "every", "about", "around",
                             "nearly", "over", "under", "rg", "pno", "delto", "todel", "secto", "tosec", "op", "d",
                             "f", "ll", "l", "p", "pp", "for", "first", "last", "next", "another", "are", "were",
                             "was", "is", "be", "been", "had", "have", "has", "approximately", "almost", "least",
                             "most", "just", "exactly", "any", "per", "minus", "plus", "times", "into", "onto",
                             "between", "among", "within", "after", "before", "since", "during", "till"}
# Lower-case words after a number that make it a quantity ('2 days'), not a marker.
QUANTITY_WORDS = {"a.m", "p.m", "percent", "per", "o'clock", "o’clock", "of", "or", "to", "out", "more",
                  "less", "million", "billion", "thousand", "hundred", "dozen", "times", "men", "people", "feet"}
FUNCTION_WORDS_IN_S = {"is", "as", "was", "has", "his", "this", "its", "us", "yes", "thus", "plus", "unless",
                       "whereas", "perhaps", "always", "besides", "across", "towards", "afterwards"}
GLUED, SPACED, WEAK, LAST = 6, 4, 2, 1  # LAST: only where the sequence has no other place for the note


def split_notes(lines: list[Line]) -> tuple[int, list[tuple[str, str, int]], str]:
    """(index where the note list starts, [(number, text, line number)], the style of the list's markers:
    "numbered", "bracket" or "slash"); a note's text may run over several lines. The list is the last run of
    indented ``  N. text`` lines that starts at 0 or 1 and runs to the end, or else the last run of ``[N] text``
    (or ``/N/ text``) lines that starts at 1. No list: (len(lines), [], "")."""
    start = _last_line(lines, NOTE_LINE, ("0", "1"))
    if start is not None and NOTE_LINE.match(lines[start].text).group("n") == "1":
        before = [j for j in range(start) if not lines[j].blank]
        m = NOTE_LINE.match(lines[before[-1]].text) if before else None
        if m and m.group("n") == "0":  # FRUS numbers the source note 0
            start = before[-1]
    pattern, style = NOTE_LINE, "numbered"
    if start is None:
        start = _last_line(lines, BRACKET_NOTE_LINE, ("1",))
        if start is not None:
            pattern, style = BRACKET_NOTE_LINE, STYLE_OPEN[BRACKET_NOTE_LINE.match(lines[start].text).group("open")]
    if start is None:
        return len(lines), [], ""
    notes: list[list] = []
    run = 0
    for line in lines[start:]:
        m = pattern.match(line.text)
        if m and (style == "numbered" or STYLE_OPEN[m.group("open")] == style):
            notes.append([m.group("n"), m.group("text").strip(), line.no])
            run = 0
        elif not line.blank and notes:
            run += 1
            if run > MAX_CONTINUATION:
                return len(lines), [], ""  # running text after a numbered point, not a note list
            notes[-1][1] = f"{notes[-1][1]} {line.text.strip()}"
    return start, [tuple(n) for n in notes], style


def _last_line(lines: list[Line], pattern: re.Pattern, numbers: tuple[str, ...]) -> int | None:
    """The index of the last line ``pattern`` reads as a note numbered one of ``numbers``, or None."""
    return next((i for i in reversed(range(len(lines)))
                 if (m := pattern.match(lines[i].text)) and m.group("n") in numbers), None)


def _inside_number(text: str, s: int, e: int) -> bool:
    """``20`` of ``20th``, ``500`` of ``400-500,000``, ``30`` of ``11:30``, ``2`` of ``2.5``."""
    before = text[s - 1] if s else ""
    after = text[e] if e < len(text) else ""
    if after.isalnum() or after in "’'" and text[e + 1: e + 2].isalpha():
        return True
    if after and after in "-/,.:–" and text[e + 1: e + 2].isdigit():
        return True
    if before and before in ",:" and s >= 2 and text[s - 2].isdigit() and e - s <= 2 and not after.isdigit():
        # '1968,3' or '291645:2': a marker glued after a number and its punctuation ('400,000' and '11:30' have
        # three and two digits after the mark; a two-digit marker after a colon is a marker only by the sequence)
        return before == ":" and e - s == 2
    if before.isdigit() or (before and before in "-/,:–$£#" and s >= 2 and text[s - 2].isdigit()):
        return True
    if before == "." and s >= 2 and text[s - 2].isdigit():
        # '2.5 percent' is a number; 'in 1967.2 You', 'Document 40.2' end a sentence with a number, then a marker
        return not re.match(r"\s*$|\s+[A-ZÀ-ÝĐ“\"‘(\[]", text[e:])
    return before in "$£#№"


def _next_word(text: str, e: int) -> str:
    m = re.match(r"\s+([\w.’']+)", text[e:])
    return m.group(1) if m else ""


def _is_quantity(text: str, e: int) -> bool:
    """The number is followed by a word that it counts: '2 days', '3 p.m.', '2 of them'."""
    word = _next_word(text, e)
    bare = word.rstrip(".").lower()
    return word[:1].islower() and (bare in QUANTITY_WORDS or (len(bare) > 2 and bare.endswith("s")
                                                             and bare not in FUNCTION_WORDS_IN_S))


def strength(text: str, s: int, e: int, last_block: bool = False) -> int:
    """How strongly ``text[s:e]`` (a number) stands where a note marker stands: GLUED, SPACED, WEAK or 0."""
    if s == 0 or _inside_number(text, s, e):
        return 0
    after = text[e] if e < len(text) else ""
    before = text[s - 1]
    if before in "([{“‘" or re.fullmatch(r"\s*", text[:s]):
        return 0
    if before in "\"'" and (s < 2 or text[s - 2].isspace()):
        return 0  # an opening straight quotation mark
    if not before.isspace():
        if after and not (after.isspace() or after in ".,;:!?)]”’\"—–-"):
            return 0
        if before in ",:" and s >= 2 and text[s - 2].isdigit():
            return SPACED  # '1968,3', 'State 291645:2'
        return GLUED if before.isalpha() or before in ".,;:!?’”\"')]»…—–" else 0
    if after and not (after.isspace() or after in ".,;:!?)]”’\"—–"):
        return 0
    head = text[:s].rstrip()  # string methods: a pattern anchored at the end would be tried at every offset
    if not head:
        return 0
    word = head.rsplit(None, 1)[-1]  # the word before the spaces
    bare = re.split(r"[/\-–]", word.rstrip(".,;:").lower())[-1]
    if bare in MONTHS or re.fullmatch(r"[A-Z]\.?", word) or word.endswith((",", ";", ":")):
        return 0
    if bare in COUNTING:
        # 'after the article 2 [There was …': a counting noun, then the number, then an editor's bracket or the end
        return LAST if bare in COUNTING_NOUNS and word.islower() and re.match(r"\s*(?:\[|$)", text[e:]) else 0
    if _is_quantity(text, e):
        return LAST if word[-1] in ")]" else 0  # 'strong force [voice] 5 to make sure', not '5 to 10'

    if re.fullmatch(r"[A-Z]{2,6}\.?", word):
        return WEAK  # an abbreviation in capitals ('RG 59', 'NSAM 273'): a marker only where the sequence needs it
    if (re.fullmatch(r"\d+(?:st|nd|rd|th)", word) or word[:1].isupper() or word[-1] in ".!?)]”’\"»"):
        return SPACED
    if not after and last_block:
        return SPACED  # the last word of the text (a signature, a closing sentence)
    return WEAK


BRACKET_MARKER = re.compile(r"\[(\d{1,4})\]")
SLASH_MARKER = re.compile(r"(?<![\w/])/(\d{1,4})/(?![\w/])")
STYLE_MARKERS = {"bracket": BRACKET_MARKER, "slash": SLASH_MARKER}


def all_candidates(texts: list[str], wanted: set[str], style: str = "numbered"
                   ) -> dict[str, list[tuple[int, int, int, int, int]]]:
    """Every place a number of ``wanted`` may be a marker, in one pass over the text: {number: [(block, start,
    end, strength, span start)]}. A spaced marker's span takes the space before it, so the note follows its word.
    Markers in brackets or slashes (``[3]``, ``/3/``) are strong wherever they stand; their span is the whole
    marker."""
    out: dict[str, list] = {}
    if style in STYLE_MARKERS:
        for bi, text in enumerate(texts):
            for m in STYLE_MARKERS[style].finditer(text):
                if m.group(1) in wanted:
                    out.setdefault(m.group(1), []).append((bi, m.start(), m.end(), GLUED, m.start()))
        return out
    for bi, text in enumerate(texts):
        for m in re.finditer(r"\d+", text):
            if m.group(0) not in wanted:
                tail = glued_to_number(text, m.start(), m.end(), wanted)
                if tail:
                    out.setdefault(text[tail:m.end()], []).append((bi, tail, m.end(), LAST, tail))
                continue
            st = strength(text, m.start(), m.end(), last_block=bi == len(texts) - 1)
            if st:
                span_start = m.start() - 1 if text[m.start() - 1] == " " else m.start()
                out.setdefault(m.group(0), []).append((bi, m.start(), m.end(), st, span_start))
    return out


def glued_to_number(text: str, s: int, e: int, wanted: set[str]) -> int:
    """Where a marker glued to the end of a long number starts ('State 2592613 and' is telegram 259261 and note
    3), or 0: the number stands alone, has at least four digits before the marker and ends before a space or a
    punctuation mark. Only a last resort of the sequence: nothing in the text tells the digits apart."""
    if (s and not text[s - 1].isspace()) or (e < len(text) and not (text[e].isspace() or text[e] in ".,;:)]”’")):
        return 0
    for k in (1, 2):
        if e - s - k >= 4 and text[e - k:e] in wanted and text[e - k] != "0":
            return e - k
    return 0


def find_markers(texts: list[str], numbers: list[str], style: str = "numbered", forced: tuple = ()
                 ) -> tuple[dict[int, list[tuple[int, int, str]]], list[str]]:
    """Markers of ``numbers`` (the note list, in order) in the blocks ``texts`` (in reading order).

    The notes are placed in list order where their markers score best in total (glued beats spaced beats weak),
    ties going to the earliest places: a heaviest increasing chain over the candidates, sorted by position, with a
    Fenwick tree of running maxima by note index (O(c log n) for c candidates and n notes; no recursion).

    ``forced``: places a recogniser has already read as a marker ((block, start, end, number): the heading's),
    stronger than any other.

    Returns ({block index: [(start, end, number)]}, [numbers whose marker was not found])."""
    n = len(numbers)
    by_number = all_candidates(texts, set(numbers), style)
    for bi, s, e, num in forced:
        span_start = s - 1 if s and texts[bi][s - 1] == " " else s
        by_number.setdefault(num, []).append((bi, s, e, GLUED + 1, span_start))
    cands = sorted((c[0], c[1], i, c) for i, num in enumerate(numbers) for c in by_number.get(num, []))
    tree: list[tuple] = [(0, 0, -1)] * (n + 1)  # (score, -position rank, candidate index): best chain ending before

    def query(i: int) -> tuple:
        best = (0, 0, -1)
        while i > 0:
            best = max(best, tree[i])
            i -= i & -i
        return best

    def update(i: int, value: tuple) -> None:
        while i <= n:
            tree[i] = max(tree[i], value)
            i += i & -i

    parent: list[int] = []
    scores: list[int] = []
    pending: list[tuple] = []  # candidates at one position (a number listed twice) must not chain each other
    for rank, (b, s, note, c) in enumerate(cands):
        if pending and pending[0][0] != (b, s):
            for _pos, note_, value in pending:
                update(note_ + 1, value)
            pending = []
        prev = query(note)  # chains over notes 0 .. note-1, all earlier in the text
        score = prev[0] + c[3]
        parent.append(prev[2])
        scores.append(score)
        pending.append(((b, s), note, (score, -rank, rank)))
    found: dict[int, list[tuple[int, int, str]]] = {}
    placed: set[int] = set()
    if cands:
        k = max(range(len(cands)), key=lambda r: (scores[r], -r))
        while k >= 0:
            _b, _s, note, c = cands[k]
            placed.add(note)
            found.setdefault(c[0], []).insert(0, (c[4], c[2], numbers[note]))
            k = parent[k]
    for hits in found.values():
        hits.sort()
    missing = [num for i, num in enumerate(numbers) if i not in placed]
    return found, missing


def strip_head_marker(head: str, notes: list[tuple[str, str, int]]) -> str:
    """The heading's text without a trailing note marker ('… to the Department of State 1', '… (Read)1')."""
    m = head_marker(head, notes)
    return head[: m[0]].rstrip() if m else head


def head_marker(head: str, notes: list[tuple[str, str, int]]) -> tuple[int, int, str] | None:
    """(start, end, number) of the note marker that ends a numbered heading, or None.

    The first note of the list (the source note) is marked at the end of the heading: spaced ('… Meeting 1'),
    glued to a word ('… Conversation1') or glued to a number the heading ends with ('… Memorandum 2341' is
    memorandum 234 and note 1) when that note is a source note, which FRUS always marks in the heading."""
    if not notes:
        return None
    first, text = notes[0][0], notes[0][1]
    s = len(head) - len(first)
    if s <= 0 or not head.endswith(first):
        return None
    source = text.startswith("Source:")
    before = head[s - 1]
    if before.isdigit():
        digits = re.search(r"(\d+)$", head[:s])
        whole = head[s - len(digits.group(1)):]
        words = head[: s - len(digits.group(1))].split()
        if words and words[-1].rstrip(".,").lower() in MONTHS and int(whole) <= 31:
            return None  # 'Letter of June 21': a day of the month
        if source and head[: s - len(digits.group(1))].endswith(" "):
            return s, len(head), first
        return None
    if source or strength(head, s, len(head), last_block=True) or before.isalpha() or before in ".)]”’\"":
        return s, len(head), first
    return None
