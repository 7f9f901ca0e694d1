"""Speaker turns: find the label that opens a paragraph, resolve it to a participant, and run turns on.

Label styles (each a general rule):
- ``Name: text`` and ``Name (Role): text`` (a capitalised name of up to six words, optionally after Mr/Mr./Dr);
  FRUS memoranda ``The President:``, ``Secretary Rusk:`` are the same rule;
- ``Name text`` and ``Name. text`` with no colon, only where ``Name`` is a known participant of the document
  (a participant list, the persons named in the title, or a name already seen speaking) and the speech begins with
  a capital letter, a quotation mark or a bracket.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .model import Block, ListBlock, Participant, Turn
from .names import TITLES, fold, strip_honorifics, strip_titles, surname

# First words that make "Word: text" a field or a heading, not a speaker.
NOT_SPEAKERS = {"source", "to", "from", "subject", "note", "notes", "present", "participants", "summary", "re", "cc",
                "date", "rights", "type", "attachment", "enclosure", "classification", "copy", "distribution", "ref",
                "reference", "text", "excerpt", "excerpts", "translation", "original", "language", "record", "donors",
                "tags", "posted", "comments", "reply", "update", "editor", "author", "keywords", "question", "answer",
                "q", "a", "ps", "p.s", "nb", "see", "also", "memorandum", "telegram", "cable", "letter", "message",
                "item", "point", "agenda", "place", "time", "location", "minutes", "approved", "drafted", "cleared",
                "begin", "end", "quote", "unquote", "comment", "background", "action", "conclusion", "conclusions",
                "recommendation", "recommendations", "decision", "purpose", "secret", "confidential", "unclassified",
                "addendum", "postscript", "annex", "appendix", "tab", "attachments", "enclosures", "ps", "op", "i", "ii"}
# Words that make "… Word: text" a heading ('Joint Statement:', 'US Objectives:', 'Summary of Discussion:').
HEADING_WORDS = {"summary", "discussion", "conclusion", "conclusions", "background", "comment", "comments",
                 "recommendation", "recommendations", "action", "decision", "decisions", "issue", "issues", "problem",
                 "problems", "position", "positions", "objective", "objectives", "points", "text", "note", "notes",
                 "agenda", "subject", "purpose", "result", "results", "proposal", "proposals", "statement",
                 "question", "questions", "answer", "enclosure", "attachment", "participants", "distribution",
                 "program", "programme", "plan", "report", "communiqué", "communique", "message", "telegram"}

_TOKEN = r"[A-ZÀ-ÝĐ][\w’'\-]*\.?"
COLON_LABEL = re.compile(
    rf"(?P<dash>[—–]\s?)?(?P<label>(?:(?:Mr|Mrs|Ms|Dr)\.?\s+)?{_TOKEN}(?:\s+(?:of\s+|the\s+|de\s+|van\s+|von\s+)?{_TOKEN}){{0,5}})"
    r"(?:\s*\((?P<role>[^()]{1,120})\))?\s*:\s+(?=\S)")
# Record-keeping and narrative that ends a turn (third person about the conversation itself).
NOT_SPEECH = re.compile(
    r"^(?:At the (?:end|beginning|close|conclusion) of (?:the|this) (?:conversation|meeting|talks?|discussion)"
    r"|(?:The|This) (?:conversation|meeting|record|memorandum|talk|discussion) (?:was|is|has been) "
    r"(?:recorded|taken|prepared|written|held|transcribed)"
    r"|(?:Recorded|Transcribed|Prepared) by\b"
    r"|\[(?:Omitted|Here follows|Text not|Remainder)\b)", re.I)
# Abbreviated offices before a name in a label ('Sect. Rusk', 'Amb. Bunker'): not part of the name.
ABBREVIATED_TITLE = re.compile(r"^(?:(?:Sect|Secy|Sec|Amb|Gen|Adm|Col|Maj|Capt|Lt|Sen|Gov|Rep|Pres|Min|Dep|Asst)\.\s*)+"
                               r"(?=[A-ZÀ-ÝĐ])")
# A paragraph wholly in brackets or parentheses, perhaps with a note marker after it.
ASIDE = re.compile(r"\((?:[^()]|\([^()]*\))*\)\s?\d{0,3}|\[(?:[^\[\]]|\[[^\[\]]*\])*\]\s?\d{0,3}")
PAGE_PREFIX = re.compile(r"(?:\[Page [0-9ivxlcdmIVXLCDM]+\]\s?)+")


@dataclass(frozen=True)
class Label:
    label: str      # as written, without the colon
    name: str       # the name part (honorific kept)
    role: str       # the role in parentheses, if any
    end: int        # offset where the speech begins
    dash: bool = False  # the label follows a dash ('—Clark Clifford: …')
    prefix: str = ""    # page breaks before the label that stay at the start of the speech


LEADING_THE = re.compile(r"^[Tt]he\s+")
FINAL_DOT = re.compile(r"\.$")
POSSESSIVE_END = re.compile(r"['’]s?$")
AFTER_KNOWN_NAME = re.compile(r"(\.)?(\s*:)?\s+(?=[A-ZÀ-ÝĐ“\"‘'(\[])")
WHITE_SPACE = re.compile(r"\s")


def is_title_only(name: str) -> bool:
    words = LEADING_THE.sub("", name).split()
    return bool(words) and all(w.rstrip(".").lower() in TITLES for w in words)


def colon_label(text: str) -> Label | None:
    """``Name: text`` / ``Name (Role): text`` at the start of ``text``."""
    m = COLON_LABEL.match(text)
    if not m:
        return None
    name = m.group("label").strip()
    words = [FINAL_DOT.sub("", w).lower() for w in name.split()]
    if words[0] in NOT_SPEAKERS or HEADING_WORDS & set(words) or POSSESSIVE_END.search(words[-1]):
        return None  # a field, a heading or a possessive ('Thieu's proposal:'), not a speaker
    label = text[: m.end()].rstrip()
    label = label[:-1].rstrip() if label.endswith(":") else label
    return Label(label, name, (m.group("role") or "").strip(), m.end(), dash=bool(m.group("dash")))


def known_label(text: str, names: list[str]) -> Label | None:
    """``Name text`` / ``Name. text`` at the start of ``text``, for a known participant name (longest first)."""
    for name in sorted(names, key=len, reverse=True):
        if not text.startswith(name):
            continue
        rest = text[len(name):]
        m = AFTER_KNOWN_NAME.match(rest)
        if m and (m.group(1) or m.group(2) or WHITE_SPACE.match(rest)):
            label = name
            return Label(label.rstrip(), name, "", len(name) + m.end())
    return None


def resolve_speaker(name: str, participants: dict[str, Participant], titles: dict[str, str], key_for_name) -> str:
    """The participant key for a label's name: a title ('The President') by the participant holding it, a surname
    by the one participant who has it, otherwise the key of the name itself."""
    bare = strip_honorifics(name)
    if bare.lower().startswith("the "):
        bare = bare[4:]
    words = bare.split()
    if is_title_only(bare):
        key = titles.get(words[-1].rstrip(".").lower())
        if key:
            return key
    core = strip_titles(ABBREVIATED_TITLE.sub("", bare))
    folded = fold(core).lower()
    for p in participants.values():
        if folded in {fold(f).lower() for f in p.forms} or folded == fold(p.name).lower():
            return p.key
    matches = [p.key for p in participants.values() if fold(surname(p.name)).lower() == folded]
    if len(set(matches)) == 1:
        return matches[0]
    return key_for_name(core)


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


def ends_turn(text: str) -> bool:
    """Record-keeping that ends a turn: 'At the end of the conversation …', 'The conversation was recorded by …',
    or a paragraph wholly in brackets or parentheses (an editor's or note-taker's remark: '[Omitted here is …]',
    '(Statement, Insert B)4')."""
    text = text[page_prefix(text):]
    return bool(NOT_SPEECH.match(text) or ASIDE.fullmatch(text))


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


def group_turns(items: list, participants: dict[str, Participant], titles: dict[str, str], key_for_name,
                colon_style: bool = True, known_names: list[str] | None = None, run_on: bool = True) -> list:
    """Turn a flat list of blocks (and ListBlocks) into prose and ``Turn``s.

    A paragraph opens a turn when it starts (after any page breaks) with a speaker label. A turn runs on over the
    following paragraphs and lists until the next label, or a paragraph that is plainly not speech (``ends_turn``).
    A label after a dash (``—Clark Clifford: …``, an item of a line-up of views) is a turn of one paragraph, and so
    is every turn when ``run_on`` is false (turns quoted one paragraph each inside a narrative). Names that speak
    become known names for ``Name text`` labels further on."""
    known = list(known_names or [])
    out: list = []
    current: Turn | None = None
    for item in items:
        if isinstance(item, Block) and item.type == "p":
            skip = page_prefix(item.text)
            text = item.text[skip:]
            lab = colon_label(text) if colon_style else None
            if lab is None and known:
                lab = known_label(text, known)
            if lab is not None:
                if skip and attach_to_previous(out, item.text[:skip]):
                    start = skip + lab.end
                else:
                    start, lab = lab.end + skip, Label(lab.label, lab.name, lab.role, lab.end, lab.dash, item.text[:skip])
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
                turn = Turn(label=lab.label, key=key, line=item.line, blocks=[speech] if speech.text else [])
                out.append(turn)
                current = turn if run_on and not lab.dash else None
                continue
            if ends_turn(item.text) or not run_on:
                current = None
        if current is not None and (isinstance(item, ListBlock) or (isinstance(item, Block) and item.type == "p")):
            current.blocks.append(item)
        else:
            out.append(item)
    return out
