"""`pipeline build --engine dask` (issue 25): the seeds and 200 synthetic documents built on a 2-worker
`distributed.LocalCluster` (processes) equal the local build byte for byte (tei/, the validation report, the HTML
edition but Pagefind's index, the text edition and turns.tsv); a worker killed mid-build leaves no partial file and
a rerun completes."""

from __future__ import annotations

import os
import shutil
import signal
import sys
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

distributed = pytest.importorskip("distributed")

from pipeline.build import build_all  # noqa: E402
from pipeline.cli import main  # noqa: E402
from pipeline.engines import partitions  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
import synth  # noqa: E402

SYNTHETIC = 200
SMALL = 40  # the killed build's corpus: a worker dies all the same, in less time


def write_project(folder: Path, synthetic: int) -> Path:
    """A project folder: the seeds and ``synthetic`` documents made from them, the register data, edition.toml."""
    folder.mkdir(parents=True)
    synth.write_corpus(folder / "seeds", synthetic, 0, synth.load_templates((ROOT / "seeds",)))
    for f in (ROOT / "seeds").iterdir():
        shutil.copy2(f, folder / "seeds" / f.name)
    shutil.copytree(ROOT / "registry", folder / "registry")
    shutil.copy2(ROOT / "edition.toml", folder / "edition.toml")
    return folder


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    """``project(folder, synthetic=SYNTHETIC)``: a copy of the project of that size, each size written once (the
    synthetic documents take seconds to make; the builds compared are of the same sources all the same)."""
    written = {}

    def copy(folder: Path, synthetic: int = SYNTHETIC) -> Path:
        if synthetic not in written:
            written[synthetic] = write_project(tmp_path_factory.mktemp("corpus") / str(synthetic), synthetic)
        shutil.copytree(written[synthetic], folder)
        return folder

    return copy


class chdir:
    def __init__(self, folder: Path):
        self.folder, self.old = folder, None

    def __enter__(self):
        self.old = os.getcwd()
        os.chdir(self.folder)

    def __exit__(self, *exc):
        os.chdir(self.old)


def outputs(folder: Path) -> dict[str, bytes]:
    """Every output file's bytes by relative path: tei/ and build/ (Pagefind's index aside: not byte-stable upstream,
    Pagefind issue #638)."""
    return {str(p.relative_to(folder)): p.read_bytes()
            for sub in ("tei", "build") for p in sorted((folder / sub).rglob("*"))
            if p.is_file() and "pagefind" not in p.relative_to(folder).parts}


def differing(a: dict[str, bytes], b: dict[str, bytes]) -> list[str]:
    return sorted(k for k in a.keys() | b.keys() if a.get(k) != b.get(k))


def build_dask(folder: Path, scheduler: str):
    with chdir(folder):
        return CliRunner().invoke(main, ["build", "-q", "--engine", "dask", "--scheduler", scheduler])


class KillAfterFirstPart(distributed.WorkerPlugin):
    """Kills its worker (SIGKILL) once, while it makes HTML pages: as soon as the worker has written a part, in the
    middle of its batch (``marker``: created when the kill is decided, so that it happens once in the cluster)."""

    def __init__(self, parts: str, marker: str):
        self.parts, self.marker = parts, marker

    def transition(self, key, start, finish, **kwargs):
        if finish != "executing" or not str(key).startswith("_document_job"):
            return
        try:
            os.close(os.open(self.marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
        except FileExistsError:
            return
        before = set(os.listdir(self.parts)) if os.path.isdir(self.parts) else set()

        def kill():
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:
                if os.path.isdir(self.parts) and set(os.listdir(self.parts)) - before:
                    break
                time.sleep(0.002)
            os.kill(os.getpid(), signal.SIGKILL)

        threading.Thread(target=kill, daemon=True).start()


@pytest.fixture(scope="module")
def cluster():
    import dask

    # a task whose worker dies is not tried again: the build stops, as it would after a worker's repeated deaths
    with dask.config.set({"distributed.scheduler.allowed-failures": 0}):
        with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                                      silence_logs=50) as local:
            yield local


def local_build(folder: Path) -> dict[str, bytes]:
    with chdir(folder):
        diags = build_all(Path("seeds"), Path("tei"), Path("build"), jobs=2)
    assert not [d for d in diags if d.severity == "error"]
    return outputs(folder)


def test_partitions_keep_order_and_cover_everything():
    items = list(range(23))
    for count in (1, 2, 5, 23, 40):
        batches = partitions(items, count)
        assert [i for b in batches for i in b] == items
        assert len(batches) == min(count, 23) and all(batches)
        assert max(map(len, batches)) - min(map(len, batches)) <= 1


def test_a_killed_worker_leaves_whole_files_and_a_rerun_equals_the_local_build(cluster, project, tmp_path):
    reference = local_build(project(tmp_path / "local", SMALL))
    folder = project(tmp_path / "project", SMALL)
    client = distributed.Client(cluster)
    try:
        client.register_plugin(KillAfterFirstPart(str(folder / "build" / "html" / ".parts"), str(tmp_path / "killed")),
                               name="kill-once")
        res = build_dask(folder, cluster.scheduler_address)
        client.unregister_worker_plugin("kill-once")
    finally:
        client.close()
    assert (tmp_path / "killed").exists(), "no worker was killed"
    assert res.exit_code == 1, res.output
    assert len(res.output.strip().splitlines()) == 1 and "run the build again" in res.output, res.output
    assert "Traceback" not in res.output
    left = outputs(folder)
    assert 0 < len(left) < len(reference)
    partial = [k for k in left if Path(k).name.endswith(".part")]
    assert partial == []  # the build removed the killed writer's temporary files
    assert [k for k in left if left[k] != reference.get(k)] == []  # every file there is whole (the local one)

    res = build_dask(folder, cluster.scheduler_address)
    assert res.exit_code == 0, res.output
    assert differing(reference, outputs(folder)) == []


def test_the_dask_build_of_seeds_and_synthetic_documents_equals_the_local_build(cluster, project, tmp_path):
    reference = local_build(project(tmp_path / "local"))
    folder = project(tmp_path / "project")
    res = build_dask(folder, cluster.scheduler_address)
    assert res.exit_code == 0, res.output
    built = outputs(folder)
    assert len([k for k in built if k.startswith("tei/")]) == SYNTHETIC + 5 + 3  # the documents and the registers (persons, places, orgs)
    assert {"build/validation.txt", "build/html/index.html", "build/html/persons.html",
            "build/text/turns.tsv"} <= built.keys()
    assert differing(reference, built) == []


def test_a_worker_running_other_code_is_refused(cluster, project, tmp_path, monkeypatch):
    import pipeline.engines as engines

    folder = project(tmp_path / "project", SMALL)  # refused before any document is read: the size does not matter
    monkeypatch.setattr(engines, "code_digest", lambda: "0" * 16)  # this process only; the workers run the real one
    res = build_dask(folder, cluster.scheduler_address)
    assert res.exit_code == 1
    assert "runs another version of the pipeline" in res.output and len(res.output.strip().splitlines()) == 1
    assert not (folder / "tei").exists()


def test_scheduler_needs_the_dask_engine():
    res = CliRunner().invoke(main, ["build", "-q", "--scheduler", "tcp://127.0.0.1:1"])
    assert res.exit_code == 2 and "--scheduler needs --engine dask" in res.output
