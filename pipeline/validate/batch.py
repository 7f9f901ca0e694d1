"""A batch at a time (the Dask engine: pipeline/daskbuild.py): the map step and its reduce across batches."""

from __future__ import annotations

from ..diagnostics import Diagnostic, sort_diagnostics
from .ids import _ids_across
from .run import validate_each


def validate_batch(paths, layers: tuple[str, ...] | None = None, jobs: int = 1
                   ) -> tuple[list[Diagnostic], dict[str, list[str]]]:
    """:func:`validate_paths` on one batch of a larger run (one JVM per schema for the batch), without the check
    across files, and each file's edition ids for it: the map step whose reduce is :func:`ids_across` over every
    batch's ids."""
    paths = [str(path) for path in paths]
    diags, ids_of = validate_each(paths, layers, jobs)
    return sort_diagnostics(diags), {path: sorted(ids_of.get(path, ())) for path in paths}


def ids_across(paths, ids_of: dict[str, list[str]]) -> list[Diagnostic]:
    """``id-unique-edition`` over ``paths`` from each file's edition ids (:func:`validate_batch`); only files whose
    ids clash are read again."""
    return _ids_across([str(path) for path in paths], {path: set(ids) for path, ids in ids_of.items()})
