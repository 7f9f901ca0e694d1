"""Participants: the persons present, wherever a document lists them.

- a label line ('PARTICIPANTS', 'Participants:', 'Present:', 'The following were in attendance:', 'THOSE
  ATTENDING THE MEETING WERE') and the short lines or bullets under it;
- a bulleted run of ``Name, Role`` / ``Title Name`` lines with no label (history.state.gov leaves the label
  out), when most of its items read as persons;
- groups inside a list: an item that is only a side or an agency ('United States:', 'OTHER ATTENDEES', 'DRV'),
  or a group before a colon ('State: Mr. A. B. Smith');
- a sentence 'Present were: A, B and C.' (the sentence stays a paragraph).

Each person becomes a participant (name without honorifics and titles, the role, the group, the form as written),
and the list stays in the text as a list of type participants, so that no word is lost."""

from __future__ import annotations

import re

from ..model import Block, Document, ListBlock, Participant
from ..names.forms import (BETWEEN, HONORIFICS, NOT_PERSON_WORDS, TITLES, names_after_honorific, names_in_between,
                           names_in_list, strip_titles)
from .speakers import add_participant, resolve_speaker
from .text import BULLET, ends_terminal

LIST_LABEL = re.compile(
    r"^(?:(?:THOSE|PERSONS) (?:ATTENDING|PRESENT)(?: (?:THE|AT THE) (?:MEETING|LUNCHEON|LUNCH|DINNER|CONFERENCE))?"
    r"(?: WERE)?|PARTICIPANTS|ATTENDEES|PRESENT|Participants|Attendees|Present(?: were)?|Also present"
    r"|In attendance|The following (?:were|was) (?:in attendance|present)|(?:Members|Others) [Pp]resent)\s*:?$")
OTHER_LABEL = re.compile(r"^(?:SUBJECTS?|Subjects?|TO|To|FROM|From|DISTRIBUTION|Distribution)\s*:?$")
PRESENT = re.compile(r"^(?:Present(?: were)?|Participants|Also present|In attendance)\s*:\s*", re.I)
# Words of an office or a body, not of a person's name ('Director of Central Intelligence William Colby').
OFFICE_WORDS = {"intelligence", "staff", "agency", "house", "disarmament", "control", "arms", "joint", "chiefs",
                "central", "operations", "management", "budget", "treasury", "justice", "commerce", "interior",
                "nations", "mission", "delegation", "bureau", "department", "office", "council", "embassy",
                "adviser", "advisor", "notetaker", "note-taker", "interpreter", "ambassador", "politburo", "member"}
HONORIFIC_ABBREVIATION = re.compile(r"^[A-Z][a-z]{1,4}\.$")  # 'Amb.', 'Lt.', 'Adm.', 'Gen.', 'Mr.'
INITIAL = re.compile(r"^(?:[A-ZÀ-ÝĐ]\.)+[A-ZÀ-ÝĐ]?\.?$")
NAME_TOKEN = re.compile(r"^[A-ZÀ-ÝĐ][\w’'-]*$")
GROUP_ITEM = re.compile(r"^(?P<group>[^,:]{1,40}):$")
GROUP_PREFIX = re.compile(r"^(?P<group>[A-Z][\w.&/ -]{0,30}?):\s+(?P<rest>\S.*)$")


def is_name_token(tok: str) -> bool:
    bare = tok.rstrip(",").lower().rstrip(".")
    return bool(INITIAL.match(tok)) or (bool(NAME_TOKEN.match(tok)) and bare not in TITLES
                                        and bare not in NOT_PERSON_WORDS and bare not in OFFICE_WORDS
                                        and bare not in HONORIFICS)


def only_titles(title: str) -> bool:
    """A title with no name ('The President', 'Secretary of State')."""
    return bool(title) and all(w.rstrip(".").lower() in TITLES for w in title.split())


def split_name(text: str) -> tuple[str, str]:
    """(title part, name) of 'Secretary of State Henry A. Kissinger', 'Lt. General Brent Scowcroft',
    'Amb. Anatoliy F. Dobrynin': the name is the run of name words at the end (at most three full words);
    a title alone ('The President') gives ('The President', '')."""
    toks = text.split()
    k = len(toks)
    full = 0
    while k and is_name_token(toks[k - 1]) and not (HONORIFIC_ABBREVIATION.match(toks[k - 1]) and k < len(toks)):
        if not INITIAL.match(toks[k - 1]):
            full += 1
            if full > 3:
                break
        k -= 1
    name = " ".join(toks[k:])
    if name and not any(c.islower() for c in name):
        return text, ""  # an abbreviation ('NSC'), not a name
    return " ".join(toks[:k]), name


def read_person(text: str) -> tuple[str, str, str]:
    """(name, role, title) of one line of a participants list: 'Name, Role', 'Title Name', 'Title Name, Role'."""
    who, _, role = text.partition(", ")
    title, name = split_name(who.strip())
    if not name and role:
        # 'Director, Arms Control and Disarmament Agency Dr. Fred Ikle': the name ends the line
        t2, n2 = split_name(text)
        if n2:
            return n2, t2.rstrip(", "), ""
    title = " ".join(w for w in title.split() if w.rstrip(".").lower() not in HONORIFICS)
    return name, role.strip(), title


def is_group(text: str) -> bool:
    """An item that names a side or an agency: 'United States:', 'OTHER ATTENDEES', 'DRV', 'U.S.'."""
    if GROUP_ITEM.match(text) and len(text.split()) <= 5:
        return True
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters) and len(text.split()) <= 4 and "," not in text


def looks_like_person(text: str) -> bool:
    if is_group(text) or ends_terminal(text.rstrip(".")) and len(text.split()) > 12:
        return False
    m = GROUP_PREFIX.match(text)
    body = m.group("rest") if m else text
    name, _role, title = read_person(body)
    if name:
        return len(name.split()) <= 5
    return only_titles(title) and len(title.split()) <= 4


def is_participant_run(items: list[str]) -> bool:
    persons = sum(1 for t in items if looks_like_person(t))
    people = [t for t in items if not is_group(t)]
    return len(people) >= 2 and persons >= max(2, (2 * len(people) + 2) // 3) and not any(
        t.endswith(".") and len(t.split()) > 12 for t in items)


def is_caps_label(text: str) -> bool:
    """A list's label in capitals on its own line ('PRINCIPALS', 'U.S. DELEGATION'): at most four words."""
    return bool(re.fullmatch(r"[A-Z][A-Z.&/ -]{2,40}:?", text)) and len(text.split()) <= 4 \
        and not OTHER_LABEL.match(text)


def is_list_line(text: str) -> bool:
    """A line of a participants list under its label: a short name line, a group, or a person ('Name, Role',
    'Title Name', 'Group: Name'); never another label or a speaker's turn ('Minister Bula: They say …')."""
    if LIST_LABEL.match(text) or OTHER_LABEL.match(text) or BULLET.match(text) or not text[:1].isupper():
        return False
    if (len(text.split()) <= 6 and not ends_terminal(text) and ":" not in text) or is_group(text):
        return True
    m = GROUP_PREFIX.match(text)
    if m and (split_name(m.group("group").strip())[1] or ends_terminal(m.group("rest"))):
        return False  # a label and its speech
    return ": " not in text.partition(", ")[2] and looks_like_person(text)


def offices_in(title: str) -> list[str]:
    """The words of a title that name an office ('Secretary of State' → secretary, state), lower-cased."""
    words = (w.rstrip(".").lower() for w in title.split())
    return [w for w in words if w in TITLES and w not in {"the", "of", "to", "for", "and"}]


def add_people(doc: Document, items: list[Block], titles: dict, key_for_name) -> None:
    group = ""
    for it in items:
        text = it.text
        if is_group(text):
            group = text.rstrip(":").strip()
            continue
        m = GROUP_PREFIX.match(text)
        this_group = group
        if m and not split_name(m.group("group").strip())[1]:  # 'Defense: Mr. A. Roe', not 'A. Roe: …'
            this_group, text = m.group("group").strip(), m.group("rest")
        name, role, title = read_person(text)
        if not name and not only_titles(title):
            continue  # neither a name nor a title ('1 January 1945.'): no person made up; the item stays as written
        form = (f"{title} {name}".strip() if name else title) or text
        name = name or title
        key = resolve_speaker(name, doc.participants, titles, key_for_name)
        p = add_participant(doc.participants, key, name, form=form, role=role or (title if name != title else ""))
        if this_group and not getattr(p, "group", ""):
            p.group = this_group
        for w in offices_in(title):
            titles[w] = key if titles.get(w, key) == key else ""  # a title two persons hold names neither


def read_participants(doc: Document, blocks: list, titles: dict, key_for_name) -> list:
    """Replace the participants' lists in ``blocks`` by ListBlocks (type participants) and fill
    ``doc.participants``; other bulleted runs become lists of type unordered (a labelled one with its head)."""
    out: list = []
    i = 0
    n = len(blocks)
    while i < n:
        b = blocks[i]
        if not (isinstance(b, Block) and b.type == "p"):
            out.append(b)
            i += 1
            continue
        label = LIST_LABEL.match(b.text) or OTHER_LABEL.match(b.text)
        start = i + 1 if label else i
        j = start
        while (j < n and isinstance(blocks[j], Block) and BULLET.match(blocks[j].text)
               and (j == start or blocks[j].line == blocks[j - 1].line + 1)):
            j += 1  # a run of bullet lines; a blank line between two bullets starts another list
        bullets = blocks[start:j]
        caps_label = not label and not bullets and is_caps_label(b.text)
        if not bullets and (label and LIST_LABEL.match(b.text) or caps_label):
            # the lines under the label ('THOSE ATTENDING THE MEETING WERE' / 'The President' / …; the older
            # pages' 'PARTICIPANTS' / 'Name, Role' lines, groups among them), up to the next label or a turn
            start = j = i + 1
            while j < n and isinstance(blocks[j], Block) and is_list_line(blocks[j].text):
                j += 1
            plain = blocks[start:j]
            if plain and (not caps_label or is_participant_run([x.text for x in plain])):
                items = [Block("item", x.text, x.line, x.col) for x in plain]
                add_people(doc, items, titles, key_for_name)
                out.append(ListBlock(items=items, type="participants", head=Block("head", b.text, b.line, b.col)))
                i = j
                continue
        if bullets:
            items = [Block("item", m.group("rest"), x.line, x.col + m.start("rest"))
                     for x in bullets if (m := BULLET.match(x.text))]
            head = Block("head", b.text, b.line, b.col) if label else None
            # under a participants label, or a run of persons under no label (another label: never)
            is_people = LIST_LABEL.match(b.text) or (not label and is_participant_run([it.text for it in items]))
            if is_people:
                add_people(doc, items, titles, key_for_name)
            out.append(ListBlock(items=items, type="participants" if is_people else "unordered", head=head))
            i = j
            continue
        m = PRESENT.match(b.text)
        if m:
            for name in names_in_list(b.text[m.end():]):
                add_participant(doc.participants, key_for_name(name), name, form=name)
        out.append(b)
        i += 1
    for t in [t for t, k in titles.items() if not k]:
        del titles[t]
    return out


def participants_from_title(title: str, key_for_name) -> tuple[dict[str, Participant], dict[str, str]]:
    """Persons named in a title ('Conversation between A and B', 'Cde. X') and the titles they hold."""
    parts: dict[str, Participant] = {}
    titles: dict[str, str] = {}
    names = names_after_honorific(title)
    between = BETWEEN.search(title)
    if between:
        for chunk in re.split(r",\s*|\s+and\s+", between.group(1)):
            chunk = re.sub(r"\[[^\]]*\]", "", chunk).strip().rstrip(".")
            name = strip_titles(re.sub(r"^(?:Cdes?\.?|Comrades?|Mr\.?|Mrs\.?|Dr\.?)\s+", "", chunk))
            if (not name or not name[0].isupper() or any(w.lower() in TITLES for w in name.split())
                    or not any(c.islower() for c in name)):
                continue
            for w in offices_in(chunk[: len(chunk) - len(name)]):
                titles.setdefault(w, key_for_name(name))
            names.append(name)
        names += names_in_between(title)
    for name in names:
        if not any(c.islower() for c in name):
            continue  # an abbreviation ('VWP CC'), not a person
        add_participant(parts, key_for_name(name), name, form=name)
    return parts, titles  # a title written before two names is the first one's (setdefault)
