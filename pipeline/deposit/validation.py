"""The deposit's validation: the documents and the corpus file, reported with the paths the user knows."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from ..diagnostics import Diagnostic, sort_diagnostics


def validate_edition(tei_files: list[Path], corpus: Path | None, layers=None) -> list[Diagnostic]:
    """Every layer for the documents and the register; tei_all only for the corpus (the project schema is for
    single documents). The two runs wait mostly on jing, so they run side by side."""
    from concurrent.futures import ThreadPoolExecutor

    from ..validate import LAYERS, validate_paths

    layers = tuple(layers or LAYERS)
    runs = []
    if "tei_all" in layers:
        runs.append(([*tei_files, corpus] if corpus is not None else tei_files, ("tei_all",)))
    rest = tuple(layer for layer in layers if layer != "tei_all")
    if rest:
        runs.append((tei_files, rest))
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(lambda run: validate_paths(run[0], layers=run[1]), runs))
    return sort_diagnostics(d for found in results for d in found)


def relabel(diags: list[Diagnostic], old: Path, new: str) -> list[Diagnostic]:
    """Diagnostics whose paths under ``old`` are shown under ``new`` instead."""
    out = []
    for d in diags:
        try:
            rel = Path(d.path).resolve().relative_to(old.resolve()).as_posix()
        except ValueError:
            out.append(d)
            continue
        prefix, message = f"{new}/" if new else "", d.message
        for spelling in dict.fromkeys((str(old), str(old.resolve()))):
            message = message.replace(f"{spelling}/", prefix)
        out.append(replace(d, path=f"{prefix}{rel}", message=message))
    return out
