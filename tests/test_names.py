"""Persons without invention: each rule of names.py, registry.py and the persName pass on invented documents."""

from __future__ import annotations

from lxml import etree

from pipeline.encode import encode_text
from pipeline.encode.names.forms import clean_name, discover, family_and_given, family_first, key_of, sort_form
from pipeline.encode.names.registry import Registry, RegisteredPerson

NS = {"t": "http://www.tei-c.org/ns/1.0"}


def registry(*persons: tuple[str, str, tuple[str, ...]]) -> Registry:
    reg = Registry()
    for key, name, forms in persons:
        reg.persons[key] = RegisteredPerson(key=key, name=name, sort=sort_form(name), forms=forms)
    return reg


def names(text: str, reg: Registry | None = None) -> list[tuple[str, str]]:
    """(ref key, tagged words) of every persName in the body of ``text`` encoded."""
    root = etree.fromstring(encode_text(text, "x1", registry=reg).xml)
    return [(p.get("ref", "").split("#")[-1], "".join(p.itertext()))
            for p in root.iterfind(".//t:text//t:persName", NS)]


def body(text: str, reg: Registry | None = None) -> str:
    root = etree.fromstring(encode_text(text, "x1", registry=reg).xml)
    return etree.tostring(root.find(".//t:body", NS), encoding="unicode")


# --- names run together in a list -------------------------------------------------------------------------------

def test_two_names_run_together_in_a_list_are_two_persons():
    found = discover("In the speech of Wang Ming Zhang Wen and Li Peng are called traitors.", {"Li Peng"})
    assert ("", "Wang Ming") in found and ("", "Zhang Wen") in found
    assert not any("Ming Zhang" in n for _t, n in found)


def test_a_known_name_splits_a_run_together_member():
    found = discover("the speeches of Anna Berg Otto Lind and Eva Holm were read", {"Otto Lind", "Eva Holm"})
    assert ("", "Anna Berg") in found and ("", "Otto Lind") in found


def test_an_or_list_with_a_known_name_names_its_other_members():
    assert ("", "Wang Ming") in discover("take the last speech of Li Peng or Wang Ming.", {"Li Peng"})


# --- never persons -------------------------------------------------------------------------------------------------

def test_stage_directions_and_titles_alone_are_no_names():
    assert clean_name("[Laughter] The") is None
    assert clean_name("[Pause] The") is None
    assert clean_name("The President") is None


def test_a_glossed_place_is_no_person():
    out = names("Memorandum\n\nThe ships reached Portville [Port Ville] at dawn and left Portville.\n")
    assert out == []


def test_a_glossed_alias_is_the_alias_of_the_person_in_brackets():
    reg = registry(("nguyen-van-an", "Nguyen Van An", ()))
    xml = body("Letter\n\nLetter from Le Minh to Bao [Nguyen Van An] about rice.\n", reg)
    assert '<persName ref="persons.xml#nguyen-van-an">Bao</persName> <supplied' in xml
    assert "Bao Nguyen Van An" not in xml


def test_an_honorific_and_one_word_is_the_person_of_the_document_whose_name_ends_so():
    text = ("Notes\n\nComments after Comrade Tran Quoc Binh’s briefing (Notes Taken by Comrade Binh).\n\n"
            "Later Comrade Ho spoke.\n")
    out = names(text)
    assert ("tran-quoc-binh", "Binh") in out
    assert not any(k in {"ho", "binh"} for k, _w in out)  # 'Ho' names no one known: no new person 'ho'


def test_a_western_surname_after_a_title_is_a_person_and_known_afterwards():
    out = names("Memorandum\n\nThey met President Garland on Monday. Later Garland said no.\n")
    assert out == [("garland", "Garland"), ("garland", "Garland")]


# --- where a name ends ---------------------------------------------------------------------------------------------

def test_a_name_followed_by_a_thing_word_is_no_mention():
    reg = registry(("tran-hung-dao", "Tran Hung Dao", ()))
    out = names("Cable\n\nThe Tran Hung Dao Campaign began; Tran Hung Dao Trail; Tran Hung Dao spoke.\n", reg)
    assert out == [("tran-hung-dao", "Tran Hung Dao")]


def test_a_possessive_is_tagged_with_the_s_outside():
    reg = registry(("brandt-otto", "Otto Brandt", ("Brandt",)))
    xml = body("Memo\n\nBrandt’s reply and Brandt's note came; Otto Brandt’s aide.\n", reg)
    assert xml.count('<persName ref="persons.xml#brandt-otto">Brandt</persName>’s') == 1
    assert xml.count('<persName ref="persons.xml#brandt-otto">Brandt</persName>\'s') == 1
    assert '<persName ref="persons.xml#brandt-otto">Otto Brandt</persName>’s' in xml


def test_a_title_stays_outside_the_name():
    reg = registry(("brandt-otto", "Otto Brandt", ("Brandt",)))
    xml = body("Memo\n\nMr. Brandt and Dr Brandt came.\n", reg)
    assert 'Mr. <persName ref="persons.xml#brandt-otto">Brandt</persName>' in xml
    assert 'Dr <persName ref="persons.xml#brandt-otto">Brandt</persName>' in xml


def test_a_registered_name_is_tagged_wherever_it_occurs():
    reg = registry(("wang-ming", "Wang Ming", ()), ("de-vries-jan", "Jan de Vries", ("de Vries",)))
    out = names("Memo\n\nThey now attack Wang Ming. Even de Vries agreed.\n", reg)
    assert out == [("wang-ming", "Wang Ming"), ("de-vries-jan", "de Vries")]


def test_a_one_word_form_is_not_the_first_word_of_a_longer_name():
    reg = registry(("vo-van-ba", "Vo Van Ba", ()))
    names_ = names("Memo\n\nComrade Vo Van Ba spoke. Comrade Ba agreed. The Ba Ria Campaign.\n", reg)
    assert names_.count(("vo-van-ba", "Ba")) == 1


# --- keys and sort forms --------------------------------------------------------------------------------------------

def test_keys_and_sort_forms_put_the_family_name_first():
    assert key_of("Henry Kissinger") == key_of("Kissinger, Henry") == "kissinger-henry"
    assert key_of("Lê Đức Thọ") == key_of("Le Duc Tho") == "le-duc-tho"
    assert key_of("Mr. Brandt") == "brandt"
    assert sort_form("W. Averell Harriman") == "Harriman, W. Averell"
    assert sort_form("A. A. Gromyko") == "Gromyko, A. A."
    assert sort_form("Lê Đức Thọ") == "Le Duc Tho"
    assert sort_form("Zhang Wen") == "Zhang Wen"
    assert sort_form("Jan de Vries") == "de Vries, Jan"
    assert family_and_given("William E. Schaufele Jr.") == ("Schaufele", "William E. Jr.")


def test_family_first_needs_a_family_name_and_no_initials():
    assert family_first("Nguyen Van An") and family_first("Zhang Wen")
    assert not family_first("Otto Brandt") and not family_first("Li P. Wang") and not family_first("Van Dyke")
    assert family_first("Van Tien Dung")
