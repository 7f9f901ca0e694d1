"""The index of the written forms of places and organisations (``Gazetteer``: what ``gazetteer`` loads), and the
finder of their mentions in a block of text, with the rules of precision the module ``gazetteer`` describes."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .forms import HONORIFICS, SENTENCE_WORDS, TITLES, at_sentence_start, fold

# Prepositions that make the capitalised word after them a place ('in Lyon', 'to Lyon', 'from Lyon').
PLACE_PREPOSITIONS = frozenset({"in", "to", "from", "at", "near", "via", "outside", "around", "toward", "towards",
                                "into", "through", "visit", "visited", "visiting", "left", "reached", "arrived"})


@dataclass(frozen=True)
class Entry:
    """One place or organisation of the index."""

    key: str
    name: str                      # the preferred form
    kind: str                      # "place" or "org"
    type: str = ""                 # country, city, continent, region …; organisation types as the editors give them
    forms: tuple[str, ...] = ()    # other forms (historical, alternate, abbreviations)
    geonames: str = ""             # the GeoNames id, for a gazetteer entry
    country: str = ""              # ISO 3166 code of a city's country
    note: str = ""
    evidence: bool = False         # True: a mention needs a preposition of place or a dateline (a middling city)


@dataclass
class Gazetteer:
    """The index: entries by key, and ``forms`` {written form: (key, needs the article 'the')}, grouped by their
    first word for the finder (``by_first``: forms longest first)."""

    entries: dict[str, Entry] = field(default_factory=dict)
    forms: dict[str, tuple[str, bool]] = field(default_factory=dict)
    by_first: dict[str, tuple[str, ...]] = field(default_factory=dict)
    editors: frozenset[str] = frozenset()   # forms from the editors' registers (they need no further evidence)

    def add_form(self, form: str, key: str, *, editors: bool = False) -> None:
        form = " ".join(form.split())
        article = form.startswith("the ")
        bare = form[4:] if article else form
        if not bare or bare in self.forms:
            return
        self.forms[bare] = (key, article)
        if editors:
            self.editors = self.editors | {bare}

    def finish(self) -> "Gazetteer":
        groups: dict[str, list[str]] = {}
        for form in self.forms:
            groups.setdefault(_first_word(form), []).append(form)
        self.by_first = {w: tuple(sorted(fs, key=lambda f: (-len(f), f))) for w, fs in groups.items()}
        return self

    def find(self, text: str, *, persons: dict | None = None, dateline: bool = False) -> list[tuple[int, int, Entry]]:
        """(start, end, entry) of each place or organisation named in ``text``, left to right, none overlapping.
        ``persons``: the document's person forms (a form there is a person's, not a place's); ``dateline``: the
        text is a dateline (its first place needs no preposition)."""
        out: list[tuple[int, int, Entry]] = []
        resume = 0
        for m in _CAP_WORD.finditer(text):
            start = m.start()
            if start < resume:
                continue
            for form in self.by_first.get(m.group(0), ()):
                end = start + len(form)
                if not text.startswith(form, start) or not _END.match(text, end):
                    continue
                hit = self._accept(text, start, end, form, persons, dateline and not out)
                if hit is not None:
                    out.append((start, end, hit))
                    resume = end
                break  # the longest form written here decides
        return out

    def _accept(self, text, start, end, form, persons, dateline) -> Entry | None:
        key, article = self.forms[form]
        entry = self.entries[key]
        before = text[max(0, start - 40):start]
        if (article and not _THE_BEFORE.search(before)) or (persons and form in persons):
            return None
        prev = _PREV_WORD.search(before)
        if prev and prev.group(1)[0].isupper() and not at_sentence_start(before[:prev.start()]) \
                and prev.group(1).lower() not in SENTENCE_WORDS | TITLES | HONORIFICS | PLACE_PREPOSITIONS:
            return None  # part of a longer name: 'Radio Hanoi', 'Fatherland Front'
        if form not in self.editors:
            nxt = _NEXT_WORD.match(text, end)
            if nxt and nxt.group(1).lower() not in SENTENCE_WORDS:
                return None  # 'Hanoi Politburo', 'Paris Peace Accords', 'Washington Post'
        if entry.evidence and form not in self.editors and not dateline \
                and not (prev and prev.group(1).lower() in PLACE_PREPOSITIONS):
            return None
        return entry


_CAP_WORD = re.compile(r"(?<![\w’'.-])[A-ZÀ-ÝĐ][\w-]*(?:[’'](?!s\b)[\w-]+)*(?:\.(?=\w))?")  # not the ’s
_END = re.compile(r"(?![\w-])(?![’'](?!s\b))")
_THE_BEFORE = re.compile(r"\b[Tt]he\s$")
_PREV_WORD = re.compile(r"([\w’'-]+)\.?\s+$")
_NEXT_WORD = re.compile(r" ([A-ZÀ-ÝĐ][\w’'-]*)")


def _first_word(form: str) -> str:
    m = _CAP_WORD.match(form)
    return m.group(0) if m else form.split()[0]


def slug(name: str) -> str:
    s = re.sub(r"[^a-z0-9]+", "-", fold(name).lower()).strip("-")
    return s if s and s[0].isalpha() else f"x-{s}"


def place_ref(entry: Entry) -> str:
    return f"{'places' if entry.kind == 'place' else 'orgs'}.xml#{entry.key}"
