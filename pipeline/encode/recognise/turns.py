"""Speaker turns: a paragraph that opens with a speaker label (``labels``) the document gives evidence for opens a
turn of the participant it names (``speakers``); the turn runs on until the next label or a paragraph that is
plainly not speech."""

from __future__ import annotations

import re
from dataclasses import replace

from ..brackets import INCIDENT_WORDS
from ..model import Block, ListBlock, Participant, Turn
from ..names.forms import strip_honorifics, strip_titles
from .labels import Evidence, Label, candidate, is_title_only, known_label
from .speakers import add_participant, is_known, participant_surnames, resolve_speaker

# Record-keeping and narrative that ends a turn (third person about the conversation itself).
NOT_SPEECH = re.compile(
    r"^(?:At the (?:end|beginning|close|conclusion) of (?:the|this) (?:conversation|meeting|talks?|discussion)"
    r"|(?:The|This) (?:conversation|meeting|record|memorandum|talk|discussion) (?:was|is|has been) "
    r"(?:recorded|taken|prepared|written|held|transcribed)"
    r"|(?:Recorded|Transcribed|Prepared) by\b"
    r"|\[(?:Omitted|Here follows|Text not|Remainder)\b)", re.I)
# A paragraph wholly in brackets or parentheses, perhaps with a note marker after it.
ASIDE = re.compile(r"\((?:[^()]|\([^()]*\))*\)\s?\d{0,3}|\[(?:[^\[\]]|\[[^\[\]]*\])*\]\s?\d{0,3}")
PAGE_PREFIX = re.compile(r"(?:\[Page [0-9ivxlcdmIVXLCDM]+\]\s?)+")


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


def group_turns(items: list, participants: dict[str, Participant], titles: dict[str, str], key_for_name,
                known_names: list[str] | None = None, run_on: bool = True) -> list:
    """Turn a flat list of blocks (and ListBlocks) into prose and ``Turn``s.

    A paragraph opens a turn when it starts (after any page breaks) with a speaker label that the document gives
    evidence for (``Evidence``). A turn runs on over the following paragraphs and lists until the next label, or a
    paragraph that is plainly not speech (``ends_turn``). A label after a dash (``—Clark Clifford: …``, an item of
    a line-up of views the writer reports) is no turn. Every turn is one paragraph when ``run_on`` is false (turns
    quoted one paragraph each inside a narrative); a label alone on its line takes the paragraph under it. Names that speak
    become known names for ``Name text`` labels further on."""
    known = list(known_names or []) + participant_surnames(participants)
    found: dict[int, Label] = {}  # paragraph -> the label it opens with, before any evidence
    for i, it in enumerate(items):
        if isinstance(it, Block) and it.type == "p" and (lab := candidate(it.text[page_prefix(it.text):])):
            found[i] = lab
    evidence = Evidence.of(list(found.values()))

    def speech_follows(i: int) -> bool:
        nxt = items[i + 1] if i + 1 < len(items) else None
        return isinstance(nxt, ListBlock) or (isinstance(nxt, Block) and nxt.type == "p" and i + 1 not in found
                                              and not ends_turn(nxt.text) and not is_incident(nxt.text))

    out: list = []
    current: Turn | None = None
    take_next = False
    paragraph_of: dict[int, Block] = {}  # id(turn) -> the paragraph that opened it
    for i, item in enumerate(items):
        if isinstance(item, Block) and item.type == "p":
            skip = page_prefix(item.text)
            text = item.text[skip:]
            lab = found.get(i)
            if (lab is None or lab.form != "colon") and known:
                lab = known_label(text, known) or lab
            if lab is not None and (
                    lab.dash  # '—Clark Clifford: Tell them …': a line-up of views the writer reports, not a turn
                    or not evidence.accepts(lab, lab.form == "known" or is_known(lab, participants, titles, known),
                                            speech_follows(i))
                    or (lab.alone and lab.form == "known" and not speech_follows(i))):
                lab = None
            if lab is not None:
                start = skip + lab.end
                if not (skip and attach_to_previous(out, item.text[:skip])):
                    lab = replace(lab, prefix=item.text[:skip])
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
                current = turn if run_on or lab.alone else None
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
