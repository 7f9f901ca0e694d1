"""The plain-text edition: ``build/text/<id>.txt`` per document and ``build/text/turns.tsv`` for the corpus.

Both come from the stylesheets ``xslt/text.xsl`` (one document's text) and ``xslt/text-turns.xsl`` (one
document's rows of the table of turns), compiled once per process. The rules are in docs/text-edition.md.
Output is byte-identical for any number of worker processes: each worker returns strings, the parent writes
them in a fixed order (documents sorted by id), atomically but without fsync (derived outputs: ``durable=False``).
"""

from __future__ import annotations

import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from lxml import etree

from .errors import PipelineError, XMLInputError
from .fsutil import write_atomic
from .render import POOL_MIN_DOCS, pool_context

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


def is_edition_document(path: Path) -> bool:
    """True for a TEI document of the edition; False for the register of persons (``TEI/@xml:id="persons"``).

    Raises XMLInputError (path:line:col) when the file is not well-formed XML.
    """
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        root = etree.parse(str(path), parser).getroot()
    except etree.XMLSyntaxError as exc:
        line, col = exc.position if exc.position else (0, 0)
        raise XMLInputError(f"{path}:{line}:{col}: error: not well-formed XML: {exc.msg}") from None
    except OSError as exc:
        raise XMLInputError(f"{path}: error: cannot read: {exc}") from None
    if root.tag != f"{{{TEI_NS}}}TEI":
        raise XMLInputError(f"{path}:{root.sourceline}:1: error: the root element is {root.tag}, not TEI "
                            f"in the TEI namespace; is this a TEI file?")
    return root.get(XML_ID) != REGISTER_ID and root.find(f"{{{TEI_NS}}}text") is not None


def render_document(path: Path, params: dict, turns: bool = True, with_text: bool = True) -> tuple[str, str]:
    """One document's plain text ("" unless ``with_text``) and its rows of turns.tsv (each row ending in a newline)."""
    from .saxon import transform

    text = transform(TEXT_XSL, path, params) if with_text else ""
    if with_text and not text.endswith("\n"):
        text += "\n"
    rows = transform(TURNS_XSL, path, {"document-id": path.stem}) if turns else ""
    return text, rows


def _render_one(job: tuple[str, dict, bool, bool]) -> tuple[str, str]:
    path, params, turns, with_text = job
    return render_document(Path(path), params, turns, with_text)


def turns_table(rows: list[str]) -> str:
    """The whole turns.tsv: the header row, then the documents' rows in the order given."""
    return "\t".join(TURNS_COLUMNS) + "\n" + "".join(rows)


def render_text(tei_paths, out_dir, *, width: int = 0, page_breaks: bool = True, notes: str = "end",
                pages: str = "all", jobs: int = 1, progress: bool = True) -> list[Path]:
    """Write ``<out_dir>/<id>.txt`` for each TEI document and ``<out_dir>/turns.tsv``; return the paths written.

    pages: "all" (both), "documents" (only the .txt files) or "corpus" (only turns.tsv). Files that are not
    edition documents (the register persons.xml) are skipped. Raises PipelineError on bad input.
    """
    if pages not in PAGES_CHOICES:
        raise PipelineError(f"error: pages must be one of {', '.join(PAGES_CHOICES)}, not {pages!r}")
    params = text_params(width, page_breaks, notes)
    out_dir = Path(out_dir)
    docs = sorted({Path(p) for p in tei_paths if is_edition_document(Path(p))}, key=lambda p: (p.stem, str(p)))
    stems = [p.stem for p in docs]
    duplicates = sorted({s for s in stems if stems.count(s) > 1})
    if duplicates:
        raise PipelineError(f"error: two TEI files with the same id {duplicates[0]!r}: their text files would "
                            f"overwrite each other")
    jobs_list = [(str(p), params, pages != "documents", pages != "corpus") for p in docs]
    if jobs > 1 and len(docs) >= POOL_MIN_DOCS:
        with ProcessPoolExecutor(max_workers=jobs, mp_context=pool_context()) as pool:
            results = list(pool.map(_render_one, jobs_list, chunksize=8))
    else:
        results = [_render_one(job) for job in jobs_list]
    written: list[Path] = []
    for n, (path, (text, rows)) in enumerate(zip(docs, results), start=1):
        if pages != "corpus":
            written.append(write_atomic(out_dir / f"{path.stem}.txt", text, durable=False))
        if progress:
            print(f"text: [{n}/{len(docs)}] {path.stem}", file=sys.stderr)
    if pages != "documents":
        written.append(write_atomic(out_dir / TURNS_FILE, turns_table([rows for _, rows in results]), durable=False))
    return written
