"""The editor's and translator's square brackets: find them, classify them by form, build their TEI elements.

Pure functions, stdlib and lxml only. The classes, their TEI encoding and the exact printing rules are in
docs/brackets.md; ``bracket_text`` applies those printing rules (the stylesheets implement the same in XSLT).
"""

from __future__ import annotations

import copy
import functools
import re
from dataclasses import dataclass

from lxml import etree

from .inline import make, tei

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
ELLIPSIS = "…"
SIC_SEPARATOR = " – "  # inside a bracket: "[vidim – SIC]" (space, en dash, space)


@dataclass(frozen=True)
class BracketMatch:
    """One classified bracket: replace ``text[start:end]`` by ``element``."""

    start: int  # first source offset consumed (the "[", or the flagged word before "[SIC]" / "[?]")
    end: int  # offset after the "]"
    kind: str  # class name, see docs/brackets.md
    element: etree._Element  # TEI element, complete, no tail


# ---------------------------------------------------------------- elements


def _supplied(reason: str, inner: str) -> etree._Element:
    return make("supplied", (("reason", reason),), inner)


def _gap(reason: str, desc: str | None) -> etree._Element:
    el = make("gap", (("reason", reason),))
    if desc is not None:
        make("desc", text=desc, parent=el)
    return el


def _described(tag: str, desc: str) -> etree._Element:
    el = make(tag)
    make("desc", text=desc, parent=el)
    return el


# ---------------------------------------------------------------- printing


def _text(el: etree._Element) -> str:
    return "".join(el.itertext())


def _desc(el: etree._Element) -> str | None:
    desc = el.find(tei("desc"))
    return None if desc is None else _text(desc)


def bracket_text(element: etree._Element) -> str:
    """The source characters an element made by this module stands for (the rules of docs/brackets.md)."""
    name = etree.QName(element).localname
    if name == "supplied":
        return f"[{_text(element)}]"
    if name == "foreign":
        parts = [element.text or ""]
        for child in element:
            flagged = etree.QName(child).localname == "sic"
            parts.append(_text(child) + (SIC_SEPARATOR + "SIC" if flagged else ""))
            parts.append(child.tail or "")
        return f"[{''.join(parts)}]"
    if name == "sic":
        flag = "[sic]" if element.get("rend") == "lowercase" else "[SIC]"
        word = _text(element)
        return f"{word} {flag}" if word else flag
    if name == "unclear":
        return f"{_text(element)}[?]"
    if name in ("gap", "incident"):
        desc = _desc(element)
        return f"[{ELLIPSIS if desc is None else desc}]"
    raise ValueError(f"not a bracket element: <{name}>")


# ---------------------------------------------------------------- pairing


BRACKET_OR_NEWLINE = re.compile(r"[\[\]\n]")


def _pairs(text: str) -> tuple[list[tuple[int, int]], list[tuple[int, str]]]:
    """Innermost "[...]" pairs on one line (offsets of "[" and "]"), and warnings for the brackets that do not pair."""
    pairs: list[tuple[int, int]] = []
    warnings: list[tuple[int, str]] = []
    if "[" not in text and "]" not in text:  # fast path: most blocks have no bracket
        return pairs, warnings
    stack: list[int] = []
    nested: set[int] = set()  # opens that contain another pair
    for m in BRACKET_OR_NEWLINE.finditer(text):  # only the characters that matter, not every character
        i, ch = m.start(), m.group()
        if ch == "\n":
            warnings += [(o, "unpaired '[' (no ']' on the same line); left as text") for o in stack]
            stack.clear()
        elif ch == "[":
            stack.append(i)
        elif ch == "]":
            if not stack:
                warnings.append((i, "unpaired ']'; left as text"))
                continue
            open_ = stack.pop()
            if open_ in nested:
                warnings.append((open_, "bracket contains another bracket; outer pair left as text"))
            else:
                pairs.append((open_, i))
            if stack:
                nested.add(stack[-1])
    warnings += [(o, "unpaired '[' (no ']' on the same line); left as text") for o in stack]
    return sorted(pairs), warnings


# ---------------------------------------------------------------- word forms

FUNCTION_WORDS = frozenset(
    """i me my mine myself we us our ours ourselves you your yours yourself he him his she her hers it its they them
    their theirs this that these those who whom whose which what there here a an the is are was were be been being am
    do does did done have has had will would shall should can could may might must of in on at to for with by from
    about into onto upon over under between through against without as and or but nor so if then than because while
    when where whether not no also all some any""".split()
)
RUSSIAN_ENDINGS = ("nie", "nye", "nyi", "nyy", "nyj", "skii", "skiy", "skij", "skaya", "stvo", "ogo", "ykh", "ikh",
                   "iia", "iya")
ENGLISH_CONTRACTIONS = frozenset({"s", "t", "d", "m", "re", "ve", "ll"})
SOFT_SIGNS = "’'ʹʺ"
VOWELS = "aeiouy"

PAGE = re.compile(r"Page [0-9ivxlcdmIVXLCDM]+[a-z]?")
FOLDER_PART = re.compile(r"[0-9]+ of [0-9]+")  # "Vol. I [2 of 3]": part of an archive folder's title, not editorial
ACRONYM = re.compile(r"(?=(?:[^A-Z]*[A-Z]){2})[A-Z][A-Z0-9.&\-]*")
WORD = re.compile(r"[^\W\d_](?:[\w’'\-]*[^\W_])?")
CAPITALISED = re.compile(r"[A-Z][\w’'\-]*")
LOWER_WORD = re.compile(r"[a-z][\w’'\-]*")
INCIDENT_WORDS = re.compile(r"(?i)laughter|laughs|laughing|applause|crosstalk")
SENTENCE = re.compile(r"[A-Z][^\[\]]*\S\s+\S+\s+\S[^\[\]]*[.!?]")
WORDS = re.compile(r" ?[^\W\d_][\w’'\-]*(?:,? [^\W\d_][\w’'\-]*)* ?")  # "[we ]" happens
MAX_SUPPLIED_WORDS = 5
PUNCTUATION = re.compile(r"[:;,.!?—–\-]+")
FLAGGED_ORIGINAL = re.compile(r"([a-z][^\[\]]*?)" + re.escape(SIC_SEPARATOR) + "SIC")


def _looks_russian(word: str) -> bool:
    """Transliterated Russian: soft/hard sign after a consonant, Russian digraphs, or a Russian ending."""
    w = word.lower()
    for mark in SOFT_SIGNS:
        head, sep, tail = w.partition(mark)
        if sep and head and head[-1].isalpha() and head[-1] not in VOWELS:
            if tail == "" and head[-1] != "s" or tail and tail not in ENGLISH_CONTRACTIONS:
                return True
    if "zh" in w or "kh" in w or "shch" in w:
        return True
    return len(w) >= 5 and w.endswith(RUSSIAN_ENDINGS)


def _word_before(text: str, pos: int) -> int:
    """Start offset of the word glued to ``pos`` (== pos when none)."""
    i = pos
    while i > 0 and (text[i - 1].isalnum() or text[i - 1] in "’'-"):
        i -= 1
    while i < pos and not text[i].isalnum():
        i += 1
    return i


def _token_before(text: str, start: int) -> str | None:
    """The whitespace-delimited token before the bracket on its line, when spaces separate them."""
    line_start = text.rfind("\n", 0, start) + 1
    window = 256  # only the end of the line is read: a long line with many brackets stays linear
    while True:
        lo = max(line_start, start - window)
        line = text[lo:start]
        head = line.rstrip()  # string methods: a pattern anchored at the end would be tried at every offset
        if not head or len(head) == len(line):
            return None
        parts = head.rsplit(None, 1)
        if len(parts) == 2 or lo == line_start:
            return parts[-1]
        window *= 2  # the token reaches back past the window: read further back (as far as the token goes)


def _token_after(text: str, end: int) -> str | None:
    m = re.match(r"[^\S\n]+([^\s\[\]]+)", text[end:end + 200])
    return m.group(1) if m else None


def _content_word(token: str | None, pattern: re.Pattern) -> bool:
    return bool(token and pattern.fullmatch(token) and token.lower() not in FUNCTION_WORDS)


# ---------------------------------------------------------------- classification

# Gaps the words inside announce: (test of the words, class, gap/@reason), the first that applies wins.
ANNOUNCED_GAPS = (
    (re.compile(r"…|\.{3,}|\. \. \.").fullmatch, "gap-omitted", "omitted"),
    (re.compile(r"(?i)omitted\b").match, "omitted-discussion", "omitted"),
    (re.compile(r"(?i)\bnot declassified\.?$").search, "not-declassified", "not-declassified"),
    (re.compile(r"(?i)e-?mail\s+protected").fullmatch, "web-artefact", "obfuscated-by-website"),
    (re.compile(r"(?i)\b(illegible|indecipherable|unreadable)\b").search, "gap-illegible", "illegible"),
    (re.compile(r"(?i)\binaudible\b").search, "gap-inaudible", "inaudible"),
    (re.compile(r"(?i)signature|signed").fullmatch, "signature", "signature"),
)


def _by_words(inner: str) -> tuple[str, etree._Element] | None:
    """Rule 3 of docs/brackets.md: classes announced by the words inside (sic and [?] excepted)."""
    bare = inner.strip()
    if bare == ELLIPSIS and inner == bare:
        return "gap-omitted", _gap("omitted", None)
    for announced, kind, reason in ANNOUNCED_GAPS:
        if announced(bare):
            return kind, _gap(reason, inner)
    if INCIDENT_WORDS.fullmatch(bare) or (SENTENCE.fullmatch(bare) and inner == bare):
        return "incident", _described("incident", inner)
    return None


def _classify(text: str, start: int, end: int, original_lang: str) -> BracketMatch | None:
    """The class of the bracket text[start:end] ("[" ... "]"), or None when no rule applies."""
    inner = text[start + 1:end - 1]
    found = _by_words(inner)
    if found:
        return BracketMatch(start, end, found[0], found[1])
    before = text[start - 1] if start else ""
    after = text[end] if end < len(text) else ""

    if inner in ("SIC", "sic"):
        attrs = (("rend", "lowercase"),) if inner == "sic" else ()
        word_start = _word_before(text, start - 1) if before == " " else start - 1
        if before == " " and word_start < start - 1:
            return BracketMatch(word_start, end, "sic", make("sic", attrs, text[word_start:start - 1]))
        return BracketMatch(start, end, "sic", make("sic", attrs))
    if re.fullmatch(r"(?i)sic!?", inner):
        return None  # a SIC flag spelled otherwise: reported, not guessed
    if inner == "?":
        glued = before.isalnum()
        sentence_ends = re.match(r"[ \t]*(\n|$)|[ \t]+[\"“‘(]?[A-Z]", text[end:end + 8])
        if glued and sentence_ends:
            return _plain_supplied(start, end, inner)
        word_start = _word_before(text, start)
        return BracketMatch(word_start, end, "uncertain", make("unclear", text=text[word_start:start] or None))

    flagged = FLAGGED_ORIGINAL.fullmatch(inner)
    if flagged:
        el = make("foreign", ((XML_LANG, original_lang),))
        make("sic", text=flagged.group(1), parent=el)
        return BracketMatch(start, end, "foreign", el)
    if PUNCTUATION.fullmatch(inner) or ((before.isalnum() or after.isalnum()) and WORD.fullmatch(inner)):
        return _plain_supplied(start, end, inner)  # "[:]", "MIG-17[s]", "[un]known"
    if not WORDS.fullmatch(inner):
        return None

    words = inner.replace(",", " ").split()
    first = words[0].lower()
    prev = _token_before(text, start)
    initial = words[0][0]
    if initial.islower() and any(_looks_russian(w) for w in words):
        return BracketMatch(start, end, "foreign", make("foreign", ((XML_LANG, original_lang),), inner))
    if initial.isupper() and not all(w.lower() in FUNCTION_WORDS for w in words) and prev and (
        ACRONYM.fullmatch(prev) or (len(words) > 1 and prev.lower() == first)
    ):
        return BracketMatch(start, end, "expansion", _supplied("expansion", inner))
    if first in FUNCTION_WORDS:
        return _plain_supplied(start, end, inner)
    if _content_word(prev, CAPITALISED) and all(w[0].isupper() or w in FUNCTION_WORDS for w in words):
        return BracketMatch(start, end, "gloss", _supplied("gloss", inner))
    if (initial.islower() and _content_word(prev, LOWER_WORD)
            and _content_word(_token_after(text, end), LOWER_WORD)):
        return BracketMatch(start, end, "gloss", _supplied("gloss", inner))
    if len(words) <= MAX_SUPPLIED_WORDS:
        return _plain_supplied(start, end, inner)
    return None


def _plain_supplied(start: int, end: int, inner: str) -> BracketMatch:
    return BracketMatch(start, end, "supplied", _supplied("omitted-in-original", inner))


def find_brackets(text: str, *, original_lang: str = "ru-Latn") -> tuple[list[BracketMatch], list[tuple[int, str]]]:
    """Classified brackets (sorted, non-overlapping) and warnings (offset, message) for brackets the rules cannot
    classify; those stay in the text as they are, never dropped. ``[Page N]`` is skipped (the encoder's).

    ``[2 of 3]`` (an archive folder's part number, FRUS citations) is text, skipped too.
    ``original_lang`` is the BCP 47 tag given to words of the translation's original language."""
    pairs, warnings = _pairs(text)
    matches: list[BracketMatch] = []
    for open_, close in pairs:
        inner = text[open_ + 1:close]
        if PAGE.fullmatch(inner) or FOLDER_PART.fullmatch(inner):
            continue
        match = _classify(text, open_, close + 1, original_lang)
        if match is None:
            warnings.append((open_, f"bracket [{inner}] not classified; left as text"))
        else:
            matches.append(match)
    return matches, sorted(warnings)


# ---------------------------------------------------------------- legend

LEGEND = (
    ("[you]", "Words or punctuation supplied by the translator or editor: supplied, reason omitted-in-original."),
    ("VSRP [Hungarian Socialist Worker’s Party]",
     "Expansion of the abbreviation or short name before it: supplied, reason expansion."),
    ("backstage [private]", "Gloss or identification of the word or name before it: supplied, reason gloss."),
    ("[priblizit’]", "The original's words, transliterated: foreign with a language tag."),
    ("[vidim – SIC]", "The original's word, flagged SIC by the translator: foreign containing sic."),
    ("and [SIC]", "Word flagged as reproduced from the original although apparently wrong: sic."),
    ("word[?]", "Word whose reading the translator doubted: unclear."),
    ("[…]", "Passage omitted by the source's editors: gap, reason omitted (its wording, if any, in desc)."),
    ("[Omitted here is discussion of …]", "Passage omitted by the FRUS editors: gap, reason omitted, with desc."),
    ("[name not declassified]", "Material withheld from declassification: gap, reason not-declassified, with desc."),
    ("[illegible name]", "Illegible or inaudible material: gap, reason illegible or inaudible, with desc."),
    ("[signature]", "A handwritten signature not transcribed: gap, reason signature, with desc."),
    ("[email protected]",
     "A website's placeholder for an e-mail address it hid, not the author's words: gap, reason "
     "obfuscated-by-website, with desc."),
    ("[Laughter]", "An event in a transcript that is not speech: incident, with desc."),
)


def legend() -> etree._Element:
    """The editorialDecl legend: a TEI <p> with a list (one label and item per class)."""
    return copy.deepcopy(_legend())  # a copy of the one built per run: every document has the same


@functools.lru_cache(maxsize=1)
def _legend() -> etree._Element:
    p = make("p", text="Square brackets in the sources are encoded by class; both editions print each bracket "
                       "back exactly as the source has it:")
    lst = make("list", (("type", "gloss"),), parent=p)
    for example, explanation in LEGEND:
        make("label", text=example, parent=lst)
        make("item", text=explanation, parent=lst)
    return p
