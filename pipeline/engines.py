"""``pipeline build --engine dask``: the build's per-document work on a Dask cluster (the ``dask`` extra: ``dask``
and ``distributed``), a ``LocalCluster`` of ``--jobs`` worker processes or the scheduler at ``--scheduler ADDRESS``.
The local engine is pipeline/build.py's ``LocalSteps``.

:class:`DaskEngine` maps a per-document function over the documents in batches and gives the results back in their
order. :class:`DaskSteps` runs each step of :func:`pipeline.build.build_steps` (one sequence for both engines) as
such a map of the local engine's per-document function (encode's, validate's, publish's), then a reduce in this
process over small per-document records (diagnostics, register forms, edition ids, rows of turns.tsv), never over
trees; the fidelity proof runs here.

A worker must see the same paths as the client (one shared file system: the output folder is a local path every
worker can reach; fsspec URLs are not supported) and run the same pipeline: :func:`worker_resources` names what it
reads besides the documents, and :meth:`DaskEngine.check_workers` refuses a worker whose code or resources differ.
Diagnostics are reported with the paths the user gave. Every file is written atomically (pipeline/fsutil.py): a
worker killed mid-write leaves at most a hidden ``.part`` file, which the build removes before it starts and after
it ends; its tasks run again on another worker.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import logging
import os
import sys
import threading
import time
import uuid
from pathlib import Path

from . import __version__
from .build import REGISTRY_FILE, build_steps
from .diagnostics import Diagnostic, sort_diagnostics
from .errors import PipelineError
from .fsutil import remove_partials

INSTALL_HINT = "pip install 'tei-edition-pipeline[dask]'"
#: Tasks per worker for per-document work (small enough for balance, large enough that Dask's cost per task does
#: not count) and for validation (fewer: each batch starts a JVM, which costs far more than a task).
TASKS_PER_WORKER = 8
VALIDATION_BATCHES_PER_WORKER = 2


def worker_resources() -> dict[str, Path]:
    """Every folder a worker reads besides the documents and the register data: stylesheets, schemas, static files
    (where they are is pipeline/resources.py's business)."""
    from .publish.html import STATIC_DIR
    from .publish.saxon import XSLT_DIR
    from .validate import SCHEMA_DIR

    return {"xslt": XSLT_DIR, "schema": SCHEMA_DIR, "static": STATIC_DIR}


@functools.lru_cache(maxsize=None)
def code_digest() -> str:
    """A digest of the pipeline's version, code and resources as this process sees them: two processes with the same
    digest make the same outputs from the same inputs."""
    package = Path(__file__).resolve().parent
    digest = hashlib.sha256(__version__.encode() + b"\0")
    folders = {"pipeline": package, **worker_resources()}
    for name, folder in sorted(folders.items()):
        if not folder.is_dir():
            digest.update(f"{name}: missing\0".encode())
            continue
        for path in sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
            digest.update(f"{name}/{path.relative_to(folder)}\0".encode() + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def worker_digest() -> str:
    """:func:`code_digest` as a worker computes it (sent by name: the worker runs its own code)."""
    return code_digest()


def partitions(items: list, count: int) -> list[list]:
    """``items`` cut into at most ``count`` consecutive batches of nearly equal length (none empty), in order."""
    count = max(1, min(count, len(items)))
    size, extra = divmod(len(items), count)
    starts = [n * size + min(n, extra) for n in range(count + 1)]  # the first ``extra`` batches one item longer
    return [items[a:b] for a, b in zip(starts, starts[1:]) if b > a]


#: One task at a time in a worker process: Saxon's processor and the encoder's register are per process, not per
#: thread (run workers with one thread each; more threads only wait here).
_TASK_LOCK = threading.Lock()


def _run(task: tuple):
    """A task of :meth:`DaskEngine.map_batches` on a worker: ``fn(batch)``."""
    fn, batch = task
    with _TASK_LOCK:
        return fn(batch)


def _each(fn, batch: list) -> list:
    """``fn`` on every item of ``batch``, in order (a batch of :meth:`DaskEngine.map`)."""
    return [fn(item) for item in batch]


class DaskEngine:
    """Per-document work on a Dask cluster: a LocalCluster of ``workers`` processes (one thread each), or the
    scheduler at ``scheduler``. Use as a context manager (the local cluster is shut down on exit). Its maps are
    timed, and so is the time spent in this process between them (the reduces): :meth:`report`."""

    def __init__(self, scheduler: str | None = None, workers: int = 2, quiet: bool = True):
        try:
            from distributed import Client, LocalCluster
        except ImportError:
            raise PipelineError(f"error: --engine dask needs Dask: {INSTALL_HINT}") from None
        self.cluster = None
        level = logging.ERROR if quiet else logging.WARNING
        try:
            if scheduler:
                self.client = Client(scheduler, timeout="30s")
            else:
                self.cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                            dashboard_address=None, silence_logs=level)
                self.client = Client(self.cluster)
        except (OSError, TimeoutError) as exc:
            if self.cluster is not None:
                self.cluster.close()
            raise PipelineError(f"error: cannot reach the Dask scheduler {scheduler or '(local)'}: "
                                f"{' '.join(str(exc).split())}") from None
        self.start_clock()

    def __enter__(self) -> DaskEngine:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()

    @property
    def workers(self) -> int:
        return max(1, len(self.client.scheduler_info()["workers"]))

    def check_workers(self) -> None:
        """Refuse to build when a worker runs other code or reads other stylesheets or schemas than this process
        (its outputs would differ), or when there is no worker."""
        if not self.client.scheduler_info()["workers"]:
            self.client.wait_for_workers(1, timeout=60)
        mine = code_digest()
        theirs = self.client.run(worker_digest)
        other = sorted(address for address, digest in theirs.items() if digest != mine)
        if other:
            raise PipelineError(f"error: Dask worker {other[0]} runs another version of the pipeline or of its "
                                f"stylesheets and schemas ({theirs[other[0]]}, here {mine}); install the same on "
                                f"every worker ({len(other)} of {len(theirs)} differ)")

    def map(self, fn, items: list, label: str | None = None) -> list:
        """``[fn(item) for item in items]``, run on the workers in batches; results in the order of ``items``."""
        label = label or getattr(fn, "__name__", None) or getattr(getattr(fn, "func", None), "__name__", "map")
        done = self.map_batches(functools.partial(_each, fn), items, TASKS_PER_WORKER, label)
        return [result for batch in done for result in batch]

    def map_batches(self, fn, items: list, batches_per_worker: int, label: str) -> list:
        """``fn(batch)`` for each of about ``batches_per_worker`` × workers batches of ``items``; results in order."""
        step = f"{label} ({len(items)})"
        if time.perf_counter() - self.last > 0.05:  # inside a stage (render_html: the TEI copies, the parts' views)
            self.reduced(f"before {step}")
        results = self._gather(fn, partitions(list(items), self.workers * batches_per_worker), label) if items else []
        self.reduced(step, "map")
        return results

    def _gather(self, fn, batches: list, label: str) -> list:
        """The results of ``fn`` on each batch, in order. When a task fails, the step's other tasks are let finish
        before the error is raised: Dask cannot stop a running task, and none may still be writing while the
        caller cleans up (or a rerun starts)."""
        from distributed import KilledWorker, wait

        futures = self.client.map(_run, [(fn, b) for b in batches], pure=False,
                                  key=[f"{label}-{n}-{uuid.uuid4().hex[:12]}" for n in range(len(batches))])
        try:
            return self.client.gather(futures)
        except KilledWorker as exc:
            raise PipelineError(f"error: Dask workers died running a task of the {label} step ({exc.args[0]}); "
                                "every file written is whole: run the build again") from None
        finally:
            wait(futures)
            self.client.cancel(futures)

    def start_clock(self) -> None:
        self.steps: list[tuple[str, str, float]] = []
        self.last = time.perf_counter()

    def reduced(self, label: str, kind: str = "reduce") -> None:
        """Record the time since the last step as the step ``label`` (a reduce in this process, or a map)."""
        now = time.perf_counter()
        self.steps.append((kind, label, now - self.last))
        self.last = now

    def report(self) -> None:
        for kind, label, seconds in self.steps:
            print(f"dask: {kind:6} {label}: {seconds:.2f} s", file=sys.stderr)


# --- the build's steps on the engine ---------------------------------------------------------------------------

_ENCODER_STATE: tuple | None = None


def encode_one(registry_path: str | None, edition, task: tuple[str, str, str | None]):
    """encode's per-source function in a worker, its register (read once per worker and registry version) set."""
    global _ENCODER_STATE
    from . import encode
    from .encode.names.registry import registry_files

    stamp = tuple((str(p), os.stat(p).st_mtime_ns, os.stat(p).st_size) for p in registry_files(registry_path))
    state = (registry_path, stamp, edition)
    if state != _ENCODER_STATE:
        encode._init_worker(registry_path, edition)
        _ENCODER_STATE = state
    return encode._encode_one(task)


def _user_paths(diags, back: dict[str, str]) -> list[Diagnostic]:
    return [dataclasses.replace(d, path=back.get(d.path, d.path)) for d in diags]


def remove_all_partials(tei_dir: Path, build_dir: Path) -> None:
    """Delete the hidden ``.part`` files a killed writer left in the output folders."""
    from .publish.kept import PARTS_DIR

    html, text = build_dir / "html", build_dir / "text"
    for folder in (tei_dir, build_dir, html, html / PARTS_DIR, html / "tei", text, text / PARTS_DIR):
        if folder.is_dir():
            remove_partials(folder)


def build_dask(seeds_dir: Path, tei_dir: Path, build_dir: Path, engine: DaskEngine, *, keep_going: bool = False,
               progress: bool = False, registry_path: Path = REGISTRY_FILE) -> list[Diagnostic]:
    """:func:`pipeline.build.build_steps` with ``engine`` doing the per-document work; the same outputs."""
    engine.check_workers()
    tei_abs, build_abs = Path(tei_dir).absolute(), Path(build_dir).absolute()
    remove_all_partials(tei_abs, build_abs)
    engine.start_clock()
    try:
        return build_steps(seeds_dir, tei_dir, build_dir, DaskSteps(engine, progress), keep_going=keep_going,
                           registry_path=registry_path)
    finally:  # a worker killed mid-write leaves its temporary file (never a half output file)
        remove_all_partials(tei_abs, build_abs)
        if progress:
            engine.report()


class DaskSteps:
    """The build's steps (:class:`pipeline.build.Steps`) on a Dask cluster: workers get absolute paths, the
    diagnostics come back with the paths the user gave."""

    def __init__(self, engine: DaskEngine, progress: bool = False):
        self.engine, self.progress = engine, progress

    def encode(self, sources, tei_dir, registry_path, keep_going):
        from .edition import load_edition
        from .encode.reading import EncodeRun

        registry_abs = str(Path(registry_path).absolute()) if registry_path is not None else None
        back = {str(p.absolute()): str(p) for p in sources}
        tasks = [(source, str(Path(tei_dir).absolute()), None) for source in back]
        run = EncodeRun()
        encode = functools.partial(encode_one, registry_abs, load_edition())
        for out, found, forms, named in self.engine.map(encode, tasks, label="encode"):
            run.diagnostics += _user_paths(found, back)
            if out:
                key = str(Path(tei_dir) / Path(out).name)
                run.forms[key], run.named[key] = forms, named
        return run

    def validate(self, files):
        from .validate import ids_across, validate_batch

        self.engine.reduced("registers of persons, places and organisations")
        back = {str(p.absolute()): str(p) for p in files}
        report, ids_of = [], {}
        for found, ids in self.engine.map_batches(validate_batch, list(back), VALIDATION_BATCHES_PER_WORKER,
                                                  "validate"):
            report += _user_paths(found, back)
            ids_of.update((back.get(path, path), values) for path, values in ids.items())
        report = sort_diagnostics(report + ids_across(files, ids_of))
        self.engine.reduced("ids across the edition, report")
        return report

    def html(self, files, out_dir):
        from .publish.html import render_html

        render_html([p.absolute() for p in files], Path(out_dir).absolute(), progress=self.progress,
                    mapper=self.engine.map)
        self.engine.reduced("HTML: TEI copies, previous/next, views of the parts, Pagefind")

    def text(self, files, out_dir):
        from .publish.text import render_text

        render_text([p.absolute() for p in files], Path(out_dir).absolute(), progress=False, mapper=self.engine.map)
        self.engine.reduced("turns.tsv")
