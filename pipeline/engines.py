"""The Dask engine of ``pipeline build`` (the ``dask`` extra: ``dask`` and ``distributed``): a ``LocalCluster`` of
``--jobs`` worker processes or the scheduler at ``--scheduler ADDRESS``, mapping a per-document function over the
documents in batches and giving the results back in their order (pipeline/daskbuild.py runs the build's steps on
it; the local engine is pipeline/build.py's ``LocalSteps``).

A worker must see the same paths as the client (one shared file system) and run the same pipeline:
:func:`worker_resources` names what it reads besides the documents, and :meth:`DaskEngine.check_workers` refuses a
worker whose code or resources differ from the client's.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import sys
import threading
import time
import uuid
from pathlib import Path

from . import __version__
from .errors import PipelineError

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
