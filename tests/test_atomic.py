"""Atomic output (issue 10): every file is written whole or not at all; an interrupted build leaves no half file
and no temporary file; ``--keep-going`` builds the other documents and reports every failure, exit 1."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from pipeline import fsutil
from pipeline.cli import main
from pipeline.fsutil import remove_partials, write_atomic

ROOT = Path(__file__).resolve().parent.parent
PIPELINE = Path(sys.executable).parent / "pipeline"


# --- write_atomic --------------------------------------------------------------------------------------------------

def test_write_atomic_replaces_the_whole_file_and_leaves_no_temporary(tmp_path):
    target = tmp_path / "sub" / "a.xml"
    write_atomic(target, "old")
    write_atomic(target, "new ü\r\n")
    assert target.read_bytes() == "new ü\r\n".encode("utf-8")
    assert oct(target.stat().st_mode & 0o777) == "0o644"
    assert [p.name for p in target.parent.iterdir()] == ["a.xml"]


def test_a_failed_write_keeps_the_old_file_and_removes_the_temporary(tmp_path, monkeypatch):
    target = tmp_path / "a.xml"
    write_atomic(target, "old")

    def broken_replace(src, dst):
        raise KeyboardInterrupt  # Ctrl-C at the worst moment

    monkeypatch.setattr(fsutil.os, "replace", broken_replace)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(target, "new")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["a.xml"]


def test_replaced_atomically_renames_a_whole_file_or_keeps_the_old_one(tmp_path):
    target = tmp_path / "page.html"
    write_atomic(target, "old")
    with fsutil.replaced_atomically(target) as tmp:
        assert Path(tmp).parent == tmp_path and Path(tmp).name.startswith(".page.html.")
        Path(tmp).write_text("new")  # another writer (Saxon) fills the temporary file
        assert target.read_text() == "old"
    assert target.read_text() == "new" and oct(target.stat().st_mode & 0o777) == "0o644"
    with pytest.raises(RuntimeError):
        with fsutil.replaced_atomically(target) as tmp:
            Path(tmp).write_text("half")
            raise RuntimeError("the writer failed")
    assert target.read_text() == "new"
    assert [p.name for p in tmp_path.iterdir()] == ["page.html"]


def test_signals_are_held_while_a_file_is_written(tmp_path):
    """SIGTERM arriving mid-write is delivered after the rename: the file is whole."""
    code = ("import os, signal\nfrom pipeline.fsutil import write_atomic\n"
            "import pipeline.fsutil as f\nreal = f.os.replace\n"
            "def slow(a, b):\n    os.kill(os.getpid(), signal.SIGTERM)\n    real(a, b)\n"
            "f.os.replace = slow\n"
            f"write_atomic({str(tmp_path / 'out.xml')!r}, '<a>' + 'x' * 100000 + '</a>')\n"
            "print('not reached')\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert proc.returncode == -signal.SIGTERM and "not reached" not in proc.stdout
    assert etree.parse(str(tmp_path / "out.xml")).getroot().text == "x" * 100000
    assert [p.name for p in tmp_path.iterdir()] == ["out.xml"]


def test_remove_partials_deletes_what_a_killed_writer_left(tmp_path):
    (tmp_path / ".a.xml.1234.part").write_text("<TEI")
    (tmp_path / "a.xml").write_text("<TEI/>")
    assert [p.name for p in remove_partials(tmp_path)] == [".a.xml.1234.part"]
    assert [p.name for p in tmp_path.iterdir()] == ["a.xml"]


WRITERS = re.compile(r"\.write_text\(|\.write_bytes\(|open\([^)]*[\"'][wax]b?\+?[\"']")
ALLOWED = {  # module: why it may write without write_atomic
    "fsutil.py": "the atomic writer itself",
    "validate/run.py": "a DOCTYPE-free copy for jing inside a TemporaryDirectory, never an output",
    "deposit/bag.py": "the bag is staged in a hidden temporary folder; the zip has its own temporary file and rename",
    "publish/corpus.py": "the corpus pages are made in a hidden working folder inside the output, then moved into place",
}


def test_every_writer_in_the_package_uses_write_atomic():
    offenders = []
    for path in sorted((ROOT / "pipeline").rglob("*.py")):
        name = path.relative_to(ROOT / "pipeline").as_posix()
        if name in ALLOWED:
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if WRITERS.search(line) and not line.lstrip().startswith("#"):
                offenders.append(f"{name}:{n}: {line.strip()}")
    assert offenders == []


# --- a build killed mid-way ---------------------------------------------------------------------------------------

def corpus(folder: Path, count: int) -> list[Path]:
    """``count`` invented sources of a few hundred turns each (slow enough to be caught mid-way)."""
    folder.mkdir()
    paths = []
    for i in range(count):
        turns = "".join(f"KISSINGER: Point {j} of meeting {i} on October {j % 28 + 1}, 1968.\n"
                        f"LE DUC THO: We reject point {j} [private] again.\n" for j in range(150))
        path = folder / f"doc{i:03d}.txt"
        path.write_text(f"Memorandum of Conversation {i}\n\nParis, October 1, 1968.\n\n{turns}", encoding="utf-8")
        paths.append(path)
    return paths


def wait_for_group(pgid: int, timeout: float = 60) -> None:
    """Until no live process of the group is left (zombies aside, which nobody may reap here); Linux's /proc."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        alive = False
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if fields[0] != "Z" and int(fields[2]) == pgid:
                alive = True
                break
        if not alive:
            return
        time.sleep(0.02)
    raise AssertionError(f"processes of group {pgid} still run after {timeout} s")


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_a_build_killed_mid_way_leaves_only_whole_files(tmp_path, sig):
    sources = corpus(tmp_path / "src", 60)
    out = tmp_path / "tei"
    proc = subprocess.Popen([str(PIPELINE), "encode", "-q", "--no-register", "--jobs", "2", *map(str, sources),
                             "-o", str(out)], cwd=ROOT, start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(list(out.glob("*.xml"))) < 3:
        time.sleep(0.02)
    os.killpg(proc.pid, sig)  # the whole group: the parent and its worker processes
    proc.wait(timeout=60)
    wait_for_group(proc.pid)  # a worker holds the signal back until its file is whole, and may outlive the parent
    written = sorted(out.glob("*.xml"))
    assert 3 <= len(written) < len(sources), "the build was not caught mid-way"
    assert sorted(p.name for p in out.iterdir() if p.name.endswith(".part")) == []
    for path in written:
        root = etree.parse(str(path)).getroot()  # whole: parses, and ends with its last turn
        assert root.xpath("count(//*[local-name()='sp'])") == 300, path
    err = proc.stderr.read().decode()
    assert "Traceback" not in err or sig == signal.SIGINT  # Ctrl-C may print Python's interrupt trace


# --- keep going ---------------------------------------------------------------------------------------------------

def three_sources(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "a.txt").write_text("KISSINGER: First document.\n", encoding="utf-8")
    (folder / "b.txt").write_bytes(b"%PDF-1.4 not text")
    (folder / "c.txt").write_bytes(b"")
    (folder / "d.txt").write_text("LE DUC THO: Last document.\n", encoding="utf-8")
    return sorted(folder.glob("*.txt"))


def test_encode_keep_going_builds_the_others_and_reports_every_failure(tmp_path):
    sources = three_sources(tmp_path / "src")
    res = CliRunner().invoke(main, ["encode", "-q", "-k", *map(str, sources), "-o", str(tmp_path / "tei")])
    assert res.exit_code == 1 and res.exception is None or isinstance(res.exception, SystemExit)
    assert sorted(p.name for p in (tmp_path / "tei").glob("*.xml")) == ["a.xml", "d.xml", "orgs.xml", "persons.xml", "places.xml"]
    errors = [line for line in res.output.splitlines() if ": error: " in line]
    assert len(errors) == 2 and "b.txt" in errors[0] and "PDF" in errors[0] and "c.txt" in errors[1], res.output


def test_encode_without_keep_going_stops_at_the_first_failure(tmp_path):
    sources = three_sources(tmp_path / "src")
    res = CliRunner().invoke(main, ["encode", "-q", *map(str, sources), "-o", str(tmp_path / "tei")])
    assert res.exit_code == 1
    errors = [line for line in res.output.splitlines() if ": error: " in line]
    assert len(errors) == 1 and "b.txt" in errors[0], res.output
    assert not (tmp_path / "tei" / "d.xml").exists()


def test_build_keep_going_publishes_the_good_documents_and_exits_1(tmp_path):
    seeds = tmp_path / "seeds"
    three_sources(seeds)
    res = CliRunner().invoke(main, ["build", "-q", "-k", "--seeds", str(seeds), "--tei-dir", str(tmp_path / "tei"),
                                    "--build-dir", str(tmp_path / "build")])
    assert res.exit_code == 1, res.output
    errors = [line for line in res.output.splitlines() if ": error: " in line]
    assert [Path(line.split(":")[0]).name for line in errors] == ["b.txt", "c.txt"], res.output
    assert sorted(p.name for p in (tmp_path / "build" / "text").glob("*.txt")) == ["a.txt", "d.txt"]
    assert sorted(p.name for p in (tmp_path / "build" / "html").glob("?.html")) == ["a.html", "d.html"]
