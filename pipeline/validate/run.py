"""The run: every file parsed once here (Schematron beside it, in forked workers for a large run) while jing
checks the RELAX NG layers."""

from __future__ import annotations

import multiprocessing
import os
import tempfile
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from ..diagnostics import Diagnostic, sort_diagnostics
from ..errors import PipelineError
from ..xmlsafe import MAX_BYTES, is_plain, read_untrusted_bytes, tool_bytes
from .documents import LAYERS, PROJECT_RNG, REGISTER_NAME, _load, tei_all_path
from .cache import validate_each_cached
from .ids import _edition_id_values, ids_across
from .jing import JingRun, finish_jing, jing_command, start_jing
from .lxmlrng import lxml_relaxng_diagnostics
from .schematron import NAMED_REGISTERS, _register_for, schematron_diagnostics, schematron_xslt


#: Below this many files they are parsed and checked in this process: forking workers would cost more than it saves.
POOL_MIN_DOCS = 50


def _tool_copy(tmp: Path, folder: str, i: int, data: bytes) -> str:
    """Write ``data`` as file ``i`` of ``tmp/folder``; its path. jing reads only such copies, never a user's file:
    what it reads is what was checked here, even if the user's file changes meanwhile."""
    copy = tmp / folder / f"{i:05d}.xml"
    copy.parent.mkdir(exist_ok=True)
    copy.write_bytes(data)
    return str(copy)


def _jing_inputs(docs: list[Seen], tmp: Path) -> tuple[dict[str, str], list[Diagnostic]]:
    """The files to hand jing (copies in ``tmp``, see xmlsafe.tool_bytes: UTF-8, no DOCTYPE, the user's lines and
    columns) mapped to the user's paths; and an error for a file that no longer parses as it did."""
    inputs, found = {}, []
    for i, doc in enumerate(docs):
        try:
            data = Path(doc.path).read_bytes()
        except OSError as exc:
            found.append(Diagnostic(doc.path, 0, 0, "error", f"cannot read file: {exc.strerror or exc}", "read"))
            continue
        if not is_plain(data):
            tree, errors = read_untrusted_bytes(doc.path, data)
            if tree is None:  # changed since it was parsed
                found += errors
                continue
            data = tool_bytes(data, tree)
        inputs[_tool_copy(tmp, "checked", i, data)] = doc.path
    return inputs, found


def _early_inputs(paths: list[str], tmp: Path) -> dict[str, str] | None:
    """The files to hand jing before they are parsed here (copies in ``tmp``), when every file is a regular readable
    file within the size limit whose bytes are plain (xmlsafe.is_plain: UTF-8, no DOCTYPE anywhere, no other
    encoding declared: nothing jing could fetch); else None."""
    inputs = {}
    for i, path in enumerate(paths):
        try:
            if not os.path.isfile(path) or not 0 < os.path.getsize(path) <= MAX_BYTES:
                return None
            data = Path(path).read_bytes()
        except OSError:
            return None
        if not is_plain(data):
            return None
        inputs[_tool_copy(tmp, "early", i, data)] = path
    return inputs


def _stop(runs: list[JingRun]) -> None:
    for run in runs:
        run.process.kill()
        run.process.wait()


@dataclass
class Seen:
    """What validate_paths keeps of a parsed document once its batch is done."""

    path: str
    has_doctype: bool


def _check_one(args: tuple[str, bool]) -> tuple[list[Diagnostic], Seen | None, set[str] | None]:
    """Parse one file and, when asked, run edition.sch on it (in a worker, or here): its diagnostics, what
    validate_paths keeps of it, and its edition ids (for id-unique-edition). The tree is dropped on return."""
    path, schematron = args
    doc, found = _load(path)
    if doc is None:
        return found, None, None
    if schematron:
        found = found + schematron_diagnostics(doc)
    return found, Seen(doc.path, doc.has_doctype), _edition_id_values(doc.tree)


def _checked(paths: list[str], schematron: bool, jobs: int):
    """_check_one's results for ``paths``, in order. With jobs > 1 and enough files, in ``jobs`` forked processes
    that parse and check one file at a time (they inherit the compiled Schematron and the register keys); nothing
    but the results crosses between processes, and no process holds more than a few trees."""
    args = [(path, schematron) for path in paths]
    if jobs < 2 or len(paths) < POOL_MIN_DOCS or "fork" not in multiprocessing.get_all_start_methods():
        yield from map(_check_one, args)
        return
    if schematron:
        schematron_xslt()  # compiled here once, inherited by the workers
        for folder in sorted({os.path.dirname(path) or "." for path in paths}):
            for name in (REGISTER_NAME, *NAMED_REGISTERS):
                _register_for(folder, name)
    with ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("fork")) as pool:
        yield from pool.map(_check_one, args, chunksize=max(1, min(32, len(paths) // (jobs * 8))))


def validate_paths(paths, layers: tuple[str, ...] | None = None, jobs: int = 1,
                   cache_dir: Path | None = None) -> list[Diagnostic]:
    """Validate TEI files against the selected layers (default: all three); sorted diagnostics. See
    :func:`validate_each`; id-unique-edition across the files comes with the Schematron layer. With ``cache_dir``,
    a document whose result is kept there is not validated again (pipeline/validate/cache.py): the same report."""
    layers = tuple(layers or LAYERS)
    paths = [str(path) for path in paths]
    if cache_dir is None:
        diags, ids_of = validate_each(paths, layers, jobs)
    else:
        diags, ids_of = validate_each_cached(paths, cache_dir, layers, jobs, validate_each)
    if "schematron" in layers:
        diags += ids_across(paths, ids_of)
    return sort_diagnostics(diags)


def validate_batch(paths, layers: tuple[str, ...] | None = None, jobs: int = 1
                   ) -> tuple[list[Diagnostic], dict[str, list[str]]]:
    """:func:`validate_each` on one batch of a larger run (the Dask engine's map step), and each file's edition ids
    for the reduce, :func:`ids_across` over every batch's ids."""
    paths = [str(path) for path in paths]
    diags, ids_of = validate_each(paths, layers, jobs)
    return sort_diagnostics(diags), {path: sorted(ids_of.get(path, ())) for path in paths}


def validate_each(paths, layers: tuple[str, ...] | None = None, jobs: int = 1
                  ) -> tuple[list[Diagnostic], dict[str, set[str]]]:
    """Each file against the selected layers, without the check across files: the diagnostics, and each parsed
    file's edition ids (for id-unique-edition).

    Never raises for a bad input file (it gets diagnostics); raises PipelineError only when jing itself fails.
    ``jobs``: worker processes that parse each file and run the Schematron layer on it (see :func:`_checked`),
    beside one jing process per schema. Each tree is dropped once checked (only its ids are kept, for
    id-unique-edition), so memory does not grow with the corpus. When every file is plain (see
    :func:`_early_inputs`), jing starts at once, while the files are parsed here; if one then turns out not to parse
    (jing would stop at it) or to have a DOCTYPE, jing is restarted on the files that parsed.
    """
    layers = tuple(layers or LAYERS)
    unknown = set(layers) - set(LAYERS)
    if unknown:
        raise PipelineError(f"unknown validation layer(s) {', '.join(sorted(unknown))}; allowed: {', '.join(LAYERS)}")
    paths = [str(path) for path in paths]
    schemas = ([(tei_all_path(), "tei_all")] if "tei_all" in layers else []) + \
        ([(PROJECT_RNG, "project")] if "project" in layers else [])
    jing = jing_command()

    def start(inputs: dict[str, str]) -> list[JingRun]:
        return [start_jing(jing, schema, inputs, rule) for schema, rule in schemas]

    diags: list[Diagnostic] = []
    docs: list[Seen] = []
    runs: list[JingRun] = []
    with tempfile.TemporaryDirectory(prefix="validate-") as tmp:
        try:
            early = _early_inputs(paths, Path(tmp)) if jing and schemas else None
            if early:
                runs = start(early)
            ids_of: dict[str, set[str]] = {}
            for found, seen, ids in _checked(paths, "schematron" in layers, jobs):  # jing works meanwhile
                diags += found
                if seen is not None:
                    docs.append(seen)
                    ids_of[seen.path] = ids
            if runs and (len(docs) < len(paths) or any(d.has_doctype for d in docs)):  # not as jing should see them
                _stop(runs)
                runs = []
            if docs and jing and schemas and not runs:
                inputs, unreadable = _jing_inputs(docs, Path(tmp))
                diags += unreadable
                runs = start(inputs) if inputs else []
            if not jing and schemas:  # lxml's RELAX NG: each document parsed again once (its batch is gone)
                for seen in docs:
                    doc = _load(seen.path)[0]
                    for schema, rule in schemas:
                        diags += lxml_relaxng_diagnostics(doc, schema, rule)
        except BaseException:
            _stop(runs)
            raise
        for run in runs:
            diags += finish_jing(run)
    return diags, ids_of
