"""Speaker-label forms and their evidence (pipeline/encode/recognise/labels.py), on invented documents: all-capital
labels, labels opening a quotation, short labels (K:, Q:/A:), names alone on a line, the Wilson 'Name. text' form,
resolution of titled labels to participants, stage directions. No name here is taken from a real document's text."""

from __future__ import annotations

import pytest

from pipeline.encode.model import Block, ListBlock, Participant, Turn
from pipeline.encode.names.forms import key_of
from pipeline.encode.recognise.speakers import resolve_speaker
from pipeline.encode.recognise.turns import group_turns


def paras(*texts: str) -> list[Block]:
    return [Block("p", t, i + 1) for i, t in enumerate(texts)]


def run(*texts: str, participants: dict | None = None, titles: dict | None = None, known: list | None = None,
        run_on: bool = True) -> list:
    return group_turns(paras(*texts), participants if participants is not None else {}, titles or {}, key_of,
                       known_names=known or [], run_on=run_on)


def labels(out: list) -> list[tuple[str, str]]:
    """(label as written, speaker key) of each turn."""
    return [(t.label, t.key) for t in out if isinstance(t, Turn)]


def speech(out: list) -> list[list[str]]:
    return [[b.text for b in t.blocks] for t in out if isinstance(t, Turn)]


def people(*specs: tuple[str, str]) -> dict[str, Participant]:
    """Participants as a participants list gives them: (name, role)."""
    return {key_of(n): Participant(key=key_of(n), name=n, forms={n}, role=r) for n, r in specs}


# --- all-capital labels ------------------------------------------------------------------------------

def test_all_capital_labels_with_a_full_stop():
    out = run("NGUYEN VAN BINH. We have studied your proposal.", "The aide then handed over a note.",
              "IVAN S. ORLOV. We shall reply tomorrow.", "NGUYEN VAN BINH. Good.")
    assert labels(out) == [("NGUYEN VAN BINH.", "nguyen-van-binh"), ("IVAN S. ORLOV.", "orlov-ivan-s"),
                           ("NGUYEN VAN BINH.", "nguyen-van-binh")]
    assert speech(out)[0] == ["We have studied your proposal.", "The aide then handed over a note."]


def test_all_capital_labels_with_initials_resolve_to_the_participant():
    parts = people(("Yu. P. Sokolov", ""), ("Nguyen Thi Hoa", ""))
    out = run("NGUYEN THI HOA. We came.", "YU. P. SOKOLOV. We know.", "NGUYEN THI HOA. Good.", participants=parts)
    assert labels(out) == [("NGUYEN THI HOA.", "nguyen-thi-hoa"), ("YU. P. SOKOLOV.", "sokolov-yu-p"),
                           ("NGUYEN THI HOA.", "nguyen-thi-hoa")]


def test_all_capital_labels_with_a_colon_resolve_by_surname_and_role():
    parts = people(("Walter J. Harmon", "Secretary of State"), ("Grace Lund", "President"))
    out = run("THE PRESIDENT: Where do we stand?", "SECRETARY HARMON: Nowhere yet.", participants=parts)
    assert labels(out) == [("THE PRESIDENT:", "lund-grace"), ("SECRETARY HARMON:", "harmon-walter-j")]


@pytest.mark.parametrize("text", ["I. In Paris we have conducted probes.", "NATO. It was founded in 1949.",
                                  "SECRET. Eyes only.", "US. The delegation arrived."])
def test_a_single_capital_word_or_a_numeral_is_not_a_label(text):
    assert labels(run(text, "The talks went on.")) == []


def test_capital_words_that_never_recur_are_not_labels():
    out = run("NODIS. Following is the text.", "CHEROKEE. For the Secretary only.", "EXDIS. Pass to all posts.")
    assert labels(out) == []


# --- labels that open a quotation ----------------------------------------------------------------------

def test_labels_opening_a_quotation_inside_a_narrative():
    out = run("The tape of the call reads in part:", "“President: Walter, are you there?",
              "“Harmon: Yes, Mr. President.", "The call ended at noon.”", run_on=False)
    assert labels(out) == [("“President:", "president"), ("“Harmon:", "harmon")]
    assert isinstance(out[-1], Block) and out[-1].text == "The call ended at noon.”"


# --- short labels: K:/D:, Q:/A: ------------------------------------------------------------------------

def test_initials_of_a_telephone_transcript():
    out = run("K: Anatol, how are you?", "D: Fine, Henry.", "K: We have a problem.", "D: Which one?")
    assert [lab for lab, _ in labels(out)] == ["K:", "D:", "K:", "D:"]
    assert {k for _, k in labels(out)} == {"k", "d"}  # initials are not guessed into persons


def test_questions_and_answers_of_an_interview():
    out = run("Interview with a former envoy, 1989.", "Q: When did you arrive?", "A: In the spring of 1968.",
              "Q: And the talks?", "A: They had begun.")
    assert [lab for lab, _ in labels(out)] == ["Q:", "A:", "Q:", "A:"]


def test_lettered_options_are_not_speakers():
    out = run("The paper sets out three options.", "A: Withdraw at once.", "B: Withdraw by stages.",
              "C: Stay.")
    assert labels(out) == []


def test_an_abbreviated_office_is_a_label_where_the_document_uses_labels():
    out = run("SecDef: The budget will not allow it.", "Chairman: Then we must choose.",
              "SecDef: We must.")
    assert [lab for lab, _ in labels(out)] == ["SecDef:", "Chairman:", "SecDef:"]


# --- names alone on their line ---------------------------------------------------------------------------

def test_a_speakers_name_alone_above_the_speech():
    out = run("KOVALENKO", "We cannot accept the draft.", "It says too little.", "TRAN DINH LOC",
              "Then we shall write another.", "KOVALENKO", "Agreed.")
    assert labels(out) == [("KOVALENKO", "kovalenko"), ("TRAN DINH LOC", "tran-dinh-loc"),
                           ("KOVALENKO", "kovalenko")]
    assert speech(out) == [["We cannot accept the draft.", "It says too little."],
                           ["Then we shall write another."], ["Agreed."]]


def test_a_known_participant_alone_with_a_colon_takes_the_paragraph_under_it():
    parts = people(("Olga Brandt", ""), ("Pham Thi Lan", ""))
    out = run("Pham Thi Lan:", "We are ready to begin.", "Olga Brandt: So are we.", participants=parts)
    assert labels(out) == [("Pham Thi Lan:", "pham-thi-lan"), ("Olga Brandt:", "brandt-olga")]
    assert speech(out)[0] == ["We are ready to begin."]


@pytest.mark.parametrize("salutation", ["Mr. President:", "Dear Mr. Secretary:", "Madam Chairman:"])
def test_a_salutation_is_not_a_speaker(salutation):
    assert labels(run(salutation, "I enclose the report.", "With regards,")) == []


def test_a_heading_alone_on_its_line_is_not_a_speaker():
    assert labels(run("Angola", "The situation worsened.", "Namibia", "Talks resumed.")) == []


# --- the Wilson 'Name text' / 'Name. text' form ----------------------------------------------------------

def test_known_participants_with_initials_and_a_full_stop():
    known = ["Yu. P. Sokolov", "Nguyen Thi Hoa"]
    out = run("Nguyen Thi Hoa We came to report.", "Yu. P. Sokolov. We think that is right.",
              "Sokolov. Go on.", known=known, participants=people(("Yu. P. Sokolov", ""), ("Nguyen Thi Hoa", "")))
    assert labels(out) == [("Nguyen Thi Hoa", "nguyen-thi-hoa"), ("Yu. P. Sokolov.", "sokolov-yu-p"),
                           ("Sokolov.", "sokolov-yu-p")]


def test_a_known_surname_without_punctuation_is_not_a_label():
    out = run("Ivan Sokolov We came.", "Sokolov Doctrine was discussed next.", known=["Ivan Sokolov", "Sokolov"])
    assert labels(out) == [("Ivan Sokolov", "sokolov-ivan")]
    assert speech(out) == [["We came.", "Sokolov Doctrine was discussed next."]]


# --- resolution of titled labels -------------------------------------------------------------------------

@pytest.mark.parametrize("label, key", [
    ("Dr. Harmon", "harmon-walter-j"), ("Secretary Harmon", "harmon-walter-j"), ("Harmon", "harmon-walter-j"),
    ("HARMON", "harmon-walter-j"), ("The Secretary", "harmon-walter-j"), ("The President", "lund-grace"),
    ("Adm. Okafor", "okafor-samuel"), ("For. Min. Vasiliev", "vasiliev-pyotr-n"),
    ("Walter Harmon", "harmon-walter-j"), ("W. J. Harmon", "harmon-walter-j"),
    ("Ambassador Quint", "quint"),  # not a participant: its own key
    ("Peter Harmon", "harmon-peter"),  # another person of the same surname: never the participant
])
def test_labels_resolve_to_the_listed_participant(label, key):
    parts = people(("Walter J. Harmon", "Secretary of State"), ("Grace Lund", "President"),
                   ("Samuel Okafor", "Chief of Naval Operations"), ("Pyotr N. Vasiliev", "Minister of Foreign Affairs"))
    assert resolve_speaker(label, parts, {}, key_of) == key


def test_a_surname_two_participants_share_resolves_to_neither():
    parts = people(("Anna Berg", ""), ("Tomas Berg", ""))
    assert resolve_speaker("Berg", parts, {}, key_of) == "berg"


def test_a_title_two_participants_hold_resolves_to_neither():
    parts = people(("Anna Berg", "Secretary of Defense"), ("Tomas Lind", "Secretary of State"))
    assert resolve_speaker("The Secretary", parts, {}, key_of) == "secretary"


# --- evidence: fields, narrative, one-off colons ---------------------------------------------------------

@pytest.mark.parametrize("field", ["SUBJECT: Talks", "Members Present: Mr. Lund", "Date: May 5", "Note: none",
                                   "Substitute Members Present: Mr. Berg", "TO: The Secretary", "Also Present: Berg"])
def test_memo_fields_are_never_turns(field):
    out = run(field, "Harmon: We begin.", "Lund: Go ahead.")
    assert [lab for lab, _ in labels(out)] == ["Harmon:", "Lund:"]


def test_a_single_colon_in_a_narrative_is_not_a_turn():
    assert labels(run("Washington: the city was quiet that week.", "The talks began on Monday.")) == []
    assert labels(run("Note: The text was found in a drawer.", "It is printed here.")) == []


def test_narrative_about_a_speaker_is_not_a_turn():
    parts = people(("Walter J. Harmon", ""))
    out = run("Harmon: We begin.", "Harmon said that he would wait.", "Lund: Good.", participants=parts,
              known=["Walter J. Harmon"])
    assert [lab for lab, _ in labels(out)] == ["Harmon:", "Lund:"]
    assert speech(out)[0] == ["We begin.", "Harmon said that he would wait."]


# --- stage directions ---------------------------------------------------------------------------------------

def test_a_sound_in_the_room_stays_inside_the_turn():
    out = run("Harmon: That was a joke.", "[Laughter]", "But the point stands.", "Lund: (laughs) It does.",
              "(Laughter.)", "Harmon: Good.")
    assert labels(out)[:2] == [("Harmon:", "harmon"), ("Lund:", "lund")]
    assert speech(out)[0] == ["That was a joke.", "[Laughter]", "But the point stands."]
    assert speech(out)[1] == ["(laughs) It does.", "(Laughter.)"]


def test_a_stage_direction_between_turns_is_never_a_turn_nor_a_speaker():
    out = run("Harmon: We begin.", "[Secretary Harmon left the meeting.]", "(Secretary Lund: entered.)",
              "Lund: Where were we?")
    assert labels(out) == [("Harmon:", "harmon"), ("Lund:", "lund")]
    assert [b.text for b in out if isinstance(b, Block)] == ["[Secretary Harmon left the meeting.]",
                                                             "(Secretary Lund: entered.)"]


def test_a_parenthesis_that_says_how_is_not_a_role():
    parts: dict = {}
    out = run("Harmon (laughing): Yes.", "Harmon (to Lund): And you?", "Lund (Head of Delegation): Yes.",
              participants=parts)
    assert [lab for lab, _ in labels(out)] == ["Harmon (laughing):", "Harmon (to Lund):",
                                               "Lund (Head of Delegation):"]
    assert parts["harmon"].role == "" and parts["lund"].role == "Head of Delegation"


def test_turns_run_on_over_lists():
    items = [Block("p", "Harmon: Two points.", 1), ListBlock(items=[Block("item", "One.", 2, n="1")]),
             Block("p", "Lund: Noted.", 3)]
    out = group_turns(items, {}, {}, key_of)
    assert isinstance(out[0], Turn) and isinstance(out[0].blocks[1], ListBlock)
