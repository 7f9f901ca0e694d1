"""``pipeline build --engine dask``: the build of pipeline/build.py with its per-document work on a Dask cluster.

The steps are :func:`pipeline.build.build_steps`' (one sequence for both engines). :class:`DaskSteps` runs each as a
map of the same per-document function as the local engine's (encode's, validate's, publish's), then a reduce in this
process over small per-document records (diagnostics, register forms, edition ids, rows of turns.tsv), never over
trees; the fidelity proof runs here.

Workers are handed absolute paths (a shared file system: the output folder is a local path every worker can
reach; fsspec URLs are not supported); diagnostics are reported with the paths the user gave. Every file is
written atomically (pipeline/fsutil.py): a worker killed mid-write leaves at most a hidden ``.part`` file, which
this build removes before it starts and after it ends; its tasks run again on another worker.
"""

from __future__ import annotations

import dataclasses
import functools
import os
from pathlib import Path

from .build import REGISTRY_FILE, build_steps
from .diagnostics import Diagnostic, sort_diagnostics
from .engines import VALIDATION_BATCHES_PER_WORKER, DaskEngine
from .fsutil import remove_partials

_ENCODER_STATE: tuple | None = None


def _registry_stamp(registry_path: str | None) -> tuple:
    from .encode.names.registry import registry_files

    return tuple((str(p), os.stat(p).st_mtime_ns, os.stat(p).st_size) for p in registry_files(registry_path))


def encode_one(registry_path: str | None, edition, task: tuple[str, str, str | None]):
    """encode's per-source function in a worker, its register (read once per worker and registry version) set."""
    global _ENCODER_STATE
    from . import encode

    state = (registry_path, _registry_stamp(registry_path), edition)
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
        tei_abs = Path(tei_dir).absolute()
        back = {str(p.absolute()): str(p) for p in sources}
        tasks = [(str(p.absolute()), str(tei_abs), None) for p in sources]
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
        report = sort_diagnostics(report + ids_across([str(p) for p in files], ids_of))
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
