"""``pipeline build``: every stage over a folder of sources, in one process (schemas and stylesheets compiled once)."""

from __future__ import annotations

import sys
from pathlib import Path

from .diagnostics import Diagnostic
from .encode import encode_paths
from .fsutil import write_atomic
from .register import write_named_registers, write_register
from .stale import remove_gone

REGISTRY_FILE = Path("registry/persons.toml")


def edition_files(tei_dir: Path) -> list[Path]:
    """The documents and the register of a TEI folder, sorted."""
    return sorted(tei_dir.glob("*.xml"))


def build_all(seeds_dir: Path, tei_dir: Path, build_dir: Path, *, jobs: int = 1, keep_going: bool = False,
              progress: bool = False, registry_path: Path = REGISTRY_FILE) -> list[Diagnostic]:
    """Encode ``seeds_dir/*.txt`` into ``tei_dir``, build the register, validate, then the HTML and text editions,
    then the fidelity check (nothing lost: source words = text-edition words), as ``make`` does.

    Stops before publishing when validation finds an error (the report is in ``build_dir/validation.txt``)."""
    from .fidelity import check_fidelity
    from .render import render_html
    from .textedition import render_text
    from .validate import validate_paths

    sources = sorted(seeds_dir.glob("*.txt"))
    for line in remove_gone(sources, tei_dir, build_dir, seeds_dir):  # the edition follows its sources
        print(line, file=sys.stderr)
    run = encode_paths(sources, tei_dir, registry_path=registry_path, jobs=jobs, keep_going=keep_going,
                       progress=progress)
    diags = list(run.diagnostics)
    if any(d.severity == "error" for d in diags) and not keep_going:
        return diags
    write_register(edition_files(tei_dir), tei_dir / "persons.xml", registry_path, run.forms)
    write_named_registers(edition_files(tei_dir), tei_dir, registry_path.parent, run.named)
    files = edition_files(tei_dir)
    report = validate_paths(files, jobs=jobs)
    write_atomic(build_dir / "validation.txt", "".join(d.format() + "\n" for d in sorted(report)))
    diags += report
    if any(d.severity == "error" for d in report):
        return diags
    render_html(files, build_dir / "html", jobs=jobs, progress=progress)
    render_text(files, build_dir / "text", jobs=jobs, progress=progress)
    written = {p.stem for p in files}
    diags += check_fidelity([s for s in sources if s.stem in written], tei_dir, build_dir / "text")
    return diags
