"""The commands that publish the edition: html, text, deposit, build."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..diagnostics import one_line, sort_diagnostics
from ..errors import PipelineError
from ..outputs import refuse_source_folder
from .shared import (BUILD_DIR, REGISTRY_FILE, SEEDS_DIR, TEI_DIR, fail_on, force_option, handle_user_errors,
                     jobs_option, main, out_option, report_errors, shared_options)


def publish_each(render, files: list[Path], pages: str, keep_going: bool) -> tuple[list[Path], list[Path], list[str]]:
    """``render(files, pages)`` (a list of written paths). With ``keep_going``, when it fails, each document's own
    outputs alone ("documents"), so the others are still made, then (pages "all") the corpus's from the documents
    that did not fail. Returns (written, documents that failed, their error lines)."""
    try:
        return render(files, pages), [], []
    except PipelineError:
        if not keep_going or pages == "corpus":
            raise
    written, failed, errors = [], [], []
    for f in files:
        try:
            written += render([f], "documents")
        except PipelineError as exc:
            failed.append(f)
            errors.append(str(exc))
    if pages == "all":
        written += render([f for f in files if f not in failed], "corpus")
    return written, failed, errors


def publish(render, tei_files, out_dir: Path, pages: str, what: str, quiet: bool, keep_going: bool) -> None:
    """Run a publishing stage (``render(files, pages)``) over TEI_FILES into OUT_DIR; exit 1 when a document failed."""
    refuse_source_folder(out_dir, tei_files)
    written, failed, errors = publish_each(render, list(tei_files), pages, keep_going)
    for line in errors:
        click.echo(one_line(line), err=True)
    if not quiet:
        click.echo(f"wrote {len(written)} {what} file(s) into {out_dir}", err=True)
    if failed:
        sys.exit(1)


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
    from ..publish.html import render_html

    publish(lambda files, part: render_html(files, out_dir, pages=part, jobs=jobs, progress=not quiet,
                                            base_url=base_url, force=force), tei_files, out_dir, pages, "HTML",
            quiet, keep_going)

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
    from ..publish.text import render_text

    publish(lambda files, part: render_text(files, out_dir, width=width, page_breaks=page_breaks, notes=notes,
                                            pages=part, jobs=jobs, progress=not quiet, force=force),
            tei_files, out_dir, pages, "text", quiet, keep_going)

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
    from ..deposit import build_deposit, check_sections
    from ..edition import load_edition

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
    from ..build import build_all

    if engine == "dask":
        from ..engines import DaskEngine, build_dask

        with DaskEngine(scheduler, workers=jobs, quiet=quiet) as cluster:
            diags = build_dask(seeds_dir, tei_dir, build_dir, cluster, keep_going=keep_going, progress=not quiet)
    elif scheduler:
        raise click.UsageError("--scheduler needs --engine dask")
    else:
        diags = build_all(seeds_dir, tei_dir, build_dir, jobs=jobs, keep_going=keep_going, progress=not quiet)
    report_errors(diags, quiet)
    fail_on(diags)
