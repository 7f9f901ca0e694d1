"""Kept results: a document whose bytes, schemas, registers and validator are unchanged is not validated again."""

from __future__ import annotations

import os
from collections import defaultdict
from pathlib import Path

from lxml import etree

from .. import resultcache
from ..diagnostics import Diagnostic, sort_diagnostics
from .documents import PROJECT_RNG, REGISTER_NAME, SCHEMATRON, tei_all_path
from .jing import jing_command
from .schematron import NAMED_REGISTERS


def _checker_inputs(layers: tuple[str, ...]) -> bytes:
    """What a document's validation result depends on besides the document: the schemas, this code, the layers, and
    whether jing is used (its messages are not lxml's), and the lxml and libxml2 versions (the parser's messages)."""
    package = Path(__file__).resolve().parent
    code = tuple(str(p) for p in (tei_all_path(), PROJECT_RNG, SCHEMATRON, *sorted(package.glob("*.py")),
                                  package.parent / "xmlsafe.py"))
    return resultcache.files_digest(code) + repr((sorted(layers), jing_command() is not None,
                                                  etree.LXML_VERSION, etree.LIBXML_VERSION)).encode()


def validate_each_cached(paths: list[str], cache_dir: Path, layers: tuple[str, ...], jobs: int, validate_each
                         ) -> tuple[list[Diagnostic], dict[str, set[str]]]:
    """``validate_each(paths, layers, jobs)``, keeping each document's result in ``cache_dir``: a document whose
    bytes, schemas, register (persons.xml beside it) and validator are unchanged is not validated again; its
    diagnostics and edition ids come from its kept result."""
    inputs = _checker_inputs(layers)
    registers: dict[str, bytes] = {}
    keys, diags, todo, ids_of = {}, [], [], {}
    for path in paths:
        folder = os.path.dirname(path) or "."
        if folder not in registers:
            registers[folder] = b"".join(
                (Path(folder) / name).read_bytes() if (Path(folder) / name).is_file() else b"no register " + name.encode()
                for name in (REGISTER_NAME, *NAMED_REGISTERS))
        try:
            data = Path(path).read_bytes()
        except OSError:
            todo.append(path)
            continue
        keys[path] = resultcache.key_of(inputs, registers[folder], data)
        kept = resultcache.load(cache_dir, keys[path], path)
        if kept is None or not isinstance(kept[1].get("ids"), list):
            todo.append(path)
        else:
            diags += kept[0]
            ids_of[path] = set(kept[1]["ids"])
    found, found_ids = validate_each(todo, layers, jobs) if todo else ([], {})
    found_of: dict[str, list[Diagnostic]] = defaultdict(list)
    for d in sort_diagnostics(found):
        found_of[d.path].append(d)
    for path in todo:
        ids_of[path] = found_ids.get(path, set())
        if path in keys:
            resultcache.store(cache_dir, keys[path], found_of[path], {"ids": sorted(ids_of[path])})
    return diags + found, ids_of
