"""The inline markup of a block of text: every pass proposes spans over it (page breaks, the editors' brackets,
aliases, dates, names of persons, places and organisations), which ``inline.fill`` resolves and builds."""

from __future__ import annotations

import bisect
import collections
import datetime as dt
import itertools
import re
from dataclasses import dataclass, field

from ..brackets import find_brackets
from ..dates import find_dates
from ..inline import Span, make
from ..names.forms import HONORIFICS, TITLES, family_first, strip_honorifics, strip_titles
from ..names.placeindex import Gazetteer, place_ref
from ..names.registry import NameIndex
from ..recognise.pagebreaks import inside_word

PAGE = re.compile(r"\[Page (?P<n>[0-9ivxlcdmIVXLCDM]+)\]\s?")
_NAME_WORD = r"[A-ZÀ-ÝĐ][a-zà-ỹđ’'-]+"
# An alias with the real name in brackets: "Sau [Le Duc Tho]", "Tuan [General Van Tien Dung]".
ALIAS = re.compile(rf"(?<![\w\[])(?P<alias>{_NAME_WORD}(?: {_NAME_WORD})?) \[(?P<name>(?:General |Comrade |Cde\. )?"
                   rf"{_NAME_WORD}(?: {_NAME_WORD}){{1,3}})\](?! [A-ZÀ-ÝĐ])")
ALIAS_START = re.compile(rf" \[(?:Cde\. |{_NAME_WORD} [A-ZÀ-ÝĐ])")  # where an ALIAS's bracket can open
# Given names supplied by the translator before a surname: "[Tran Buu] Kiem".
FIRST_NAMES_SUPPLIED = re.compile(rf"\[(?P<first>{_NAME_WORD}(?: {_NAME_WORD})?)\] (?P<last>{_NAME_WORD})")
TITLE_WORDS = TITLES | HONORIFICS  # a mention of these words only is a role ('The President'), not a name
NOT_ALIASES = {"If", "The", "A", "An", "In", "On", "At", "When", "And", "But", "Or", "To", "For", "Of", "With", "By",
               "From", "As", "We", "I", "You", "He", "She", "They", "It", "This", "That", "Our", "Their", "Your",
               "Comrade", "Comrades", "Cde", "Cdes", "General", "Minister", "Ambassador", "President", "Secretary"}


@dataclass
class Context:
    """What inline passes need to know about the document."""

    prefix: str
    ref: dt.date | None
    names: NameIndex
    key_for_name: object
    original_lang: str = "ru-Latn"
    warnings: list = field(default_factory=list)
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
    spans += [Span(b.start, b.end, 80, element=b.element) for b in brackets if not in_page_break(b.start)]
    in_marker = covered([(s.start, s.end) for s in extra])  # a note marker in brackets ('[1]') is no unclassified bracket
    ctx.warnings += [(line, col + offset, message, "bracket-unclassified") for offset, message in warns
                     if not in_marker(offset)]
    aliases = [m for m in ALIAS.finditer(text) if m.group("alias").split()[0] not in NOT_ALIASES] \
        if ALIAS_START.search(text) else ()  # the test first: most blocks have none
    persons = []  # (start, end, priority, key)
    for m in aliases:  # the alias is the name; the bracket (a gloss) stays outside it
        key = alias_key(m, len(aliases), ctx)
        if key is not None:
            persons.append((m.start("alias"), m.end("alias"), 45, key))
    for m in FIRST_NAMES_SUPPLIED.finditer(text):
        persons.append((m.start(), m.end(), 44, ctx.key_for_name(f"{m.group('first')} {m.group('last')}")))
    named = covered([(start, end) for start, end, _p, _k in persons])  # a mention inside them is not one more
    persons += [(start, end, 40, key) for start, end, key in person_mentions(text, ctx.names, line, col, named)]
    for start, end, priority, key in persons:
        spans.append(Span(start, end, priority, tag="persName", attrs=(("ref", person_ref(key)),)))
        ctx.mentions.add(key)
    spans += [Span(d.start, d.end, 50, tag=d.tag, attrs=d.attrs) for d in find_dates(text, ctx.ref)]
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


def person_mentions(text: str, names: NameIndex, line: int = 0, col: int = 0, skip=lambda start: False):
    """(start, end, key) of each person ``text`` names by a form of ``names``: not part of a longer name, not a
    title alone ('The President': a role, not a name to tag), not at a start ``skip`` rejects; the title or
    honorific it starts with stays outside the name ('Mr. Kissinger' → 'Kissinger'), as FRUS tags it."""
    for start, end, words in names.mentions(text, line, col):
        key = names.key_of_mention(words)
        if (key and not skip(start) and not names.part_of_longer_name(text, start, words)
                and not all(w.lower().strip(".,") in TITLE_WORDS for w in words.split())):
            yield start + len(words) - len(strip_titles(strip_honorifics(words))), end, key


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
