"""``pipeline build``: every stage over a folder of sources, as one sequence of steps run by an engine.

:func:`build_steps` is the build: encode, the registers of persons, places and organisations, validate, the HTML and
text editions, the fidelity proof. Where the per-document work of each step runs is the engine's business:
:class:`LocalSteps` (this machine's process pools, ``--jobs``) or ``pipeline.engines.DaskSteps`` (a Dask
cluster). Both engines run the same steps in the same order, so their outputs are byte-identical.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from .diagnostics import Diagnostic
from .fsutil import write_atomic
from .stale import remove_gone

if TYPE_CHECKING:
    from .encode.reading import EncodeRun  # its diagnostics, and each written document's register forms by path

REGISTRY_FILE = Path("registry/persons.toml")


def edition_files(tei_dir: Path) -> list[Path]:
    """The documents and the register of a TEI folder, sorted."""
    return sorted(tei_dir.glob("*.xml"))


class Steps(Protocol):
    """An engine's per-document work for each step (paths as the user gave them)."""

    def encode(self, sources: list[Path], tei_dir: Path, registry_path: Path | None, keep_going: bool
               ) -> EncodeRun: ...
    def validate(self, files: list[Path]) -> list[Diagnostic]: ...
    def html(self, files: list[Path], out_dir: Path) -> None: ...
    def text(self, files: list[Path], out_dir: Path) -> None: ...


class LocalSteps:
    """The steps on this machine: process pools of ``jobs`` workers (in process when ``jobs`` is 1)."""

    def __init__(self, jobs: int = 1, progress: bool = False):
        self.jobs, self.progress = jobs, progress

    def encode(self, sources, tei_dir, registry_path, keep_going):
        from .encode import encode_paths

        return encode_paths(sources, tei_dir, registry_path=registry_path, jobs=self.jobs, keep_going=keep_going,
                            progress=self.progress)

    def validate(self, files):
        from .validate import validate_paths

        return validate_paths(files, jobs=self.jobs)

    def html(self, files, out_dir):
        from .publish.html import render_html

        render_html(files, out_dir, jobs=self.jobs, progress=self.progress)

    def text(self, files, out_dir):
        from .publish.text import render_text

        render_text(files, out_dir, jobs=self.jobs, progress=self.progress)


def build_steps(seeds_dir: Path, tei_dir: Path, build_dir: Path, steps: Steps, *, keep_going: bool = False,
                registry_path: Path | None = REGISTRY_FILE) -> list[Diagnostic]:
    """Encode ``seeds_dir/*.txt`` into ``tei_dir``, build the registers, validate, then the HTML and text editions,
    then the fidelity check (nothing lost: source words = text-edition words), as ``make`` does; ``steps`` runs
    each step's per-document work.

    Stops before publishing when validation finds an error (the report is in ``build_dir/validation.txt``)."""
    from .fidelity import check_fidelity
    from .encode.names.register import write_named_registers, write_register

    seeds_dir, tei_dir, build_dir = Path(seeds_dir), Path(tei_dir), Path(build_dir)
    sources = sorted(seeds_dir.glob("*.txt"))
    for line in remove_gone(sources, tei_dir, build_dir, seeds_dir):  # the edition follows its sources
        print(line, file=sys.stderr)
    run = steps.encode(sources, tei_dir, registry_path, keep_going)
    diags = list(run.diagnostics)
    if any(d.severity == "error" for d in diags) and not keep_going:
        return diags
    write_register(edition_files(tei_dir), tei_dir / "persons.xml", registry_path, run.forms)
    write_named_registers(edition_files(tei_dir), tei_dir, Path(registry_path).parent if registry_path else None,
                          run.named)
    files = edition_files(tei_dir)
    report = steps.validate(files)
    write_atomic(build_dir / "validation.txt", "".join(d.format() + "\n" for d in sorted(report)))
    diags += report
    if any(d.severity == "error" for d in report):
        return diags
    steps.html(files, build_dir / "html")
    steps.text(files, build_dir / "text")
    written = {p.stem for p in files}
    diags += check_fidelity([s for s in sources if s.stem in written], tei_dir, build_dir / "text")
    return diags


def build_all(seeds_dir: Path, tei_dir: Path, build_dir: Path, *, jobs: int = 1, keep_going: bool = False,
              progress: bool = False, registry_path: Path = REGISTRY_FILE) -> list[Diagnostic]:
    """:func:`build_steps` on this machine (``jobs`` worker processes)."""
    return build_steps(seeds_dir, tei_dir, build_dir, LocalSteps(jobs, progress), keep_going=keep_going,
                       registry_path=registry_path)
