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
HONORIFICS = {"mr", "mrs", "ms", "dr", "cde", "cdes", "comrade", "comrades", "sir", "madame", "monsieur", "herr",
              "mme", "mlle"}
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
_WORD = r"(?:[A-ZÀ-ÝĐ][\w’'\-]*)"
_INITIALS_NAME = re.compile(rf"(?:(?:[A-Z][a-z]?\.\s?){{1,3}}\s?{_WORD}(?:\s{_WORD}){{0,2}})")
_CAP_RUN = re.compile(rf"{_WORD}(?:\s+{_WORD}){{0,4}}")


@functools.lru_cache(maxsize=8192)  # pure, and called again and again on the same few names
def fold(text: str) -> str:
    """``text`` without diacritics (Lê Đức Thọ → Le Duc Tho)."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_FOLD))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


_LEADING_WORD = re.compile(r"([A-Za-z]+)\.?\s+")


@functools.lru_cache(maxsize=8192)  # pure, and called again and again on the same few names
def strip_honorifics(name: str) -> str:
    """'Mr. Kissinger' → 'Kissinger'; 'Cde. L. I. Brezhnev' → 'L. I. Brezhnev'."""
    out = name.strip()
    while (m := _LEADING_WORD.match(out)) and m.group(1).lower() in HONORIFICS:
        out = out[m.end():]
    return out


# Family names of Vietnamese and Chinese (and Korean) names, which put the family name first: linguistic data
# (the commonest family names of these languages, folded), not names of any one source's persons. 'Van' counts only
# before two more words ('Van Tien Dung'), since Dutch 'van' opens Western family names.
FAMILY_FIRST = frozenset("""
nguyen tran le pham hoang huynh phan vu vo dang bui do ho ngo duong ly ha truong dinh lam luong mai trinh doan cao
chu ton quach dao hua thai van
mao zhou liu deng zhu tao kang lin chen wang zhang peng jiang hua yang huang zhao wu xu sun ma hu guo luo zheng
liang xie song tang han feng dong xiao cheng yuan pan du ye su lu wei qiao chou chiang teng kuo chao lo ch'en
kim pak choe
""".split())
# Lower-case particles that belong to the family name that follows ('de Gaulle', 'van der Stoel').
PARTICLES = frozenset({"de", "du", "da", "di", "van", "von", "der", "den", "la", "le", "d'", "del", "della", "dos",
                       "das", "ter", "ten", "al", "el", "bin", "ibn"})
# Generational suffixes that follow the family name ('William E. Schaufele, Jr.').
SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"})


def family_first(name: str) -> bool:
    """True for a Vietnamese, Chinese or Korean name in its own order, family name first ('Le Duc Tho',
    'Deng Xiaoping'): two to four words, no initials, no comma, the first word a family name of these languages."""
    words = strip_honorifics(name).split()
    if not 2 <= len(words) <= 4 or "," in name or any(w.endswith(".") or len(w) == 1 for w in words):
        return False
    first = fold(words[0]).lower()
    return first in FAMILY_FIRST and (first != "van" or len(words) >= 3)


def family_and_given(name: str) -> tuple[str, str]:
    """(family name, given names) of a person's name as written: 'Kissinger, Henry A.' and 'Henry A. Kissinger' →
    ('Kissinger', 'Henry A.'); 'Le Duc Tho' → ('Le', 'Duc Tho'); 'Charles de Gaulle' → ('de Gaulle', 'Charles');
    'William E. Schaufele Jr.' → ('Schaufele', 'William E. Jr.'); 'Kissinger' → ('Kissinger', '')."""
    name = " ".join(strip_honorifics(name).split())
    if "," in name:  # 'Byrd, Harry F., Jr.': the suffix after a second comma
        family, _, given = name.partition(",")
        return family.strip(), " ".join(part.strip() for part in given.split(",") if part.strip())
    words = name.split()
    if family_first(name):
        return words[0], " ".join(words[1:])
    suffix = []
    while len(words) > 1 and words[-1].lower().rstrip(",") in SUFFIXES:
        suffix.insert(0, words.pop().rstrip(","))
    if not words:
        return name, ""
    i = len(words) - 1
    while i > 0 and words[i - 1] in PARTICLES:  # a particle, written in lower case, joins the family name
        i -= 1
    return " ".join(words[i:]), " ".join(words[:i] + suffix)


def sort_form(name: str) -> str:
    """The normalised form the register sorts by, family name first: 'Harriman, W. Averell', 'Gromyko, A. A.';
    a name that puts its family name first stays as it is ('Le Duc Tho'); no honorifics, no diacritics."""
    family, given = family_and_given(name)
    tidy = lambda s: " ".join(fold(s).replace(".", ". ").split()).replace(" .", ".")  # noqa: E731
    if not given:
        return tidy(family)
    if family_first(name):
        return tidy(f"{family} {given}")
    return f"{tidy(family)}, {tidy(given)}"


def key_of(name: str) -> str:
    """A register key (an NCName slug), family name first: 'Henry Kissinger' → 'kissinger-henry', 'Lê Đức Thọ' and
    'Le Duc Tho' → 'le-duc-tho', 'Kissinger, Henry' → 'kissinger-henry'; 'Mr Kissinger' → 'kissinger'."""
    family, given = family_and_given(name)
    slug = re.sub(r"[^a-z0-9]+", "-", fold(f"{family} {given}").lower()).strip("-") or "person"
    return slug if slug[0].isalpha() else f"p-{slug}"


def surname(name: str) -> str:
    """The last token of a name, as written ('L. I. Brezhnev' → 'Brezhnev')."""
    parts = strip_honorifics(name).split()
    return parts[-1] if parts else name


def at_sentence_start(before: str) -> bool:
    """``before`` (the text before a word) ends a sentence or opens a quotation or a bracket, or is empty."""
    before = before.rstrip()
    return not before or before[-1] in ".!?:;“\"(["


def strip_titles(phrase: str) -> str:
    """Drop leading titles and offices: 'Secretary of Defense Clifford' → 'Clifford'."""
    words = phrase.split()
    while len(words) > 1 and words[0].rstrip(".,").lower() in TITLES | HONORIFICS:
        words.pop(0)
    return " ".join(words)


# Titles that, written before a capitalised name, make it a person's ('President Ford', 'Minister Bula').
PERSON_TITLES = frozenset({"president", "secretary", "ambassador", "minister", "senator", "premier", "chairman",
                           "general", "governor", "colonel", "admiral", "marshal", "director", "counselor",
                           "counsellor", "king", "queen", "prince", "princess", "pope", "bishop", "cardinal",
                           "lieutenant", "captain", "commander", "judge", "justice", "congressman",
                           "congresswoman", "chancellor", "sheik", "sheikh", "emperor", "lord", "lady"})
# Capitalised words that, after a name, make the whole a thing named after the person ('Ho Chi Minh Campaign',
# 'Johnson Library'): the match ends before the name.
THING_WORDS = frozenset({"campaign", "trail", "city", "plan", "doctrine", "library", "foundation", "center",
                         "centre", "institute", "papers", "administration", "line", "university", "school",
                         "museum", "archive", "archives", "airport", "street", "avenue", "square", "prize", "award",
                         "road", "bridge", "memorial", "offensive", "province", "district", "mausoleum", "fund",
                         "government", "regime", "mission", "report", "formula", "proposal", "committee", "group",
                         "highway", "boulevard", "park", "hall", "station", "port", "bay", "river", "range",
                         "amendment", "act", "corollary", "era", "years", "visit"})
# Capitalised words that begin sentences rather than names ('In the speech of …', 'Even de Gaulle …').
SENTENCE_WORDS = frozenset({"if", "the", "a", "an", "in", "on", "at", "when", "and", "but", "or", "to", "for", "of",
                            "with", "by", "from", "as", "we", "i", "you", "he", "she", "they", "it", "this", "that",
                            "these", "those", "our", "their", "your", "his", "her", "its", "even", "also", "both",
                            "then", "after", "before", "since", "while", "there", "here", "yes", "no", "not", "so",
                            "now", "only", "all", "some", "what", "who", "why", "how", "where", "which", "during",
                            "today", "yesterday", "tomorrow", "until", "unless", "although", "though", "because"})


def clean_name(name: str) -> str | None:
    """A found name without a possessive ('Le Duan’s Comments' → 'Le Duan'), or None if it is not a person's:
    a place or institution word, no lower-case letter, the editor's brackets, or only titles and sentence words
    ('[Laughter] The')."""
    name = re.split(r"[’']s\b", name)[0].strip().rstrip(".,")
    words = [w.lower().strip(".,") for w in name.split()]
    if (not words or any(w in NOT_PERSON_WORDS for w in words) or not any(c.islower() for c in name)
            or any(c in name for c in "[]()") or all(w in TITLES | HONORIFICS | SENTENCE_WORDS for w in words)):
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
        if m and not any(w.lower() in TITLES for w in part.split()) and (name := clean_name(part)):
            out.append(name)
    return out


_HONORIFIC = re.compile(r"\b(?:Cde|Cdes|Comrade|Comrades|Mr|Mrs|Dr)\.?\s+")
_LIST_HONORIFIC = re.compile(r"\b(?:Cdes\.?|Comrades)\s+")
BETWEEN = re.compile(r"\b[Bb]etween\s+(.*)$")


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
            if words and (name := clean_name(" ".join(words))):
                out.append(name)
    return out


def names_in_between(title: str) -> list[str]:
    """Names in a heading 'Conversation between X and Y' / 'Discussion between A, B and C'."""
    m = BETWEEN.search(title) if "etween" in title else None  # the test first: most lines have no "between"
    return names_in_list(m.group(1)) if m else []


_ENUM_NAME = r"[A-ZÀ-ÝĐ][\w’'-]+(?: [A-ZÀ-ÝĐ][\w’'-]+){1,3}"
_ENUMERATION = re.compile(rf"{_ENUM_NAME}(?:, {_ENUM_NAME})*,? (?:and|or) {_ENUM_NAME}")
_AND_NAME = re.compile(r" (?:and|or) [A-ZÀ-ÝĐ]")
_SENTENCE_END = re.compile(r"(?<![A-Z])\.(?:\s|$)|[;:]")


NOT_IN_TITLED_NAME = TITLES | THING_WORDS | SENTENCE_WORDS  # words that make a titled name none
_TITLE_WORD = r"(?:Mr|Mrs|Ms|Dr|Cde|Comrade|Vice President|President|Secretary|Ambassador|Prime Minister|" \
              r"Foreign Minister|Minister|Senator|Premier|Chairman|General|Governor|Colonel|Admiral|Marshal|" \
              r"Director|Counselor|Counsellor|King|Queen|Prince|Princess|Pope|Bishop|Cardinal|Lieutenant|Captain|" \
              r"Commander|Judge|Justice|Congressman|Chancellor|Sheik|Sheikh|Emperor)"
_TITLED = re.compile(rf"(?<![\w’'-])(?P<title>{_TITLE_WORD})\.?\s+(?P<name>{_INITIALS_NAME.pattern}|{_CAP_RUN.pattern})")


def titled_names(text: str) -> list[tuple[str, str]]:
    """(title, name) of each name written after a title or honorific: 'President Ford' → ('President', 'Ford'),
    'Comrade Vo Quang Ho’s' → ('Comrade', 'Vo Quang Ho'). The name stops before a possessive; with a title word,
    a word that makes it a thing ('Campaign') or a sentence word in it, or more than three capitalised words (an
    office: 'Director of Central Intelligence …'), it is no name rather than a wrong one."""
    out = []
    for m in _TITLED.finditer(text):
        words = re.split(r"[’']s\b", m.group("name"))[0].split()
        if (words and len([w for w in words if not w.endswith(".")]) <= 3
                and not any(w.lower().strip(".,") in NOT_IN_TITLED_NAME for w in words)):
            name = clean_name(" ".join(words))
            if name and not (len(words) == 1 and words[0].endswith(".")):
                out.append((m.group("title"), name))
    return out


def split_run_together(member: str, known: set[str]) -> list[str]:
    """A list member that is two names run together ('Tao Zhu Liu Shaoqi', its comma lost) as the two names:
    split before a known name it ends with, or between two family-name-first names of two words each."""
    words = member.split()
    if len(words) < 4:
        return [member]
    for i in range(2, len(words) - 1):
        head, tail = " ".join(words[:i]), " ".join(words[i:])
        if tail in known or head in known:
            return [head, tail]
    if len(words) == 4 and family_first(" ".join(words[:2])) and family_first(" ".join(words[2:])):
        return [" ".join(words[:2]), " ".join(words[2:])]
    return [member]


def discover(text: str, known: set[str]) -> list[tuple[str, str]]:
    """(title, name) of the names a text gives away by its form, title '' where there is none: after a title or
    honorific ('Cde.', 'Mr.', 'President'); the list after 'Cdes.'/'Comrades'; 'between A, B and C'; and every
    member of an enumeration 'A, B and C' (or '… or C') one of whose members is a known name. A name of one
    word is found only after a title (a list's one-word members stay unknown)."""
    found: list[tuple[str, str]] = []
    for sentence in text.split("\n"):
        found += titled_names(sentence)
        if "Cdes" in sentence or "Comrades" in sentence:  # the test first: most lines have neither
            for m in _LIST_HONORIFIC.finditer(sentence):
                found += [("", n) for n in names_in_list(_SENTENCE_END.split(sentence[m.end():])[0])]
        found += [("", n) for n in names_in_between(sentence) if len(n.split()) > 1]
        if _AND_NAME.search(sentence):  # the test first: an enumeration has " and " before its last member
            for m in _ENUMERATION.finditer(sentence):
                members = []
                for x in re.split(r",\s*|\s+and\s+|\s+or\s+", m.group(0)):
                    words = x.split()
                    while words and words[0].lower() in SENTENCE_WORDS:  # 'In the speech of Tao Zhu …'
                        words.pop(0)
                    members += split_run_together(" ".join(words), known) if words else []
                if any(x in known for x in members):
                    found += [("", x) for x in members if len(x.split()) > 1
                              and not any(w.lower() in TITLES | THING_WORDS for w in x.split())]
    cleaned = ((title, clean_name(name)) for title, name in found)
    return list(dict.fromkeys((title, name) for title, name in cleaned if name))  # in order, each once
