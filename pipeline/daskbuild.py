"""``pipeline build --engine dask``: the build of pipeline/build.py with its per-document work on a Dask cluster.

The steps are build_all's, in its order, each a map of the same per-document function followed by a reduce in this
process over small per-document records, never over trees:

- encode: ``encode._encode_one`` per source (the worker writes the TEI); record: its diagnostics and its register
  forms ({key: forms}, and the places' and organisations'); reduce: the registers of persons, places and
  organisations (``register.write_register``, ``write_named_registers``), reading no document;
- validate: ``validate.validate_batch`` per batch of documents (one JVM per batch); record: diagnostics and the
  document's edition ids; reduce: ``validate.ids_across`` (id-unique-edition; reads only documents whose ids clash)
  and the report;
- HTML: ``render.render_html`` with the engine as its map: ``render._outputs_job`` per document (the worker writes
  the part and the page), then the corpus pages' two groups as two tasks over the parts (files in the output
  folder), and Pagefind's index here;
- text: ``textedition.render_document`` per document (the worker writes ``<id>.txt`` and its kept rows); record: its
  rows of turns.tsv; reduce: turns.tsv;
- the fidelity proof, here (it reads the sources and the text edition, as build_all does).

Workers are handed absolute paths (a shared file system: the output folder is a local path every worker can
reach; fsspec URLs are not supported); diagnostics are reported with the paths the user gave. Every file is
written atomically (pipeline/fsutil.py): a worker killed mid-write leaves at most a hidden ``.part`` file, which
this build removes before it starts and after it ends; its tasks run again on another worker.
"""

from __future__ import annotations

import dataclasses
import functools
import os
import sys
import time
from pathlib import Path

from .build import REGISTRY_FILE, edition_files
from .diagnostics import Diagnostic, sort_diagnostics
from .engines import VALIDATION_BATCHES_PER_WORKER, DaskEngine
from .fsutil import remove_partials, write_atomic

_ENCODER_STATE: tuple | None = None


def _registry_stamp(registry_path: str | None) -> tuple:
    from .registry import registry_files

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


def validate_batch(paths: list[str]):
    from .validate import validate_batch as batch

    return batch(paths)


def text_one(params: dict, task: tuple[str, str]) -> str | None:
    """One document's plain text and kept rows written by the worker; its rows of turns.tsv returned (None for the
    register). The same files as ``textedition.render_text``."""
    from .textedition import render_document, rows_path

    path, out_dir = Path(task[0]), Path(task[1])
    result = render_document(path, params, True, True)
    if result is None:
        return None
    text, rows, key = result
    write_atomic(rows_path(out_dir, path), f"# {key}\n{rows}", durable=False)
    write_atomic(out_dir / f"{path.stem}.txt", text, durable=False)
    return rows


def _user_paths(diags, back: dict[str, str]) -> list[Diagnostic]:
    return [dataclasses.replace(d, path=back.get(d.path, d.path)) for d in diags]


def output_folders(tei_dir: Path, build_dir: Path) -> list[Path]:
    from .render import PARTS_DIR

    html, text = build_dir / "html", build_dir / "text"
    return [tei_dir, build_dir, html, html / PARTS_DIR, html / "tei", text, text / PARTS_DIR]


def remove_all_partials(tei_dir: Path, build_dir: Path) -> list[Path]:
    """The hidden ``.part`` files a killed writer left in the output folders, deleted."""
    return [p for folder in output_folders(tei_dir, build_dir) if folder.is_dir() for p in remove_partials(folder)]


def build_dask(seeds_dir: Path, tei_dir: Path, build_dir: Path, engine: DaskEngine, *, keep_going: bool = False,
               progress: bool = False, registry_path: Path = REGISTRY_FILE) -> list[Diagnostic]:
    """:func:`pipeline.build.build_all` with ``engine`` doing the per-document work; the same outputs."""
    engine.check_workers()
    tei_abs, build_abs = Path(tei_dir).absolute(), Path(build_dir).absolute()
    remove_all_partials(tei_abs, build_abs)
    try:
        return _build(seeds_dir, tei_dir, tei_abs, build_abs, engine, keep_going, progress, registry_path)
    finally:  # a worker killed mid-write leaves its temporary file (never a half output file)
        remove_all_partials(tei_abs, build_abs)


def _build(seeds_dir: Path, tei_dir: Path, tei_abs: Path, build_abs: Path, engine: DaskEngine, keep_going: bool,
           progress: bool, registry_path: Path | None) -> list[Diagnostic]:
    from .edition import load_edition
    from .fidelity import check_fidelity
    from .register import write_named_registers, write_register
    from .render import render_html
    from .textedition import TURNS_FILE, text_params, turns_table

    registry_abs = str(Path(registry_path).absolute()) if registry_path is not None else None
    clock = StepClock(engine)

    # encode; reduce: the register of persons from the documents' forms
    sources = sorted(Path(seeds_dir).glob("*.txt"))
    back = {str(p.absolute()): str(p) for p in sources}
    edition = load_edition()
    tasks = [(str(p.absolute()), str(tei_abs), None) for p in sources]
    diags: list[Diagnostic] = []
    forms: dict = {}
    named: dict = {}
    for out, found, doc_forms, doc_named in clock.map(functools.partial(encode_one, registry_abs, edition), tasks,
                                                      label="encode"):
        diags += _user_paths(found, back)
        if out:
            forms[out], named[out] = doc_forms, doc_named
        elif not keep_going:
            return diags
    if any(d.severity == "error" for d in diags) and not keep_going:
        return diags
    write_register(edition_files(tei_abs), tei_abs / "persons.xml", registry_abs, forms)
    write_named_registers(edition_files(tei_abs), tei_abs, Path(registry_abs).parent if registry_abs else None, named)
    clock.reduced("registers of persons, places and organisations")

    # validate, a batch of documents per JVM; reduce: ids across the edition, the report
    files = edition_files(Path(tei_dir))
    back = {str(tei_abs / p.name): str(p) for p in files}
    report, ids_of = [], {}
    for found, ids in clock.map_batches(validate_batch, [str(tei_abs / p.name) for p in files],
                                         VALIDATION_BATCHES_PER_WORKER, "validate"):
        report += _user_paths(found, back)
        ids_of.update((back.get(path, path), values) for path, values in ids.items())
    from .validate import ids_across

    report = sort_diagnostics(report + ids_across([str(p) for p in files], ids_of))
    write_atomic(build_abs / "validation.txt", "".join(d.format() + "\n" for d in sorted(report)))
    clock.reduced("ids across the edition, report")
    diags += report
    if any(d.severity == "error" for d in report):
        return diags

    # the HTML edition: pages and parts, then the corpus pages, on the workers; the search index here
    abs_files = [tei_abs / p.name for p in files]
    render_html(abs_files, build_abs / "html", progress=progress, mapper=clock.map)
    clock.reduced("HTML: TEI copies, previous/next, views of the parts, Pagefind")

    # the text edition; reduce: turns.tsv from the documents' rows
    text_dir = build_abs / "text"
    order = sorted(abs_files, key=lambda p: (p.stem, str(p)))
    rows = clock.map(functools.partial(text_one, text_params()), [(str(p), str(text_dir)) for p in order],
                      label="text")
    write_atomic(text_dir / TURNS_FILE, turns_table([r for r in rows if r is not None]), durable=False)
    clock.reduced("turns.tsv")

    # the fidelity proof (nothing lost: source words = text-edition words), as build_all ends
    written = {p.stem for p in files}
    diags += check_fidelity([s for s in sources if s.stem in written], Path(tei_dir), Path(build_abs) / "text")
    clock.reduced("fidelity")
    if progress:
        clock.report()
    return diags


class StepClock:
    """The engine's maps, timed; and the time spent in this process between them (the reduces)."""

    def __init__(self, engine: DaskEngine):
        self.engine, self.steps, self.last = engine, [], time.perf_counter()

    def _timed(self, label: str, run):
        if time.perf_counter() - self.last > 0.05:  # inside a stage (render_html: the TEI copies, the parts' views)
            self.reduced(f"before {label}")
        result = run()
        now = time.perf_counter()
        self.steps.append(("map", label, now - self.last))
        self.last = now
        return result

    def map(self, fn, items, label=None):
        name = label or getattr(fn, "__name__", "map")
        return self._timed(f"{name} ({len(items)})", lambda: self.engine.map(fn, items, label))

    def map_batches(self, fn, items, per_worker, label):
        return self._timed(f"{label} ({len(items)})", lambda: self.engine.map_batches(fn, items, per_worker, label))

    def reduced(self, label: str) -> None:
        """Record the time in this process since the last step as the reduce ``label``."""
        now = time.perf_counter()
        self.steps.append(("reduce", label, now - self.last))
        self.last = now

    def report(self) -> None:
        for kind, label, seconds in self.steps:
            print(f"dask: {kind:6} {label}: {seconds:.2f} s", file=sys.stderr)
