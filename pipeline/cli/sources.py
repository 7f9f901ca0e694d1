"""The commands that make and check the TEI: encode, prune, register import, validate, check."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import click

from ..diagnostics import one_line, summary_line, to_json
from ..fsutil import write_atomic
from ..outputs import refuse_overwriting_inputs
from .shared import (BUILD_DIR, REGISTRY_FILE, SEEDS_DIR, TEI_DIR, cache_option, fail_on, handle_user_errors,
                     jobs_option, main, out_option, report_errors, shared_options, warning_summaries)


@main.command()
@click.argument("sources", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@out_option(help_text="Folder for the TEI files (one <id>.xml per source).")
@click.option("--encoding", default=None, help="Character encoding of the sources (default: detect UTF-8, UTF-16 with BOM, or Windows-1252).")
@click.option("--registry", "registry_path", type=click.Path(dir_okay=False, path_type=Path), default=REGISTRY_FILE,
              show_default=True, help="Editable register of persons (TOML).")
@click.option("--force", is_flag=True, help="Encode every source, even those whose TEI was made from the same inputs.")
@click.option("--register/--no-register", default=True, show_default=True,
              help="Rebuild the register of persons (persons.xml) of the output folder afterwards.")
@cache_option("Keep each document's name forms in this folder, so that rebuilding the register reads only the "
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
    from ..encode import encode_paths
    from ..encode.names.gazetteer import register_files
    from ..encode.names.register import REGISTER_FILES, is_register, write_named_registers, write_register
    from ..encode.names.registry import registry_files

    inputs = [registry_path, *registry_files(registry_path), *register_files(registry_path.parent)]
    refuse_overwriting_inputs([*sources, *inputs], [out_dir / f"{s.stem}.xml" for s in sources]
                              + [out_dir / name for name in REGISTER_FILES])
    from ..stale import inputs_key, load_record, save_record, shared_key

    record = load_record(out_dir)  # the digest of the inputs of each TEI there (pipeline/stale.py)
    shared = shared_key([*inputs, Path("edition.toml")])
    keys = {s.stem: inputs_key(s, encoding, shared) for s in sources}
    todo = list(sources) if force else [s for s in sources if record.get(s.stem) != keys[s.stem]
                                        or not (out_dir / f"{s.stem}.xml").is_file()]
    result = encode_paths(todo, out_dir, encoding=encoding, registry_path=registry_path,
                          jobs=jobs, keep_going=keep_going, progress=not quiet)
    if result.written:
        record.update((Path(out).stem, keys[Path(out).stem]) for out in result.written)
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
    from ..stale import remove_gone

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
    from ..encode.names.personslist import read_persons_list, to_toml
    from ..encode.names.registry import load_registry

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
@cache_option("Keep each document's result in this folder and reuse it while the document, its register, the "
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
    from ..validate import validate_paths

    if report_path:
        refuse_overwriting_inputs(tei_files, [report_path])
    diags = validate_paths(tei_files, layers=tuple(layers) or None, jobs=jobs, cache_dir=cache_dir)
    if fmt == "json":
        out = to_json(diags, len(tei_files))
    else:
        out = "\n".join([d.format() for d in diags] + [summary_line(diags, len(tei_files))])
    if report_path:
        write_atomic(report_path, out + "\n")
    if fmt == "json" or not quiet or diags:
        click.echo(out)
    failed = any(d.severity == "error" or (strict and d.severity == "warning") for d in diags)
    sys.exit(1 if failed else 0)

@main.command()
@click.argument("sources", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--tei-dir", type=click.Path(file_okay=False, path_type=Path), default=TEI_DIR, show_default=True)
@click.option("--text-dir", type=click.Path(file_okay=False, path_type=Path), default=BUILD_DIR / "text",
              show_default=True)
@click.option("--encoding", default=None, help="Character encoding of the sources, as given to `pipeline encode`.")
@cache_option("Keep each source's result in this folder and reuse it while the source, its TEI, its text and "
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
    from ..fidelity import check_fidelity

    diags = check_fidelity(list(sources), tei_dir, text_dir, encoding, cache_dir=cache_dir)
    report_errors(diags, quiet)
    if not quiet:
        click.echo(summary_line(diags, len(sources)), err=True)
    fail_on(diags)
