"""The Schematron layer's shortcuts give the report the plain way gives: the register keys cut down to those a
document names, and id-unique-edition's check on id values before elements."""

from __future__ import annotations

import shutil

from lxml import etree

from pipeline import validate as v
from pipeline.validate import schematron as vsch
from test_validate import CASES, FIX, VALID


def doc_of(text: str, path: str = "doc.xml") -> v.Doc:
    tree = etree.ElementTree(etree.fromstring(text.encode("utf-8"), etree.XMLParser(collect_ids=False)))
    return v.Doc(path, tree, text.split("\n"), False)


TEI = '<TEI xmlns="http://www.tei-c.org/ns/1.0">{}</TEI>'


def test_register_keys_cut_to_the_keys_named():
    doc = doc_of(TEI.format('<p><persName ref="persons.xml#b"/><person sameAs="persons.xml#zz"/></p>'))
    assert v.register_keys_param(doc, ("a", "b", "c")) == " b "
    assert v.register_keys_param(doc, None) == "  "


def test_register_keys_whole_when_a_named_key_is_odd():
    for odd in ("persons.xml#a b", "persons.xml#", "x#y persons.xml#a"):
        doc = doc_of(TEI.format(f'<p><persName ref="{odd}"/></p>'))
        assert v.register_keys_param(doc, ("a", "b")) == " a b "


def test_schematron_report_same_with_the_whole_register(tmp_path, monkeypatch):
    paths = []
    for name, old, new, _ in CASES:
        (tmp_path / name).mkdir()
        (tmp_path / name / "doc.xml").write_text(VALID.replace(old, new, 1), encoding="utf-8")
        shutil.copy(FIX / "persons.xml", tmp_path / name / "persons.xml")
        paths.append(str(tmp_path / name / "doc.xml"))
    cut = v.validate_paths(paths, layers=("schematron",))
    monkeypatch.setattr(vsch, "register_keys_param", lambda doc, keys: vsch._spaced(keys))
    assert v.validate_paths(paths, layers=("schematron",)) == cut
    assert {d.rule for d in cut} >= {"ptr-resolves", "id-unique-edition"}


def exact_id_unique(docs: list[v.Doc]) -> list:
    """id-unique-edition without its shortcut."""
    original = v._edition_id_values
    try:
        v._edition_id_values = lambda tree: {"always-conflicting"}
        return v.id_unique_edition(docs + [doc_of(TEI.format(""), "zzz.xml")])
    finally:
        v._edition_id_values = original


def test_id_unique_shortcut_agrees_with_the_elements():
    header = '<teiHeader><fileDesc><titleStmt><respStmt xml:id="{}"/></titleStmt></fileDesc></teiHeader>'
    text = '<text><body><p xml:id="{}"/></body></text>'
    cases = [
        [TEI.format(header.format("enc") + text.format("a")), TEI.format(header.format("enc") + text.format("b"))],
        [TEI.format(header.format("x") + text.format("a")), TEI.format(header.format("y") + text.format("x"))],
        [TEI.format(header.format("x") + text.format("x")), TEI.format(header.format("y") + text.format("x"))],
        [TEI.format(text.format("a")), TEI.format(text.format("a"))],
    ]
    for texts in cases:
        docs = [doc_of(t, f"{i}.xml") for i, t in enumerate(texts)]
        assert v.id_unique_edition(docs) == exact_id_unique(docs), texts
    same = doc_of(TEI.format(text.format("a")), "same.xml")
    twice = [same, doc_of(TEI.format(text.format("a")), "same.xml")]
    assert v.id_unique_edition(twice) == exact_id_unique(twice) != []
    assert [len(v.id_unique_edition([doc_of(t, f"{i}.xml") for i, t in enumerate(c)])) for c in cases] == [0, 0, 1, 1]


def test_files_checked_in_worker_processes_give_the_report_of_one_process(tmp_path):
    """With jobs > 1 and at least POOL_MIN_DOCS files, each file is parsed and checked in a forked worker; the
    report must be line for line the one process's, broken and duplicate-id files included."""
    paths = []
    for name, old, new, _ in CASES:
        (tmp_path / name).mkdir()
        (tmp_path / name / "doc.xml").write_text(VALID.replace(old, new, 1), encoding="utf-8")
        shutil.copy(FIX / "persons.xml", tmp_path / name / "persons.xml")
        paths.append(tmp_path / name / "doc.xml")
    plain = tmp_path / "plain"
    plain.mkdir()
    shutil.copy(FIX / "persons.xml", plain / "persons.xml")
    for n in range(v.POOL_MIN_DOCS):  # the same ids in every copy: id-unique-edition fires across files
        (plain / f"copy{n:02d}.xml").write_text(VALID, encoding="utf-8")
        paths.append(plain / f"copy{n:02d}.xml")
    (plain / "broken.xml").write_text(VALID[: len(VALID) // 2], encoding="utf-8")
    (plain / "empty.xml").write_bytes(b"")
    paths += [plain / "broken.xml", plain / "empty.xml"]
    one = [d.format() for d in v.validate_paths(paths, layers=("schematron",), jobs=1)]
    two = [d.format() for d in v.validate_paths(paths, layers=("schematron",), jobs=2)]
    assert two == one
    assert {"id-unique-edition", "well-formed"} <= {line.rsplit("[", 1)[1].rstrip("]") for line in one}


SCH = """<schema xmlns="http://purl.oclc.org/dsdl/schematron" queryBinding="xslt">
  <ns prefix="t" uri="urn:t"/>
  <pattern id="first-rule-wins">
    <rule context="t:b[@x]"><report id="bx" test="true()">b with x</report></rule>
    <rule context="t:b | t:c"><report id="b-or-c" test="true()">b or c</report></rule>
  </pattern>
  <pattern id="nested">
    <rule context="t:a//*[@y = '|']"><report id="in-a" test="true()">below a</report></rule>
  </pattern>
  <pattern id="walked">
    <rule context="node()[self::t:c]"><report id="c-node" test="true()">c as a node</report></rule>
  </pattern>
</schema>"""
DOC = """<r xmlns="urn:t"><b x="1"/><a><b/><c y="|"><b y="|" x="2"/></c></a><c/></r>"""


def reports(xslt: etree._Element) -> list[tuple[str, str]]:
    out = etree.XSLT(xslt)(etree.ElementTree(etree.fromstring(DOC)))
    return [(f.get("id"), f.get("location")) for f in out.getroot().iter("{http://purl.oclc.org/dsdl/svrl}successful-report")]


def test_rules_applied_to_the_elements_their_contexts_select_report_what_the_walk_reports():
    from lxml import isoschematron

    sch = etree.ElementTree(etree.fromstring(SCH))
    walked = isoschematron.Schematron(sch, store_xslt=True).validator_xslt.getroot()
    lean = v.lean_validator(sch, walked)
    assert reports(lean) == reports(walked)
    assert [r[0] for r in reports(lean)] == ["bx", "b-or-c", "b-or-c", "bx", "b-or-c", "in-a", "in-a", "c-node",
                                             "c-node"]
    starts = [a.get("select") for a in lean.iter("{http://www.w3.org/1999/XSL/Transform}apply-templates")
              if a.get("mode", "").startswith("M") and not a.getparent().get("mode")]
    assert starts == ["//t:b[@x] | //t:b | //t:c", "//t:a//*[@y = '|']", "/"]  # node(): walked as before


def test_alternatives_split_at_the_top_level_bars_only():
    assert vsch._alternatives("a | b[@x = '|'] | c[d | e]") == ["a", "b[@x = '|']", "c[d | e]"]
