"""The plain-text edition: ``build/text/<id>.txt`` per document and ``build/text/turns.tsv`` for the corpus.

Both come from the stylesheets ``xslt/text.xsl`` (one document's text) and ``xslt/text-turns.xsl`` (one
document's rows of the table of turns), compiled once per process, run on one parse of the document. A document's
rows are kept in ``<out>/.parts/<stem>.tsv`` (first line: the document's key, pipeline/publish/kept.py, with the
options), so turns.tsv is assembled without reading unchanged documents again, and an unchanged document's text is
not made again. The rules are in docs/text-edition.md.
Output is byte-identical for any number of worker processes: each worker returns strings, the parent writes
them in a fixed order (documents sorted by id), atomically but without fsync (derived outputs: ``durable=False``).
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

from ..errors import PipelineError, XMLInputError
from ..fsutil import write_atomic
from ..xmlsafe import parse_untrusted
from .kept import kept_path, output_key
from .saxon import workers

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
REGISTERS = ("persons", "places", "orgs")  # TEI files that are registers, not documents
TEXT_XSL = "text.xsl"
TURNS_XSL = "text-turns.xsl"
TURNS_FILE = "turns.tsv"
TURNS_COLUMNS = ("document", "date", "turn", "speaker", "label", "text")
NOTES_CHOICES = ("end", "omit")
PAGES_CHOICES = ("all", "documents", "corpus")


def text_params(width: int = 0, page_breaks: bool = True, notes: str = "end") -> dict:
    """The typed parameters of ``text.xsl``, checked."""
    if notes not in NOTES_CHOICES:
        raise PipelineError(f"error: notes must be one of {', '.join(NOTES_CHOICES)}, not {notes!r}")
    if not isinstance(width, int) or width < 0:
        raise PipelineError(f"error: width must be a whole number, 0 or more, not {width!r}")
    return {"width": width, "show-page-breaks": bool(page_breaks), "notes": notes}


def document_job(job: tuple[str, str, dict, bool]) -> str | None:
    """In a worker: one document's text (written when ``with_text``) and its rows of turns.tsv (each ending in a
    newline), kept under its key (:func:`kept.output_key` of its bytes and ``params``), from one read and one safe
    parse; return the rows, None for a file that is not an edition document (a register)."""
    from .saxon import parse_checked, transform_tree

    path, out_dir, params, with_text = Path(job[0]), Path(job[1]), job[2], job[3]
    data = path.read_bytes()
    root = parse_untrusted(path, data=data).getroot()
    if root.tag != f"{{{TEI_NS}}}TEI":
        raise XMLInputError(f"{path}:{root.sourceline}:1: error: the root element is {root.tag}, not TEI "
                            f"in the TEI namespace; is this a TEI file?")
    if root.get(XML_ID) in REGISTERS or root.find(f"{{{TEI_NS}}}text") is None:
        return None
    node = parse_checked(root, str(path))
    text = transform_tree(TEXT_XSL, node, str(path), params) if with_text else ""
    rows = transform_tree(TURNS_XSL, node, str(path), {"document-id": path.stem})
    if with_text:  # before the rows: kept rows with their key vouch for the text beside them
        write_atomic(out_dir / f"{path.stem}.txt", text if text.endswith("\n") else text + "\n", durable=False)
    key = output_key(data, repr(sorted(params.items())))
    write_atomic(rows_path(out_dir, path), f"# {key}\n{rows}", durable=False)
    return rows


def rows_path(out_dir: Path, tei_path: Path) -> Path:
    return kept_path(out_dir, tei_path, ".tsv")


def fresh_rows(out_dir: Path, tei_path: Path, params: dict, with_text: bool) -> str | None:
    """A document's kept rows of turns.tsv when their key is its key now (and, ``with_text``, its text is there);
    None when missing or stale."""
    try:
        kept = rows_path(out_dir, tei_path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    head, _, rows = kept.partition("\n")
    key = output_key(tei_path.read_bytes(), repr(sorted(params.items())))
    fresh = head == f"# {key}" and (not with_text or (out_dir / f"{tei_path.stem}.txt").is_file())
    return rows if fresh else None


def turns_table(rows: list[str]) -> str:
    """The whole turns.tsv: the header row, then the documents' rows in the order given."""
    return "\t".join(TURNS_COLUMNS) + "\n" + "".join(rows)


def render_text(tei_paths, out_dir, *, width: int = 0, page_breaks: bool = True, notes: str = "end",
                pages: str = "all", jobs: int = 1, progress: bool = True, force: bool = False,
                mapper=None) -> list[Path]:
    """Write ``<out_dir>/<id>.txt`` for each TEI document and ``<out_dir>/turns.tsv``; return the paths written.

    pages: "all" (both), "documents" (only the .txt files, and each document's kept rows) or "corpus" (only
    turns.tsv, from the kept rows). A document whose kept rows are up to date (and, unless "corpus", whose text is
    there) is not read again, unless ``force``. Files that are not edition documents (the registers) are skipped.
    ``mapper``: an engine's map (pipeline/engines.py). Raises PipelineError on bad input.
    """
    if pages not in PAGES_CHOICES:
        raise PipelineError(f"error: pages must be one of {', '.join(PAGES_CHOICES)}, not {pages!r}")
    params = text_params(width, page_breaks, notes)
    out_dir = Path(out_dir)
    paths = sorted({Path(p) for p in tei_paths}, key=lambda p: (p.stem, str(p)))
    with_text = pages != "corpus"
    stems = Counter(p.stem for p in paths)
    duplicates = sorted(s for s, n in stems.items() if n > 1)
    if duplicates:
        raise PipelineError(f"error: two TEI files with the same id {duplicates[0]!r}: their text files would "
                            f"overwrite each other")
    rows: dict[Path, str | None] = {} if force else {p: fresh_rows(out_dir, p, params, with_text) for p in paths}
    todo = [p for p in paths if rows.get(p) is None]
    with workers(jobs, mapper) as run:
        rows.update(zip(todo, run(document_job, [(str(p), str(out_dir), params, with_text) for p in todo])))
    docs = [p for p in paths if rows[p] is not None]
    written = [out_dir / f"{p.stem}.txt" for p in docs if with_text]
    if progress:
        print(f"text: {len([p for p in todo if rows[p] is not None])} of {len(docs)} document(s) made", file=sys.stderr)
    if pages != "documents":
        written.append(write_atomic(out_dir / TURNS_FILE, turns_table([rows[p] for p in docs]), durable=False))
    return written
