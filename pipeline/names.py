"""Person names: normalised sort forms, register keys, and the name-like phrases of titles and participant lists."""

from __future__ import annotations

import functools
import re
import unicodedata

# Letters that Unicode decomposition does not reduce to a base letter.
_FOLD = str.maketrans({"Đ": "D", "đ": "d", "Ø": "O", "ø": "o", "Ł": "L", "ł": "l", "ß": "ss", "Æ": "AE", "æ": "ae",
                       "’": "'", "‘": "'"})

# Honorifics and forms of address that are not part of a name (a label "Mr Kissinger" keeps them as written;
# the key and the sort form drop them).
HONORIFICS = {"mr", "mrs", "ms", "dr", "cde", "cdes", "comrade", "comrades", "sir", "madame", "monsieur", "herr"}
# Titles and offices that may stand before a name in a heading or a participant list.
TITLES = {"president", "secretary", "general", "ambassador", "minister", "senator", "premier", "chairman", "deputy",
          "vice", "defense", "defence", "state", "foreign", "prime", "assistant", "under", "special", "director",
          "governor", "representative", "colonel", "major", "admiral", "marshal", "chief", "first", "party",
          "counselor", "counsellor", "cia", "the", "of", "to", "for", "and", "executive", "undersecretary", "envoy",
          "lieutenant", "captain", "senior", "national", "security", "affairs", "delegation", "head"}

# Words that make a capitalised phrase a place, a people or an institution rather than a person.
NOT_PERSON_WORDS = {"union", "republic", "party", "committee", "embassy", "government", "states", "kingdom", "front",
                    "army", "ministry", "council", "congress", "nations", "department", "office", "agency", "bureau",
                    "commission", "conference", "delegation", "politburo", "plenum", "alliance", "forces", "americans",
                    "soviets", "chinese", "vietnamese", "vietnam", "china", "korea", "laos", "cambodia", "america",
                    "france", "russia", "europe", "asia", "hanoi", "saigon", "moscow", "peking", "beijing", "paris",
                    "washington", "north", "south", "east", "west", "united", "soviet", "socialist", "communist",
                    "democratic", "people's", "people’s", "national", "central", "revolution", "campaign", "accords",
                    "war", "region", "embassy", "comments", "briefing", "plan", "notes", "letter", "cable", "speech",
                    "discussion", "meeting", "conversation", "minutes", "record", "note", "memorandum", "telegram"}
NAME_TOKEN = r"(?:[A-ZÀ-ÝĐ][\w’'\-]*\.?)"
_WORD = r"(?:[A-ZÀ-ÝĐ][\w’'\-]*)"
_INITIALS_NAME = re.compile(rf"(?:(?:[A-Z][a-z]?\.\s?){{1,3}}\s?{_WORD}(?:\s{_WORD}){{0,2}})")
_CAP_RUN = re.compile(rf"{_WORD}(?:\s+{_WORD}){{0,4}}")


@functools.lru_cache(maxsize=8192)  # pure, and called again and again on the same few names
def fold(text: str) -> str:
    """``text`` without diacritics (Lê Đức Thọ → Le Duc Tho)."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_FOLD))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def tokens(name: str) -> list[str]:
    return [t for t in re.split(r"[\s.]+", fold(name)) if t]


_LEADING_WORD = re.compile(r"([A-Za-z]+)\.?\s+")


@functools.lru_cache(maxsize=8192)  # pure, and called again and again on the same few names
def strip_honorifics(name: str) -> str:
    """'Mr. Kissinger' → 'Kissinger'; 'Cde. L. I. Brezhnev' → 'L. I. Brezhnev'."""
    out = name.strip()
    while True:
        m = _LEADING_WORD.match(out)
        if m and m.group(1).lower() in HONORIFICS:
            out = out[m.end():]
        else:
            return out


def sort_form(name: str) -> str:
    """The normalised form the register sorts by: no honorifics, no diacritics, single spaces."""
    return " ".join(fold(strip_honorifics(name)).replace(".", ". ").split()).replace(" .", ".")


def key_of(name: str) -> str:
    """A register key (an NCName slug): 'Lê Đức Thọ' and 'Le Duc Tho' → 'le-duc-tho'; 'Mr Kissinger' → 'kissinger'."""
    slug = re.sub(r"[^a-z0-9]+", "-", fold(strip_honorifics(name)).lower()).strip("-")
    if not slug:
        slug = "person"
    return slug if slug[0].isalpha() else f"p-{slug}"


def surname(name: str) -> str:
    """The last token of a name, as written ('L. I. Brezhnev' → 'Brezhnev')."""
    parts = strip_honorifics(name).split()
    return parts[-1] if parts else name


def strip_titles(phrase: str) -> str:
    """Drop leading titles and offices: 'Secretary of Defense Clifford' → 'Clifford'."""
    words = phrase.split()
    while len(words) > 1 and words[0].rstrip(".,").lower() in TITLES | HONORIFICS:
        words.pop(0)
    return " ".join(words)


def clean_name(name: str) -> str | None:
    """A found name without a possessive ('Le Duan’s Comments' → 'Le Duan'), or None if it is not a person's."""
    name = re.split(r"[’']s\b", name)[0].strip().rstrip(".,")
    words = name.split()
    if not words or any(w.lower().strip(".,") in NOT_PERSON_WORDS for w in words):
        return None
    if not any(c.islower() for c in name):
        return None
    return name


def names_in_list(text: str) -> list[str]:
    """Names in an enumeration such as 'Cdes. L. I. Brezhnev, A. N. Kosygin, and A. A. Gromyko.'"""
    text = re.sub(r"\[[^\]]*\]", "", text)
    out = []
    for part in re.split(r",\s*|\s+and\s+|;\s*", text.strip().rstrip(".")):
        part = strip_titles(strip_honorifics(part.strip()))
        part = re.sub(r"^(?:and|the)\s+", "", part)
        if not part:
            continue
        m = _INITIALS_NAME.fullmatch(part) or _CAP_RUN.fullmatch(part)
        if m and not any(w.lower() in TITLES for w in part.split()) and clean_name(part):
            out.append(clean_name(part))
    return out


_HONORIFIC = re.compile(r"\b(?:Cde|Cdes|Comrade|Comrades|Mr|Mrs|Dr)\.?\s+")
_LIST_HONORIFIC = re.compile(r"\b(?:Cdes\.?|Comrades)\s+")
_BETWEEN = re.compile(r"\b[Bb]etween\s+(.*)$")


def names_after_honorific(text: str) -> list[str]:
    """Names that follow 'Cde.', 'Comrade', 'Mr.' … in running text ('… Cde. Le Duc Tho, member …')."""
    out: list[str] = []
    if "Cde" not in text and "Comrade" not in text and "Mr" not in text and "Dr" not in text:
        return out  # fast path: no honorific at all (most lines)
    for m in _HONORIFIC.finditer(text):
        rest = text[m.end():]
        n = _INITIALS_NAME.match(rest) or _CAP_RUN.match(rest)
        if n:
            name = n.group(0).rstrip(".")
            words = name.split()
            while words and words[-1].lower() in TITLES:
                words.pop()
            if words and clean_name(" ".join(words)):
                out.append(clean_name(" ".join(words)))
    return out


def names_in_between(title: str) -> list[str]:
    """Names in a heading 'Conversation between X and Y' / 'Discussion between A, B and C'."""
    m = _BETWEEN.search(title) if "etween" in title else None  # the test first: most lines have no "between"
    if not m:
        return []
    return names_in_list(m.group(1))


_ENUM_NAME = r"[A-ZÀ-ÝĐ][\w’'-]+(?: [A-ZÀ-ÝĐ][\w’'-]+){1,2}"
_ENUMERATION = re.compile(rf"{_ENUM_NAME}(?:, {_ENUM_NAME})*,? and {_ENUM_NAME}")
_AND_NAME = re.compile(r" and [A-ZÀ-ÝĐ]")
_SENTENCE_END = re.compile(r"(?<![A-Z])\.(?:\s|$)|[;:]")


def discover_names(text: str, known: set[str]) -> list[str]:
    """Names a text gives away by its form: after 'Cde.'/'Comrade'/'Mr.'; the list after 'Cdes.'/'Comrades';
    'between A, B and C'; and every member of an enumeration 'A, B and C' one of whose members is a known name."""
    found: list[str] = []
    for sentence in text.split("\n"):
        found += names_after_honorific(sentence)
        if "Cdes" in sentence or "Comrades" in sentence:  # the test first: most lines have neither
            for m in _LIST_HONORIFIC.finditer(sentence):
                found += names_in_list(_SENTENCE_END.split(sentence[m.end():])[0])
        found += [n for n in names_in_between(sentence) if len(n.split()) > 1]
        if _AND_NAME.search(sentence):  # the test first: an enumeration has " and " before its last member
            for m in _ENUMERATION.finditer(sentence):
                members = [x.strip() for x in re.split(r",\s*|\s+and\s+", m.group(0)) if x.strip()]
                if any(x in known for x in members):
                    found += [x for x in members if not any(w.lower() in TITLES for w in x.split())]
    out: list[str] = []
    for name in found:
        name = clean_name(name)
        if name and name not in out:
            out.append(name)
    return out
