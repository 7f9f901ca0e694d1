"""The editable register of persons (``registry/persons.toml``) and name look-up for one document.

The data file lets an editor add a person, give the preferred and normalised forms, list other forms met in
the sources, and merge two keys (``merge = ["tho"]``) without touching code. Persons not in the file still get a
key from their normalised name (:func:`pipeline.encode.names.forms.key_of`)."""

from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from ...errors import PipelineError
from .forms import (FAMILY_FIRST, HONORIFICS, THING_WORDS, TITLES, at_sentence_start, family_and_given, family_first,
                    fold, key_of, sort_form, strip_honorifics)


@dataclass(frozen=True)
class RegisteredPerson:
    key: str
    name: str                      # preferred form, as the sources write it (diacritics kept)
    sort: str                      # normalised sort form
    forms: tuple[str, ...] = ()    # other forms met in the sources
    merged: tuple[str, ...] = ()   # keys folded into this one
    note: str = ""


@dataclass
class Registry:
    persons: dict[str, RegisteredPerson] = field(default_factory=dict)
    #: the folder of the register's data files (registry/), where the registers of places and organisations are
    folder: Path | None = None

    def canonical_key(self, key: str) -> str:
        """The key a merge folds ``key`` into (``merge = [...]`` in the data file), else ``key``."""
        return next((p.key for p in self.persons.values() if key in p.merged), key)

    def _forms(self) -> tuple[dict[str, str], dict[str, str], dict[str, frozenset[str]]]:
        """({normalised form: key}, {form as written or folded: key}, {surname of a form of several words: keys})
        over every registered form (first person wins), made once and again only when the persons change."""
        cache = self.__dict__.get("_forms_cache")
        if cache is None or cache[0] != len(self.persons):
            normalised: dict[str, str] = {}
            full: dict[str, str] = {}
            for p in self.persons.values():
                for form in (p.name, *p.forms):
                    normalised.setdefault(fold(strip_honorifics(form)).lower(), p.key)
                    full.setdefault(form, p.key)
                    full.setdefault(fold(form), p.key)
            by_surname: dict[str, set[str]] = {}
            for form, key in full.items():
                if len(form.split()) > 1 and not family_first(form):  # 'Le Duc Tho': 'Tho' is no surname
                    by_surname.setdefault(family_and_given(form)[0], set()).add(key)
            cache = self.__dict__["_forms_cache"] = (
                len(self.persons), normalised, full, {sur: frozenset(keys) for sur, keys in by_surname.items()})
        return cache[1:]

    def name_forms(self) -> tuple[dict[str, str], dict[str, frozenset[str]]]:
        """The forms as written or folded and the surnames (see ``_forms``): each document's ``NameIndex``
        starts from them."""
        return self._forms()[1:]

    def key_for_name(self, name: str) -> str:
        """The key of a full name: a registered form if one matches, else the name's own slug."""
        return self.registered_key(name) or self.canonical_key(key_of(name))

    def registered_key(self, form: str) -> str | None:
        """The key of the registered person who has ``form`` among their forms, else None."""
        return self._forms()[0].get(fold(strip_honorifics(form)).lower())


def registry_files(path: str | Path | None) -> list[Path]:
    """The register's data files: ``path`` (registry/persons.toml) and the persons lists imported beside it
    (``persons-*.toml``, by name), those that exist."""
    if path is None:
        return []
    path = Path(path)
    extra = sorted(path.parent.glob(f"{path.stem}-*.toml")) if path.parent.is_dir() else []
    return [p for p in [path, *extra] if p.exists()]


def load_registry(path: str | Path | None) -> Registry:
    """Read the register data file and the persons lists imported beside it (absent files: an empty register).
    An entry of a later file whose key is already registered adds its forms (and its note, if there is none)."""
    reg = Registry(folder=Path(path).parent if path is not None else None)
    for file in registry_files(path):
        _load_file(reg, file)
    return reg


def _load_file(reg: Registry, path: Path) -> None:
    reg.__dict__.pop("_forms_cache", None)  # an imported list may add forms to a registered person
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise PipelineError(f"{path}: error: not a valid TOML register of persons: {exc}") from None
    for i, entry in enumerate(data.get("person", []), 1):
        if "name" not in entry:
            raise PipelineError(f"{path}: error: person #{i} has no 'name'")
        key = entry.get("key") or key_of(entry["name"])
        if not re.fullmatch(r"[a-z][a-z0-9-]*", key):
            raise PipelineError(f"{path}: error: person key {key!r} must be lower-case letters, digits and dashes")
        old = reg.persons.get(key)
        if old is not None:  # an imported list adds forms to a person the register already has
            forms = tuple(dict.fromkeys((*old.forms, entry["name"], *entry.get("forms", ()))))
            reg.persons[key] = RegisteredPerson(key=key, name=old.name, sort=old.sort, forms=forms, merged=old.merged,
                                                note=old.note or entry.get("note", ""))
            continue
        reg.persons[key] = RegisteredPerson(
            key=key, name=entry["name"], sort=entry.get("sort") or sort_form(entry["name"]),
            forms=tuple(entry.get("forms", ())), merged=tuple(entry.get("merge", ())), note=entry.get("note", ""),
        )


# A name followed by one of these words names a thing, not the person ("Johnson Library", "Ho Chi Minh Campaign").
INSTITUTIONS = "(?:" + "|".join(sorted((w.capitalize() for w in THING_WORDS), key=lambda w: (-len(w), w))) + r")\b"


@dataclass
class NameIndex:
    """The names one document can mention: its participants and the register, with their keys.

    ``forms`` maps a form as it may be written (full names, and surnames that are unambiguous) to a key."""

    forms: dict[str, str] = field(default_factory=dict)
    written: frozenset[str] | None = None  # the forms written in the document's source, see ``note_source``
    source: str = ""  # the document's source text, see ``note_source``
    written_by_length: tuple[str, ...] = ()  # ``written`` in the pattern's order of alternatives
    line_starts: list[int] = field(default_factory=list)  # where each line of ``source`` starts

    @classmethod
    def build(cls, registry: Registry, participants: dict[str, str]) -> "NameIndex":
        reg_full, reg_surnames = registry.name_forms()
        full = dict(reg_full)
        for name, key in participants.items():
            full.setdefault(name, key)
        by_surname = dict(reg_surnames)  # the register's sets are shared: a participant's key makes a new set
        for form, key in list(full.items())[len(reg_full):]:
            if len(form.split()) > 1 and not family_first(form):
                sur = family_and_given(form)[0]
                by_surname[sur] = by_surname.get(sur, frozenset()) | {key}
        forms = dict(full)
        for sur, keys in by_surname.items():
            if len(keys) == 1 and len(sur) > 2 and sur not in forms and sur.lower() not in TITLES:
                forms[sur] = next(iter(keys))
        return cls(forms)

    def add(self, name: str, key: str) -> None:
        """Add a form found in the text (a surname already known keeps its person)."""
        self.forms.setdefault(name, key)
        self.written = None  # a new form: what the source holds must be noted again

    def add_discovered(self, found: list[tuple[str, str]], key_for_name) -> None:
        """Add the names a document gives away (:func:`pipeline.encode.names.forms.discover`: (title, name)). A name of
        several words is a person of its own key. One word after a title is the person of this document whose
        known name ends with it ('Comrade Ho' where 'Vo Quang Ho' is named), registered in that titled form only;
        a word that is a family name of a name-first language ('Ho', 'Mao') and ends no known name stays unknown
        (it may be any of several persons); any other word is a surname, a person of its own ('President Ford')."""
        for title, name in found:
            if len(name.split()) > 1 and self.key_of_mention(name) is None:
                self.add(name, key_for_name(name))
        ends: dict[str, set[str]] | None = None  # {last word of a form of several words: keys}, made once
        for title, name in found:
            if len(name.split()) > 1 or self.key_of_mention(name) is not None:
                continue
            if ends is None:  # (the forms added below leave it as it is: a titled form ends with a word of one key)
                ends = {}
                for f, k in self.forms.items():
                    words = f.split()
                    if len(words) > 1:
                        ends.setdefault(words[-1], set()).add(k)
            keys = set(ends.get(name, ()))
            if len(keys) == 1:
                self.add(f"{title} {name}", keys.pop())
            elif not keys and fold(name).lower() not in FAMILY_FIRST:
                self.add(name, key_for_name(name))

    def note_source(self, text: str) -> None:
        """Remember the document's source text and which forms it contains (for ``mentions``)."""
        # a form is looked for only when its first four characters are written somewhere (most forms are not)
        firsts = _first_characters(frozenset(f[0] for f in self.forms if f))
        heads = {text[m.start():m.start() + 4] for m in firsts.finditer(text)}
        self.written = frozenset(f for f in self.forms if (f[:4] in heads or len(f) < 4) and f in text)
        self.written_by_length = tuple(sorted(self.written, key=_pattern_order))
        self.source = text
        self.line_starts = [0] + [m.end() for m in _LINE_END.finditer(text)]

    def verbatim_in_source(self, text: str, line: int = 0, col: int = 0) -> bool:
        """True when ``text`` is part of the noted source (first tried where it was read: line and column)."""
        return (0 < line <= len(self.line_starts) and col > 0
                and self.source.startswith(text, self.line_starts[line - 1] + col - 1)) or text in self.source

    def mentions(self, text: str, line: int = 0, col: int = 0) -> list[tuple[int, int, str]]:
        """(start, end, words) of every mention in ``text``: what ``mention_pattern(forms).finditer(text)`` finds,
        found without compiling a pattern per document (that cost more than the search).

        The pattern is an alternation of the forms, longest first, after an optional title ("Mr. "); at each
        place, in order, the first alternative that fits wins. So only places where a form (or a title and a form)
        starts are tried, each form by str.startswith in the pattern's order, and the title's and the ends' rules
        by small fixed patterns."""
        if self.written is not None and self.verbatim_in_source(text, line, col):  # its forms are written ones
            forms = [f for f in self.written_by_length if f in text]
        else:
            forms = sorted((f for f in self.forms if f in text), key=_pattern_order)
        if not forms:
            return []
        starts = set()
        for form in forms:
            at = text.find(form)
            while at >= 0:
                starts.add(at)
                for title in _TITLES_TRIED:
                    before = at - len(title) - 1
                    if before >= 0 and text.startswith(title, before) and _SPACE.match(text, at - 1):
                        starts.add(before)
                at = text.find(form, at + 1)
        found, resume = [], 0
        for start in sorted(starts):
            if start < resume or not _MENTION_START.match(text, start):
                continue
            end = _mention_end(text, start, forms)
            if end is not None:
                found.append((start, end, text[start:end]))
                resume = end
        return found

    def part_of_longer_name(self, text: str, start: int, match: str) -> bool:
        """A one-word match preceded by a capitalised word that is not a title ('Tom Johnson' is not 'Johnson'),
        or followed by a capitalised word ('Ho Chi Minh' is not 'Ho')."""
        if " " in match.strip():
            return False
        if _NEXT_NAME_WORD.match(text, start + len(match)):
            return True
        prev = re.search(r"([A-ZÀ-ÝĐ][\w’'-]*)\.?\s+$", text[:start])
        if not prev:
            return False
        word = prev.group(1).lower()
        return not at_sentence_start(text[: prev.start()]) and word not in TITLES and word not in HONORIFICS

    def key_of_mention(self, text: str) -> str | None:
        return self.forms.get(re.sub(r"^(?:Mr|Mrs|Dr)\.?\s", "", text))  # the form without its title


_LINE_END = re.compile("\n")


@functools.lru_cache(maxsize=64)
def _first_characters(chars: frozenset[str]) -> re.Pattern:
    """A pattern matching any of ``chars`` (the first characters of a document's forms: the same few each time)."""
    return re.compile("[" + "".join(sorted(map(re.escape, chars))) + "]" if chars else "(?!)")


def _pattern_order(form: str) -> tuple[int, str]:
    """The order of the forms in a mention pattern's alternation: longest first, then by their characters."""
    return -len(form), form


#: The titles a mention may start with, in the order the pattern's ``(?:Mr|Mrs|Dr)\.?\s`` tries them.
_TITLES_TRIED = ("Mr.", "Mr", "Mrs.", "Mrs", "Dr.", "Dr")
_SPACE = re.compile(r"\s")
_MENTION_START = re.compile(r"(?<![\w.])")
_NEXT_NAME_WORD = re.compile(r" [A-ZÀ-ÝĐ][a-zà-ỹđ]")
# A mention ends at a word's end (a possessive ’s may follow, outside the name), not before a thing word.
_END = rf"(?![\w-])(?![’'](?!s\b))(?!\s+{INSTITUTIONS})"
_MENTION_END = re.compile(_END)


def _mention_end(text: str, start: int, forms: list[str]) -> int | None:
    """The end of the mention starting at ``start`` (a title then a form, else a form; ``forms`` in the pattern's
    order), as the pattern's backtracking finds it; None when there is none."""
    for title in _TITLES_TRIED:
        after = start + len(title)
        if text.startswith(title, start) and _SPACE.match(text, after):
            end = _form_end(text, after + 1, forms)
            if end is not None:
                return end
    return _form_end(text, start, forms)


def _form_end(text: str, at: int, forms: list[str]) -> int | None:
    for form in forms:
        if text.startswith(form, at) and _MENTION_END.match(text, at + len(form)):
            return at + len(form)
    return None


def mention_pattern(forms: tuple[str, ...]) -> re.Pattern:
    """The pattern of a mention of any of ``forms`` (longest first): the definition that ``NameIndex.mentions``
    follows without compiling it (tests/test_mentions.py holds the two together)."""
    body = "|".join(re.escape(f) for f in sorted(forms, key=_pattern_order))
    return re.compile(rf"(?<![\w.])(?:(?:Mr|Mrs|Dr)\.?\s)?(?:{body}){_END}")
