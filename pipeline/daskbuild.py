"""``pipeline build --engine dask``: the build of pipeline/build.py with its per-document work on a Dask cluster.

The steps are :func:`pipeline.build.build_steps`' (one sequence for both engines); :class:`DaskSteps` runs each as a
map of the same per-document function followed by a reduce in this process over small per-document records, never
over trees:

- encode: ``encode._encode_one`` per source (the worker writes the TEI); record: its diagnostics and its register
  forms ({key: forms}, and the places' and organisations'); reduce: the registers of persons, places and
  organisations (``register.write_register``, ``write_named_registers``), reading no document;
- validate: ``validate.validate_batch`` per batch of documents (one JVM per batch); record: diagnostics and the
  document's edition ids; reduce: ``validate.ids_across`` (id-unique-edition; reads only documents whose ids clash)
  and the report;
- HTML: ``publish.html.render_html`` with the engine as its map: ``html._document_job`` per document (the worker
  writes the part and the page), then the corpus pages' groups as tasks over the parts (files in the output folder),
  the pages whose neighbours changed, and Pagefind's index here;
- text: ``publish.text.render_text`` with the engine as its map: ``text.document_job`` per document (the worker
  writes ``<id>.txt`` and its kept rows); record: its rows of turns.tsv; reduce: turns.tsv;
- the fidelity proof, here (build_steps: it reads the sources and the text edition).

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

    stamp = []
    for p in registry_files(registry_path):
        st = os.stat(p)
        stamp.append((str(p), st.st_mtime_ns, st.st_size))
    return tuple(stamp)


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


def output_folders(tei_dir: Path, build_dir: Path) -> list[Path]:
    from .publish.kept import PARTS_DIR

    html, text = build_dir / "html", build_dir / "text"
    return [tei_dir, build_dir, html, html / PARTS_DIR, html / "tei", text, text / PARTS_DIR]


def remove_all_partials(tei_dir: Path, build_dir: Path) -> list[Path]:
    """The hidden ``.part`` files a killed writer left in the output folders, deleted."""
    return [p for folder in output_folders(tei_dir, build_dir) if folder.is_dir() for p in remove_partials(folder)]


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
