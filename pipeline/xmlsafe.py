"""Parse XML from anywhere without trusting it.

Untrusted TEI (from another project, a colleague, the web) may carry a DOCTYPE, external entities, entity-expansion
bombs or simply be huge. Every stage that reads XML it did not write itself calls this module first:

    from pipeline.xmlsafe import parse_untrusted
    tree = parse_untrusted(path)          # lxml ElementTree, or XMLInputError with one "path:line:col: ..." line

The parser never loads a DTD, never expands or fetches an entity, never processes XInclude, never touches the
network, refuses files larger than ``MAX_BYTES`` and keeps libxml2's limits on depth and text size
(``huge_tree=False``). Findings that do not stop the parse (an ignored DOCTYPE, an unprocessed xi:include) are
warnings.

``read_untrusted`` is the same without raising: it returns the tree (or None) and every finding as a
:class:`~pipeline.diagnostics.Diagnostic` (``validate`` uses it to report all files). ``without_doctype`` gives the
file's bytes with its DOCTYPE blanked out, line and column numbers unchanged, for a tool such as jing that would
otherwise fetch the DTD.
"""

from __future__ import annotations

import re
from pathlib import Path

from lxml import etree

from .diagnostics import Diagnostic
from .errors import XMLInputError

MAX_BYTES = 50 * 1024 * 1024

_POSITION_SUFFIX = re.compile(r", line \d+, column \d+$")
_LIBXML_JARGON = ((re.compile(r"Excessive depth in document: (\d+),? use XML_PARSE_HUGE option"),
                   r"elements nested more than \1 levels deep (the limit for untrusted files)"),
                  (re.compile(r"Maximum entity amplification factor exceeded, see xmlCtxtSetMaxAmplification\.?"),
                   "entities that would expand to far more text than the file holds (an entity-expansion bomb); "
                   "entities of untrusted files are never expanded"))


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False, load_dtd=False, dtd_validation=False, no_network=True, huge_tree=False,
        remove_blank_text=False,
    )


def _position(data: bytes, offset: int) -> tuple[int, int]:
    """1-based line and column (in characters of UTF-8 text) of a byte offset."""
    before = data[:offset]
    line = before.count(b"\n") + 1
    col = len(before[before.rfind(b"\n") + 1:].decode("utf-8", "replace")) + 1
    return line, col


def doctype_span(data: bytes) -> tuple[int, int] | None:
    """Byte offsets (start, end) of the DOCTYPE declaration, internal subset included, or None."""
    start = data.find(b"<!DOCTYPE")
    if start < 0:
        return None
    i, quote, depth = start + len(b"<!DOCTYPE"), None, 0
    while i < len(data):
        c = data[i:i + 1]
        if quote:
            if c == quote:
                quote = None
        elif data.startswith(b"<!--", i):
            end = data.find(b"-->", i + 4)
            i = len(data) if end < 0 else end + 2
        elif c in (b'"', b"'"):
            quote = c
        elif c == b"[":
            depth += 1
        elif c == b"]":
            depth -= 1
        elif c == b">" and depth <= 0:
            return start, i + 1
        i += 1
    return start, len(data)


def without_doctype(data: bytes) -> bytes:
    """The bytes with the DOCTYPE replaced by spaces (newlines kept), so line and column numbers do not move."""
    span = doctype_span(data)
    if span is None:
        return data
    start, end = span
    blank = re.sub(rb"[^\n]", b" ", data[start:end])
    return data[:start] + blank + data[end:]


def _doctype_findings(path: str, data: bytes, tree: etree._ElementTree) -> list[Diagnostic]:
    info = tree.docinfo
    if not (info.doctype or info.internalDTD is not None):
        return []
    span = doctype_span(data)
    line, col = _position(data, span[0]) if span else (1, 1)
    found = []
    entities = [e.name for e in info.internalDTD.iterentities()] if info.internalDTD is not None else []
    what = "DOCTYPE" + (f" (DTD {info.system_url})" if info.system_url else "")
    if entities:
        found.append(Diagnostic(
            path, line, col, "warning",
            f"{what} declares entities ({', '.join(entities)}); they are neither expanded nor fetched: "
            "untrusted files may not define text through entities", "doctype"))
    else:
        found.append(Diagnostic(path, line, col, "warning",
                                f"{what} ignored: no DTD is loaded; the file is validated against the schemas",
                                "doctype"))
    if span is None:
        found.append(Diagnostic(path, line, col, "error",
                                "DOCTYPE could not be located in the bytes (not UTF-8?); save the file as UTF-8",
                                "doctype"))
    return found


def _entity_findings(path: str, data: bytes, tree: etree._ElementTree) -> list[Diagnostic]:
    """An entity reference that is not expanded would silently lose its text: an error, at its place."""
    if not tree.docinfo.doctype and tree.docinfo.internalDTD is None:
        return []  # no DOCTYPE, no entity declared: an undeclared one does not parse (most files)
    found = []
    lines = data.split(b"\n")
    for ent in tree.getroot().iter(etree.Entity):
        line = ent.sourceline or 1
        text = lines[line - 1] if line <= len(lines) else b""
        col = text.find(f"&{ent.name};".encode()) + 1 if text else 0
        col = len(text[:col - 1].decode("utf-8", "replace")) + 1 if col > 0 else 0
        found.append(Diagnostic(
            path, line, col, "error",
            f"entity reference &{ent.name}; is not expanded (entities of untrusted files are never expanded); "
            "write the character itself or a character reference such as &#233;", "entity"))
    return found


XINCLUDE_NS = "http://www.w3.org/2001/XInclude"


def _xinclude_findings(path: str, tree: etree._ElementTree) -> list[Diagnostic]:
    """XInclude is never processed: say so where it is used, since the included text is not in the edition."""
    return [Diagnostic(path, el.sourceline or 0, 0, "warning",
                       f"xi:include of {el.get('href')!r} is not processed: untrusted files may not pull in other "
                       "files or URLs; paste the included text into the file", "xinclude")
            for el in tree.getroot().iter(f"{{{XINCLUDE_NS}}}include")]


def read_untrusted(path: str | Path, max_bytes: int = MAX_BYTES) -> tuple[etree._ElementTree | None, list[Diagnostic]]:
    """Parse ``path`` safely. Returns (tree or None, diagnostics); the tree is None when any error was found."""
    name = str(path)
    try:
        size = Path(path).stat().st_size
        if size > max_bytes:
            return None, [Diagnostic(name, 0, 0, "error",
                                     f"file too large: {size:,} bytes, the limit is {max_bytes:,} bytes", "too-large")]
        data = Path(path).read_bytes()
    except OSError as exc:
        return None, [Diagnostic(name, 0, 0, "error", f"cannot read file: {exc.strerror or exc}", "read")]
    return read_untrusted_bytes(name, data, max_bytes)


def read_untrusted_bytes(name: str, data: bytes, max_bytes: int = MAX_BYTES
                         ) -> tuple[etree._ElementTree | None, list[Diagnostic]]:
    """:func:`read_untrusted` of bytes already read from the file ``name``."""
    if len(data) > max_bytes:
        return None, [Diagnostic(name, 0, 0, "error",
                                 f"file too large: {len(data):,} bytes, the limit is {max_bytes:,} bytes", "too-large")]
    try:
        root = etree.fromstring(data, _parser(), base_url=name)
    except etree.XMLSyntaxError as exc:
        line, col = exc.position if exc.position else (1, 1)
        msg = _POSITION_SUFFIX.sub("", exc.msg or "syntax error")
        for pattern, plain in _LIBXML_JARGON:
            msg = pattern.sub(plain, msg)
        return None, [Diagnostic(name, line or 1, col or 1, "error", f"not well-formed: {msg}", "well-formed")]
    tree = root.getroottree()
    found = _doctype_findings(name, data, tree) + _entity_findings(name, data, tree) + _xinclude_findings(name, tree)
    if any(d.severity == "error" for d in found):
        return None, found
    return tree, found


def parse_untrusted(path: str | Path, max_bytes: int = MAX_BYTES, data: bytes | None = None) -> etree._ElementTree:
    """Parse ``path`` safely (``data``: its bytes, when already read) or raise XMLInputError whose text is one
    ``path:line:col: error: ...`` line.

    Warnings (an ignored DOCTYPE) do not stop the parse; ``validate`` reports them.
    """
    tree, found = read_untrusted(path, max_bytes) if data is None else read_untrusted_bytes(str(path), data, max_bytes)
    if tree is None:
        first = next(d for d in found if d.severity == "error")
        raise XMLInputError(first.format())
    return tree
