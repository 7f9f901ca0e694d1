"""The documents a validation reads: where the schemas are, a file parsed safely (:class:`Doc`) and the
positions of its elements and attributes for messages."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from ..diagnostics import Diagnostic
from ..errors import PipelineError
from ..resources import data_dir
from ..xmlsafe import read_untrusted


LAYERS = ("tei_all", "project", "schematron")
SCHEMA_DIR = data_dir("schema")
TEI_ALL = SCHEMA_DIR / "tei_all.rng"  # TEI P5 4.3.0, unchanged (schema/README.md)
PROJECT_RNG = SCHEMA_DIR / "edition.rng"
SCHEMATRON = SCHEMA_DIR / "edition.sch"
REGISTER_NAME = "persons.xml"
TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"

#: Ids of the header's apparatus, repeated in every file by design: exempt from ``id-unique-edition``.
FILE_LOCAL_ID_PARENTS = ("titleStmt", "encodingDesc")


def tei_all_path() -> Path:
    """The official tei_all.rng (TEI P5 4.3.0), kept in schema/."""
    if not TEI_ALL.is_file():
        raise PipelineError(f"{TEI_ALL}: tei_all.rng not found: the pipeline's schema/ folder is incomplete; "
                            "restore it from the repository")
    return TEI_ALL


@dataclass
class Doc:
    """A file that parsed safely: its path as given, its tree and its text lines (for columns)."""

    path: str
    tree: etree._ElementTree
    lines: list[str]
    has_doctype: bool
    #: (tag, line) -> the elements of that name whose start tag ends on that line, in document order (built once)
    same_line: dict | None = field(default=None, repr=False)

    def elements_ending_on(self, tag: str, line: int) -> list:
        """The elements named ``tag`` whose start tag ends on ``line`` (lxml's sourceline), in document order."""
        if self.same_line is None:
            index: dict[tuple[str, int], list] = {}
            for e in self.tree.getroot().iter(tag=etree.Element):
                index.setdefault((e.tag, e.sourceline), []).append(e)
            self.same_line = index
        return self.same_line.get((tag, line), [])


def _load(path: str) -> tuple[Doc | None, list[Diagnostic]]:
    tree, found = read_untrusted(path)
    if tree is None:
        return None, found
    data = Path(path).read_bytes()
    text = data.decode(tree.docinfo.encoding or "utf-8", "replace")
    has_doctype = bool(tree.docinfo.doctype) or tree.docinfo.internalDTD is not None
    return Doc(path, tree, text.split("\n"), has_doctype), found


def _tag_pattern(el: etree._Element) -> re.Pattern:
    qname = etree.QName(el)
    prefix = el.prefix + ":" if el.prefix else ""
    return re.compile(r"<" + re.escape(prefix + qname.localname) + r"(?=[\s/>]|$)")


def start_tag_position(doc: Doc, el: etree._Element) -> tuple[int, int]:
    """(line, column) of the ``<`` of the element's start tag, found from ``sourceline`` (the line where the start tag
    ends); the n-th start tag of that name on the line for the n-th such element starting there."""
    line = el.sourceline or 0
    if not 1 <= line <= len(doc.lines):
        return line, 0
    pattern = _tag_pattern(el)
    same = doc.elements_ending_on(el.tag, line)
    nth = same.index(el) if el in same else 0
    hits = [m.start() for m in pattern.finditer(doc.lines[line - 1])]
    if len(hits) > nth:
        return line, hits[nth] + 1
    for back in range(line - 1, max(line - 50, 0), -1):  # a start tag spread over several lines
        hits = [m.start() for m in pattern.finditer(doc.lines[back - 1])]
        if hits:
            return back, hits[-1] + 1
    return line, 0


def attribute_position(doc: Doc, el: etree._Element, attr: str) -> tuple[int, int]:
    """(line, column) of ``attr=`` inside the element's start tag, or of the start tag when not found."""
    line, col = start_tag_position(doc, el)
    if col == 0:
        return line, col
    pattern = re.compile(r"\s(" + re.escape(attr) + r")\s*=")
    for no in range(line, min((el.sourceline or line), len(doc.lines)) + 1):
        text = doc.lines[no - 1]
        m = pattern.search(text, col - 1 if no == line else 0)
        if m:
            return no, m.start(1) + 1
    return line, col
