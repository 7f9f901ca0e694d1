"""A command never writes over one of its inputs or into a folder of sources (issue 19): one line, exit 2,
and the input unchanged."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import main

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "seeds" / "000_ce4f38ee9e6d958d.txt"
TEI = ROOT / "tei" / "000_ce4f38ee9e6d958d.xml"


def run(*args, cwd: Path | None = None):
    old = os.getcwd()
    try:
        if cwd:
            os.chdir(cwd)
        res = CliRunner().invoke(main, [str(a) for a in args])
    finally:
        os.chdir(old)
    assert res.exception is None or isinstance(res.exception, SystemExit), res.exception
    return res.exit_code, res.output


@pytest.fixture
def project(tmp_path) -> Path:
    """A project folder: seeds/doc.txt, tei/doc.xml."""
    (tmp_path / "seeds").mkdir()
    (tmp_path / "tei").mkdir()
    shutil.copy(SEED, tmp_path / "seeds" / "doc.txt")
    tei = TEI.read_text(encoding="utf-8")
    (tmp_path / "tei" / "doc.xml").write_text(tei, encoding="utf-8")
    return tmp_path


def assert_refused(code: int, output: str, path_part: str) -> None:
    assert code == 2, output
    lines = output.strip().splitlines()
    assert len(lines) == 1 and path_part in lines[0] and ": error: refusing to write" in lines[0], output
    assert "Traceback" not in output


@pytest.mark.parametrize("command", ["text", "html"])
def test_publishing_into_the_seeds_folder_is_refused(command, project):
    before = (project / "seeds" / "doc.txt").read_bytes()
    code, output = run(command, "tei/doc.xml", "-o", "seeds", "-q", cwd=project)
    assert_refused(code, output, "seeds")
    assert (project / "seeds" / "doc.txt").read_bytes() == before
    assert sorted(p.name for p in (project / "seeds").iterdir()) == ["doc.txt"]


@pytest.mark.parametrize("command", ["text", "html"])
def test_publishing_beside_the_input_is_refused(command, tmp_path):
    """letter.txt encoded into letter.xml in the same folder: text -o . would replace the source letter.txt."""
    shutil.copy(SEED, tmp_path / "letter.txt")
    shutil.copy(TEI, tmp_path / "letter.xml")
    code, output = run(command, "letter.xml", "-o", ".", "-q", cwd=tmp_path)
    assert_refused(code, output, "letter.xml")
    assert (tmp_path / "letter.txt").read_bytes() == SEED.read_bytes()


def test_encode_over_its_own_input_is_refused(tmp_path):
    (tmp_path / "x.xml").write_text("Plain words of a source.\n", encoding="utf-8")
    code, output = run("encode", "--force", "x.xml", "-o", ".", "-q", cwd=tmp_path)
    assert_refused(code, output, "x.xml")
    assert (tmp_path / "x.xml").read_text(encoding="utf-8") == "Plain words of a source.\n"


def test_encode_through_a_link_to_its_input_is_refused(tmp_path):
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "x.xml").write_text("Plain words.\n", encoding="utf-8")
    (tmp_path / "out").mkdir()
    os.symlink(tmp_path / "src" / "x.xml", tmp_path / "out" / "x.xml")
    code, output = run("encode", "--force", "src/x.xml", "-o", "out", "-q", cwd=tmp_path)
    assert_refused(code, output, "x.xml")
    assert (tmp_path / "src" / "x.xml").read_text(encoding="utf-8") == "Plain words.\n"


def test_validate_report_over_an_input_is_refused(project):
    before = (project / "tei" / "doc.xml").read_bytes()
    code, output = run("validate", "--layer", "schematron", "--report", "tei/doc.xml", "tei/doc.xml", cwd=project)
    assert_refused(code, output, "tei/doc.xml")
    assert (project / "tei" / "doc.xml").read_bytes() == before


def test_encode_beside_its_sources_is_allowed(tmp_path):
    """Writing letter.xml beside letter.txt replaces nothing: allowed, as before."""
    shutil.copy(SEED, tmp_path / "letter.txt")
    code, output = run("encode", "letter.txt", "-o", ".", "-q", "--no-register", cwd=tmp_path)
    assert code == 0, output
    assert (tmp_path / "letter.xml").is_file() and (tmp_path / "letter.txt").read_bytes() == SEED.read_bytes()
