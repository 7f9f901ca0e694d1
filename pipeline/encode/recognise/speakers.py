"""The participant a speaker label names: by a title they hold, their name, or their surname; never a guess."""

from __future__ import annotations

import re
from collections import Counter

from ..model import Participant
from ..names.forms import fold, strip_honorifics, surname
from .labels import LEADING_THE, Label, bare_name, is_title_only


def person_name(p: Participant) -> str:
    """The name of a participant without a role written after it ('Henry A. Kissinger, Secretary of State')."""
    return p.name.split(",")[0].strip()


def by_role(title: str, participants: dict[str, Participant]) -> str | None:
    """The one participant whose role begins with ``title`` ('President' → role 'President of the United States')."""
    want = fold(title).lower()
    hits = {p.key for p in participants.values()
            if p.role and re.match(rf"(?:the\s+)?{re.escape(want)}\b", fold(p.role).lower())}
    return hits.pop() if len(hits) == 1 else None


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
    return matches.pop() if len(matches) == 1 else key_for_name(core)


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


def is_known(lab: Label, participants: dict[str, Participant], titles: dict[str, str], known: list[str]) -> bool:
    """The label names a participant of the document (by name, surname or a title it holds)."""
    return lab.name in known or resolve_speaker(lab.name, participants, titles, lambda n: None) is not None


def participant_surnames(participants: dict[str, Participant]) -> list[str]:
    """The surnames that name one participant each, as ``Surname.`` / ``Surname:`` labels may use them."""
    counts = Counter(surname(person_name(p)) for p in participants.values())
    return sorted(s for s, n in counts.items() if n == 1 and len(s.rstrip(".")) > 1 and not s.endswith("."))
