"""Places and organisations (issue 21): the gazetteer's and the editors' forms tagged with @ref into places.xml and
orgs.xml, precision first; on invented documents."""

from pathlib import Path

import pytest
from lxml import etree

from pipeline.encode import encode_text
from pipeline.encode.names.gazetteer import load_gazetteer
from pipeline.encode.names.register import build_named_register, named_forms_of
from pipeline.encode.names.registry import Registry, RegisteredPerson

NS = {"t": "http://www.tei-c.org/ns/1.0"}
REGISTRY = Path(__file__).resolve().parent.parent / "registry"


@pytest.fixture(scope="module")
def gaz():
    return load_gazetteer(str(REGISTRY))


def encode(text: str, gaz, registry: Registry | None = None):
    body = "Memorandum of Conversation\n\n" + text + "\n"
    return encode_text(body, "t1", registry=registry, gazetteer=gaz).tree


def tagged(root, tag: str) -> list[tuple[str, str]]:
    return [("".join(el.itertext()), el.get("ref")) for el in root.iterfind(f".//t:text//t:{tag}", NS)]


def test_capitals_and_countries_are_places(gaz):
    root = encode("The talks moved from Warsaw to Paris, and the delegation of Chile flew on to Moscow.", gaz)
    assert tagged(root, "placeName") == [("Warsaw", "places.xml#warsaw"), ("Paris", "places.xml#paris"),
                                         ("Chile", "places.xml#chile"), ("Moscow", "places.xml#moscow")]


def test_historical_form_kept_as_written_and_linked(gaz):
    root = encode("Our envoy in Peking cabled that the mission in Saigon had left for Canton.", gaz)
    assert ("Peking", "places.xml#beijing") in tagged(root, "placeName")
    assert ("Saigon", "places.xml#ho-chi-minh-city") in tagged(root, "placeName")
    assert "Canton" not in [t for t, _ in tagged(root, "placeName")]  # 'canton' is an English word


def test_place_that_is_a_surname_stays_a_person(gaz):
    registry = Registry(persons={"lincoln-abraham": RegisteredPerson("lincoln-abraham", "Abraham Lincoln",
                                                                     "Lincoln, Abraham", ("Lincoln",))})
    root = encode("Secretary Lincoln said that Lincoln would not go.", gaz, registry)
    assert not tagged(root, "placeName")
    root = encode("General Hamilton arrived; Hamilton spoke first.", gaz)
    assert not tagged(root, "placeName")  # a middling city needs a preposition of place


def test_ambiguous_or_common_word_city_left_untagged(gaz):
    root = encode("Split the difference. The report from Lincoln was Nice to read; Reading is slow.", gaz)
    assert tagged(root, "placeName") == []


def test_middling_city_needs_evidence(gaz):
    root = encode("Eugene said the convoy went to Eugene.", gaz)
    assert tagged(root, "placeName") == [("Eugene", "places.xml#eugene")]
    assert root.xpath("string(//t:placeName[1]/preceding::text()[1])", namespaces=NS).endswith("went to ")


def test_place_inside_a_longer_name_is_not_tagged(gaz):
    root = encode("They read the Washington Post and listened to Radio Hanoi about the Paris Peace Accords.", gaz)
    assert tagged(root, "placeName") == []


def test_organisation_from_the_editors_register(gaz):
    root = encode("The VWP CC Politburo informed COSVN that the Front and the NLF agreed; the DRV and the GVN "
                  "did not. A Fatherland Front met. Front lines held.", gaz)
    assert tagged(root, "orgName") == [("VWP CC Politburo", "orgs.xml#vwp-politburo"), ("COSVN", "orgs.xml#cosvn"),
                                       ("Front", "orgs.xml#nlf"), ("NLF", "orgs.xml#nlf"), ("DRV", "orgs.xml#drv"),
                                       ("GVN", "orgs.xml#gvn")]


def test_possessive_outside_the_name(gaz):
    root = encode("It was Hanoi’s answer.", gaz)
    el = root.find(".//t:placeName", NS)
    assert el.text == "Hanoi" and el.tail.startswith("’s")


def test_every_ref_resolves_into_the_registers(gaz, tmp_path):
    root = encode("From Peking to Hanoi, the CPSU CC and the Warsaw Pact wrote to the NLF in South Vietnam.", gaz)
    named = named_forms_of(root)
    for register, file in (("places", "places.xml"), ("orgs", "orgs.xml")):
        reg = etree.fromstring(build_named_register(register, named[register], gaz))
        ids = set(reg.xpath("//@xml:id"))
        refs = root.xpath(f"//t:{'placeName' if register == 'places' else 'orgName'}/@ref", namespaces=NS)
        assert refs and all(r.startswith(file + "#") and r.split("#")[1] in ids for r in refs)
    places = etree.fromstring(build_named_register("places", named["places"], gaz))
    beijing = places.find(".//t:place[@xml:id='beijing']", {"t": NS["t"], "xml": "http://www.w3.org/XML/1998/namespace"})
    assert [n.text for n in beijing.iterfind("t:placeName", NS)] == ["Beijing", "Peking"]
    assert beijing.findtext("t:idno[@type='geonames']", namespaces=NS)


def test_validation_checks_the_refs(gaz, tmp_path):
    from pipeline.validate import validate_paths
    root = encode("Delegates flew from Peking to Hanoi to meet COSVN.", gaz)
    doc = tmp_path / "t1.xml"
    doc.write_bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))
    named = named_forms_of(root)
    (tmp_path / "places.xml").write_bytes(build_named_register("places", named["places"], gaz))
    (tmp_path / "orgs.xml").write_bytes(build_named_register("orgs", {}, gaz))  # COSVN missing
    report = validate_paths([tmp_path / "places.xml", tmp_path / "orgs.xml", doc], layers=("schematron",))
    bad = [d for d in report if d.severity == "error"]
    assert len(bad) == 1 and "orgs.xml#cosvn" in bad[0].message


def test_find_is_linear_and_deterministic(gaz):
    text = "In Hanoi and Paris the DRV and COSVN met. " * 2000
    first = gaz.find(text)
    assert first == gaz.find(text) and len(first) == 8000


def test_registers_of_an_edition_that_names_nobody_are_valid_and_invent_no_entry(tmp_path):
    """No person, place or organisation named: each register says so in a paragraph (valid on every layer), and
    no placeholder entry stands in the list."""
    from pipeline.encode.names.register import build_register
    from pipeline.validate import validate_paths

    registers = {"persons.xml": build_register([], None), "places.xml": build_named_register("places", {}, None),
                 "orgs.xml": build_named_register("orgs", {}, None)}
    for name, data in registers.items():
        (tmp_path / name).write_bytes(data)
        root = etree.fromstring(data)
        assert root.xpath("//t:body//*[@xml:id]", namespaces=NS) == []
        assert root.xpath("string(//t:div[@type='register']/t:p)", namespaces=NS).startswith("No ")
    report = validate_paths(sorted(tmp_path.glob("*.xml")))
    assert [d for d in report if d.severity == "error"] == []
