"""The plain-text edition: ``build/text/<id>.txt`` per document and ``build/text/turns.tsv`` for the corpus.

Both come from the stylesheets ``xslt/text.xsl`` (one document's text) and ``xslt/text-turns.xsl`` (one
document's rows of the table of turns), compiled once per process, run on one parse of the document. A document's
rows are kept in ``<out>/.parts/<stem>.tsv`` (first line: a key, the digest of its TEI and the stylesheets), so
turns.tsv is assembled without reading unchanged documents again. The rules are in docs/text-edition.md.
Output is byte-identical for any number of worker processes: each worker returns strings, the parent writes
them in a fixed order (documents sorted by id), atomically but without fsync (derived outputs: ``durable=False``).
"""

from __future__ import annotations

import sys
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path


from .errors import PipelineError, XMLInputError
from .fsutil import write_atomic
from .render import POOL_MIN_DOCS, PARTS_DIR, part_key, pool_context

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
REGISTER_ID = "persons"
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


def _not_tei(path, root) -> XMLInputError:
    return XMLInputError(f"{path}:{root.sourceline}:1: error: the root element is {root.tag}, not TEI "
                         f"in the TEI namespace; is this a TEI file?")


def render_document(path: Path, params: dict, turns: bool = True, with_text: bool = True
                    ) -> tuple[str, str, str] | None:
    """One document's plain text ("" unless ``with_text``), its rows of turns.tsv (each row ending in a newline)
    and the key of its rows (:func:`part_key` of its bytes), from one read and one safe parse; None for a file
    that is not an edition document (the register)."""
    from .saxon import parse_checked, transform_tree
    from .xmlsafe import parse_untrusted

    data = path.read_bytes()
    root = parse_untrusted(path, data=data).getroot()
    if root.tag != f"{{{TEI_NS}}}TEI":
        raise _not_tei(path, root)
    if root.get(XML_ID) in (REGISTER_ID, "places", "orgs") or root.find(f"{{{TEI_NS}}}text") is None:
        return None
    node = parse_checked(data, root, str(path))
    text = transform_tree(TEXT_XSL, node, str(path), params) if with_text else ""
    if with_text and not text.endswith("\n"):
        text += "\n"
    rows = transform_tree(TURNS_XSL, node, str(path), {"document-id": path.stem}) if turns else ""
    return text, rows, part_key(data)


def _render_one(job: tuple[str, dict, bool, bool]) -> tuple[str, str, str] | None:
    path, params, turns, with_text = job
    return render_document(Path(path), params, turns, with_text)


def rows_path(out_dir: Path, tei_path: Path) -> Path:
    return out_dir / PARTS_DIR / f"{tei_path.stem}.tsv"


def fresh_rows(out_dir: Path, tei_path: Path, key: str) -> str | None:
    """A document's kept rows of turns.tsv when their key is ``key``; None when missing or stale."""
    try:
        kept = rows_path(out_dir, tei_path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    head, _, rows = kept.partition("\n")
    return rows if head == f"# {key}" else None


def turns_table(rows: list[str]) -> str:
    """The whole turns.tsv: the header row, then the documents' rows in the order given."""
    return "\t".join(TURNS_COLUMNS) + "\n" + "".join(rows)


def render_text(tei_paths, out_dir, *, width: int = 0, page_breaks: bool = True, notes: str = "end",
                pages: str = "all", jobs: int = 1, progress: bool = True) -> list[Path]:
    """Write ``<out_dir>/<id>.txt`` for each TEI document and ``<out_dir>/turns.tsv``; return the paths written.

    pages: "all" (both), "documents" (only the .txt files, and each document's kept rows) or "corpus" (only
    turns.tsv, from the kept rows; a document whose rows are missing or stale is read again). Files that are not
    edition documents (the register persons.xml) are skipped. Raises PipelineError on bad input.
    """
    if pages not in PAGES_CHOICES:
        raise PipelineError(f"error: pages must be one of {', '.join(PAGES_CHOICES)}, not {pages!r}")
    params = text_params(width, page_breaks, notes)
    out_dir = Path(out_dir)
    paths = sorted({Path(p) for p in tei_paths}, key=lambda p: (p.stem, str(p)))
    with_text = pages != "corpus"
    results: dict[Path, tuple[str, str, str] | None] = {}
    if not with_text:  # turns.tsv alone: the kept rows of unchanged documents
        for p in paths:
            key = part_key(p.read_bytes())
            rows = fresh_rows(out_dir, p, key)
            if rows is not None:
                results[p] = ("", rows, key)
    todo = [p for p in paths if p not in results]
    jobs_list = [(str(p), params, True, with_text) for p in todo]
    if jobs > 1 and len(todo) >= POOL_MIN_DOCS:
        with ProcessPoolExecutor(max_workers=jobs, mp_context=pool_context()) as pool:
            results.update(zip(todo, pool.map(_render_one, jobs_list, chunksize=8)))
    else:
        results.update(zip(todo, map(_render_one, jobs_list)))
    docs = [p for p in paths if results[p] is not None]
    stems = Counter(p.stem for p in docs)
    duplicates = sorted(s for s, n in stems.items() if n > 1)
    if duplicates:
        raise PipelineError(f"error: two TEI files with the same id {duplicates[0]!r}: their text files would "
                            f"overwrite each other")
    made = set(todo)
    written: list[Path] = []
    for n, path in enumerate(docs, start=1):
        text, rows, key = results[path]
        if path in made:  # made now: keep its rows for the next turns.tsv
            write_atomic(rows_path(out_dir, path), f"# {key}\n{rows}", durable=False)
        if with_text:
            written.append(write_atomic(out_dir / f"{path.stem}.txt", text, durable=False))
        if progress:
            print(f"text: [{n}/{len(docs)}] {path.stem}", file=sys.stderr)
    if pages != "documents":
        written.append(write_atomic(out_dir / TURNS_FILE, turns_table([results[p][1] for p in docs]), durable=False))
    return written
