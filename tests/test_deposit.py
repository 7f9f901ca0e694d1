"""The deposit: a BagIt bag and zip that are complete, honest about rights, reproducible and verifiable."""

from __future__ import annotations

import csv
import hashlib
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import bagit
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from click.testing import CliRunner
from lxml import etree

from pipeline.cli import main
from pipeline.deposit import (BAG_NAME, build_deposit, check_deposit, check_sections, document_record,
                              omission_rows, rights_of, shared_ids, source_date_epoch, with_unique_ids)
from pipeline.deposit.metadata import citation_cff, zenodo_json
from pipeline.edition import Edition, Editor, Licence, parse_edition
from pipeline.errors import PipelineError

ZENODO_SCHEMA = Path(__file__).parent / "fixtures" / "zenodo" / "legacyrecord-subset.schema.json"
BIN = Path(sys.executable).parent
EDITION_TOML = """title = "Cables of an Invented Year"
editors = [
  { name = "Quill, Ada", orcid = "https://orcid.org/0000-0002-1825-0097", affiliation = "Invented University" },
  { name = "The Invented Archive Project" },
]
publisher = "Invented University Press"
base_url = "https://example.org/cables/"
identifier = "10.5281/zenodo.1234567"
version = "2.1.0"
description = "Three invented documents, encoded in TEI."
keywords = ["TEI", "cables"]
"""

EPOCH = 1700000000  # 2023-11-14
WILSON_RIGHTS = ("The History and Public Policy Program welcomes reuse of Digital Archive materials for research "
                 "and educational purposes.")


# --- invented documents that follow docs/tei-profile.md ------------------------------------------------------------

def tei_doc(doc_id: str, kind: str, div: str, *, publisher: str = "", rights: str = "", archive: str = "",
            omitted: tuple = (), date: str = '<date when="1968-10-15">October 15, 1968</date>') -> str:
    d = f"d{doc_id}"
    bibl = f"<title>Source of {doc_id}</title>"
    bibl += f"<publisher>{publisher}</publisher>" if publisher else ""
    bibl += f"<note type=\"citation\">Cited as {doc_id}.</note>"
    bibl += f"<availability><p>{rights}</p></availability>" if rights else ""
    ms = (f"<msDesc><msIdentifier><repository>{archive}</repository><idno>f. 1</idno></msIdentifier></msDesc>"
          if archive else "")
    items = "".join(f'<item n="{n}"><label type="reason">{reason}</label> <quote>{text}</quote></item>'
                    for n, reason, text in omitted)
    sampling = (f"<samplingDecl><p>Lines of the source file that are not part of the text, with the reason:"
                f"<list type=\"omitted\">{items}</list></p></samplingDecl>" if omitted else "")
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="{d}">
  <teiHeader>
    <fileDesc>
      <titleStmt>
        <title type="main">Document {doc_id}</title>
        <respStmt xml:id="encoder"><resp>Encoded by</resp><name>tei-edition-pipeline 0.1.0</name></respStmt>
        <respStmt><resp key="trl">Translated by</resp><persName>Ann Translator</persName></respStmt>
      </titleStmt>
      <publicationStmt>
        <publisher>TEI Digital Edition Pipeline</publisher>
        <idno type="document">{doc_id}</idno>
        <availability><p>This encoding is released under CC BY 4.0.</p></availability>
      </publicationStmt>
      <sourceDesc>
        <bibl type="source">{bibl}</bibl>
        {ms}
      </sourceDesc>
    </fileDesc>
    <encodingDesc>
      <editorialDecl><p>Brackets.</p></editorialDecl>
      {sampling}
      <classDecl>
        <taxonomy xml:id="source-kinds">
          <category xml:id="{kind}"><catDesc>{kind}</catDesc></category>
        </taxonomy>
      </classDecl>
    </encodingDesc>
    <profileDesc>
      <creation>{date}</creation>
      <langUsage><language ident="en">English</language></langUsage>
      <textClass><catRef scheme="#source-kinds" target="#{kind}"/></textClass>
      <particDesc>
        <listPerson>
          <person xml:id="{d}-tho" sameAs="persons.xml#tho"><persName>Le Duc Tho</persName></person>
        </listPerson>
      </particDesc>
    </profileDesc>
  </teiHeader>
  <text xml:lang="en">
    <body>
      <div type="{div}">
        <head>Document {doc_id}</head>
        <sp xml:id="{d}-sp1" who="#{d}-tho">
          <speaker>Le Duc Tho</speaker>
          <p xml:id="{d}-p1">We met <persName ref="persons.xml#tho">Tho</persName> at the talks.</p>
        </sp>
      </div>
    </body>
  </text>
</TEI>
"""


REGISTER = """<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="persons">
  <teiHeader>
    <fileDesc>
      <titleStmt><title type="main">Register of persons</title></titleStmt>
      <publicationStmt><publisher>TEI Digital Edition Pipeline</publisher></publicationStmt>
      <sourceDesc><bibl>registry/persons.toml</bibl></sourceDesc>
    </fileDesc>
  </teiHeader>
  <text>
    <body>
      <div type="register">
        <listPerson>
          <person xml:id="tho"><persName>Le Duc Tho</persName></person>
        </listPerson>
      </div>
    </body>
  </text>
</TEI>
"""

DOCS = {
    "100_wilson": dict(kind="wilson-record", div="record", publisher="Wilson Center Digital Archive",
                       rights=WILSON_RIGHTS, archive="RGANI",
                       omitted=((1, "site-furniture", "Skip to content"), (40, "metadata", "Record ID"))),
    "101_frus": dict(kind="frus", div="document", publisher="Office of the Historian, U.S. Department of State",
                     date='<date when="1968-10-02">October 2, 1968</date>'),
    "102_blog": dict(kind="blog-quote", div="post", omitted=((12, "reader-comment", "Great post!"),)),
}


def source_text(doc_id: str, omitted: tuple = (), **_) -> str:
    """A source whose words are the text edition's ("Document <id>") and whose omitted lines stand at their @n."""
    lines = [""] * max([n for n, _, _ in omitted] + [2])
    for n, _, text in omitted:
        lines[n - 1] = text
    lines[lines.index("")] = f"Document {doc_id}"
    return "\n".join(lines) + "\n"


GIT_ENV = dict(os.environ, GIT_AUTHOR_DATE="2023-11-14T00:00:00Z", GIT_COMMITTER_DATE="2023-11-14T00:00:00Z",
               GIT_AUTHOR_NAME="Test", GIT_AUTHOR_EMAIL="test@example.org", GIT_COMMITTER_NAME="Test",
               GIT_COMMITTER_EMAIL="test@example.org", GIT_CONFIG_NOSYSTEM="1", GIT_CONFIG_GLOBAL=os.devnull)


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True, text=True,
                          env=GIT_ENV).stdout.strip()


def commit_all(root: Path) -> str:
    """Make ``root`` a git repository with everything committed (fixed dates: the same files, the same commit)."""
    if not (root / ".git").exists():
        git(root, "-c", "init.defaultBranch=main", "init", "-q")
    git(root, "add", "-A")
    git(root, "-c", "commit.gpgsign=false", "commit", "-q", "-m", "edition")
    return git(root, "rev-parse", "HEAD")


def make_edition(root: Path, docs: dict = DOCS, *, repo: bool = True) -> tuple[Path, Path]:
    """tei/ with the documents and the register, build/html and build/text with a page per document, seeds/ with
    their sources (a sidecar for one), registry/, edition.toml; all but build/ committed to a new git repository."""
    tei, build = root / "tei", root / "build"
    tei.mkdir(parents=True)
    (root / "seeds").mkdir()
    (root / "registry").mkdir()
    (root / "registry" / "persons.toml").write_text('[tho]\nname = "Le Duc Tho"\n', encoding="utf-8")
    (root / "edition.toml").write_text(EDITION_TOML, encoding="utf-8")
    (root / ".gitignore").write_text("build/\nout/\ndeposit/\n")
    for doc_id, opts in docs.items():
        (root / "seeds" / f"{doc_id}.txt").write_text(source_text(doc_id, **opts), encoding="utf-8")
        (tei / f"{doc_id}.xml").write_text(tei_doc(doc_id, **opts), encoding="utf-8")
        (build / "html").mkdir(parents=True, exist_ok=True)
        (build / "text").mkdir(parents=True, exist_ok=True)
        (build / "html" / f"{doc_id}.html").write_text(f"<!DOCTYPE html><title>{doc_id}</title>\n")
        (build / "text" / f"{doc_id}.txt").write_text(f"Document {doc_id}\n")
    (tei / "persons.xml").write_text(REGISTER, encoding="utf-8")
    (build / "html" / "index.html").write_text("<!DOCTYPE html><title>Index</title>\n")
    (build / "text" / "turns.tsv").write_text("document\tturn\n")
    (build / "text" / ".stamp").write_text("not deposited\n")
    (root / "seeds" / "101_frus.toml").write_text('title = "Document 101_frus"\n', encoding="utf-8")
    if repo:
        commit_all(root)
    return tei, build


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def deposit(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("edition")
    tei, build = make_edition(root)
    bag, zipped = build_deposit(tei, build, root / "deposit", epoch=EPOCH)
    assert (bag, zipped) == (root / "deposit" / BAG_NAME, root / "deposit" / f"{BAG_NAME}.zip")
    return root / "deposit"


def table(path: Path) -> list[dict]:
    return list(csv.DictReader(path.read_text(encoding="utf-8").splitlines(), delimiter="\t"))


# --- rights, records, omissions: pure functions on invented headers --------------------------------------------------

@pytest.mark.parametrize("availability, publisher, basis", [
    ("Reuse welcome.", "Wilson Center Digital Archive", "stated-by-source"),
    ("Public domain.", "Office of the Historian, U.S. Department of State", "stated-by-source"),
    ("", "Office of the Historian, U.S. Department of State", "us-government-work"),
    ("", "United States Government Printing Office", "us-government-work"),
    ("", "US Department of Defense", "us-government-work"),
    ("", "Wilson Center Digital Archive", "not-stated"),
    ("", "", "not-stated"),
    ("", "Some Blog about the US", "not-stated"),
])
def test_rights_come_from_the_source_or_say_nothing_was_stated(availability, publisher, basis):
    found, note = rights_of(availability, publisher)
    assert found == basis
    if basis == "us-government-work":
        assert publisher in note and "17 U.S.C. § 105" in note and "Inferred" in note
    if basis == "not-stated":
        assert note.startswith("The source states no rights: rights unknown.")


def parse(text: str) -> etree._Element:
    return etree.fromstring(text.encode("utf-8"))


def test_document_record_reads_source_archive_rights_and_inferred_date():
    root = parse(tei_doc("100_wilson", **dict(DOCS["100_wilson"], date=(
        '<date when="1970-02-21" cert="medium" resp="#encoder" evidence="internal">21 February</date>'))))
    rec = document_record(root, "abc")
    assert (rec.id, rec.title, rec.kind) == ("100_wilson", "Document 100_wilson", "wilson-record")
    assert (rec.date, rec.date_cert, rec.date_resp) == ("1970-02-21", "medium", "encoder")
    assert (rec.source_title, rec.source_publisher, rec.citation) == (
        "Source of 100_wilson", "Wilson Center Digital Archive", "Cited as 100_wilson.")
    assert (rec.archive, rec.archive_idno) == ("RGANI", "f. 1")
    assert (rec.rights_as_given, rec.rights_basis, rec.tei_sha256) == (WILSON_RIGHTS, "stated-by-source", "abc")


def test_document_record_of_a_bare_header_invents_nothing():
    rec = document_record(parse(tei_doc("102_blog", **DOCS["102_blog"])), "x")
    assert (rec.source_publisher, rec.archive, rec.rights_as_given, rec.rights_basis) == ("", "", "", "not-stated")


def test_omission_rows_keep_line_reason_and_text():
    root = parse(tei_doc("100_wilson", **DOCS["100_wilson"]))
    assert omission_rows("100_wilson", root) == [("100_wilson", "1", "site-furniture", "Skip to content"),
                                                 ("100_wilson", "40", "metadata", "Record ID")]
    assert omission_rows("101_frus", parse(tei_doc("101_frus", **DOCS["101_frus"]))) == []


def test_corpus_ids_made_unique_with_their_pointers_and_nothing_else():
    a, b = (parse(tei_doc(i, **DOCS[i])) for i in ("100_wilson", "101_frus"))
    clashing = shared_ids([a, b])
    assert clashing == {"encoder", "source-kinds"}
    copy = with_unique_ids(a, clashing)
    ids = copy.xpath("//@xml:id")
    assert "d100_wilson-encoder" in ids and "d100_wilson-source-kinds" in ids and "encoder" not in ids
    assert copy.xpath("//*[local-name()='catRef']/@scheme") == ["#d100_wilson-source-kinds"]
    assert copy.xpath("//*[local-name()='catRef']/@target") == ["#wilson-record"]  # not clashing: unchanged
    assert copy.xpath("//*[local-name()='persName']/@ref") == ["persons.xml#tho"]
    assert a.xpath("//@xml:id")[1] == "encoder"  # the original is untouched


def test_source_date_epoch(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert source_date_epoch() == 1700000000
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    with pytest.raises(PipelineError, match="SOURCE_DATE_EPOCH='yesterday' is not a whole number"):
        source_date_epoch()
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert source_date_epoch() is None


# --- the built deposit ---------------------------------------------------------------------------------------------

def test_bag_is_valid_and_complete(deposit):
    bag = bagit.Bag(str(deposit / BAG_NAME))
    bag.validate()
    assert bag.version_info == (1, 0)
    assert (deposit / BAG_NAME / "bagit.txt").read_text() == "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n"
    assert bag.info["Bagging-Date"] == "2023-11-14"
    data = deposit / BAG_NAME / "data"
    names = sorted(p.relative_to(data).as_posix() for p in data.rglob("*") if p.is_file())
    assert names == [
        ".zenodo.json", "CITATION.cff", "README.md", "documents.tsv", "environment.txt", "fidelity.txt",
        "html/100_wilson.html", "html/101_frus.html", "html/102_blog.html", "html/index.html",
        "metadata/dublin-core.xml", "omissions.tsv", "registry/persons.toml",
        "schema/TEI-VERSION.txt", "schema/edition.rng", "schema/edition.sch", "schema/tei_all.rng",
        "sources/100_wilson.txt", "sources/101_frus.toml", "sources/101_frus.txt", "sources/102_blog.txt",
        "tei/100_wilson.xml", "tei/101_frus.xml", "tei/102_blog.xml", "tei/corpus.xml", "tei/persons.xml",
        "text/100_wilson.txt", "text/101_frus.txt", "text/102_blog.txt", "text/turns.tsv", "validation.txt",
    ]
    root = deposit.parent
    for name in ("100_wilson.txt", "101_frus.toml"):
        assert (data / "sources" / name).read_bytes() == (root / "seeds" / name).read_bytes()
    assert (data / "fidelity.txt").read_text().startswith("3 source(s) checked against the text edition: 0 "
                                                          "difference(s)")
    assert "TEI P5 Version 4.3.0" in (data / "schema" / "TEI-VERSION.txt").read_text()
    assert (data / "validation.txt").read_text() == "5 file(s) checked: 0 error(s), 0 warning(s)\n"


def test_documents_table_states_rights_as_given_and_checksums(deposit):
    data = deposit / BAG_NAME / "data"
    rows = {r["id"]: r for r in table(data / "documents.tsv")}
    assert sorted(rows) == ["100_wilson", "101_frus", "102_blog"]
    assert (rows["100_wilson"]["rights_as_given"], rows["100_wilson"]["rights_basis"]) == (WILSON_RIGHTS,
                                                                                            "stated-by-source")
    assert (rows["101_frus"]["rights_as_given"], rows["101_frus"]["rights_basis"]) == ("", "us-government-work")
    assert (rows["102_blog"]["rights_as_given"], rows["102_blog"]["rights_basis"]) == ("", "not-stated")
    assert rows["100_wilson"]["archive"] == "RGANI"
    for doc_id, row in rows.items():
        assert row["tei_sha256"] == sha256(data / "tei" / f"{doc_id}.xml")
    assert table(data / "omissions.tsv") == [
        {"document": "100_wilson", "line": "1", "reason": "site-furniture", "text": "Skip to content"},
        {"document": "100_wilson", "line": "40", "reason": "metadata", "text": "Record ID"},
        {"document": "102_blog", "line": "12", "reason": "reader-comment", "text": "Great post!"},
    ]


def test_corpus_gathers_every_document_and_the_register(deposit):
    corpus = etree.parse(str(deposit / BAG_NAME / "data" / "tei" / "corpus.xml")).getroot()
    assert etree.QName(corpus).localname == "teiCorpus"
    members = corpus.xpath("t:TEI/@xml:id", namespaces={"t": "http://www.tei-c.org/ns/1.0"})
    assert members == ["d100_wilson", "d101_frus", "d102_blog", "persons"]
    ids = corpus.xpath("//@xml:id")
    assert len(ids) == len(set(ids))


def test_metadata_readme_and_citation_come_from_the_headers(deposit):
    data = deposit / BAG_NAME / "data"
    dc = etree.parse(str(data / "metadata" / "dublin-core.xml")).getroot()
    ns = {"dc": "http://purl.org/dc/elements/1.1/"}
    assert dc.xpath("dc:date/text()", namespaces=ns) == ["2023-11-14"]
    assert dc.xpath("dc:creator/text()", namespaces=ns) == ["Quill, Ada", "The Invented Archive Project"]
    assert dc.xpath("dc:publisher/text()", namespaces=ns) == ["Invented University Press"]
    assert dc.xpath("dc:identifier/text()", namespaces=ns) == ["10.5281/zenodo.1234567"]
    assert dc.xpath("dc:coverage/text()", namespaces=ns) == ["1968-10-02/1968-10-15"]
    assert "Ann Translator (Translated by)" in dc.xpath("dc:contributor/text()", namespaces=ns)
    rights = dc.xpath("dc:rights/text()", namespaces=ns)
    assert f"100_wilson: {WILSON_RIGHTS}" in rights
    assert any(r.startswith("102_blog: The source states no rights") for r in rights)
    cff = (data / "CITATION.cff").read_text()
    assert "cff-version: 1.2.0" in cff and 'license: "CC-BY-4.0"' in cff and 'date-released: "2023-11-14"' in cff
    assert 'family-names: "Quill"' in cff and 'doi: "10.5281/zenodo.1234567"' in cff
    readme = (data / "README.md").read_text()
    assert "$" not in readme and "100_wilson" in readme and "jing schema/tei_all.rng" in readme
    assert f'as stated by the source: "{WILSON_RIGHTS}"' in readme


def test_zip_holds_the_bag_under_one_folder_with_fixed_times(deposit):
    with zipfile.ZipFile(deposit / f"{BAG_NAME}.zip") as zf:
        names = zf.namelist()
        assert names == sorted(names) and all(n.startswith(f"{BAG_NAME}/") for n in names)
        assert {i.date_time for i in zf.infolist()} == {(2023, 11, 14, 22, 13, 20)}
        assert {i.external_attr >> 16 for i in zf.infolist()} == {0o100644}
        assert f"{BAG_NAME}/bagit.txt" in names and f"{BAG_NAME}/data/tei/corpus.xml" in names


def test_two_builds_give_the_same_zip(tmp_path, deposit):
    tei, build = make_edition(tmp_path / "again")
    _, first = build_deposit(tei, build, tmp_path / "a", epoch=EPOCH)
    _, second = build_deposit(tei, build, tmp_path / "a", epoch=EPOCH)  # over the first, in place
    assert sha256(first) == sha256(second) == sha256(deposit / f"{BAG_NAME}.zip")


def test_without_an_injected_date_the_bag_has_no_bagging_date(tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    tei, build = make_edition(tmp_path)
    bag, zipped = build_deposit(tei, build, tmp_path / "out")
    assert "Bagging-Date" not in (bag / "bag-info.txt").read_text()
    bagit.Bag(str(bag)).validate()
    with zipfile.ZipFile(zipped) as zf:
        assert {i.date_time for i in zf.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    assert check_deposit(zipped) == []


# --- checking ------------------------------------------------------------------------------------------------------

def test_check_passes_a_sound_bag_and_its_zip(deposit):
    assert check_deposit(deposit / BAG_NAME) == []
    assert check_deposit(deposit / f"{BAG_NAME}.zip") == []


def test_check_names_the_file_with_one_flipped_byte(tmp_path, deposit):
    copy = tmp_path / BAG_NAME
    shutil.copytree(deposit / BAG_NAME, copy)
    target = copy / "data" / "text" / "101_frus.txt"
    data = bytearray(target.read_bytes())
    data[3] ^= 0x01  # "Document" -> "Doctment": the bag's checksum and the fidelity proof both see it
    target.write_bytes(bytes(data))
    found = check_deposit(copy)
    assert [(d.path, d.rule) for d in found] == [(f"{copy}/data/sources/101_frus.txt", "fidelity"),
                                                 (f"{copy}/data/text/101_frus.txt", "bag-checksum")]
    assert found[1].message.startswith("checksum mismatch (sha256, sha512): the manifest has sha256 ")
    assert f"({copy}/data/text/101_frus.txt:1)" in found[0].message and "'Document' " in found[0].message


def test_check_finds_a_changed_tei_file_inside_a_zip(tmp_path, deposit):
    src, dst = deposit / f"{BAG_NAME}.zip", tmp_path / "changed.zip"
    member = f"{BAG_NAME}/data/tei/100_wilson.xml"
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w") as zout:
        for info in zin.infolist():
            body = zin.read(info)
            zout.writestr(info, body.replace(b"Document 100_wilson", b"Document 100_wilsoN") if info.filename == member
                          else body)
    found = check_deposit(dst)
    assert {(d.path, d.rule) for d in found} == {
        (f"{dst}!/{member}", "bag-checksum"),  # the bag's manifest
        (f"{dst}!/{member}", "deposit-table-checksum"),  # and documents.tsv
    }


def test_check_reports_missing_and_added_files(tmp_path, deposit):
    copy = tmp_path / BAG_NAME
    shutil.copytree(deposit / BAG_NAME, copy)
    (copy / "data" / "html" / "index.html").unlink()
    (copy / "data" / "notes.txt").write_text("added later\n")
    found = {(d.path, d.rule) for d in check_deposit(copy)}
    assert (f"{copy}/data/html/index.html", "bag-missing-file") in found
    assert (f"{copy}/data/notes.txt", "bag-unexpected-file") in found


def test_check_refuses_an_unsafe_zip(tmp_path):
    bad = tmp_path / "bad.zip"
    with zipfile.ZipFile(bad, "w") as zf:
        zf.writestr("edition/bagit.txt", "x")
        zf.writestr("../evil.txt", "x")
    with pytest.raises(PipelineError, match=r"bad\.zip!/\.\./evil\.txt: unsafe entry"):
        check_deposit(bad)


def test_check_of_a_folder_that_is_no_bag(tmp_path):
    found = check_deposit(tmp_path)
    assert [(d.path, d.rule) for d in found] == [(str(tmp_path), "bag-invalid")]


# --- refusing to build -----------------------------------------------------------------------------------------------

def test_an_invalid_edition_gives_no_deposit(tmp_path):
    tei, build = make_edition(tmp_path)
    doc = tei / "101_frus.xml"
    doc.write_text(doc.read_text().replace("<head>", "<heading>").replace("</head>", "</heading>"))
    for page in build.rglob("*"):
        page.touch()  # the editions rebuilt after the change
    with pytest.raises(PipelineError) as err:
        build_deposit(tei, build, tmp_path / "out", epoch=EPOCH, allow_dirty=True)
    message = str(err.value)
    assert message.startswith("the edition is not valid (")
    assert f"\n{tei}/101_frus.xml:" in message and "heading" in message
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == []


def test_missing_editions_are_named(tmp_path):
    tei, build = make_edition(tmp_path)
    (build / "text" / "102_blog.txt").unlink()
    with pytest.raises(PipelineError, match=r"102_blog\.txt: missing \(1 edition file\(s\) missing in all\)"):
        build_deposit(tei, build, tmp_path / "out")
    (tei / "persons.xml").unlink()
    with pytest.raises(PipelineError, match="persons.xml: the register of persons is missing"):
        build_deposit(tei, build, tmp_path / "out", allow_dirty=True)


# --- the command -----------------------------------------------------------------------------------------------------

def test_cli_check(tmp_path, deposit):
    runner = CliRunner()
    zipped = deposit / f"{BAG_NAME}.zip"
    ok = runner.invoke(main, ["deposit", "--check", str(zipped)])
    assert (ok.exit_code, ok.stderr) == (0, f"{zipped}: fixity: ok (31 payload file(s))\n"
                                            f"{zipped}: contents: ok (3 document(s))\n"
                                            f"{zipped}: TEI validation: ok (5 TEI file(s))\n"
                                            f"{zipped}: fidelity: ok (3 source(s))\n"
                                            f"{zipped}: valid deposit\n")
    copy = tmp_path / BAG_NAME
    shutil.copytree(deposit / BAG_NAME, copy)
    with (copy / "data" / "README.md").open("ab") as fh:
        fh.write(b"!")
    bad = runner.invoke(main, ["deposit", "--check", str(copy)])
    assert bad.exit_code == 1
    assert f"{copy}/data/README.md:0:0: error: checksum mismatch" in bad.stderr
    assert f"{copy}: fixity: 1 error(s) (31 payload file(s))\n{copy}: contents: ok" in bad.stderr
    assert bad.stderr.endswith(f"{copy}: fidelity: ok (3 source(s))\n{copy}: INVALID\n")


def test_cli_build_refusal_is_one_clean_message(tmp_path):
    tei, build = make_edition(tmp_path)
    shutil.rmtree(build / "html")
    result = CliRunner().invoke(main, ["deposit", "--tei-dir", str(tei), "--build-dir", str(build),
                                       "--seeds", str(tmp_path / "seeds"), "--allow-dirty", "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ") and "build the HTML and text editions first" in result.stderr
    assert "Traceback" not in result.stderr


def test_stale_editions_are_refused(tmp_path):
    import os
    tei, build = make_edition(tmp_path)
    page = build / "html" / "101_frus.html"
    os.utime(page, ns=(0, (tei / "101_frus.xml").stat().st_mtime_ns - 1))
    with pytest.raises(PipelineError, match=r"101_frus\.html: older than .*101_frus\.xml \(1 stale"):
        build_deposit(tei, build, tmp_path / "out")


def test_check_of_a_file_that_is_no_zip(tmp_path):
    junk = tmp_path / "edition.zip"
    junk.write_text("not a zip\n")
    result = CliRunner().invoke(main, ["deposit", "--check", str(junk)])
    assert (result.exit_code, result.stderr) == (1, f"Error: {junk}: not a zip file: File is not a zip file\n")


LOCAL_IDS = st.lists(st.sampled_from(["encoder", "editor", "source-kinds", "frus", "x1"]), unique=True, max_size=4)


@settings(max_examples=50, deadline=None)
@given(st.lists(LOCAL_IDS, min_size=1, max_size=4))
def test_corpus_ids_are_unique_and_every_pointer_still_resolves(members):
    """Invented members, each with some header ids (clashing or not) and a pointer to each of them."""
    roots = []
    for n, ids in enumerate(members):
        body = "".join(f'<name xml:id="{i}"/><ref target="#{i}"/>' for i in ids)
        roots.append(parse(f'<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="d{n}">'
                           f'<name xml:id="d{n}-own"/><ref target="#d{n}-own other.xml#encoder"/>{body}</TEI>'))
    clashing = shared_ids(roots)
    copies = [with_unique_ids(r, clashing) for r in roots]
    every = [i for c in copies for i in c.xpath("//@xml:id")]
    assert len(every) == len(set(every))
    for copy in copies:
        own = set(copy.xpath("//@xml:id"))
        for target in copy.xpath("//@target"):
            local = [t[1:] for t in target.split() if t.startswith("#")]
            assert all(t in own for t in local)
    for n, copy in enumerate(copies):  # pointers into other files are left alone
        assert copy.xpath("//*[local-name()='ref']/@target")[0] == f"#d{n}-own other.xml#encoder"


# --- what a repository reads: bag-info, CITATION.cff, .zenodo.json, environment.txt ---------------------------------

def test_bag_info_has_the_bagit_1_0_fields_from_the_edition(deposit):
    info = bagit.Bag(str(deposit / BAG_NAME)).info
    commit = git(deposit.parent, "rev-parse", "HEAD")
    assert info["Source-Organization"] == "Invented University Press"
    assert info["External-Identifier"] == "10.5281/zenodo.1234567"
    assert info["Internal-Sender-Identifier"] == f"git commit {commit}"
    assert info["Contact-Name"] == "Quill, Ada; The Invented Archive Project"
    files = [p for p in (deposit / BAG_NAME / "data").rglob("*") if p.is_file()]
    assert info["Payload-Oxum"] == f"{sum(p.stat().st_size for p in files)}.{len(files)}"


def test_bagit_command_line_validates_the_deposit(deposit):
    result = subprocess.run([sys.executable, "-m", "bagit", "--validate", str(deposit / BAG_NAME)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "is valid" in result.stderr


def cffconvert_validate(path: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(BIN / "cffconvert"), "--validate", "-i", str(path)], capture_output=True, text=True)


def test_citation_cff_validates_with_cffconvert(deposit):
    result = cffconvert_validate(deposit / BAG_NAME / "data" / "CITATION.cff")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "valid according to schema version 1.2.0" in result.stdout


@pytest.mark.parametrize("ed", [
    Edition(),  # the defaults the project ships
    Edition(title="Telegrams", editors=(Editor("Nguyen, Thi Lan", "0000-0001-5109-3700", "Hanoi"),
                                        Editor("Müller, Jörg"), Editor("A Collective")),
            identifier="https://hdl.example.org/1/2", base_url="https://example.org/e/", keywords=("cables",)),
    Edition(editors=(), identifier="urn:nbn:de:0000-1", licence=Licence("CC0-1.0", "CC0 1.0", "")),
])
def test_citation_cff_variants_validate(tmp_path, ed):
    path = tmp_path / "CITATION.cff"
    path.write_text(citation_cff(ed, "2024-02-29", "0" * 40), encoding="utf-8")
    result = cffconvert_validate(path)
    assert result.returncode == 0, path.read_text() + result.stdout + result.stderr


def test_an_invalid_citation_cff_fails_cffconvert(tmp_path):
    """The validator can fail: a licence that is no SPDX id."""
    path = tmp_path / "CITATION.cff"
    path.write_text(citation_cff(Edition(licence=Licence("Free-for-all", "", "")), None), encoding="utf-8")
    assert cffconvert_validate(path).returncode != 0


def zenodo_errors(record: dict) -> list[str]:
    import jsonschema

    schema = json.loads(ZENODO_SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft4Validator.check_schema(schema)
    return sorted(e.message for e in jsonschema.Draft4Validator(schema).iter_errors(record))


def test_zenodo_json_validates_against_the_zenodo_deposit_schema(deposit):
    record = json.loads((deposit / BAG_NAME / "data" / ".zenodo.json").read_text(encoding="utf-8"))
    assert zenodo_errors(record) == []
    assert record["creators"] == [
        {"name": "Quill, Ada", "orcid": "0000-0002-1825-0097", "affiliation": "Invented University"},
        {"name": "The Invented Archive Project"}]
    assert (record["title"], record["license"], record["version"], record["upload_type"]) == (
        "Cables of an Invented Year", "CC-BY-4.0", "2.1.0", "dataset")
    assert record["keywords"] == ["TEI", "cables"] and record["publication_date"] == "2023-11-14"
    assert record["related_identifiers"] == [
        {"identifier": "10.5281/zenodo.1234567", "relation": "isAlternateIdentifier", "scheme": "doi"},
        {"identifier": "https://example.org/cables/", "relation": "isVariantFormOf", "scheme": "url"}]
    assert record["description"].startswith("Three invented documents, encoded in TEI. The encoding is released")


@pytest.mark.parametrize("ed", [Edition(), Edition(editors=(), description="", keywords=(), version="")])
def test_zenodo_json_of_the_defaults_and_a_bare_edition_validates(ed):
    record = json.loads(zenodo_json(ed, None, ["https://history.state.gov/x", "not a url", ""]))
    assert zenodo_errors(record) == []
    assert record["creators"] == [{"name": ed.publisher}] or ed.editors
    assert {"identifier": "https://history.state.gov/x", "relation": "isDerivedFrom", "scheme": "url"} in (
        record["related_identifiers"])


def test_the_zenodo_schema_rejects_what_zenodo_would():
    """The schema can fail: an unknown key, a wrong upload type, a creator without a name, no title."""
    good = json.loads(zenodo_json(Edition(), None))
    assert zenodo_errors(dict(good, homepage="x")) != []
    assert zenodo_errors(dict(good, upload_type="edition")) != []
    assert zenodo_errors(dict(good, creators=[{"affiliation": "x"}])) != []
    assert zenodo_errors({k: v for k, v in good.items() if k != "title"}) != []


def test_a_malformed_orcid_is_one_line_naming_the_editor():
    with pytest.raises(PipelineError, match=r"edition\.toml: error: editor 'Quill, Ada': orcid '1234' is not an ORCID"):
        citation_cff(Edition(editors=(Editor("Quill, Ada", "1234"),)), None)


def test_environment_names_the_commit_the_clean_tree_and_the_tools(deposit):
    env = dict(line.split(": ", 1) for line in
               (deposit / BAG_NAME / "data" / "environment.txt").read_text().splitlines())
    assert env["commit"] == git(deposit.parent, "rev-parse", "HEAD")
    assert (env["working-tree"], env["allow-dirty"]) == ("clean", "no")
    assert env["pipeline"].startswith("tei-edition-pipeline ") and env["python"].startswith("CPython 3.")
    for tool in ("lxml", "libxml2", "saxonche", "saxon", "bagit", "jing"):
        assert env[tool] and env[tool] != "not installed", tool
    assert env["schema/tei_all.rng"].startswith("TEI P5 Version 4.3.0, sha256 ")
    assert env["schema/edition.rng"].startswith("sha256 ")


# --- refusing a deposit that cannot say where it comes from --------------------------------------------------------

def test_a_dirty_tree_is_refused_unless_allowed_and_then_recorded(tmp_path):
    tei, build = make_edition(tmp_path)
    (tmp_path / "seeds" / "101_frus.toml").write_text('title = "changed"\n', encoding="utf-8")
    with pytest.raises(PipelineError, match=r"working tree has 1 uncommitted change\(s\) \(seeds/101_frus\.toml\)"
                                            r".*--allow-dirty"):
        build_deposit(tei, build, tmp_path / "out", epoch=EPOCH)
    assert not (tmp_path / "out").exists()
    bag, _ = build_deposit(tei, build, tmp_path / "out", epoch=EPOCH, allow_dirty=True)
    env = (bag / "data" / "environment.txt").read_text()
    assert "working-tree: dirty: 1 uncommitted change(s)\nallow-dirty: yes\nuncommitted:  M seeds/101_frus.toml\n" in env
    assert (bag / "data" / "sources" / "101_frus.toml").read_text() == 'title = "changed"\n'


def test_a_folder_that_is_no_git_checkout_is_refused_unless_allowed(tmp_path):
    tei, build = make_edition(tmp_path, repo=False)
    with pytest.raises(PipelineError, match="not a git repository with a commit: the deposit cannot name the commit"):
        build_deposit(tei, build, tmp_path / "out")
    bag, _ = build_deposit(tei, build, tmp_path / "out", allow_dirty=True)
    env = (bag / "data" / "environment.txt").read_text()
    assert env.startswith("commit: none\nworking-tree: unknown: not a git repository with a commit\nallow-dirty: yes\n")
    assert check_deposit(bag) == []


def test_sources_must_match_the_documents(tmp_path):
    tei, build = make_edition(tmp_path)
    (tmp_path / "seeds" / "102_blog.txt").unlink()
    with pytest.raises(PipelineError, match=r"seeds/102_blog\.txt: missing: the source of tei/102_blog\.xml"):
        build_deposit(tei, build, tmp_path / "out", allow_dirty=True)
    (tmp_path / "seeds" / "102_blog.txt").write_text(source_text("102_blog", **DOCS["102_blog"]), encoding="utf-8")
    (tmp_path / "seeds" / "103_new.txt").write_text("A new source\n", encoding="utf-8")
    with pytest.raises(PipelineError, match=r"seeds/103_new\.txt: not encoded \(1 source\(s\) without TEI"):
        build_deposit(tei, build, tmp_path / "out", allow_dirty=True)


def test_a_text_edition_that_lost_a_word_gives_no_deposit(tmp_path):
    tei, build = make_edition(tmp_path)
    (build / "text" / "101_frus.txt").write_text("Document\n")  # build/ is not in the repository
    with pytest.raises(PipelineError) as err:
        build_deposit(tei, build, tmp_path / "out", epoch=EPOCH)
    message = str(err.value)
    assert message.startswith("the text edition does not have every word of its sources (1 difference(s))")
    assert f"{tmp_path}/seeds/101_frus.txt:1:10: error: 2 word(s) of the source missing from the text edition " \
           f"({build}/text/101_frus.txt:1): '101 frus'" in message


# --- the check, from the deposit alone -----------------------------------------------------------------------------

def test_check_reports_each_section(deposit):
    sections = check_sections(deposit / f"{BAG_NAME}.zip")
    assert [(s.name, s.checked, s.diagnostics) for s in sections] == [
        ("fixity", "31 payload file(s)", ()), ("contents", "3 document(s)", ()),
        ("TEI validation", "5 TEI file(s)", ()), ("fidelity", "3 source(s)", ())]


def test_check_names_a_missing_source(tmp_path, deposit):
    copy = tmp_path / BAG_NAME
    shutil.copytree(deposit / BAG_NAME, copy)
    (copy / "data" / "sources" / "102_blog.txt").unlink()
    found = {(d.path, d.rule) for d in check_deposit(copy)}
    assert found == {(f"{copy}/data/sources/102_blog.txt", "bag-missing-file"),
                     (f"{copy}/data/sources/102_blog.txt", "deposit-incomplete")}


def rebag(bag: Path) -> None:
    """Make the manifests agree with the payload again: a forger's bag, sound to fixity."""
    bagit.Bag(str(bag)).save(manifests=True)


def test_a_rebagged_text_edition_that_lost_words_fails_the_fidelity_proof(tmp_path, deposit):
    copy = tmp_path / BAG_NAME
    shutil.copytree(deposit / BAG_NAME, copy)
    (copy / "data" / "text" / "100_wilson.txt").write_text("Document\n")
    rebag(copy)
    sections = {s.name: s.diagnostics for s in check_sections(copy)}
    assert sections["fixity"] == ()
    assert [(d.path, d.line, d.rule) for d in sections["fidelity"]] == [
        (f"{copy}/data/sources/100_wilson.txt", 2, "fidelity")]
    assert f"({copy}/data/text/100_wilson.txt:1): '100 wilson'" in sections["fidelity"][0].message


def test_check_names_a_changed_tei_that_no_longer_validates(tmp_path, deposit):
    copy = tmp_path / BAG_NAME
    shutil.copytree(deposit / BAG_NAME, copy)
    tei = copy / "data" / "tei" / "101_frus.xml"
    tei.write_text(tei.read_text().replace("<head>", "<heading>").replace("</head>", "</heading>"))
    sections = {s.name: {(d.path, d.rule) for d in s.diagnostics} for s in check_sections(copy)}
    assert sections["fixity"] == {(str(tei), "bag-checksum")}
    assert (str(tei), "deposit-table-checksum") in sections["contents"]
    assert sections["TEI validation"] and {path for path, _ in sections["TEI validation"]} == {str(tei)}
    assert sections["fidelity"] == set()


def test_check_warns_when_the_deposited_schema_is_not_the_pipelines(tmp_path, deposit):
    copy = tmp_path / BAG_NAME
    shutil.copytree(deposit / BAG_NAME, copy)
    with (copy / "data" / "schema" / "edition.sch").open("a") as fh:
        fh.write("<!-- another version -->\n")
    rebag(copy)
    found = check_deposit(copy)
    assert [(d.path, d.severity, d.rule) for d in found] == [
        (f"{copy}/data/schema/edition.sch", "warning", "deposit-schema-version")]


# --- the licence in the TEI ----------------------------------------------------------------------------------------

def test_the_encoder_names_the_editions_publisher():
    from pipeline.encode import encode_text

    root = etree.fromstring(encode_text("A short note.\n", "x1", edition=Edition(publisher="Invented Press")).xml)
    assert root.xpath("string(//t:publicationStmt/t:publisher)", namespaces={
        "t": "http://www.tei-c.org/ns/1.0"}) == "Invented Press"


def test_the_encoder_states_the_editions_licence_as_data_and_in_words():
    from pipeline.encode import encode_text

    ns = {"t": "http://www.tei-c.org/ns/1.0"}
    for licence in (Licence(), Licence("CC-BY-SA-4.0", "Creative Commons Attribution-ShareAlike 4.0",
                                       "https://creativecommons.org/licenses/by-sa/4.0/")):
        root = etree.fromstring(encode_text("A short note.\n", "x1", edition=Edition(licence=licence)).xml)
        availability = root.find("t:teiHeader/t:fileDesc/t:publicationStmt/t:availability", ns)
        assert availability.xpath("t:licence/@target", namespaces=ns) == [licence.url]
        assert f"released under {licence.name} ({licence.id})." in "".join(availability.itertext())


def test_the_corpus_carries_the_licence_of_edition_toml(deposit):
    corpus = etree.parse(str(deposit / BAG_NAME / "data" / "tei" / "corpus.xml")).getroot()
    assert corpus.xpath("t:teiHeader//t:availability/t:licence/@target", namespaces={
        "t": "http://www.tei-c.org/ns/1.0"}) == ["https://creativecommons.org/licenses/by/4.0/"]


def test_edition_toml_of_the_fixture_parses():
    import tomllib
    ed = parse_edition(tomllib.loads(EDITION_TOML))
    assert ed.editors[0].orcid == "https://orcid.org/0000-0002-1825-0097"

# --- rights read from the data the encoder writes, never from its prose ----------------------------------------------

@pytest.mark.parametrize("status, resp, publisher, basis", [
    ("", "", "Any Publisher", "stated-by-source"),
    ("free", "", "Any Publisher", "stated-by-source"),
    ("free", "#encoder", "Office of the Historian, U.S. Department of State", "us-government-work"),
    ("free", "#encoder", "An Invented Press", "inferred"),
    ("unknown", "", "An Invented Press", "not-stated"),
    ("unknown", "", "United States Government Printing Office", "us-government-work"),
])
def test_rights_basis_comes_from_availability_status_and_resp(status, resp, publisher, basis):
    found, note = rights_of("Some words about rights.", publisher, status, resp)
    assert found == basis
    if basis == "inferred":
        assert "encoder" in note and status in note


@pytest.mark.parametrize("seed", sorted((Path(__file__).resolve().parent.parent / "seeds").glob("*.txt")))
def test_the_encoders_own_rights_are_never_called_the_sources(seed):
    """On the encoder's real header of every seed: a statement it inferred or wrote for 'no rights' is not verbatim."""
    from pipeline.encode import encode_text

    root = parse(encode_text(seed.read_text(encoding="utf-8"), seed.stem).xml.decode("utf-8"))
    avail = root.find(".//{http://www.tei-c.org/ns/1.0}sourceDesc/{http://www.tei-c.org/ns/1.0}bibl/"
                      "{http://www.tei-c.org/ns/1.0}availability")
    rec = document_record(root, "x")
    if avail is not None and (avail.get("resp") or avail.get("status") == "unknown"):
        assert rec.rights_basis != "stated-by-source" and rec.rights_as_given == ""
    else:
        assert rec.rights_basis == "stated-by-source" and rec.rights_as_given
