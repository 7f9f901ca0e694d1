"""Speaker turns (pipeline/encode/recognise/turns.py) on invented documents: each label style, run-on, the end of a
turn, participants.

Every test encodes a small invented source with ``encode_text`` and asserts on the TEI."""

from __future__ import annotations

import pytest
from lxml import etree

from pipeline.encode import encode_text
from pipeline.encode.model import Block, Turn
from pipeline.encode.recognise.labels import colon_label, known_label
from pipeline.encode.recognise.turns import ends_turn, group_turns

NS = {"t": "http://www.tei-c.org/ns/1.0"}
DOC = "t1"


def encode(text: str, **kw) -> etree._Element:
    return etree.fromstring(encode_text(text, DOC, **kw).xml)


def key(who: str) -> str:
    return who.removeprefix(f"#d{DOC}-")


def text_of(el) -> str:
    return " ".join("".join(el.itertext()).split())


def turns(root) -> list[tuple[str, str, list[str]]]:
    """(speaker key, label as written, [texts of the turn's paragraphs and list items])."""
    out = []
    for sp in root.iterfind(".//t:sp", NS):
        blocks = [text_of(x) for x in sp.xpath("t:p | t:list/t:item", namespaces=NS)]
        out.append((key(sp.get("who")), text_of(sp.find("t:speaker", NS)), blocks))
    return out


def loose_paragraphs(root) -> list[str]:
    """Paragraphs of the body that are not in a turn."""
    return [text_of(p) for p in root.xpath("//t:body//t:p[not(ancestor::t:sp)]", namespaces=NS)]


def persons(root) -> dict[str, str | None]:
    """{participant key: @role}."""
    return {key("#" + p.get("{http://www.w3.org/XML/1998/namespace}id")): p.get("role")
            for p in root.iterfind(".//t:particDesc//t:person", NS)}


def assert_who_resolves(root) -> None:
    ids = {f"#{x}" for x in root.xpath("//t:particDesc//t:person/@xml:id", namespaces=NS)}
    assert {sp.get("who") for sp in root.iterfind(".//t:sp", NS)} <= ids


def wilson(body: str, title: str = "Record of a Conversation between Cde. Ivan Petrov and Cde. Tran Van Minh") -> str:
    """An invented Wilson Center record around ``body``."""
    return (f"Skip to content\n\nMarch 3, 1971\n\n{title}\n\n3 March 1971\n\n{body}\n\n"
            "Document Information\n\nSource\n\nArchive of Nowhere, f. 1, op. 2, d. 3.\n")


def frus(body: str, notes: str = "  1. Source: Invented Archive, Box 7. Secret.") -> str:
    """An invented FRUS memorandum around ``body``."""
    return f"12. Memorandum for the Record 1\n\nWashington, May 5, 1967.\n\n{body}\n{notes}\n"


# --- Name (Role): text and Name: text ---------------------------------------------------------------

def test_colon_labels_with_and_without_a_role():
    root = encode("Ana Lima wrote about the talks.\n\n"
                  "Pedro Alves (Head of the Delegation): We came to listen.\n"
                  "Ms Rita Costa (Adviser to the Minister): Then listen.\n"
                  "Pedro Alves: We are listening.\n\n"
                  "Archive of Nowhere, Memoranda collection, box 3\n")
    assert turns(root) == [
        ("alves-pedro", "Pedro Alves (Head of the Delegation):", ["We came to listen."]),
        ("costa-rita", "Ms Rita Costa (Adviser to the Minister):", ["Then listen."]),
        ("alves-pedro", "Pedro Alves:", ["We are listening."]),
    ]
    roles = {p.getparent().get("{http://www.w3.org/XML/1998/namespace}id"): p.text
             for p in root.iterfind(".//t:person/t:occupation", NS)}
    assert roles == {f"d{DOC}-alves-pedro": "Head of the Delegation", f"d{DOC}-costa-rita": "Adviser to the Minister"}
    assert_who_resolves(root)


def test_mr_and_mr_dot_variants_of_one_name_are_one_person():
    root = encode("Talks resumed.\n\nMr Hollis: One.\nMr. Hollis: Two.\nHollis: Three.\nMme Vo: Four.\n\n"
                  "Memoranda collection, box 3\n")
    assert [t[:2] for t in turns(root)] == [("hollis", "Mr Hollis:"), ("hollis", "Mr. Hollis:"), ("hollis", "Hollis:"),
                                           ("vo", "Mme Vo:")]
    labels = root.xpath(".//t:person[@xml:id='dt1-hollis']/t:persName[@type='label']/text()", namespaces=NS)
    assert sorted(labels) == ["Mr Hollis", "Mr. Hollis"]


def test_field_labels_are_not_speakers():
    root = encode(frus("To: The Secretary\nSubject: Talks\nSource: a cable of May 4.\nNote: none.\n"
                       "Mr. Hollis: We spoke."))
    assert turns(root) == [("hollis", "Mr. Hollis:", ["We spoke."])]
    # 'To: …' under the dateline is the opener (an addressee line); the other fields stay paragraphs
    assert root.xpath("string(//t:opener/t:seg)", namespaces=NS) == "To: The Secretary"
    assert loose_paragraphs(root)[:3] == ["Subject: Talks", "Source: a cable of May 4.", "Note: none."]


def test_a_name_mid_sentence_does_not_start_a_turn():
    root = encode(frus("The President: I saw Hollis today.\nWe agreed with Hollis: talks resume on Monday.\n"
                       "Hollis: Monday then."))
    assert turns(root) == [("president", "The President:", ["I saw Hollis today.",
                                                            "We agreed with Hollis: talks resume on Monday."]),
                           ("hollis", "Hollis:", ["Monday then."])]


# --- Name text / Name. text for known participants -------------------------------------------------

def test_known_participants_speak_without_a_colon():
    root = encode(wilson("Present were: Cdes. Boris Orlov, Sergei Volkov, and Pavel Zotov.\n\n"
                         "Tran Van Minh Our people are ready.\n\n"
                         "Ivan Petrov. We know that.\n\n"
                         "Boris Orlov “Ready” is a big word.\n\n"
                         "Tran Van Minh [We] mean it."))
    assert turns(root) == [("tran-van-minh", "Tran Van Minh", ["Our people are ready."]),
                           ("petrov-ivan", "Ivan Petrov.", ["We know that."]),
                           ("orlov-boris", "Boris Orlov", ["“Ready” is a big word."]),
                           ("tran-van-minh", "Tran Van Minh", ["We mean it."])]
    assert_who_resolves(root)


def test_a_participant_who_never_speaks_is_silent():
    root = encode(wilson("Present were: Cdes. Boris Orlov, Sergei Volkov, and Pavel Zotov.\n\n"
                         "Tran Van Minh Our people are ready.\n\nBoris Orlov Good."))
    roles = persons(root)
    assert roles["volkov-sergei"] == "silent" and roles["zotov-pavel"] == "silent" and roles["petrov-ivan"] == "silent"
    assert roles["tran-van-minh"] is None and roles["orlov-boris"] is None


def test_a_participants_name_before_a_lower_case_verb_is_narrative():
    root = encode(wilson("Present were: Cdes. Boris Orlov and Sergei Volkov.\n\n"
                         "Tran Van Minh Our people are ready.\n\n"
                         "Tran Van Minh said that the people are ready.\n\n"
                         "Boris Orlov then left the room.\n\nIvan Petrov We shall see."))
    assert [t[:2] for t in turns(root)] == [("tran-van-minh", "Tran Van Minh"), ("petrov-ivan", "Ivan Petrov")]
    assert turns(root)[0][2] == ["Our people are ready.", "Tran Van Minh said that the people are ready.",
                                 "Boris Orlov then left the room."]


def test_an_unknown_name_without_a_colon_is_not_a_speaker():
    root = encode(wilson("Present were: Cdes. Boris Orlov.\n\nTran Van Minh Our people are ready.\n\n"
                         "Karl Marx Street was closed."))
    assert [t[0] for t in turns(root)] == ["tran-van-minh"]
    assert turns(root)[0][2][-1] == "Karl Marx Street was closed."


def test_a_name_seen_speaking_is_known_afterwards():
    blocks = [Block("p", "Dr. Olga Ruiz: First.", 1), Block("p", "Dr. Olga Ruiz Second.", 2)]
    out = group_turns(blocks, {}, {}, lambda n: n.lower().replace(" ", "-"), known_names=[])
    assert [(t.key, t.blocks[0].text) for t in out] == [("olga-ruiz", "First."), ("olga-ruiz", "Second.")]


# --- FRUS memorandum labels ------------------------------------------------------------------------

def test_frus_labels_titles_and_surnames():
    root = encode(frus("The President: Where are we?\nSecretary Rusk: In Paris.\nHarriman: Still in Paris.\n"
                       "Sect. Rusk: Yes."))
    assert [t[:2] for t in turns(root)] == [("president", "The President:"), ("rusk", "Secretary Rusk:"),
                                           ("harriman", "Harriman:"), ("rusk", "Sect. Rusk:")]


def test_a_title_resolves_to_the_participant_of_the_heading_who_holds_it():
    text = ("7. Telephone Conversation Between President Hollis and Secretary of State Vance 1\n\n"
            "Washington, May 5, 1967, 9:20 a.m.\n\nPresident: Hello?\nVance: Good morning.\n"
            "  1. Source: Invented Library, tape 4.\n")
    assert [t[:2] for t in turns(encode(text))] == [("hollis", "President:"), ("vance", "Vance:")]


def test_a_page_break_before_a_label_keeps_its_place_and_the_turn():
    root = encode(frus("The President: Where are we?\n[Page 288] Rusk: In Paris."))
    assert [t[:2] for t in turns(root)] == [("president", "The President:"), ("rusk", "Rusk:")]
    words = [x if isinstance(x, str) else x.get("n") for x in
             root.xpath("//t:body//t:pb | //t:body//text()[not(ancestor::t:note)]", namespaces=NS)]
    words = [w for w in words if w.strip()]
    i = words.index("288")
    assert "Where are we?" in words[i - 1] and words[i + 1].strip() == "Rusk"  # the label, its name a persName


def test_a_page_break_opening_the_first_paragraph_stays_in_the_speech():
    root = encode(frus("[Page 9] Rusk: In Paris.\nHollis: Good."))
    sp = root.find(".//t:sp", NS)
    assert text_of(sp.find("t:speaker", NS)) == "Rusk:" and sp.find("t:p/t:pb", NS).get("n") == "9"


def test_a_dashed_line_up_of_views_is_not_turns():
    root = encode(frus("The line-up of opinion was:\n—Clark Hollis: Open talks;\n—Sect. Rusk: Wait;\n"
                       "I shall send the draft."))
    assert turns(root) == []
    assert loose_paragraphs(root) == ["The line-up of opinion was:", "—Clark Hollis: Open talks;", "—Sect. Rusk: Wait;",
                                      "I shall send the draft."]


# --- run-on and its end ----------------------------------------------------------------------------

def test_a_turn_runs_on_over_paragraphs_and_numbered_lists():
    root = encode(wilson("Present were: Cdes. Boris Orlov.\n\nTran Van Minh We see two ways.\n\n"
                         "The war might go two ways.\n\n1. Peace soon.\n\n2. War later.\n\nThat is all.\n\n"
                         "Boris Orlov Thank you."))
    assert turns(root) == [("tran-van-minh", "Tran Van Minh", ["We see two ways.", "The war might go two ways.",
                                                                "Peace soon.", "War later.", "That is all."]),
                           ("orlov-boris", "Boris Orlov", ["Thank you."])]
    items = root.xpath("//t:sp[1]/t:list/t:item/@n", namespaces=NS)
    assert items == ["1", "2"]


@pytest.mark.parametrize("closing", [
    "At the end of the conversation the guests thanked the hosts.",
    "The conversation was recorded by I. Ivanov",
    "Recorded by I. Ivanov",
    "[Omitted here is a discussion of trade.]",
    "(Statement, Insert B)",
    "[Page 4] (The meeting adjourned at 1 p.m.)",
])
def test_record_keeping_ends_a_turn(closing):
    assert ends_turn(closing)
    blocks = [Block("p", "Pedro Alves: We agree.", 1), Block("p", closing, 2), Block("p", "Then more.", 3)]
    out = group_turns(blocks, {}, {}, lambda n: n.lower().replace(" ", "-"), known_names=["Pedro Alves"])
    assert isinstance(out[0], Turn) and len(out[0].blocks) == 1 and out[1:] == blocks[1:]


def test_a_bracketed_note_inside_speech_does_not_end_a_turn():
    assert not ends_turn("(a) The first point is this.")
    assert not ends_turn("[We] agree with the first point.")


def test_record_keeping_at_the_end_of_a_record_is_closing_matter():
    root = encode(wilson("Present were: Cdes. Boris Orlov.\n\nTran Van Minh We are ready.\n\n"
                         "Boris Orlov Good.\n\nThe conversation was recorded by I. Ivanov\n\n[signature]"))
    assert [t[0] for t in turns(root)] == ["tran-van-minh", "orlov-boris"]
    assert root.find(".//t:closer/t:signed", NS) is not None


# --- the label parsers alone -----------------------------------------------------------------------

@pytest.mark.parametrize("text, label", [
    ("Xuan An (Chief of the Delegation): I spoke.", ("Xuan An (Chief of the Delegation):", "Xuan An", "Chief of the Delegation")),
    ("Mr. Hollis: Yes.", ("Mr. Hollis:", "Mr. Hollis", "")),
    ("The President: Yes.", ("The President:", "The President", "")),
    ("Secretary of State Rusk: Yes.", ("Secretary of State Rusk:", "Secretary of State Rusk", "")),
])
def test_colon_label(text, label):
    lab = colon_label(text)
    assert (lab.label, lab.name, lab.role) == label and text[lab.end:] in ("I spoke.", "Yes.")


@pytest.mark.parametrize("text", ["Source: National Archives.", "To: COSVN", "Subject: Talks", "Mr. President:",
                                  "He said: yes.", "Present were: Cdes. A and B.", "Note: see above.",
                                  "Begin text: We agree.", "Joint Statement: The parties agree.",
                                  "US Objectives: Peace.", "Summary of Discussion: Talks.", "Thieu's proposal: No.",
                                  "The Americans’ Position: None.", "Comment: This is new."])
def test_not_a_colon_label(text):
    assert colon_label(text) is None


@pytest.mark.parametrize("text, found", [
    ("Le Duc Tho Yesterday I informed you.", "Le Duc Tho"),
    ("Le Duc Tho. We agree.", "Le Duc Tho"),
    ("Le Duc Tho “Good”.", "Le Duc Tho"),
    ("Le Duc Tho said that he agrees.", None),
    ("Le Duc Thor Yes.", None),
])
def test_known_label(text, found):
    lab = known_label(text, ["Tho", "Le Duc Tho"])
    assert (lab.name if lab else None) == found


def test_a_title_label_does_not_make_every_title_a_person():
    root = encode(frus("The President: Where are we?\nRusk: In Paris with Vice President Hollis."))
    refs = root.xpath("//t:body//t:persName/@ref", namespaces=NS)
    assert "persons.xml#president" not in refs


@pytest.mark.parametrize("label", ["The.", "Mr. Okafor:", "Lindqvist."])
def test_a_label_that_gets_no_speech_is_its_paragraph_again(label):
    """A known name alone on its line, followed by another label, opens no turn: TEI's sp needs speech (the
    project schema and tei_all reject an sp of a speaker alone); the line stays a paragraph, as written."""
    names = "\n".join(f"  • {label.rstrip('.:')}" for _ in range(2))
    root = encode(f"PARTICIPANTS:\n{names}\n\n{label}\n{label} We will go on.\nNarrative again.")
    assert all(sp.xpath("t:p | t:list", namespaces=NS) for sp in root.iterfind(".//t:sp", NS))
    assert label in [text_of(p) for p in root.iterfind(".//t:body//t:p", NS)] + [b for _k, _l, bl in turns(root)
                                                                                 for b in bl]
