"""``pipeline deposit``: the edition's inputs gathered, checked and staged, then bagged and zipped."""

from __future__ import annotations

import hashlib
import shutil
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import bagit

from ..diagnostics import Diagnostic, summary_line
from ..edition import Edition, load_edition
from ..errors import PipelineError
from ..encode.names.register import REGISTER_FILES, is_register
from ..xmlsafe import parse_untrusted
from .bag import _copy_tree, _write, make_bag, source_date_epoch, write_zip
from .corpus import corpus_tree, xml_bytes
from .layout import AGENT, BAG_NAME, CORPUS_NAME, REGISTER_NAME, SOURCES
from .metadata import (bag_info, citation_cff, dublin_core, edition_meta, readme, tei_release, tei_version_note,
                       zenodo_json)
from .provenance import environment_txt, git_state, refuse_dirty, schema_versions, tool_versions
from .records import document_record, documents_tsv, omission_rows, omissions_tsv
from .validation import relabel, validate_edition


def edition_inputs(tei_dir: Path, build_dir: Path) -> tuple[list[Path], list[Path]]:
    """The documents and the registers of ``tei_dir`` (persons, then places and organisations when there are any),
    after checking everything the deposit needs is there."""
    if not tei_dir.is_dir():
        raise PipelineError(f"{tei_dir}: no such folder: encode the edition first (make tei)")
    docs = sorted(p for p in tei_dir.glob("*.xml") if not is_register(p) and p.name != CORPUS_NAME)
    register = tei_dir / REGISTER_NAME
    registers = [register, *(tei_dir / name for name in REGISTER_FILES if name != REGISTER_NAME
                             and (tei_dir / name).is_file())]
    if not docs:
        raise PipelineError(f"{tei_dir}: no TEI documents (*.xml): encode the edition first (make tei)")
    if not register.is_file():
        raise PipelineError(f"{register}: the register of persons is missing: encode the edition first (make tei)")
    editions = {build_dir / "html" / "index.html": [*docs, register], build_dir / "text" / "turns.tsv": docs}
    editions.update({build_dir / sub / f"{d.stem}{ext}": [d] for d in docs
                     for sub, ext in (("html", ".html"), ("text", ".txt"))})
    missing = [p for p in editions if not p.is_file()]
    if missing:
        raise PipelineError(f"{missing[0]}: missing ({len(missing)} edition file(s) missing in all): build the HTML "
                            "and text editions first (make all)")
    stale = [(p, src) for p, sources in editions.items() for src in sources
             if src.stat().st_mtime_ns > p.stat().st_mtime_ns]
    if stale:
        raise PipelineError(f"{stale[0][0]}: older than {stale[0][1]} ({len(stale)} stale edition file(s) in all): "
                            "rebuild the HTML and text editions first (make all)")
    return docs, registers


def refuse_on_errors(diags: list[Diagnostic], what: str, how: str) -> None:
    """Stop the deposit (no bag written) when ``diags`` hold errors: ``what`` is wrong, ``how`` to fix it; the
    first ten errors are shown."""
    errors = [d for d in diags if d.severity == "error"]
    if errors:
        shown = "\n".join(d.format() for d in errors[:10])
        more = f"\n… and {len(errors) - 10} more" if len(errors) > 10 else ""
        raise PipelineError(f"{what.format(n=len(errors))}; no deposit was written. {how}:\n{shown}{more}")


def source_inputs(sources_dir: Path, docs: list[Path]) -> list[Path]:
    """The source of every document (``<id>.txt``) and its sidecar (``<id>.toml``) when there is one; a document
    without its source, or a source not encoded, is refused: the deposit must be able to prove its words."""
    if not sources_dir.is_dir():
        raise PipelineError(f"{sources_dir}: no such folder: the deposit holds the sources of the edition "
                            "(pass --seeds)")
    ids = {d.stem for d in docs}
    sources = {p.stem: p for p in sources_dir.glob("*.txt")}
    missing = sorted(ids - set(sources))
    if missing:
        raise PipelineError(f"{sources_dir / (missing[0] + '.txt')}: missing: the source of tei/{missing[0]}.xml "
                            f"({len(missing)} source(s) missing in all)")
    extra = sorted(set(sources) - ids)
    if extra:
        raise PipelineError(f"{sources[extra[0]]}: not encoded ({len(extra)} source(s) without TEI in all): encode "
                            "the edition first (make tei)")
    sidecars = [sources_dir / f"{i}.toml" for i in sorted(ids) if (sources_dir / f"{i}.toml").is_file()]
    return sorted([*sources.values(), *sidecars])


def fidelity_report(data: Path, ids: list[str]) -> tuple[list[Diagnostic], str]:
    """The fidelity proof over the payload's sources, TEI and text edition: its diagnostics and fidelity.txt."""
    from ..fidelity import check_fidelity

    sources = [data / SOURCES / f"{i}.txt" for i in ids if (data / SOURCES / f"{i}.txt").is_file()]
    diags = check_fidelity(sources, data / "tei", data / "text")
    errors = sum(d.severity == "error" for d in diags)
    report = "".join(d.format() + "\n" for d in relabel(diags, data, ""))
    report += (f"{len(sources)} source(s) checked against the text edition: {errors} difference(s)"
               + (" -- every word of each source is in the text edition, in order, or listed as left out in its "
                  "TEI (samplingDecl)" if not errors else "") + "\n")
    return diags, report


def build_deposit(tei_dir: Path, build_dir: Path, out_dir: Path, *, sources_dir: Path | None = None,
                  registry_dir: Path | None = None, project_dir: Path | None = None, edition: Edition | None = None,
                  allow_dirty: bool = False, epoch: int | None = None,
                  layers: tuple[str, ...] | None = None) -> list[Path]:
    """Build ``out_dir/edition/`` (a BagIt bag) and ``out_dir/edition.zip``; return both paths.

    Refuses (PipelineError) when an input is missing, the edition does not validate, the text edition lacks a word
    of a source, or the working tree of ``project_dir`` is not a clean git checkout (unless ``allow_dirty``, which
    environment.txt records). ``sources_dir``, ``registry_dir`` and ``project_dir`` default to ``seeds/``,
    ``registry/`` and the folder of ``tei_dir``; ``edition`` to ``edition.toml`` there. ``epoch`` (seconds, default
    SOURCE_DATE_EPOCH) dates the bag and the zip entries; ``layers`` narrows validation (default: all three)."""
    from ..validate import PROJECT_RNG, SCHEMATRON, tei_all_path

    tei_dir, build_dir, out_dir = Path(tei_dir), Path(build_dir), Path(out_dir)
    project = Path(project_dir) if project_dir is not None else tei_dir.parent
    sources_dir = Path(sources_dir) if sources_dir is not None else project / "seeds"
    registry_dir = Path(registry_dir) if registry_dir is not None else project / "registry"
    ed = edition if edition is not None else load_edition(project / "edition.toml")
    state = git_state(project)
    refuse_dirty(state, project, allow_dirty)
    epoch = source_date_epoch() if epoch is None else epoch
    day = time.strftime("%Y-%m-%d", time.gmtime(epoch)) if epoch is not None else None
    docs, registers = edition_inputs(tei_dir, build_dir)
    sources = source_inputs(sources_dir, docs)
    out_dir.mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(prefix=f".{BAG_NAME}.", dir=out_dir))  # the payload; make_bag moves it to data/
    try:
        tei_files = [_write(stage / "tei" / p.name, p.read_bytes()) for p in [*docs, *registers]]
        roots = [parse_untrusted(p).getroot() for p in tei_files]
        records = [document_record(r, hashlib.sha256(p.read_bytes()).hexdigest())
                   for r, p in zip(roots[:len(docs)], tei_files)]
        meta = edition_meta(roots[:len(docs)], records, [p.name for p in tei_files], ed)
        corpus = _write(stage / "tei" / CORPUS_NAME, xml_bytes(corpus_tree(roots, meta, ed.licence.url)))

        diags = validate_edition(tei_files, corpus, layers)
        refuse_on_errors(relabel(diags, stage / "tei", str(tei_dir)), "the edition is not valid ({n} error(s))",
                         "Fix these and rebuild (pipeline validate tei/*.xml shows them all)")
        report = "".join(d.format() + "\n" for d in relabel(diags, stage, ""))
        report += summary_line(diags, len(tei_files) + 1) + "\n"

        for path in sources:
            _write(stage / SOURCES / path.name, path.read_bytes())
        _copy_tree(registry_dir, stage / "registry")
        _copy_tree(build_dir / "html", stage / "html")
        _copy_tree(build_dir / "text", stage / "text")
        lost, fidelity = fidelity_report(stage, [r.id for r in records])
        lost = [replace(d, message=d.message.replace(f"{stage}/text/", f"{build_dir / 'text'}/")
                        .replace(f"{stage}/tei/", f"{tei_dir}/"))
                for d in relabel(lost, stage / SOURCES, str(sources_dir))]
        refuse_on_errors(lost, "the text edition does not have every word of its sources ({n} difference(s))",
                         "Rebuild it (make all; pipeline check shows them all)")

        schemas = [PROJECT_RNG, SCHEMATRON, tei_all_path()]
        for schema in schemas:
            _write(stage / "schema" / schema.name, schema.read_bytes())
        _write(stage / "schema" / "TEI-VERSION.txt", tei_version_note(tei_all_path()))
        release = tei_release(tei_all_path())
        omissions = [row for r, rec in zip(roots[:len(docs)], records) for row in omission_rows(rec.id, r)]
        _write(stage / "documents.tsv", documents_tsv(records))
        _write(stage / "omissions.tsv", omissions_tsv(omissions))
        _write(stage / "validation.txt", report)
        _write(stage / "fidelity.txt", fidelity)
        _write(stage / "environment.txt", environment_txt(state, allow_dirty, tool_versions(),
                                                          schema_versions(schemas, release)))
        _write(stage / "metadata" / "dublin-core.xml", dublin_core(meta, records, day))
        _write(stage / "CITATION.cff", citation_cff(ed, day, state.commit))
        _write(stage / ".zenodo.json", zenodo_json(ed, day, [r.source_url for r in records]))
        _write(stage / "README.md", readme(meta, records, omissions, release, report, fidelity))
        for path in stage.rglob("*"):
            path.chmod(0o755 if path.is_dir() else 0o644)

        make_bag(stage, bag_info(ed, BAG_NAME, f"{AGENT} with bagit.py {bagit.VERSION}", state.commit), day)
        bag_dir = out_dir / BAG_NAME
        if bag_dir.exists():
            shutil.rmtree(bag_dir)
        stage.rename(bag_dir)
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise
    return [bag_dir, write_zip(bag_dir, out_dir / f"{BAG_NAME}.zip", epoch)]

