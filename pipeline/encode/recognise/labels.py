"""Speaker labels: the forms a label that opens a paragraph can take, and the evidence a document gives for each.

Label forms (each a general rule; each needs evidence, see ``Evidence``):
- ``Name: text``, ``Title Name: text``, ``Name (Role): text`` (a capitalised name of up to six words, titles and
  abbreviated offices included: ``The President:``, ``Secretary Rusk:``, ``Adm. Moorer:``, ``For. Min. Gromyko:``,
  ``SecDef:``, ``THE PRESIDENT:``); the same after an opening quotation mark (``“President: …``, a transcript
  quoted paragraph by paragraph);
- short labels, one or two capitals (``K:``, ``P:``, ``Q:``/``A:``): only where the document uses them as a pattern
  (one of them recurs and there are at least three);
- all-capital labels with a full stop (``NGUYEN DUY TRINH. text``): where the label recurs, names a known
  participant, or the document has two or more of them;
- ``Name text`` and ``Name. text`` with no colon, only where ``Name`` is a known participant of the document
  (a participant list, the persons named in the title, or a name already seen speaking) and the speech begins with
  a capital letter, a quotation mark or a bracket; a surname alone needs the full stop or a colon;
- a speaker's name alone on its line above the speech (``Le Duc Tho:``, ``KISSINGER``): with a colon or full stop
  as a colon label is; with no punctuation where it is a known participant or the same line recurs.

A label is kept exactly as written, its final punctuation too (``Kissinger:``, ``A. A. Gromyko.``); the editions
print it back as it is. Memo fields (``Subject:``, ``Members Present:``), headings and narrative ("X said that …")
are never labels; a bracketed or parenthesised paragraph (a stage direction, ``[Laughter]``) is never a turn.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from ..brackets import INCIDENT_WORDS
from ..names.forms import HONORIFICS, TITLES, fold, strip_honorifics, strip_titles

# First words that make "Word: text" a field or a heading, not a speaker (besides HEADING_WORDS, which do so
# anywhere in the label).
NOT_SPEAKERS = {"source", "to", "from", "re", "cc", "rights", "type", "ref", "reference", "excerpt", "excerpts",
                "translation", "original", "language", "donors", "tags", "posted", "update", "editor", "author",
                "keywords", "ps", "p.s", "nb", "see", "also", "cable", "letter", "point", "location", "approved",
                "drafted", "cleared", "begin", "end", "quote", "unquote", "secret", "confidential", "unclassified",
                "addendum", "postscript", "appendix", "attachments", "enclosures", "op", "i", "ii", "iii", "iv", "v",
                "vi", "vii", "viii", "ix", "x", "xi", "xii", "sent", "info", "priority", "immediate", "flash",
                "routine", "file", "files", "dear", "gentlemen", "sirs", "madam", "sir", "chapter", "alternative",
                "step", "phase", "stage", "case", "example", "reason", "total"}
# Words that make "… Word: text" a heading or a field ('Joint Statement:', 'Members Present:').
HEADING_WORDS = {"summary", "discussion", "conclusion", "conclusions", "background", "comment", "comments",
                 "recommendation", "recommendations", "action", "decision", "decisions", "issue", "issues", "problem",
                 "problems", "position", "positions", "objective", "objectives", "points", "text", "note", "notes",
                 "agenda", "subject", "purpose", "result", "results", "proposal", "proposals", "statement",
                 "question", "questions", "answer", "enclosure", "attachment", "participants", "distribution",
                 "program", "programme", "plan", "report", "communiqué", "communique", "message", "telegram",
                 "present", "attending", "attendees", "absent", "members", "member", "copies", "copy", "date",
                 "time", "place", "classification", "memorandum", "minutes", "record", "annex", "item", "items",
                 "paragraph", "section", "part", "tab", "draft", "version", "option", "options", "approach",
                 "strategy", "policy", "assessment", "analysis", "response", "reply", "request", "instructions",
                 "guidance", "talking", "principles", "terms", "elements", "situation", "outcome", "status"}
_UPPER = "A-ZÀ-ÖØ-ÝĐƠƯ"
_TOKEN = rf"[{_UPPER}][\w’'\-]*\.?"
_LINK = r"(?:of|the|de|da|do|du|van|von|der|bin|al|for|and)"
_NAME = rf"{_TOKEN}(?:\s+(?:{_LINK}\s+)*{_TOKEN}){{0,5}}"
COLON_LABEL = re.compile(
    rf"(?P<dash>[—–]\s?)?(?P<quote>[“\"‘])?(?P<label>{_NAME})"
    r"(?:\s*\((?P<role>[^()]{1,120})\))?\s*:(?:\s+(?=\S)|$)")
# An all-capital label with a full stop ('NGUYEN DUY TRINH. text', 'THE PRESIDENT. text'); checked for capitals after.
STOP_LABEL = re.compile(r"(?P<label>(?:[^\W\d_]{1,2}\.\s+)*[^\W\d_][^\s.:]*(?:\s+(?:[^\W\d_]\.|[^\W\d_][^\s.:]*)){0,5})"
                        r"\.(?:\s+(?=\S)|$)")
# A name alone on its line, without punctuation ('KISSINGER', 'Le Duc Tho').
ALONE_LABEL = re.compile(rf"(?P<label>{_NAME})$")
ROMAN = re.compile(r"^[IVXLCDM]+$")
SHORT = re.compile(rf"^[{_UPPER}]{{1,2}}\.?$")
# Abbreviated offices before a name in a label ('Sect. Rusk', 'Amb. Bunker', 'For. Min. Gromyko'): not the name.
ABBREVIATED_TITLE = re.compile(r"^(?:(?:Sect|Secy|Sec|Amb|Gen|Adm|Col|Maj|Capt|Lt|Sen|Gov|Rep|Pres|Min|Dep|Asst|For"
                               r"|Fgn|Def|Amb|Cdr|Cmdr|Brig|Sgt|Prof|Rev|Hon|Gen|Dir|Chm|Chmn|Pm|Fm)\.\s*)+"
                               r"(?=[A-ZÀ-ÝĐ])")
# A salutation alone on its line ('Mr. President:', 'Dear Sir:'), not a speaker.
SALUTATION = re.compile(r"^(?:Dear\b|(?:Mr|Mrs|Ms|Madam|Madame)\.?\s+(?:the\s+)?[A-Z][\w.]*\s*:?$)")


@dataclass(frozen=True)
class Label:
    label: str      # as written, its final punctuation included ('Kissinger:', 'A. A. Gromyko.')
    name: str       # the name part (honorific and titles kept)
    role: str       # the role in parentheses, if any
    end: int        # offset where the speech begins
    dash: bool = False  # the label follows a dash ('—Clark Clifford: …')
    prefix: str = ""    # page breaks before the label that stay at the start of the speech
    form: str = "colon"  # colon, short, stop, known, alone
    alone: bool = False  # the label is alone on its line; the speech is the next paragraph


LEADING_THE = re.compile(r"^the\s+", re.I)
POSSESSIVE_END = re.compile(r"['’]s?$")
AFTER_KNOWN_NAME = re.compile(r"(\.)?(\s*:)?(?:\s+(?=[A-ZÀ-ÝĐ“\"‘'(\[])|$)")


def is_title_only(name: str) -> bool:
    words = LEADING_THE.sub("", name).split()
    return bool(words) and all(w.rstrip(".").lower() in TITLES for w in words)


def is_field(name: str) -> bool:
    """A memo field or heading ('Subject', 'Members Present', 'Thieu's proposal'), not a person."""
    words = [w.removesuffix(".").lower() for w in name.split()]
    return (not words or words[0] in NOT_SPEAKERS or bool(HEADING_WORDS & set(words))
            or bool(POSSESSIVE_END.search(words[-1])))


def is_short(name: str) -> bool:
    """One or two capitals ('K', 'P', 'Q', 'A', 'HK'): an abbreviation that needs a pattern to be a speaker."""
    return bool(SHORT.match(name))


def is_stage(role: str) -> bool:
    """A parenthesis after a label that says how or to whom, not who ('laughs', 'to Schaufele', '?')."""
    return not role or not role[0].isupper() or bool(INCIDENT_WORDS.search(role))


def colon_label(text: str) -> Label | None:
    """``Name: text`` / ``Name (Role): text`` / ``“Name: text`` at the start of ``text``; ``Name:`` alone."""
    m = COLON_LABEL.match(text)
    if not m:
        return None
    name = m.group("label").strip()
    alone = m.end() == len(text.rstrip())
    if (is_field(name) or (ROMAN.match(name) and len(name) > 1) or (alone and SALUTATION.match(text))
            or (m.group("quote") and is_short(name))):  # '“A: …' inside a quotation: too little to go on
        return None
    label = text[: m.end()].rstrip()
    role = (m.group("role") or "").strip()
    return Label(label, name, "" if is_stage(role) else role, m.end(), dash=bool(m.group("dash")),
                 form="short" if is_short(name) else "colon", alone=alone)


def stop_label(text: str) -> Label | None:
    """``NAME. text``: an all-capital label of up to six words with a full stop, or alone on its line."""
    m = STOP_LABEL.match(text)
    if not m:
        return None
    name = m.group("label")
    words = name.split()
    letters = [c for c in name if c.isalpha()]
    rest = text[m.end():]
    if (not name.isupper() or len(letters) < 3 or len(words[-1].rstrip(".")) < 2 or is_field(name)
            or (len(words) == 1 and ROMAN.match(name))
            or (rest and not (rest[0].isupper() or rest[0] in "“\"‘'([0123456789"))):  # the speech's start
        return None
    return Label(text[: m.end()].rstrip(), name, "", m.end(), form="stop", alone=not rest)


def alone_label(text: str) -> Label | None:
    """A name alone on its line, with no punctuation ('KISSINGER', 'Le Duc Tho')."""
    m = ALONE_LABEL.match(text)
    if (not m or text.endswith(".") or is_field(text) or SALUTATION.match(text) or ROMAN.match(text)
            or (len(text) < 3 and len(text.split()) == 1)):
        return None
    return Label(text, text, "", len(text), form="alone", alone=True)


def known_label(text: str, names: list[str]) -> Label | None:
    """``Name text`` / ``Name. text`` / ``Name:`` at the start of ``text``, for a known participant name (longest
    first). A name of one word needs the full stop or the colon ('Gromyko. We think'): 'Brezhnev Doctrine' is not
    a label."""
    for name in sorted(names, key=len, reverse=True):
        if not text.startswith(name):
            continue
        rest = text[len(name):]
        m = AFTER_KNOWN_NAME.match(rest)
        if not m:
            continue
        # a stop or a colon after the name ('A. A. Gromyko.': the name's final initial and the stop are one), or
        # white space after a name of several words
        if m.group(1) or m.group(2) or name.endswith(".") or (len(name.split()) > 1 and rest[:1].isspace()):
            end = len(name) + m.end()
            label = text[:len(name) + len((m.group(1) or "") + (m.group(2) or ""))].rstrip()
            return Label(label, name, "", end, form="known", alone=end >= len(text.rstrip()))
    return None


def bare_name(name: str) -> str:
    """A label's name without honorifics, 'the', titles and abbreviated offices ('For. Min. Gromyko' → 'Gromyko')."""
    bare = strip_honorifics(name)
    while True:
        before = bare
        bare = LEADING_THE.sub("", bare)
        bare = ABBREVIATED_TITLE.sub("", bare)
        bare = strip_titles(bare)
        bare = strip_honorifics(bare)
        if bare == before:
            return bare


def candidate(text: str) -> Label | None:
    """The label form ``text`` (a paragraph without its page breaks) opens with, before any evidence."""
    if not text or text[0] in "[(":
        return None  # a stage direction or an editor's bracket opens it: never a speaker
    return colon_label(text) or stop_label(text) or (alone_label(text) if len(text) <= 60 else None)


@dataclass
class Evidence:
    """What the whole document says about its label forms: how often each label occurs, how many of each form, and
    the forms one of whose labels recurs."""

    counts: Counter
    forms: Counter
    recurring: frozenset

    @classmethod
    def of(cls, labels: list[Label]) -> Evidence:
        counts = Counter(norm(lab.name) for lab in labels)
        return cls(counts, Counter(lab.form for lab in labels),
                   frozenset(lab.form for lab in labels if counts[norm(lab.name)] >= 2))

    def accepts(self, lab: Label, known: bool, next_is_speech: bool) -> bool:
        recurs = self.counts[norm(lab.name)] >= 2
        if lab.alone and not next_is_speech:
            return False
        if lab.form == "short":
            return "short" in self.recurring and self.forms["short"] >= 3
        if lab.form == "colon":
            person_like = bool(lab.role) or titled(lab.name)
            return known or person_like or recurs or self.forms["colon"] + self.forms["short"] >= 2
        if lab.form in ("stop", "alone"):
            return known or recurs or (lab.form in self.recurring and self.forms[lab.form] >= 3)
        return True


def norm(name: str) -> str:
    return fold(bare_name(name)).lower()


def titled(name: str) -> bool:
    """A label that opens with an honorific or an office ('Mr. Hollis', 'Secretary Rusk', 'Adm. Moorer')."""
    first = name.split()[0].rstrip(".").lower()
    return first in HONORIFICS or first in TITLES or bool(ABBREVIATED_TITLE.match(name))
