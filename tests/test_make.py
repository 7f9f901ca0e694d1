"""make as a user meets it, in a copy of the project (the venv of this checkout): warnings shown, the validation
report kept when its errors stop make, a change of tei/ under make (a git checkout) noticed, and a deleted source or
sidecar followed (issue 19, nothing stale). The project is built by make once; a test that deletes a file works on a
copy of the built project."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
pytestmark = pytest.mark.skipif(not (VENV / "bin" / "pipeline").exists() or shutil.which("make") is None,
                                reason="needs make and this checkout's .venv (make install)")


def make(project: Path, *args: str) -> subprocess.CompletedProcess:
    installed = project / ".installed-stamp"  # the venv counts as installed: make never runs pip here
    return subprocess.run(["make", "-C", str(project), f"VENV={VENV}", f"INSTALLED={installed}", *args],
                          capture_output=True, text=True, timeout=900)


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """A copy of the project, built once by make."""
    copy = tmp_path_factory.mktemp("make") / "project"
    copy.mkdir()
    for name in ("Makefile", "pyproject.toml", "pipeline", "schema", "xslt", "static", "seeds", "tei", "registry"):
        (shutil.copytree if (ROOT / name).is_dir() else shutil.copy2)(ROOT / name, copy / name)
    (copy / ".installed-stamp").touch()
    return copy


@pytest.fixture(scope="module")
def first(project) -> subprocess.CompletedProcess:
    return make(project)


def test_make_shows_the_encoders_warnings(first):
    assert first.returncode == 0, first.stdout + first.stderr
    warnings = [line for line in first.stderr.splitlines() if ": warning: " in line]
    assert warnings and all(line.startswith("seeds/") for line in warnings), first.stderr


def test_a_change_of_tei_under_make_is_noticed(project, first):
    assert make(project, "--question").returncode == 0  # up to date
    tei = sorted((project / "tei").glob("0*.xml"))[0]
    tei.write_bytes(tei.read_bytes())  # as a git checkout of tei/ leaves it: newer than everything built from it
    assert make(project, "--question").returncode == 1
    again = make(project)
    assert again.returncode == 0, again.stderr
    assert make(project, "--question").returncode == 0


def test_the_validation_report_that_stopped_make_is_kept(project, first):
    tei = sorted((project / "tei").glob("0*.xml"))[0]
    good = tei.read_text(encoding="utf-8")
    try:
        tei.write_text(good.replace('<div type="', '<div type="chapter" data-was="', 1), encoding="utf-8")
        failed = make(project)
        assert failed.returncode != 0
        report = (project / "build" / "validation.txt").read_text(encoding="utf-8")
        assert f"tei/{tei.name}:" in report and "error" in report
        assert make(project).returncode != 0  # still failing: the failed validation is run again, not taken as done
    finally:
        tei.write_text(good, encoding="utf-8")
    assert make(project).returncode == 0


def test_make_follows_deleted_sources_and_sidecars(project, first, tmp_path):
    """A deleted source's TEI, pages and texts are removed, saying so, and the index no longer lists it; a deleted
    sidecar re-encodes its source; then make has nothing to do."""
    assert first.returncode == 0, first.stderr
    copy = tmp_path / "project"
    shutil.copytree(project, copy)  # with its times: as built
    assert make(copy, "--question").returncode == 0
    gone = "004_a62f8e03d40702c5"
    assert (copy / "build" / "html" / f"{gone}.html").is_file() and (copy / "build" / "text" / f"{gone}.txt").is_file()
    (copy / "seeds" / f"{gone}.txt").unlink()
    assert make(copy, "--question").returncode == 1  # make notices
    second = make(copy)
    assert second.returncode == 0, second.stderr
    for path in (f"tei/{gone}.xml", f"build/html/{gone}.html", f"build/text/{gone}.txt"):
        assert not (copy / path).exists()
        assert f"{path}: removed: its source seeds/{gone}.txt is gone" in second.stderr
    assert gone not in (copy / "build" / "html" / "index.html").read_text(encoding="utf-8")
    assert make(copy, "--question").returncode == 0

    side = copy / "seeds" / "000_ce4f38ee9e6d958d.toml"
    title = "A blog post on the secret"
    assert title in (copy / "tei" / "000_ce4f38ee9e6d958d.xml").read_text(encoding="utf-8")
    side.unlink()
    assert make(copy, "--question").returncode == 1
    third = make(copy)
    assert third.returncode == 0, third.stderr
    assert title not in (copy / "tei" / "000_ce4f38ee9e6d958d.xml").read_text(encoding="utf-8")
    assert make(copy, "--question").returncode == 0
