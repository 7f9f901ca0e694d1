"""Limits (issue 19): zip bombs are refused before anything is unpacked; names and ids with control characters
never name a file nor break a line of a report."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline import deposit
from pipeline.cli import main
from pipeline.diagnostics import Diagnostic
from pipeline.errors import PipelineError

ROOT = Path(__file__).resolve().parents[2]
TEI = ROOT / "tei" / "000_ce4f38ee9e6d958d.xml"


def run(*args):
    res = CliRunner().invoke(main, [str(a) for a in args])
    assert res.exception is None or isinstance(res.exception, SystemExit), res.exception
    return res.exit_code, res.output


def test_a_zip_bomb_is_refused_before_unpacking(tmp_path, monkeypatch):
    monkeypatch.setattr(deposit.bag, "RATIO_FROM_BYTES", 1024 * 1024)
    bomb = tmp_path / "bomb.zip"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("edition/data/zeros.txt", b"\0" * (8 * 1024 * 1024))
    with pytest.raises(PipelineError, match=r"bomb\.zip: error: .* uncompressed from .*zip bomb"):
        deposit.unzip_bag(bomb, tmp_path / "out")
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").rglob("*.txt"))
    code, output = run("deposit", "--check", bomb)
    assert code == 1 and "zip bomb" in output and "Traceback" not in output


def test_a_zip_compressed_with_bzip2_is_refused(tmp_path):
    odd = tmp_path / "odd.zip"
    with zipfile.ZipFile(odd, "w", zipfile.ZIP_BZIP2) as zf:
        zf.writestr("edition/bagit.txt", "BagIt-Version: 1.0\n")
    with pytest.raises(PipelineError, match=r"other than deflate"):
        deposit.unzip_bag(odd, tmp_path / "out")


def test_a_file_name_with_a_newline_cannot_forge_a_report_line():
    line = Diagnostic("evil\nfake.xml:1:1: error: forged", 2, 3, "error", "real\rmessage").format()
    assert "\n" not in line and "\r" not in line
    assert line.startswith("evil\\nfake.xml:1:1: error: forged:2:3: error: real\\rmessage")


@pytest.mark.parametrize("command", ["html", "text"])
def test_publishing_a_file_whose_name_has_a_newline_is_refused(command, tmp_path):
    path = tmp_path / "evil\n.xml"
    path.write_bytes(TEI.read_bytes())
    code, output = run(command, path, "-o", tmp_path / "out", "-q")
    assert code == 2 and "control character" in output, output
    assert not (tmp_path / "out").exists() or not [p for p in (tmp_path / "out").rglob("*") if "\n" in p.name]


def test_an_id_ending_in_a_newline_names_no_page(tmp_path):
    text = TEI.read_text(encoding="utf-8")
    idno = re.search(r'<idno type="document">([^<]*)</idno>', text)
    assert idno, "the document has an idno"
    path = tmp_path / "doc.xml"
    text = text.replace(idno.group(0), "", 1)  # no idno: the page is named by the TEI's xml:id
    text = re.sub(r'(<TEI [^>]*xml:id=")[^"]*"', r'\1devil&#10;"', text, count=1)
    path.write_text(text, encoding="utf-8")
    code, output = run("html", path, "-o", tmp_path / "out", "-q")
    assert code == 1 and "cannot name a file" in output, output
    assert not [p for p in (tmp_path / "out").rglob("*") if "\n" in p.name]


def test_a_source_whose_name_ends_in_a_newline_is_refused(tmp_path):
    source = tmp_path / "evil\n.txt"
    source.write_text("Plain words.\n", encoding="utf-8")
    code, output = run("encode", source, "-o", tmp_path / "out", "-q")
    assert code == 1 and "document id" in output and "Traceback" not in output, output
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").glob("evil*"))


def test_encode_removes_what_a_killed_run_left_half_written(tmp_path):
    (tmp_path / "tei").mkdir()
    left = tmp_path / "tei" / ".doc.xml.k3j2h1x0.part"
    left.write_text("<TEI half")
    source = tmp_path / "doc.txt"
    source.write_text("Plain words.\n", encoding="utf-8")
    code, output = run("encode", source, "-o", tmp_path / "tei", "-q", "--no-register")
    assert code == 0, output
    assert not left.exists() and (tmp_path / "tei" / "doc.xml").is_file()
