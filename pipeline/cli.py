"""The ``pipeline`` command: a thin Click layer over the library, one command per stage."""

from __future__ import annotations

import functools
import re
import os
import sys
from pathlib import Path

import click

from . import __version__
from .diagnostics import Diagnostic, one_line, sort_diagnostics, summary_line, to_json

SEEDS_DIR = Path("seeds")
TEI_DIR = Path("tei")
BUILD_DIR = Path("build")
REGISTRY_FILE = Path("registry/persons.toml")


# --- options shared by several commands ------------------------------------------------------------

def jobs_option(f):
    return click.option(
        "--jobs", "-j", type=click.IntRange(1, 64), default=1, show_default=True,
        help="Worker processes for per-document work. The output is byte-identical for any value.",
    )(f)


def quiet_option(f):
    return click.option("--quiet", "-q", is_flag=True,
                        help="Print errors only (encode: and one line per source with warnings): no progress bar, no "
                             "summary.")(f)


def keep_going_option(f):
    return click.option(
        "--keep-going", "-k", is_flag=True,
        help="When a document fails, go on with the others; report every failure at the end (exit 1).",
    )(f)


def shared_options(f):
    """--quiet and --keep-going, which every command takes (README: shared options behave the same everywhere)."""
    return quiet_option(keep_going_option(f))


def out_option(default: str | None = None, help_text: str = "Output folder."):
    """-o/--out: required when there is no default. No ``default=None`` is passed: from click 8.3 on, an explicit
    None counts as a value, and a required option would then let a missing -o through as None."""
    def deco(f):
        given = {"required": True} if default is None else {"default": default, "show_default": True}
        return click.option("--out", "-o", "out_dir", type=click.Path(file_okay=False, path_type=Path),
                            help=help_text, **given)(f)
    return deco


def each_document(render, files: list[Path], keep_going: bool) -> tuple[list[Path], list[Path], list[str]]:
    """``render(files)`` (a list of written paths); with ``keep_going``, when it fails, each document alone, so the
    others are still made. Returns (written, documents that failed, their error lines)."""
    from .errors import PipelineError
    try:
        return render(files), [], []
    except PipelineError:
        if not keep_going:
            raise
    written, failed, errors = [], [], []
    for f in files:
        try:
            written += render([f])
        except PipelineError as exc:
            failed.append(f)
            errors.append(str(exc))
    return written, failed, errors


def mtime_ns(path: Path) -> int | None:
    """The file's modification time in nanoseconds; None when it does not exist (or cannot be read)."""
    try:
        return os.stat(path).st_mtime_ns
    except OSError:
        return None


def force_option(f):
    return click.option("--force", is_flag=True,
                        help="Rebuild every document's output, even where it is newer than its TEI and the stylesheets.")(f)


def changed_since(tei_files: list[Path], out_dir: Path, suffix: str, force: bool) -> list[Path]:
    """The documents whose output in ``out_dir`` is missing or older than the TEI or any stylesheet."""
    if force:
        return tei_files
    from .saxon import XSLT_DIR
    newest_shared = max((mtime_ns(p) or 0 for p in XSLT_DIR.glob("*") if p.is_file()), default=0)
    todo = []
    for f in tei_files:  # the stylesheets' newest time read once
        t = mtime_ns(out_dir / f"{f.stem}{suffix}")
        if t is None or newest_shared > t or (mtime_ns(f) or 0) > t:
            todo.append(f)
    return todo


def report_errors(diags: list[Diagnostic], quiet: bool = False) -> None:
    """Print diagnostics on stderr, one line each."""
    for d in sort_diagnostics(diags):
        if quiet and d.severity != "error":
            continue
        click.echo(d.format(), err=True)


def warning_summaries(diags: list[Diagnostic]) -> list[str]:
    """One line per file with warnings, for --quiet (which prints errors only): so that a quiet run, as make's,
    still says where there is something to read."""
    counts: dict[str, dict[str, int]] = {}
    for d in diags:
        if d.severity == "warning":
            rules = counts.setdefault(d.path, {})
            rules[d.rule] = rules.get(d.rule, 0) + 1
    lines = []
    for path, rules in sorted(counts.items()):
        which = ", ".join(f"{rule} {n}" for rule, n in sorted(rules.items()))
        lines.append(f"{path}: warning: {sum(rules.values())} warning(s) ({which}); run without --quiet to read them "
                     "[warnings]")
    return lines


def fail_on(diags: list[Diagnostic]) -> None:
    if any(d.severity == "error" for d in diags):
        sys.exit(1)


def handle_user_errors(f):
    """Turn the library's expected failures into one clean line and exit status 1, never a traceback."""
    @functools.wraps(f)
    def wrapper(*args, **kwargs):
        from .errors import PipelineError
        try:
            return f(*args, **kwargs)
        except PipelineError as exc:
            error = click.ClickException(one_line(str(exc)))
            error.exit_code = getattr(exc, "exit_code", 1)
            raise error from None
    return wrapper


_MAIN_PID = os.getpid()


def _on_interrupt(signum, frame):
    """Ctrl-C: the main process stops (KeyboardInterrupt, then exit 130 without a word); a forked worker, which gets
    the same signal, ends at once and silently (the main process speaks for the run)."""
    if os.getpid() != _MAIN_PID:
        os._exit(130)
    import threading

    # the process pools' manager threads find their workers gone: nothing of that is the user's to read
    threading.excepthook = lambda args: None
    raise KeyboardInterrupt


class PipelineGroup(click.Group):
    """The command group, with the last net under every command: what the user's system can make fail (a
    read-only or full folder, a name too long, a link loop, a broken pipe) is one ``path: error: message`` line
    (exit 1), Ctrl-C exit 130 in silence; never a traceback."""

    def invoke(self, ctx):
        import signal
        from concurrent.futures.process import BrokenProcessPool

        global _MAIN_PID
        _MAIN_PID = os.getpid()
        signal.signal(signal.SIGINT, _on_interrupt)
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            sys.exit(130)
        except BrokenProcessPool:
            raise click.ClickException("error: a worker process ended abruptly (out of memory? killed?); "
                                       "run again, or with --jobs 1") from None
        except OSError as exc:
            where = exc.filename if exc.filename is not None else ""
            raise click.ClickException(one_line(f"{where}: error: {exc.strerror or exc}")) from None


@click.group(cls=PipelineGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="pipeline")
def main():
    """Turn plain-text copies of historical documents into a TEI P5 edition.

    \b
    Stages, each usable alone on any files:
      encode    plain text  -> TEI XML           (tei/)
      validate  TEI XML     -> report            (tei_all, project schema, Schematron)
      html      TEI XML     -> HTML edition      (build/html/)
      text      TEI XML     -> plain-text edition and turns.tsv (build/text/)
      check     sources + TEI + text -> fidelity report (nothing lost)
      deposit   everything  -> BagIt bag and zip (build/deposit/)
      build     all of it over seeds/

    \b
    Example:
      pipeline build --jobs 2
    """


@main.command()
@click.argument("sources", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@out_option(help_text="Folder for the TEI files (one <id>.xml per source).")
@click.option("--encoding", default=None, help="Character encoding of the sources (default: detect UTF-8, UTF-16 with BOM, or Windows-1252).")
@click.option("--registry", "registry_path", type=click.Path(dir_okay=False, path_type=Path), default=REGISTRY_FILE,
              show_default=True, help="Editable register of persons (TOML).")
@click.option("--force", is_flag=True, help="Encode every source, even those whose TEI was made from the same inputs.")
@click.option("--register/--no-register", default=True, show_default=True,
              help="Rebuild the register of persons (persons.xml) of the output folder afterwards.")
@click.option("--cache", "cache_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Keep each document's name forms in this folder, so that rebuilding the register reads only the "
              "documents that changed (make uses build/.cache/encode). Same register.")
@jobs_option
@shared_options
@handle_user_errors
def encode(sources, out_dir, encoding, registry_path, force, register, cache_dir, jobs, quiet, keep_going):
    """Encode plain-text SOURCES as TEI P5 XML.

    A sidecar SOURCE.toml beside a source, if present, adds what an editor knows and the text does not say
    (title, date, archive, persons). Warnings (an unclassified bracket, a note without a marker) are printed
    as path:line:col lines pointing into the source. A source whose TEI was made from the same source, sidecar,
    --encoding and register data is skipped unless --force. Afterwards the folder's register of persons,
    persons.xml, is rebuilt from all its documents.

    \b
    Example:
      pipeline encode seeds/*.txt -o tei
    """
    from .encode import encode_paths
    from .encode.names.gazetteer import register_files
    from .outputs import refuse_overwriting_inputs
    from .encode.names.register import REGISTER_FILES, is_register, write_named_registers, write_register
    from .encode.names.registry import registry_files

    inputs = [registry_path, *registry_files(registry_path), *register_files(registry_path.parent)]
    refuse_overwriting_inputs([*sources, *inputs], [out_dir / f"{s.stem}.xml" for s in sources]
                              + [out_dir / name for name in REGISTER_FILES])
    from .stale import inputs_key, load_record, save_record, shared_key

    record = load_record(out_dir)  # the digest of the inputs of each TEI there (pipeline/stale.py)
    shared = shared_key([*inputs, Path("edition.toml")])
    keys = {s.stem: inputs_key(s, encoding, shared) for s in sources}
    todo = list(sources) if force else [s for s in sources if record.get(s.stem) != keys[s.stem]
                                        or not (out_dir / f"{s.stem}.xml").is_file()]
    result = encode_paths(todo, out_dir, encoding=encoding, registry_path=registry_path,
                          jobs=jobs, keep_going=keep_going, progress=not quiet)
    if result.written:
        for out in result.written:
            record[Path(out).stem] = keys[Path(out).stem]
        save_record(out_dir, record)
    report_errors(result.diagnostics, quiet)
    if quiet:
        for line in warning_summaries(result.diagnostics):
            click.echo(one_line(line), err=True)
    if register and out_dir.is_dir():
        documents = sorted(p for p in out_dir.glob("*.xml") if not is_register(p))
        write_register(documents, out_dir / "persons.xml", registry_path, result.forms,
                       cache_dir / "register-forms.json" if cache_dir else None)
        write_named_registers(documents, out_dir, registry_path.parent, result.named,
                              cache_dir / "register-named.json" if cache_dir else None)
    if not quiet:
        click.echo(one_line(f"encoded {len(result.written)} of {len(sources)} document(s) into {out_dir}")
                   + (f" ({len(sources) - len(todo)} up to date)" if len(todo) < len(sources) else ""), err=True)
    fail_on(result.diagnostics)


@main.command()
@click.option("--seeds", "seeds_dir", type=click.Path(file_okay=False, path_type=Path), default=SEEDS_DIR,
              show_default=True)
@click.option("--tei-dir", type=click.Path(file_okay=False, path_type=Path), default=TEI_DIR, show_default=True)
@click.option("--build-dir", type=click.Path(file_okay=False, path_type=Path), default=BUILD_DIR, show_default=True)
@shared_options
@handle_user_errors
def prune(seeds_dir, tei_dir, build_dir, quiet, keep_going):
    """Remove the outputs of sources that are gone: TEI-DIR/<id>.xml, BUILD-DIR/html/<id>.html,
    BUILD-DIR/text/<id>.txt and their kept parts, for every <id> with no SEEDS/<id>.txt; one line per file removed
    (make and pipeline build do this before encoding, so the edition follows its sources).

    \b
    Example:
      pipeline prune
    """
    from .stale import remove_gone

    for line in remove_gone(sorted(seeds_dir.glob("*.txt")), tei_dir, build_dir, seeds_dir):
        click.echo(one_line(line), err=True)


@main.group()
def register():
    """The register of persons: load a source's list of persons into it."""


@register.command("import")
@click.argument("persons_list", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--registry", "registry_path", type=click.Path(dir_okay=False, path_type=Path), default=REGISTRY_FILE,
              show_default=True, help="The register's data file; the list is written beside it.")
@click.option("-o", "--out", "out_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="The registry file to write (default: REGISTRY's folder, persons-<list name>.toml).")
@shared_options
@handle_user_errors
def register_import(persons_list, registry_path, out_path, quiet, keep_going):
    """Load PERSONS_LIST, a source's list of persons (FRUS 'Persons': TEI, or plain text 'Family, Given, role'
    lines), into the register: a registry file read with REGISTRY, so that every listed person is known (name
    forms, role and dates) before the documents are read. A person the register has already keeps its key.
    One list is one whole: --keep-going changes nothing here.

    \b
    Example:
      pipeline register import frus1969-76v28_persons.xml
    """
    from .fsutil import write_atomic
    from .encode.names.personslist import read_persons_list, to_toml
    from .encode.names.registry import load_registry

    persons = read_persons_list(persons_list)
    if not persons:
        raise click.ClickException(f"{persons_list}: error: no persons found (expected 'Family, Given, role' lines "
                                   f"or TEI items with a persName)")
    stem = re.sub(r"[^A-Za-z0-9_.-]+", "-", persons_list.stem.removesuffix("_persons").removesuffix("-persons"))
    out = out_path or registry_path.parent / f"{registry_path.stem}-{stem}.toml"
    registry = load_registry(registry_path)
    write_atomic(out, to_toml(persons, persons_list.name, registry.registered_key).encode("utf-8"))
    if not quiet:
        click.echo(f"{len(persons)} person(s) of {persons_list} written to {out}", err=True)


@main.command()
@click.argument("tei_files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="Report format: one line per problem, or JSON for machines.")
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
@click.option("--layer", "layers", multiple=True, type=click.Choice(["tei_all", "project", "schematron"]),
              help="Run only these layers (repeatable). Default: all three.")
@click.option("--report", "report_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Also write the report to this file.")
@click.option("--cache", "cache_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Keep each document's result in this folder and reuse it while the document, its register, the "
                   "schemas and the validator are unchanged (make uses build/.cache/validate). Same report.")
@jobs_option
@shared_options
@handle_user_errors
def validate(tei_files, fmt, strict, layers, report_path, cache_dir, jobs, quiet, keep_going):
    """Validate TEI_FILES: the official TEI P5 tei_all schema, the edition's stricter schema, and its
    Schematron rules.

    Each problem is one line, path:line:col: severity: message [rule-id], sorted by file and line, then a
    summary line. Exit status 1 when any error is found (or any warning, with --strict). --layer may be given
    several times. Every rule id is explained in schema/README.md. Every file is always checked (--keep-going is
    how this command always works).

    \b
    Example:
      pipeline validate tei/*.xml
      pipeline validate --format json other-project/*.xml
    """
    from .validate import validate_cached, validate_paths

    if report_path:
        from .outputs import refuse_overwriting_inputs
        refuse_overwriting_inputs(tei_files, [report_path])
    if cache_dir:
        diags = validate_cached(list(tei_files), cache_dir, layers=tuple(layers) or None, jobs=jobs)
    else:
        diags = validate_paths(list(tei_files), layers=tuple(layers) or None, jobs=jobs)
    diags = sort_diagnostics(diags)
    if fmt == "json":
        out = to_json(diags, len(tei_files))
    else:
        out = "\n".join([d.format() for d in diags] + [summary_line(diags, len(tei_files))])
    if report_path:
        from .fsutil import write_atomic
        write_atomic(report_path, out + "\n")
    if fmt == "json" or not quiet or diags:
        click.echo(out)
    failed = any(d.severity == "error" or (strict and d.severity == "warning") for d in diags)
    sys.exit(1 if failed else 0)


@main.command()
@click.argument("tei_files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@out_option(default="build/html", help_text="Folder for the HTML edition.")
@click.option("--pages", type=click.Choice(["all", "documents", "corpus"]), default="all", show_default=True,
              help="Documents' pages, the corpus pages (index, persons, conventions, search), or both.")
@click.option("--base-url", default="", help="Where the edition will be published (e.g. https://example.org/edition/): "
              "the 'cite this' block then gives full addresses.")
@force_option
@jobs_option
@shared_options
@handle_user_errors
def html(tei_files, out_dir, pages, base_url, force, jobs, quiet, keep_going):
    """Publish TEI_FILES as a static HTML edition: one page per document, index.html (chronological),
    persons.html (register), conventions.html and a search page that need no server.

    \b
    Example:
      pipeline html tei/*.xml -o build/html
    """
    from .outputs import refuse_source_folder
    from .render import render_html

    refuse_source_folder(out_dir, tei_files)
    written, failed, errors = [], [], []
    if pages in ("all", "documents"):
        todo = changed_since(list(tei_files), out_dir, ".html", force)
        if todo:  # every page up to date (make re-runs this stage when only the validation report changed)
            written, failed, errors = each_document(
                lambda files: render_html(files, out_dir, pages="documents", jobs=jobs, progress=not quiet,
                                          base_url=base_url, corpus_next=len(tei_files) if pages == "all" else 0),
                todo, keep_going)
    if pages in ("all", "corpus"):
        written += render_html([f for f in tei_files if f not in failed], out_dir, pages="corpus", jobs=jobs,
                               progress=not quiet, base_url=base_url)
    for line in errors:
        click.echo(one_line(line), err=True)
    if not quiet:
        click.echo(f"wrote {len(written)} HTML file(s) into {out_dir}", err=True)
    if failed:
        sys.exit(1)


@main.command()
@click.argument("tei_files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@out_option(default="build/text", help_text="Folder for the plain-text edition.")
@click.option("--width", type=click.IntRange(0, 10000), default=0, show_default=True,
              help="Wrap lines at this width (0: one line per paragraph).")
@click.option("--page-breaks/--no-page-breaks", default=True, show_default=True, help="Show [Page N] markers.")
@click.option("--notes", type=click.Choice(["end", "omit"]), default="end", show_default=True,
              help="Notes as numbered markers with the notes at the end, or left out.")
@click.option("--pages", type=click.Choice(["all", "documents", "corpus"]), default="all", show_default=True,
              help="Documents' texts, the corpus table turns.tsv, or both.")
@force_option
@jobs_option
@shared_options
@handle_user_errors
def text(tei_files, out_dir, width, page_breaks, notes, pages, force, jobs, quiet, keep_going):
    """Publish TEI_FILES as a plain-text edition (<id>.txt, UTF-8, LF) and turns.tsv, one row per speaker turn.

    \b
    Example:
      pipeline text tei/*.xml -o build/text --width 80
    """
    from .outputs import refuse_source_folder
    from .textedition import render_text

    refuse_source_folder(out_dir, tei_files)
    options = dict(width=width, page_breaks=page_breaks, notes=notes, jobs=jobs, progress=not quiet)
    written, failed, errors = [], [], []
    if pages in ("all", "documents"):
        todo = changed_since(list(tei_files), out_dir, ".txt", force or (width, page_breaks, notes) != (0, True, "end"))
        if todo:
            written, failed, errors = each_document(
                lambda files: render_text(files, out_dir, pages="documents", **options), todo, keep_going)
    if pages in ("all", "corpus"):
        written += render_text([f for f in tei_files if f not in failed], out_dir, pages="corpus", **options)
    for line in errors:
        click.echo(one_line(line), err=True)
    if not quiet:
        click.echo(f"wrote {len(written)} text file(s) into {out_dir}", err=True)
    if failed:
        sys.exit(1)


@main.command()
@click.argument("sources", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--tei-dir", type=click.Path(file_okay=False, path_type=Path), default=TEI_DIR, show_default=True)
@click.option("--text-dir", type=click.Path(file_okay=False, path_type=Path), default=BUILD_DIR / "text",
              show_default=True)
@click.option("--encoding", default=None, help="Character encoding of the sources, as given to `pipeline encode`.")
@click.option("--cache", "cache_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Keep each source's result in this folder and reuse it while the source, its TEI, its text and "
                   "the check are unchanged (make uses build/.cache/check).")
@shared_options
@handle_user_errors
def check(sources, tei_dir, text_dir, encoding, cache_dir, quiet, keep_going):
    """Prove that nothing was lost: the words of each source, less the passages recorded as left out, are
    the words of its plain-text edition, less what the edition adds. Differences are reported with their place.
    Every source is always checked (--keep-going is how this command always works).

    \b
    Example:
      pipeline check seeds/*.txt
    """
    from .fidelity import check_fidelity

    diags = check_fidelity(list(sources), tei_dir, text_dir, encoding, cache_dir=cache_dir)
    report_errors(diags, quiet)
    if not quiet:
        click.echo(summary_line(diags, len(sources)), err=True)
    fail_on(diags)


@main.command()
@click.option("--tei-dir", type=click.Path(file_okay=False, path_type=Path), default=TEI_DIR, show_default=True)
@click.option("--build-dir", type=click.Path(file_okay=False, path_type=Path), default=BUILD_DIR, show_default=True)
@click.option("--seeds", "seeds_dir", type=click.Path(file_okay=False, path_type=Path), default=SEEDS_DIR,
              show_default=True, help="The sources (and their sidecars) the edition was encoded from.")
@click.option("--registry-dir", type=click.Path(file_okay=False, path_type=Path), default=REGISTRY_FILE.parent,
              show_default=True, help="The editors' register data.")
@out_option(default="build/deposit", help_text="Folder for the bag and its zip.")
@click.option("--allow-dirty", is_flag=True,
              help="Build even when the working tree has uncommitted changes (or is no git checkout); "
              "environment.txt records it.")
@click.option("--check", "check_target", type=click.Path(exists=True, path_type=Path), default=None,
              help="Verify an existing deposit (bag folder or zip) instead of building one: fixity, contents, TEI "
              "validation and the fidelity proof, from the deposit's own files.")
@shared_options
@handle_user_errors
def deposit(tei_dir, build_dir, seeds_dir, registry_dir, out_dir, allow_dirty, check_target, quiet, keep_going):
    """Package the edition as a BagIt bag and a reproducible zip for a repository, or verify one.

    The bag holds the sources and sidecars, the register data, the TEI (documents, register, one teiCorpus
    file), the schemas, both editions, a table of documents with their rights and checksums, the validation and
    fidelity reports, the list of omitted passages, environment.txt (commit, clean tree, tool versions),
    CITATION.cff and .zenodo.json (from edition.toml). Two builds from the same commit give byte-identical zips;
    the date written into the bag is SOURCE_DATE_EPOCH when set (make deposit sets it to the last commit's time),
    else none. A working tree with uncommitted changes is refused unless --allow-dirty. The bag is one whole:
    --keep-going changes nothing here (every problem found is reported before it stops).

    \b
    Example:
      pipeline deposit
      pipeline deposit --check build/deposit/edition.zip
    """
    from .deposit import build_deposit, check_sections
    from .edition import load_edition

    if check_target is not None:
        sections = check_sections(check_target)
        diags = sort_diagnostics(d for section in sections for d in section.diagnostics)
        report_errors(diags, quiet)
        if not quiet:
            for section in sections:
                errors = sum(d.severity == "error" for d in section.diagnostics)
                warnings = len(section.diagnostics) - errors
                click.echo(one_line(f"{check_target}: {section.name}: ") + (f"{errors} error(s)" if errors else "ok")
                           + (f", {warnings} warning(s)" if warnings else "") + f" ({section.checked})", err=True)
            failed = any(d.severity == "error" for d in diags)
            click.echo(one_line(f"{check_target}: ") + ("INVALID" if failed else "valid deposit"), err=True)
        fail_on(diags)
        return
    written = build_deposit(tei_dir, build_dir, out_dir, sources_dir=seeds_dir, registry_dir=registry_dir,
                            project_dir=Path("."), edition=load_edition(), allow_dirty=allow_dirty)
    if not quiet:
        for p in written:
            click.echo(str(p), err=True)


@main.command()
@click.option("--seeds", "seeds_dir", type=click.Path(file_okay=False, path_type=Path), default=SEEDS_DIR,
              show_default=True)
@click.option("--tei-dir", type=click.Path(file_okay=False, path_type=Path), default=TEI_DIR, show_default=True)
@click.option("--build-dir", type=click.Path(file_okay=False, path_type=Path), default=BUILD_DIR, show_default=True)
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="Where the per-document work runs: this machine's processes (--jobs), or a Dask cluster (needs "
              "pip install 'tei-edition-pipeline[dask]'; a local one of --jobs workers unless --scheduler). "
              "The same output.")
@click.option("--scheduler", metavar="ADDRESS", default=None,
              help="With --engine dask: the Dask scheduler to use (e.g. tcp://host:8786); its workers must see the "
              "same paths and run the same pipeline.")
@jobs_option
@shared_options
@handle_user_errors
def build(seeds_dir, tei_dir, build_dir, engine, scheduler, jobs, quiet, keep_going):
    """Run every stage over SEEDS: encode into tei/, validate, then build/html/ and build/text/, then the fidelity
    check (pipeline check).

    \b
    Example:
      pipeline build --jobs 2
      pipeline build --engine dask --scheduler tcp://scheduler:8786
    """
    from .build import build_all

    if engine == "dask":
        from .daskbuild import build_dask
        from .engines import DaskEngine

        with DaskEngine(scheduler, workers=jobs, quiet=quiet) as cluster:
            diags = build_dask(seeds_dir, tei_dir, build_dir, cluster, keep_going=keep_going, progress=not quiet)
    elif scheduler:
        raise click.UsageError("--scheduler needs --engine dask")
    else:
        diags = build_all(seeds_dir, tei_dir, build_dir, jobs=jobs, keep_going=keep_going, progress=not quiet)
    report_errors(diags, quiet)
    fail_on(diags)


if __name__ == "__main__":  # pragma: no cover
    main()
