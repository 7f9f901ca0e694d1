"""The encoder on the five seeds (with the register and the sidecars, as ``encode_file`` reads them): the turns of
seeds 000 and 002, the notes and page break of seed 001, every @who resolving (issues 3 and 4)."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from lxml import etree

from pipeline.encode import encode_file
from pipeline.encode.names.registry import load_registry

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
NS = {"t": "http://www.tei-c.org/ns/1.0"}
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"


@pytest.fixture(scope="module")
def encoded() -> dict[str, etree._Element]:
    registry = load_registry(ROOT / "registry" / "persons.toml")
    return {p.stem[:3]: etree.fromstring(encode_file(p, registry).xml) for p in SEEDS}


def text_of(el) -> str:
    return " ".join("".join(el.xpath(".//text()[not(ancestor::t:note)]", namespaces=NS)).split())


def speakers(root) -> Counter:
    """{name of the participant @who points to: number of turns}."""
    names = {f"#{p.get(XML_ID)}": p.findtext("t:persName", namespaces=NS) for p in root.iterfind(".//t:person", NS)}
    out = Counter()
    for sp in root.iterfind(".//t:sp", NS):
        out[names[sp.get("who")]] += 1
    return out


@pytest.mark.parametrize("seed", ["000", "001", "002", "003", "004"])
def test_every_who_resolves_to_a_participant(encoded, seed):
    root = encoded[seed]
    ids = {f"#{x}" for x in root.xpath("//t:particDesc//t:person/@xml:id", namespaces=NS)}
    assert {sp.get("who") for sp in root.iterfind(".//t:sp", NS)} <= ids


def test_seed_002_has_120_turns(encoded):
    root = encoded["002"]
    assert speakers(root) == Counter({"Le Duc Tho": 52, "L. I. Brezhnev": 38, "A. N. Kosygin": 25,
                                      "A. A. Gromyko": 2, "M. A. Suslov": 2, "Yu. V. Andropov": 1})
    labels = Counter("".join(s.itertext()).removesuffix(".") for s in root.iterfind(".//t:speaker", NS))
    assert labels == speakers(root)  # the labels as written: the name, or the name and a full stop
    assert Counter("".join(s.itertext()) for s in root.iterfind(".//t:speaker", NS))["A. N. Kosygin."] == 19


def test_seed_002_opening_speech_runs_on_over_its_paragraphs_and_list(encoded):
    first = encoded["002"].find(".//t:sp", NS)
    assert "".join(first.find("t:speaker", NS).itertext()) == "Le Duc Tho"
    assert [etree.QName(c).localname for c in first] == ["speaker", "p", "p", "list", "p", "p", "p"]
    assert text_of(first[-1]).startswith("Our strategic goals are expressed")


def test_seed_002_no_paragraph_begins_with_a_participant_speaking(encoded):
    root = encoded["002"]
    names = {n for p in root.iterfind(".//t:particDesc//t:person", NS) for n in p.xpath("t:persName/text()",
                                                                                          namespaces=NS)}
    pattern = re.compile(rf"^(?:{'|'.join(map(re.escape, sorted(names, key=len, reverse=True)))})[.:]?\s+[A-Z“\"\[]")
    opening = [text_of(p)[:60] for p in root.iterfind(".//t:body//t:p", NS) if pattern.match(text_of(p))]
    assert opening == []


def test_seed_002_summary_is_the_abstract_not_a_turn(encoded):
    root = encoded["002"]
    assert root.findtext(".//t:abstract/t:p", namespaces=NS).startswith("Le Duc Tho assesses the prospects")
    assert not [p for p in root.iterfind(".//t:body//t:p", NS) if "assesses the prospects" in text_of(p)]


def test_seed_002_record_keeping_is_closing_matter(encoded):
    closer = encoded["002"].find(".//t:closer", NS)
    assert closer is not None and "recorded by" in text_of(closer)
    last_sp = encoded["002"].findall(".//t:sp", NS)[-1]
    assert "recorded by" not in text_of(last_sp)


def test_seed_000_turns_inside_the_quoted_memorandum(encoded):
    root = encoded["000"]
    assert speakers(root) == Counter({"Xuân Thùy": 4, "Kissinger": 3})
    assert all(sp.getparent().tag == f"{{{NS['t']}}}quote" for sp in root.iterfind(".//t:sp", NS))
    quotes = root.findall(".//t:body//t:quote[@type='excerpt']", NS)
    source = root.find(".//t:body//t:bibl", NS)
    assert quotes and all(q.get("source") == f"#{source.get(XML_ID)}" for q in quotes)
    narrative = [text_of(p) for p in root.xpath("//t:body/t:div/t:p", namespaces=NS)]
    assert narrative[0].startswith("On 20 February 1970, Kissinger began secret talks")
    assert any(p.startswith("By the end of the conversation") for p in narrative)


def test_seed_000_who_keys(encoded):
    keys = Counter(sp.get("who").split("-", 1)[1] for sp in encoded["000"].iterfind(".//t:sp", NS))
    assert keys == Counter({"xuan-thuy": 4, "kissinger-henry": 3})


def test_seed_001_five_notes_at_their_markers(encoded):
    root = encoded["001"]
    notes = root.findall(".//t:body//t:note", NS)
    assert [n.get("n") for n in notes] == ["1", "2", "3", "4", "5"]
    assert notes[0].getparent().tag == f"{{{NS['t']}}}head" and notes[0].get("type") == "source"
    before = ["".join(n.xpath("preceding::text()[ancestor::t:body][not(ancestor::t:note)]", namespaces=NS))
              .split()[-1] for n in notes]
    assert before == ["State", "meeting.", "Humphrey.", "meeting.", "conversation."]
    assert [n.get("type") for n in notes[1:]] == [None] * 4


def test_seed_001_no_note_text_left_at_the_end(encoded):
    root = encoded["001"]
    body = text_of(root.find(".//t:body", NS))
    assert "Source: National Archives" not in body and "See Document 40" not in body
    assert body.endswith("We then ended the conversation.")
    assert root.find(".//t:note[@type='unanchored']", NS) is None


def test_seed_001_one_page_break(encoded):
    pbs = encoded["001"].findall(".//t:body//t:pb", NS)
    assert [pb.get("n") for pb in pbs] == ["120"]
    assert (pbs[0].getprevious() is None and pbs[0].getparent().text.endswith("We said we ")) or \
        (pbs[0].getprevious().tail or "").endswith("We said we ")
    assert pbs[0].tail.startswith("had not talked")


def test_register_from_the_workers_forms_is_the_register_read_from_the_files(tmp_path):
    """The encoder's workers send each written document's name forms, so the register is built without reading
    those documents again; it must be what reading every file gives, with one document not re-encoded too."""
    from pipeline.encode import encode_paths
    from pipeline.encode.names.register import build_register

    registry = ROOT / "registry" / "persons.toml"
    run = encode_paths(SEEDS, tmp_path, registry_path=registry, jobs=2)
    files = sorted(tmp_path.glob("*.xml"))
    assert sorted(run.forms) == [str(f) for f in files]
    from_files = build_register(files, registry)
    assert build_register(files, registry, run.forms) == from_files
    partial = {path: forms for path, forms in run.forms.items() if not path.endswith(files[0].name)}
    assert build_register(files, registry, partial) == from_files
    assert from_files == (ROOT / "tei" / "persons.xml").read_bytes()


def test_register_from_kept_forms_is_the_register_read_from_the_files(tmp_path):
    """encode --cache keeps each document's forms by a digest of its bytes: a run that reads them back gives the
    same register; a changed document is read again; a cache made by other code or damaged is not used."""
    import shutil

    from pipeline.encode.names.register import build_register

    registry = ROOT / "registry" / "persons.toml"
    files = sorted(p for p in (ROOT / "tei").glob("*.xml") if p.name != "persons.xml")
    tei = tmp_path / "tei"
    tei.mkdir()
    for f in files:
        shutil.copy(f, tei / f.name)
    files = sorted(tei.glob("*.xml"))
    cache = tmp_path / "cache" / "register-forms.json"
    plain = build_register(files, registry)
    assert build_register(files, registry, cache_file=cache) == plain and cache.is_file()
    assert build_register(files, registry, cache_file=cache) == plain  # from the kept forms
    changed = files[0].read_text("utf-8").replace('ref="persons.xml#', 'ref="persons.xml#zz-invented-', 1)
    files[0].write_text(changed, "utf-8")
    again = build_register(files, registry, cache_file=cache)
    assert b"zz-invented-" in again and again == build_register(files, registry)
    cache.write_text('{"code": "other", "documents": {"x": 1}}', "utf-8")
    assert build_register(files, registry, cache_file=cache) == again
    cache.write_text("not json", "utf-8")
    assert build_register(files, registry, cache_file=cache) == again


def test_places_and_organisations_kept_between_runs_give_the_same_registers(tmp_path, monkeypatch):
    """make after one changed source reads that document, not the whole edition, for places.xml and orgs.xml too."""
    import shutil

    from pipeline.encode.names import register

    files = sorted(p for p in (ROOT / "tei").glob("*.xml") if not register.is_register(p))
    tei = tmp_path / "tei"
    tei.mkdir()
    for f in files:
        shutil.copy(f, tei / f.name)
    files = sorted(tei.glob("*.xml"))
    cache = tmp_path / "cache" / "register-named.json"
    plain = register.collect_named(files)
    assert any(plain["places"].values())
    assert register.collect_named(files, cache_file=cache) == plain and cache.is_file()
    read = []
    real = register.named_forms_of
    monkeypatch.setattr(register, "named_forms_of", lambda root: read.append(root) or real(root))
    assert register.collect_named(files, cache_file=cache) == plain and read == []  # from the kept forms
    changed = files[0].read_text("utf-8").replace('ref="places.xml#', 'ref="places.xml#zz-invented-', 1)
    assert changed != files[0].read_text("utf-8")
    files[0].write_text(changed, "utf-8")
    again = register.collect_named(files, cache_file=cache)
    assert len(read) == 1 and any(k.startswith("zz-invented-") for k in again["places"])
    assert again == register.collect_named(files)
    cache.write_text("not json", "utf-8")
    assert register.collect_named(files, cache_file=cache) == again


def test_forms_read_from_the_encoded_tree_are_those_read_from_its_bytes():
    """The register's forms are taken from the tree the encoder serialised, not from parsing its bytes again."""
    from lxml import etree

    from pipeline.encode import encode_text
    from pipeline.encode.names.register import forms_of

    invented = ["Memorandum\n\nParis, May 2, 1970\n\nKISSINGER: We met [Le Duc] Tho & Mr. Lodge <b>.\n"
                "LE DUC THO: Dr. Kissinger\u2019s point [omitted] is \u201cnew\u201d.\n",
                "Present were: Comrade Pham Van Dong, [General] Giap\n\nPham Van Dong said [sic] yes.\r\n"]
    texts = [s.read_text(encoding="utf-8") for s in SEEDS] + invented
    for n, text in enumerate(texts):
        res = encode_text(text, f"{n:03d}_x")
        assert forms_of(res.tree) == forms_of(etree.fromstring(res.xml)), n
