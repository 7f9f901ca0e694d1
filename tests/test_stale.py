"""Nothing stale (issue 19, pipeline/stale.py): the source's bytes, --encoding and the sidecar are what "up to date"
means for encode (a digest of them, not times); the outputs of a source that is gone are removed by pipeline prune,
pipeline build and make (that test is in tests/test_make.py, on its project built by make), each with a one-line
note."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import main

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "001_b59939755342e843.txt"
PIPELINE = [sys.executable, "-m", "pipeline.cli"]


def run(args, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([*PIPELINE, *map(str, args)], cwd=cwd, capture_output=True, text=True, timeout=300,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})


def encode(cwd: Path, *extra) -> str:
    """One encode run in this process (what is up to date lives in files, not in a process): its messages."""
    with contextlib.chdir(cwd):
        res = CliRunner().invoke(main, ["encode", "d.txt", "-o", "out", "--no-register", *extra])
    assert res.exit_code == 0, res.output
    return res.output


@pytest.fixture
def project(tmp_path) -> Path:
    shutil.copy(SEED, tmp_path / "d.txt")
    (tmp_path / "d.toml").write_text('title = "The editors\' title"\n', encoding="utf-8")
    assert "encoded 1 of 1" in encode(tmp_path)
    assert "(1 up to date)" in encode(tmp_path)
    return tmp_path


def test_another_encoding_re_encodes(project):
    assert "encoded 1 of 1" in encode(project, "--encoding", "utf-8")
    assert "(1 up to date)" in encode(project, "--encoding", "utf-8")
    assert "encoded 1 of 1" in encode(project)  # back to detecting: another reading again


def test_a_deleted_sidecar_re_encodes_and_its_title_goes(project):
    assert "The editors' title" in (project / "out" / "d.xml").read_text(encoding="utf-8")
    (project / "d.toml").unlink()
    assert "encoded 1 of 1" in encode(project)
    assert "The editors' title" not in (project / "out" / "d.xml").read_text(encoding="utf-8")


def test_a_sidecar_replaced_by_an_older_file_re_encodes(project):
    side = project / "d.toml"
    side.write_text('title = "Another title"\n', encoding="utf-8")
    os.utime(side, ns=(1, 1))  # older than the TEI: make's rule alone would call the TEI up to date
    assert "encoded 1 of 1" in encode(project)
    assert "Another title" in (project / "out" / "d.xml").read_text(encoding="utf-8")


def test_a_new_sidecar_re_encodes(project):
    (project / "d.toml").unlink()
    encode(project)
    (project / "d.toml").write_text('title = "Late title"\n', encoding="utf-8")
    os.utime(project / "d.toml", ns=(1, 1))
    assert "encoded 1 of 1" in encode(project)


def test_a_touched_source_is_up_to_date_a_changed_one_is_not(project):
    tei = project / "out" / "d.xml"
    made = tei.stat().st_mtime_ns
    os.utime(project / "d.txt")
    assert "(1 up to date)" in encode(project)
    assert tei.stat().st_mtime_ns == made  # not rewritten: make's later stages have nothing to do
    with open(project / "d.txt", "a", encoding="utf-8") as fh:
        fh.write("\nA paragraph added later.\n")
    os.utime(project / "d.txt", ns=(1, 1))  # older than the TEI: times alone would call it up to date
    assert "encoded 1 of 1" in encode(project)
    assert "A paragraph added later." in tei.read_text(encoding="utf-8")


def test_a_missing_or_broken_record_encodes_again(project):
    record = project / "out" / ".encode-inputs.json"
    record.write_text("{not json", encoding="utf-8")
    assert "encoded 1 of 1" in encode(project)
    record.unlink()
    assert "encoded 1 of 1" in encode(project)
    assert "(1 up to date)" in encode(project)


def test_prune_removes_the_outputs_of_a_source_that_is_gone(tmp_path):
    for name in ("seeds", "tei", "build/html/.parts", "build/text/.parts"):
        (tmp_path / name).mkdir(parents=True)
    (tmp_path / "seeds" / "kept.txt").write_text("x", encoding="utf-8")
    made = [tmp_path / p for p in ("tei/kept.xml", "tei/gone.xml", "tei/persons.xml", "build/html/gone.html",
                                   "build/html/.parts/gone.xml", "build/text/gone.txt", "build/text/.parts/gone.tsv",
                                   "build/html/index.html", "build/html/kept.html")]
    for path in made:
        path.write_text("x", encoding="utf-8")
    res = run(["prune"], tmp_path)
    assert res.returncode == 0 and res.stdout == ""
    assert res.stderr.splitlines() == [f"{p}: removed: its source seeds/gone.txt is gone" for p in (
        "tei/gone.xml", "build/html/gone.html", "build/html/.parts/gone.xml", "build/text/gone.txt",
        "build/text/.parts/gone.tsv")]
    assert sorted(str(p.relative_to(tmp_path)) for p in made if p.exists()) == [
        "build/html/index.html", "build/html/kept.html", "tei/kept.xml", "tei/persons.xml"]
    assert run(["prune"], tmp_path).stderr == ""  # nothing more to remove
