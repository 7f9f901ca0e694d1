"""``pip install .`` (not editable) into a fresh venv outside the checkout gives a ``pipeline`` that builds the
seeds' edition: the stylesheets, schemas, static files and the Java source are installed as package data."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_resources_of_a_checkout_are_its_top_level_folders():
    from pipeline.resources import data_dir

    for name in ("xslt", "schema", "static"):
        assert data_dir(name) in (ROOT / name, ROOT / "pipeline" / name)
        assert any(data_dir(name).iterdir())


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """A venv with the project installed from a copy of the checkout (so nothing can be read from it)."""
    tmp = tmp_path_factory.mktemp("install")
    src = tmp / "src"
    shutil.copytree(ROOT, src, ignore=shutil.ignore_patterns(".venv", "build", "node_modules", ".git", "*.egg-info",
                                                             "__pycache__", ".pytest_cache"))
    # the venv without a pip of its own (its bootstrap, ensurepip, costs seconds and proves nothing): this
    # checkout's pip installs into it (pip --python)
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(tmp / "venv")], check=True)
    pip = subprocess.run([sys.executable, "-m", "pip", "--python", str(tmp / "venv" / "bin" / "python"), "install",
                          "--quiet", "--no-compile", str(src)], capture_output=True, text=True, timeout=600)
    assert pip.returncode == 0, pip.stderr[-2000:]
    shutil.rmtree(src)  # the installed pipeline must not need the source tree
    return tmp / "venv" / "bin" / "pipeline"


def test_a_non_editable_install_builds_validates_and_deposits_the_seeds(installed, tmp_path):
    work = tmp_path / "work"
    work.mkdir()
    for folder in ("seeds", "registry"):
        shutil.copytree(ROOT / folder, work / folder)
    shutil.copy(ROOT / "edition.toml", work / "edition.toml")
    run = subprocess.run([str(installed), "build", "-q"], cwd=work, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "Traceback" not in run.stderr
    for tei in sorted((ROOT / "tei").glob("*.xml")):
        assert (work / "tei" / tei.name).read_bytes() == tei.read_bytes()
    assert (work / "build" / "html" / "index.html").is_file() and (work / "build" / "html" / "edition.css").is_file()
    assert (work / "build" / "text" / "turns.tsv").is_file()
    check = subprocess.run([str(installed), "validate", *map(str, sorted((work / "tei").glob("*.xml")))],
                           capture_output=True, text=True, timeout=600)
    assert check.returncode == 0 and " 0 error(s)" in check.stdout, check.stdout + check.stderr
    # the copy is no git checkout, so the deposit cannot name a commit: allowed, and recorded in environment.txt
    deposit = subprocess.run([str(installed), "deposit", "-q", "--allow-dirty"], cwd=work, capture_output=True, text=True, timeout=600)
    assert deposit.returncode == 0, deposit.stderr
