"""``pipeline deposit --check``: a bag or zip verified (completeness, checksums, contents, schemas)."""

from __future__ import annotations

import csv
import hashlib
import tempfile
from dataclasses import dataclass
from pathlib import Path

import bagit

from ..diagnostics import Diagnostic, sort_diagnostics
from .bag import unzip_bag
from .build import fidelity_report
from .layout import AGENT, CORPUS_NAME, REGISTER_NAME, SOURCES
from .validation import relabel, validate_edition


REQUIRED = ("README.md", "CITATION.cff", ".zenodo.json", "documents.tsv", "omissions.tsv", "validation.txt",
            "fidelity.txt", "environment.txt", "metadata/dublin-core.xml", "schema/edition.rng", "schema/edition.sch",
            "schema/tei_all.rng", "schema/TEI-VERSION.txt", f"tei/{CORPUS_NAME}", f"tei/{REGISTER_NAME}")


@dataclass(frozen=True)
class CheckSection:
    """One of the checks ``deposit --check`` runs, with what it checked and what it found."""

    name: str
    checked: str  # e.g. "212 file(s)"
    diagnostics: tuple[Diagnostic, ...]


def _error(path: str, message: str, rule: str) -> Diagnostic:
    return Diagnostic(path, 0, 0, "error", message, rule)


def bag_diagnostics(bag_dir: Path, label: str) -> list[Diagnostic]:
    """Completeness and checksums of the bag, each problem naming its file; then bagit's own validation
    (bagit.txt, Payload-Oxum) when every file is sound."""
    try:
        bag = bagit.Bag(str(bag_dir))
    except bagit.BagError as exc:
        return [_error(label, f"not a BagIt bag: {exc}", "bag-invalid")]
    only_manifest, only_disk = bag.compare_manifests_with_fs()
    found = [_error(f"{label}/{p}", "in the bag but in no manifest (added after bagging?)", "bag-unexpected-file")
             for p in sorted(only_disk)]
    for rel, expected in sorted(bag.entries.items()):
        path = bag_dir / rel
        if not path.is_file():
            found.append(_error(f"{label}/{rel}", "listed in a manifest but missing from the bag", "bag-missing-file"))
            continue
        body = path.read_bytes()
        bad = sorted(alg for alg, digest in expected.items() if hashlib.new(alg, body).hexdigest() != digest.lower())
        if bad:
            alg = bad[0]
            found.append(_error(f"{label}/{rel}", f"checksum mismatch ({', '.join(bad)}): the manifest has {alg} "
                                f"{expected[alg]}, the file has {hashlib.new(alg, body).hexdigest()}; the file was "
                                "changed after bagging", "bag-checksum"))
    if found:
        return found
    try:
        bag.validate(processes=1)
    except bagit.BagValidationError as exc:
        return [_error(label, f"invalid bag: {d}", "bag-invalid") for d in exc.details or [exc.message]]
    return []


def document_rows(data: Path) -> list[dict]:
    """The rows of documents.tsv (none when it is missing)."""
    table = data / "documents.tsv"
    if not table.is_file():
        return []
    return list(csv.DictReader(table.read_text(encoding="utf-8").splitlines(), delimiter="\t"))


def content_diagnostics(data: Path, label: str) -> list[Diagnostic]:
    """The deposit's own completeness: required files, and each documents.tsv row's source, TEI, HTML, text and
    SHA-256."""
    found = [_error(f"{label}/{rel}", "required file missing from the deposit", "deposit-incomplete")
             for rel in REQUIRED if not (data / rel).is_file()]
    for no, row in enumerate(document_rows(data), start=2):
        doc = row.get("id") or ""
        for rel in (f"{SOURCES}/{doc}.txt", f"tei/{doc}.xml", f"html/{doc}.html", f"text/{doc}.txt"):
            if not (data / rel).is_file():
                found.append(_error(f"{label}/{rel}", f"missing: documents.tsv line {no} lists document {doc!r}",
                                    "deposit-incomplete"))
        tei = data / "tei" / f"{doc}.xml"
        if tei.is_file() and hashlib.sha256(tei.read_bytes()).hexdigest() != row.get("tei_sha256"):
            found.append(_error(f"{label}/tei/{doc}.xml", f"SHA-256 differs from documents.tsv line {no}",
                                "deposit-table-checksum"))
    return found


def schema_diagnostics(data: Path, label: str) -> list[Diagnostic]:
    """A warning for each deposited schema that is not the one this pipeline validates with (a deposit made by
    another version): the TEI is validated with the pipeline's, and the report says so."""
    from ..validate import PROJECT_RNG, SCHEMATRON, tei_all_path

    found = []
    for schema in (PROJECT_RNG, SCHEMATRON, tei_all_path()):
        kept = data / "schema" / schema.name
        if kept.is_file() and kept.read_bytes() != schema.read_bytes():
            found.append(Diagnostic(f"{label}/schema/{schema.name}", 0, 0, "warning", "differs from the schema of "
                                    f"this pipeline ({AGENT}), which the TEI was validated against",
                                    "deposit-schema-version"))
    return found


def check_sections(path: Path) -> list[CheckSection]:
    """Verify a deposit (bag folder or its zip) from its own files: fixity (the bag's checksums and completeness),
    contents (the files a deposit must hold, each document's source, TEI and editions), TEI validation, and the
    fidelity proof (each deposited source against the deposited text edition)."""
    path = Path(path)
    with tempfile.TemporaryDirectory(prefix="deposit-check-") as tmp:
        if path.is_file():
            bag_dir = unzip_bag(path, Path(tmp))
            label = f"{path}!/{bag_dir.name}"
        else:
            bag_dir, label = path, str(path)
        data = bag_dir / "data"
        fixity = bag_diagnostics(bag_dir, label)
        sections = [CheckSection("fixity", f"{sum(p.is_file() for p in data.rglob('*'))} payload file(s)",
                                 tuple(sort_diagnostics(fixity)))]
        if not data.is_dir():
            return sections
        dlabel = f"{label}/data"
        ids = [row.get("id") or "" for row in document_rows(data)]
        sections.append(CheckSection("contents", f"{len(ids)} document(s)",
                                     tuple(sort_diagnostics(content_diagnostics(data, dlabel)))))
        tei = sorted(p for p in (data / "tei").glob("*.xml") if p.name != CORPUS_NAME)
        corpus = data / "tei" / CORPUS_NAME
        valid = schema_diagnostics(data, dlabel)
        if tei:
            valid += relabel(validate_edition(tei, corpus if corpus.is_file() else None), data, dlabel)
        sections.append(CheckSection("TEI validation", f"{len(tei) + corpus.is_file()} TEI file(s)",
                                     tuple(sort_diagnostics(valid))))
        lost, _ = fidelity_report(data, [i for i in ids if (data / "tei" / f"{i}.xml").is_file()])
        sources = sum((data / SOURCES / f"{i}.txt").is_file() for i in ids)
        sections.append(CheckSection("fidelity", f"{sources} source(s)", tuple(relabel(lost, data, dlabel))))
        return sections


def check_deposit(path: Path) -> list[Diagnostic]:
    """Every finding of :func:`check_sections`, sorted; an empty list means the deposit is sound."""
    return sort_diagnostics(d for section in check_sections(path) for d in section.diagnostics)
