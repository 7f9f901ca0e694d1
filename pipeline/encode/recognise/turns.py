"""Speaker turns: find the label that opens a paragraph, resolve it to a participant, and run turns on.

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
from dataclasses import dataclass, replace

from ..brackets import INCIDENT_WORDS
from ..model import Block, ListBlock, Participant, Turn
from ..names.forms import HONORIFICS, TITLES, fold, strip_honorifics, strip_titles, surname

# First words that make "Word: text" a field or a heading, not a speaker.
NOT_SPEAKERS = {"source", "to", "from", "subject", "note", "notes", "present", "participants", "summary", "re", "cc",
                "date", "rights", "type", "attachment", "enclosure", "classification", "copy", "distribution", "ref",
                "reference", "text", "excerpt", "excerpts", "translation", "original", "language", "record", "donors",
                "tags", "posted", "comments", "reply", "update", "editor", "author", "keywords", "question", "answer",
                "ps", "p.s", "nb", "see", "also", "memorandum", "telegram", "cable", "letter", "message",
                "item", "point", "agenda", "place", "time", "location", "minutes", "approved", "drafted", "cleared",
                "begin", "end", "quote", "unquote", "comment", "background", "action", "conclusion", "conclusions",
                "recommendation", "recommendations", "decision", "purpose", "secret", "confidential", "unclassified",
                "addendum", "postscript", "annex", "appendix", "tab", "attachments", "enclosures", "op", "i", "ii",
                "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii", "members", "attendees", "also",
                "sent", "info", "priority", "immediate", "flash", "routine", "file", "files", "dear", "gentlemen",
                "sirs", "madam", "sir", "part", "section", "chapter", "option", "options", "alternative", "step",
                "phase", "stage", "case", "example", "answer", "reason", "result", "status", "total", "issue"}
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
# Record-keeping and narrative that ends a turn (third person about the conversation itself).
NOT_SPEECH = re.compile(
    r"^(?:At the (?:end|beginning|close|conclusion) of (?:the|this) (?:conversation|meeting|talks?|discussion)"
    r"|(?:The|This) (?:conversation|meeting|record|memorandum|talk|discussion) (?:was|is|has been) "
    r"(?:recorded|taken|prepared|written|held|transcribed)"
    r"|(?:Recorded|Transcribed|Prepared) by\b"
    r"|\[(?:Omitted|Here follows|Text not|Remainder)\b)", re.I)
# Abbreviated offices before a name in a label ('Sect. Rusk', 'Amb. Bunker', 'For. Min. Gromyko'): not the name.
ABBREVIATED_TITLE = re.compile(r"^(?:(?:Sect|Secy|Sec|Amb|Gen|Adm|Col|Maj|Capt|Lt|Sen|Gov|Rep|Pres|Min|Dep|Asst|For"
                               r"|Fgn|Def|Amb|Cdr|Cmdr|Brig|Sgt|Prof|Rev|Hon|Gen|Dir|Chm|Chmn|Pm|Fm)\.\s*)+"
                               r"(?=[A-ZÀ-ÝĐ])")
# A paragraph wholly in brackets or parentheses, perhaps with a note marker after it.
ASIDE = re.compile(r"\((?:[^()]|\([^()]*\))*\)\s?\d{0,3}|\[(?:[^\[\]]|\[[^\[\]]*\])*\]\s?\d{0,3}")
PAGE_PREFIX = re.compile(r"(?:\[Page [0-9ivxlcdmIVXLCDM]+\]\s?)+")
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
FINAL_DOT = re.compile(r"\.$")
POSSESSIVE_END = re.compile(r"['’]s?$")
AFTER_KNOWN_NAME = re.compile(r"(\.)?(\s*:)?(?:\s+(?=[A-ZÀ-ÝĐ“\"‘'(\[])|$)")
WHITE_SPACE = re.compile(r"\s")


def words_of(name: str) -> list[str]:
    return [FINAL_DOT.sub("", w).lower() for w in name.split()]


def is_title_only(name: str) -> bool:
    words = LEADING_THE.sub("", name).split()
    return bool(words) and all(w.rstrip(".").lower() in TITLES for w in words)


def is_field(name: str) -> bool:
    """A memo field or heading ('Subject', 'Members Present', 'Thieu's proposal'), not a person."""
    words = words_of(name)
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
    if is_field(name) or (ROMAN.match(name) and len(name) > 1):
        return None
    alone = m.end() == len(text.rstrip())
    if alone and SALUTATION.match(text):
        return None
    if m.group("quote") and is_short(name):
        return None  # '“A: …' inside a quotation: too little to go on
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
    if (not name.isupper() or len(letters) < 3 or any(len(w.rstrip(".")) < 2 for w in words[-1:]) or is_field(name)
            or (len(words) == 1 and ROMAN.match(name))):
        return None
    rest = text[m.end():]
    if rest and not (rest[0].isupper() or rest[0] in "“\"‘'([0123456789"):
        return None
    return Label(text[: m.end()].rstrip(), name, "", m.end(), form="stop", alone=not rest)


def alone_label(text: str) -> Label | None:
    """A name alone on its line, with no punctuation ('KISSINGER', 'Le Duc Tho')."""
    m = ALONE_LABEL.match(text)
    if not m or text.endswith(".") or is_field(text) or SALUTATION.match(text) or (ROMAN.match(text)):
        return None
    words = text.split()
    if len(words) == 1 and len(text) < 3:
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
        punct = m.group(1) or m.group(2)
        if name.endswith(".") and not punct:
            punct = "."  # 'A. A. Gromyko.': the name's final initial and the label's stop are one
        if punct or (len(name.split()) > 1 and WHITE_SPACE.match(rest)):
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


def person_name(p: Participant) -> str:
    """The name of a participant without a role written after it ('Henry A. Kissinger, Secretary of State')."""
    return p.name.split(",")[0].strip()


def by_role(title: str, participants: dict[str, Participant]) -> str | None:
    """The one participant whose role begins with ``title`` ('President' → role 'President of the United States')."""
    want = fold(title).lower()
    hits = {p.key for p in participants.values()
            if p.role and re.match(rf"(?:the\s+)?{re.escape(want)}\b", fold(p.role).lower())}
    if len(hits) == 1:
        return hits.pop()
    return None


def resolve_speaker(name: str, participants: dict[str, Participant], titles: dict[str, str], key_for_name) -> str:
    """The participant key for a label's name: a title ('The President', 'Secretary') by the participant holding it
    (the title map, else the one participant whose role begins with it), a name or a surname (titles dropped:
    'Dr. Kissinger', 'Adm. Moorer', 'KISSINGER') by the one participant who has it, otherwise the key of the name
    itself: an unresolvable label gets its own key, never a guessed person."""
    bare = LEADING_THE.sub("", strip_honorifics(name))
    if is_title_only(bare):
        words = bare.split()
        key = titles.get(words[-1].rstrip(".").lower()) or by_role(bare, participants)
        if key:
            return key
    core = bare_name(name)
    folded = fold(core).lower()
    for p in participants.values():
        if folded in {fold(f).lower() for f in p.forms} or folded in (fold(p.name).lower(),
                                                                      fold(person_name(p)).lower()):
            return p.key
    last = fold(core.split()[-1]).lower() if core.split() else ""
    matches = {p.key for p in participants.values()
               if fold(surname(person_name(p))).lower() in (folded, last) and (len(core.split()) == 1 or last == folded
                                                                                or folded.endswith(" " + last))}
    if len(core.split()) > 1:  # 'Henry Kissinger': the whole name, or initials and surname, must agree
        matches = {k for k in matches if agrees(core, person_name(participants[k]))}
    if len(matches) == 1:
        return matches.pop()
    return key_for_name(core)


def agrees(label_name: str, full_name: str) -> bool:
    """'H. Kissinger' / 'Henry Kissinger' agree with 'Henry A. Kissinger': same surname, each other word's initial
    found in order in the full name."""
    a = [w.rstrip(".").lower() for w in fold(label_name).split()]
    b = [w.rstrip(".").lower() for w in fold(full_name).split()]
    if not a or not b or a[-1] != b[-1]:
        return False
    rest = iter(b[:-1])
    return all(any(x[:1] == y[:1] and (len(x) == 1 or len(y) == 1 or x == y) for y in rest) for x in a[:-1])


def add_participant(participants: dict[str, Participant], key: str, name: str, form: str = "", role: str = ""):
    p = participants.get(key)
    if p is None:
        p = participants[key] = Participant(key=key, name=name)
    if len(strip_honorifics(name)) > len(strip_honorifics(p.name)) and "(" not in name:
        p.name = name
    if form:
        p.forms.add(form)
    if role and not p.role:
        p.role = role
    return p


def page_prefix(text: str) -> int:
    """Length of the page breaks (``[Page 288] ``) that open a paragraph, before a possible label."""
    m = PAGE_PREFIX.match(text)
    return m.end() if m else 0


def is_incident(text: str) -> bool:
    """A paragraph that is only an event in brackets or parentheses ('[Laughter]', '(laughs)')."""
    t = text.strip()
    return len(t) > 2 and t[0] + t[-1] in ("[]", "()") and bool(INCIDENT_WORDS.fullmatch(t[1:-1].strip(" .")))


def ends_turn(text: str) -> bool:
    """Record-keeping that ends a turn: 'At the end of the conversation …', 'The conversation was recorded by …',
    or a paragraph wholly in brackets or parentheses (an editor's or note-taker's remark: '[Omitted here is …]',
    '(Statement, Insert B)4') that is not a sound in the room ('[Laughter]' stays inside the turn)."""
    text = text[page_prefix(text):]
    return bool(NOT_SPEECH.match(text) or (ASIDE.fullmatch(text) and not is_incident(text)))


def attach_to_previous(out: list, text: str) -> bool:
    """Append ``text`` (page breaks that opened a paragraph) to the end of the preceding paragraph, so that they keep
    their place in the text when the paragraph they opened becomes a turn. False when there is no such paragraph."""
    last = out[-1] if out else None
    if isinstance(last, Turn):
        last = last.blocks[-1] if last.blocks else None
    if isinstance(last, ListBlock):
        last = last.items[-1] if last.items else None
    if isinstance(last, Block) and last.type in ("p", "item"):
        last.text = f"{last.text} {text.strip()}"
        return True
    return False


def candidate(text: str, colon_style: bool = True) -> Label | None:
    """The label form ``text`` (a paragraph without its page breaks) opens with, before any evidence."""
    if not text or text[0] in "[(":
        return None  # a stage direction or an editor's bracket opens it: never a speaker
    lab = colon_label(text) if colon_style else None
    if lab is None:
        lab = stop_label(text)
    if lab is None and len(text) <= 60:
        lab = alone_label(text)
    return lab


@dataclass
class Evidence:
    """What the whole document says about its label forms: how often each label occurs, and how many of each form."""

    counts: Counter
    forms: Counter
    short_recurs: bool
    alone_recurs: bool
    stop_recurs: bool

    @classmethod
    def of(cls, labels: list[Label]) -> Evidence:
        counts = Counter(norm(lab.name) for lab in labels)
        forms = Counter(lab.form for lab in labels)

        def recurs(form: str) -> bool:
            return any(counts[norm(lab.name)] >= 2 for lab in labels if lab.form == form)

        return cls(counts, forms, recurs("short"), recurs("alone"), recurs("stop"))

    def accepts(self, lab: Label, known: bool, next_is_speech: bool) -> bool:
        recurs = self.counts[norm(lab.name)] >= 2
        if lab.alone and not next_is_speech:
            return False
        if lab.form == "short":
            return self.short_recurs and self.forms["short"] >= 3
        if lab.form == "colon":
            person_like = bool(lab.role) or titled(lab.name)
            return known or person_like or recurs or self.forms["colon"] + self.forms["short"] >= 2
        if lab.form == "stop":
            return known or recurs or (self.stop_recurs and self.forms["stop"] >= 3)
        if lab.form == "alone":
            return known or recurs or (self.alone_recurs and self.forms["alone"] >= 3)
        return True


def norm(name: str) -> str:
    return fold(bare_name(name)).lower()


def titled(name: str) -> bool:
    """A label that opens with an honorific or an office ('Mr. Hollis', 'Secretary Rusk', 'Adm. Moorer')."""
    first = name.split()[0].rstrip(".").lower()
    return first in HONORIFICS or first in TITLES or bool(ABBREVIATED_TITLE.match(name))


def is_known(lab: Label, participants: dict[str, Participant], titles: dict[str, str], known: list[str]) -> bool:
    """The label names a participant of the document (by name, surname or a title it holds)."""
    if lab.name in known:
        return True
    key = resolve_speaker(lab.name, participants, titles, lambda n: None)
    return key is not None


def participant_surnames(participants: dict[str, Participant]) -> list[str]:
    """The surnames that name one participant each, as ``Surname.`` / ``Surname:`` labels may use them."""
    counts = Counter(surname(person_name(p)) for p in participants.values())
    return sorted(s for s, n in counts.items() if n == 1 and len(s.rstrip(".")) > 1 and not s.endswith("."))


def group_turns(items: list, participants: dict[str, Participant], titles: dict[str, str], key_for_name,
                colon_style: bool = True, known_names: list[str] | None = None, run_on: bool = True) -> list:
    """Turn a flat list of blocks (and ListBlocks) into prose and ``Turn``s.

    A paragraph opens a turn when it starts (after any page breaks) with a speaker label that the document gives
    evidence for (``Evidence``). A turn runs on over the following paragraphs and lists until the next label, or a
    paragraph that is plainly not speech (``ends_turn``). A label after a dash (``—Clark Clifford: …``, an item of
    a line-up of views the writer reports) is no turn. Every turn is one paragraph when ``run_on`` is false (turns
    quoted one paragraph each inside a narrative); a label alone on its line takes the paragraph under it. Names that speak
    become known names for ``Name text`` labels further on."""
    known = list(known_names or []) + participant_surnames(participants)
    paragraphs = [i for i, it in enumerate(items) if isinstance(it, Block) and it.type == "p"]
    found: dict[int, Label] = {}
    for i in paragraphs:
        text = items[i].text[page_prefix(items[i].text):]
        lab = candidate(text, colon_style)
        if lab is not None:
            found[i] = lab
    evidence = Evidence.of(list(found.values()))

    def speech_follows(i: int) -> bool:
        nxt = items[i + 1] if i + 1 < len(items) else None
        if isinstance(nxt, ListBlock):
            return True
        return (isinstance(nxt, Block) and nxt.type == "p" and i + 1 not in found and not ends_turn(nxt.text)
                and not is_incident(nxt.text))

    out: list = []
    current: Turn | None = None
    take_next = False
    paragraph_of: dict[int, Block] = {}  # id(turn) -> the paragraph that opened it
    for i, item in enumerate(items):
        if isinstance(item, Block) and item.type == "p":
            skip = page_prefix(item.text)
            text = item.text[skip:]
            lab = found.get(i)
            if lab is not None and lab.form != "colon" or lab is None:
                lab_known = known_label(text, known) if known else None
                if lab_known is not None:
                    lab = lab_known
            if lab is not None and not evidence.accepts(lab, lab.form == "known" or is_known(
                    lab, participants, titles, known), speech_follows(i)):
                lab = None
            if lab is not None and lab.alone and lab.form == "known" and not speech_follows(i):
                lab = None
            if lab is not None and lab.dash:
                lab = None  # '—Clark Clifford: Tell them …': a line-up of views the writer reports, not a turn
            if lab is not None:
                if skip and attach_to_previous(out, item.text[:skip]):
                    start = skip + lab.end
                else:
                    start, lab = lab.end + skip, replace(lab, prefix=item.text[:skip])
                key = resolve_speaker(lab.name, participants, titles, key_for_name)
                display = strip_honorifics(lab.name)
                if key in participants and is_title_only(display):
                    display = participants[key].name
                elif not is_title_only(display):
                    display = strip_titles(display)
                add_participant(participants, key, display, form=lab.name, role=lab.role)
                if lab.name not in known:
                    known.append(lab.name)
                speech = Block("p", lab.prefix + item.text[start:], item.line, item.col + start - len(lab.prefix))
                turn = Turn(label=lab.label, key=key, line=item.line, blocks=[speech] if speech.text.strip() else [])
                out.append(turn)
                paragraph_of[id(turn)] = item
                current = turn if (run_on and not lab.dash) or lab.alone else None
                take_next = lab.alone and not run_on
                continue
            if take_next and current is not None:
                current.blocks.append(item)
                current = None
                take_next = False
                continue
            if is_incident(text) and current is not None:
                current.blocks.append(item)
                continue
            if ends_turn(item.text) or not run_on:
                current = None
        if current is not None and (isinstance(item, ListBlock) or (isinstance(item, Block) and item.type == "p")):
            current.blocks.append(item)
        else:
            out.append(item)
    # a label that got no speech (the next paragraph opened a turn of its own) is no turn: its paragraph as written
    return [paragraph_of[id(it)] if isinstance(it, Turn) and not it.blocks else it for it in out]
